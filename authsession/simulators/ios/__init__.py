"""The simulated iOS device and its `SecItem*` API."""
