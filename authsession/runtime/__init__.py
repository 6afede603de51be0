"""The runtime: `AuthSession` executes the core's commands through adapters; the drivers run it
from many threads or an event loop; snapshots carry its durable part across a relaunch.

Owns nothing itself; re-exports. Must not import the CLI.
"""

from authsession.runtime.config import SessionConfig
from authsession.runtime.drivers import (
    TOKEN_WORK,
    AsyncAuthSession,
    ThreadSafeAuthSession,
    TokenOutcome,
)
from authsession.runtime.host import AdapterCall
from authsession.runtime.operations import (
    Foreground,
    Launch,
    Login,
    Logout,
    Operation,
    Poll,
    ProtectedDataDidBecomeAvailable,
    ProtectedDataWillBecomeUnavailable,
    RequestWork,
)
from authsession.runtime.session import AuthSession, HistoryEntry, Run
from authsession.runtime.snapshot import (
    SNAPSHOT_VERSION,
    FileSnapshotStore,
    SessionSnapshot,
    SnapshotError,
    SnapshotStore,
    dump_snapshot,
    load_snapshot,
    parse_snapshot,
)

__all__ = [
    "SNAPSHOT_VERSION",
    "TOKEN_WORK",
    "AdapterCall",
    "AsyncAuthSession",
    "AuthSession",
    "FileSnapshotStore",
    "Foreground",
    "HistoryEntry",
    "Launch",
    "Login",
    "Logout",
    "Operation",
    "Poll",
    "ProtectedDataDidBecomeAvailable",
    "ProtectedDataWillBecomeUnavailable",
    "RequestWork",
    "Run",
    "SessionConfig",
    "SessionSnapshot",
    "SnapshotError",
    "SnapshotStore",
    "ThreadSafeAuthSession",
    "TokenOutcome",
    "dump_snapshot",
    "load_snapshot",
    "parse_snapshot",
]
