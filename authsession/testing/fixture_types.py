"""The types of the pytest plugin's factory fixtures, for annotating a test's parameters.

Owns: `MakeAuthSession` (the `make_auth_session` fixture) and `MakeWorld` (the `auth_world`
fixture). Types only: imports the runtime and the world for type checkers alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from authsession.adapters.authenticator import Authenticator
    from authsession.adapters.clock import Clock
    from authsession.adapters.keychain import Keychain
    from authsession.adapters.protected_data import ProtectedDataSignal
    from authsession.adapters.revocation import RevocationOutbox, Revoker
    from authsession.runtime import AuthSession, SessionConfig
    from authsession.runtime.host import WorkFailedHandler, WorkHandler
    from authsession.runtime.snapshot import SnapshotStore
    from authsession.spec.commands import NotifyMessage
    from authsession.world import World
    from authsession.world.policies import App, AppContext


class MakeAuthSession(Protocol):
    """The type of the `make_auth_session` fixture (for annotating a test's parameter)."""

    def __call__(
        self,
        *,
        keychain: Keychain | None = None,
        clock: Clock | None = None,
        authenticator: Authenticator | None = None,
        protected_data: ProtectedDataSignal | None = None,
        config: SessionConfig | None = None,
        work_handler: WorkHandler | None = None,
        on_notify: Callable[[NotifyMessage], None] | None = None,
        store: SnapshotStore | None = None,
        outbox: RevocationOutbox | None = None,
        revoker: Revoker | None = None,
        on_work_failed: WorkFailedHandler | None = None,
    ) -> AuthSession: ...


class MakeWorld(Protocol):
    """The type of the `auth_world` fixture."""

    def __call__(
        self,
        steps: list[dict[str, Any]],
        policy: str | None = None,
        *,
        app: Callable[[AppContext], App] | None = None,
        **fields: Any,
    ) -> World: ...
