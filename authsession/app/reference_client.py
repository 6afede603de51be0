"""The reference client: how this package's own app wires `AuthSession`, written once.

Owns: `reference_session()` (an `AuthSession` on an app's adapters, the way the reference app
builds it: the settings it is handed, the snapshot store, lease, revocation outbox and endpoint,
notifications and owed work handed back), `AskOnceMore` (the app's rule for a resource server's
401 on a unit of work) and `CallableSignal` (a protected-data signal from two callables). The
world's `ReferenceApp` (the kit's `SessionApp` with its default client) and the `authsession app`
process (`authsession.app.reference`) both build their session here, so the three runs of the
reference — in-process, over the pipe, in a team's test — are one app.
Must not import the world or the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import SecretStr
from transitions import Machine

from authsession.adapters.authenticator import Authenticator
from authsession.adapters.clock import Clock
from authsession.adapters.keychain import Keychain, ProtectionClass
from authsession.adapters.lease import RefreshLease
from authsession.adapters.protected_data import ProtectedDataSignal
from authsession.adapters.revocation import RevocationOutbox, Revoker
from authsession.runtime.config import SessionConfig
from authsession.runtime.host import WorkFailedHandler
from authsession.runtime.session import AuthSession
from authsession.runtime.snapshot import SnapshotStore
from authsession.spec.commands import NotifyMessage

#: Runs one unit of work with the access token it was given; False: the resource server
#: answered 401 (it refused that token).
PerformWork = Callable[[str, SecretStr], bool]


@dataclass(frozen=True)
class CallableSignal:
    """The protected-data signal a session reads, from two callables (a class, not closures:
    the model checker pickles whole worlds)."""

    now: Callable[[], bool]
    for_class: Callable[[ProtectionClass], bool] | None = None

    def available(self) -> bool:
        return self.now()

    def available_for(self, protection: ProtectionClass) -> bool:
        return self.for_class(protection) if self.for_class is not None else self.now()


@dataclass
class AskOnceMore:
    """The reference app's work handler. A 401 from the resource server refused the access token
    it was shown, not the stored credentials (`resource_http_status` in the error taxonomy): the
    app's code asks for the work once more (queued behind this step); a second refusal of the
    same work drops it — a failure of the work, never of the session."""

    perform: PerformWork
    session: AuthSession | None = None
    refused: set[str] = field(default_factory=set)

    def __call__(self, label: str, token: SecretStr) -> None:
        if self.perform(label, token) or label in self.refused:
            return
        self.refused.add(label)
        if self.session is not None:
            self.session.request_work(label)


def reference_session(
    *,
    keychain: Keychain,
    clock: Clock,
    authenticator: Authenticator,
    protected_data: ProtectedDataSignal,
    config: SessionConfig,
    perform: PerformWork,
    notify: Callable[[NotifyMessage], None],
    work_failed: WorkFailedHandler | None,
    store: SnapshotStore,
    lease: RefreshLease | None,
    outbox: RevocationOutbox | None,
    revoker: Revoker | None,
    machine: Machine | None = None,
) -> AuthSession:
    """The reference app's session on these adapters: work goes through `AskOnceMore`."""
    handler = AskOnceMore(perform)
    session = AuthSession(
        keychain=keychain,
        clock=clock,
        authenticator=authenticator,
        protected_data=protected_data,
        config=config,
        work_handler=handler,
        on_notify=notify,
        store=store,
        machine=machine,
        lease=lease,
        outbox=outbox,
        revoker=revoker,
        on_work_failed=work_failed,
    )
    handler.session = session
    return session
