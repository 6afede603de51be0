"""Test helpers shipped as product: fakes for every adapter Protocol.

Owns nothing itself; re-exports `ManualClock`, `MemoryKeychain`, `FakeProtectedData`,
`ScriptedAuthenticator`, `MemorySnapshotStore`, and the world oracle's test helpers
`check_world` / `assert_world_ok`. Must not import the runtime or the world (tests wire fakes
into `AuthSession`); the pytest plugin and the shipped state machines, which do, are not
re-exported.
"""

from authsession.testing.authenticator import ScriptedAuthenticator
from authsession.testing.clock import ManualClock
from authsession.testing.keychain import KeychainCall, MemoryKeychain
from authsession.testing.protected_data import FakeProtectedData
from authsession.testing.snapshots import MemorySnapshotStore
from authsession.testing.world_check import assert_world_ok, check_world

__all__ = [
    "FakeProtectedData",
    "KeychainCall",
    "ManualClock",
    "MemoryKeychain",
    "MemorySnapshotStore",
    "ScriptedAuthenticator",
    "assert_world_ok",
    "check_world",
]
