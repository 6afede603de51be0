"""The simulated Android device: Direct Boot, CE/DE storage, Keystore, backup/restore."""
