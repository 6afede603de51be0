"""Simulated platforms: an iOS device and its Security API, an Android device (Direct Boot,
Keystore, SharedPreferences). The world's side of the house: deterministic models of the OS that
the real adapters in `authsession.platforms` are tested against.

Owns nothing itself. Imports only the product's platform vocabulary (`authsession.platforms.*`
statuses and API shapes, `ProtectionClass`, `errors`); nothing in the product imports it.
"""
