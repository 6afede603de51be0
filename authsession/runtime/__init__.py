"""The runtime: `AuthSession` executes the core's commands through adapters; the drivers run it
from many threads or an event loop; snapshots carry its durable part across a relaunch.

Owns nothing itself; re-exports, each name imported on first use (PEP 562): a client that needs
`AuthSession` does not pay for the drivers. Must not import the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import reexports

if TYPE_CHECKING:
    from authsession.runtime.app_calls import TOKEN_WORK as TOKEN_WORK
    from authsession.runtime.config import SessionConfig as SessionConfig
    from authsession.runtime.drivers import AsyncAuthSession as AsyncAuthSession
    from authsession.runtime.drivers import ThreadSafeAuthSession as ThreadSafeAuthSession
    from authsession.runtime.drivers import TokenOutcome as TokenOutcome
    from authsession.runtime.effects import AdapterCall as AdapterCall
    from authsession.runtime.operations import Foreground as Foreground
    from authsession.runtime.operations import Launch as Launch
    from authsession.runtime.operations import Login as Login
    from authsession.runtime.operations import Logout as Logout
    from authsession.runtime.operations import Operation as Operation
    from authsession.runtime.operations import Poll as Poll
    from authsession.runtime.operations import (
        ProtectedDataDidBecomeAvailable as ProtectedDataDidBecomeAvailable,
    )
    from authsession.runtime.operations import ProtectedDataWillLock as ProtectedDataWillLock
    from authsession.runtime.operations import RequestWork as RequestWork
    from authsession.runtime.operations import RevocationHinted as RevocationHinted
    from authsession.runtime.operations import Scope as Scope
    from authsession.runtime.session import AuthSession as AuthSession
    from authsession.runtime.session import HistoryEntry as HistoryEntry
    from authsession.runtime.session import Run as Run
    from authsession.runtime.session import SessionView as SessionView
    from authsession.runtime.session import ViewCallback as ViewCallback
    from authsession.runtime.snapshot import SNAPSHOT_VERSION as SNAPSHOT_VERSION
    from authsession.runtime.snapshot import FileSnapshotStore as FileSnapshotStore
    from authsession.runtime.snapshot import SessionSnapshot as SessionSnapshot
    from authsession.runtime.snapshot import SnapshotError as SnapshotError
    from authsession.runtime.snapshot import SnapshotStore as SnapshotStore
    from authsession.runtime.snapshot import dump_snapshot as dump_snapshot
    from authsession.runtime.snapshot import load_snapshot as load_snapshot
    from authsession.runtime.snapshot import parse_snapshot as parse_snapshot

__getattr__, __dir__, __all__ = reexports(__name__)
