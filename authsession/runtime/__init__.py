"""The runtime: `AuthSession` executes the core's commands through adapters; the drivers run it
from many threads or an event loop; snapshots carry its durable part across a relaunch.

Owns nothing itself; re-exports, each name imported on first use (PEP 562): a client that needs
`AuthSession` does not pay for the drivers. Must not import the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "SessionConfig": "authsession.runtime.config",
    "TOKEN_WORK": "authsession.runtime.app_calls",
    "AsyncAuthSession": "authsession.runtime.drivers",
    "ThreadSafeAuthSession": "authsession.runtime.drivers",
    "TokenOutcome": "authsession.runtime.drivers",
    "AdapterCall": "authsession.runtime.effects",
    "Foreground": "authsession.runtime.operations",
    "Launch": "authsession.runtime.operations",
    "Login": "authsession.runtime.operations",
    "Logout": "authsession.runtime.operations",
    "Operation": "authsession.runtime.operations",
    "Poll": "authsession.runtime.operations",
    "ProtectedDataDidBecomeAvailable": "authsession.runtime.operations",
    "ProtectedDataWillBecomeUnavailable": "authsession.runtime.operations",
    "RequestWork": "authsession.runtime.operations",
    "AuthSession": "authsession.runtime.session",
    "HistoryEntry": "authsession.runtime.session",
    "Run": "authsession.runtime.session",
    "SNAPSHOT_VERSION": "authsession.runtime.snapshot",
    "FileSnapshotStore": "authsession.runtime.snapshot",
    "SessionSnapshot": "authsession.runtime.snapshot",
    "SnapshotError": "authsession.runtime.snapshot",
    "SnapshotStore": "authsession.runtime.snapshot",
    "dump_snapshot": "authsession.runtime.snapshot",
    "load_snapshot": "authsession.runtime.snapshot",
    "parse_snapshot": "authsession.runtime.snapshot",
    "SessionView": "authsession.runtime.session",
    "ViewCallback": "authsession.runtime.session",
    "RevocationHinted": "authsession.runtime.operations",
    "Scope": "authsession.runtime.operations",
}

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
    "RevocationHinted",
    "Run",
    "Scope",
    "SessionConfig",
    "SessionSnapshot",
    "SessionView",
    "SnapshotError",
    "SnapshotStore",
    "ThreadSafeAuthSession",
    "TokenOutcome",
    "ViewCallback",
    "dump_snapshot",
    "load_snapshot",
    "parse_snapshot",
]

if TYPE_CHECKING:
    from authsession.runtime.app_calls import TOKEN_WORK
    from authsession.runtime.config import SessionConfig
    from authsession.runtime.drivers import (
        AsyncAuthSession,
        ThreadSafeAuthSession,
        TokenOutcome,
    )
    from authsession.runtime.effects import AdapterCall
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
        RevocationHinted,
        Scope,
    )
    from authsession.runtime.session import (
        AuthSession,
        HistoryEntry,
        Run,
        SessionView,
        ViewCallback,
    )
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

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
