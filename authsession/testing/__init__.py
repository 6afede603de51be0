"""Test helpers shipped as product: fakes for every adapter Protocol.

Owns nothing itself; re-exports `ManualClock`, `MemoryKeychain`, `FakeProtectedData` and
`ScriptedAuthenticator`. Must not import the runtime (tests wire fakes into `AuthSession`).
"""

from authsession.testing.authenticator import ScriptedAuthenticator
from authsession.testing.clock import ManualClock
from authsession.testing.keychain import KeychainCall, MemoryKeychain
from authsession.testing.protected_data import FakeProtectedData

__all__ = [
    "FakeProtectedData",
    "KeychainCall",
    "ManualClock",
    "MemoryKeychain",
    "ScriptedAuthenticator",
]
