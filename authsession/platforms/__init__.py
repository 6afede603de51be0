"""Platform keychain simulators and real keychain adapters (iOS, Android, desktop `keyring`).

Owns nothing itself. Each subpackage implements `authsession.adapters.Keychain` (and, where the
platform has one, `ProtectedDataSignal`). Must not import the runtime or CLI.
"""
