"""Test helpers shipped as product: fakes for every adapter Protocol.

Owns nothing itself; re-exports `ManualClock`, `MemoryKeychain`, `FakeProtectedData`,
`ScriptedAuthenticator` and `MemorySnapshotStore`. Must not import the runtime (tests wire fakes
into `AuthSession`); the pytest plugin and the shipped state machine, which do, are not re-exported.
"""

from authsession.testing.authenticator import ScriptedAuthenticator
from authsession.testing.clock import ManualClock
from authsession.testing.keychain import KeychainCall, MemoryKeychain
from authsession.testing.protected_data import FakeProtectedData
from authsession.testing.snapshots import MemorySnapshotStore

__all__ = [
    "FakeProtectedData",
    "KeychainCall",
    "ManualClock",
    "MemoryKeychain",
    "MemorySnapshotStore",
    "ScriptedAuthenticator",
]
