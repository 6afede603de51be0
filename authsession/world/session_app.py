"""Your own client in the simulated world — and the reference app, which is its default client.

Owns: `SessionParts` (what the world hands a session — its keychain, clock, server, protected-data
signal and snapshot store, the scenario's protection settings — and `session()`, which builds an
`AuthSession` on them, chaining your own work handler and `on_notify` to the world's) and
`SessionApp`, the `authsession.world.App` a team subclasses: `make_client(parts)` builds the
team's client, each world callback goes to an `on_*` method the team overrides to call its own
code, and the record-keeping the world's oracle reads is done here. A logout step the client
takes outside the world's `login` / `logout` callbacks is reported with the reason
`logout_not_asked_by_user`: the user did not ask for it, so invariant 1 and the spurious-logout
oracle judge it as what it is (the Gilt bug, moved into a wrapper). The in-process twin of
`authsession.app/1`. `ReferenceApp` is `SessionApp` with its default client, the reference
session (`authsession.app.reference_client`): the world's `reference` policy and a team's
`SessionApp` that overrides nothing are one app. Public through `authsession.testing` (the kit)
and `authsession.world.policies` (the world's registry). Must not import the CLI.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import Any, Final

from pydantic import SecretStr
from transitions import Machine

from authsession.adapters.authenticator import Authenticator
from authsession.adapters.clock import Clock
from authsession.adapters.keychain import Keychain, ProtectionClass
from authsession.adapters.lease import RefreshLease
from authsession.adapters.revocation import RevocationOutbox, Revoker
from authsession.app.reference_client import CallableSignal, reference_session
from authsession.invariants import Record
from authsession.runtime.config import SessionConfig
from authsession.runtime.host import WorkFailedHandler, WorkHandler
from authsession.runtime.session import AuthSession
from authsession.runtime.snapshot import SnapshotStore
from authsession.spec.commands import FailReason, NotifyMessage
from authsession.world.app_contract import AppContext, Bucket
from authsession.world.faults import ResourceUnauthorized

#: The reason a logout step is reported with when the client took it on its own.
LOGOUT_NOT_ASKED: Final = "logout_not_asked_by_user"


@dataclass(frozen=True)
class _Chained:
    """A callback that runs the team's own first, then tells the world (classes, not closures:
    the model checker pickles whole worlds). If the team's raises, the world is not told: the
    work did not run, or the user was not shown the message."""

    own: Callable[..., None] | None
    world: Callable[[str], None]

    def __call__(self, value: str, *more: Any) -> None:
        if self.own is not None:
            self.own(value, *more)
        self.world(value)


@dataclass(frozen=True)
class SessionParts:
    """Everything an `AuthSession` needs from the world, for a team's client to build one with.

    Pass the adapters to your client's constructor, or let `session()` build the session: it
    keeps the scenario's protection settings and a deterministic backoff (replays must match),
    and runs your `work_handler` / `on_notify` before telling the world."""

    keychain: Keychain
    clock: Clock
    authenticator: Authenticator
    protected_data: CallableSignal
    protection: ProtectionClass
    allow_insecure_protection: bool
    earlier_protections: tuple[ProtectionClass, ...]
    store: SnapshotStore
    work_done: Callable[..., None]
    notify: Callable[[str], None]
    machine: Machine | None = None
    #: The refresh lease this process shares with the app's extension (`AuthSession(lease=)`).
    lease: RefreshLease | None = None
    #: The revocation outbox and endpoint (`AuthSession(outbox=, revoker=)`), and where owed work
    #: handed back is told (`AuthSession(on_work_failed=)`).
    outbox: RevocationOutbox | None = None
    revoker: Revoker | None = None
    work_failed: Callable[[str, str], None] | None = None

    @classmethod
    def of(cls, ctx: AppContext) -> SessionParts:
        return cls(
            keychain=ctx.keychain,
            clock=ctx.clock,
            authenticator=ctx.server,
            protected_data=CallableSignal(ctx.available, ctx.available_for),
            protection=ctx.protection,
            allow_insecure_protection=ctx.allow_insecure,
            earlier_protections=ctx.earlier_protections if ctx.available_for else (),
            store=ctx.snapshots,
            work_done=ctx.perform_work,
            notify=ctx.notify,
            machine=ctx.machine,
            lease=ctx.lease,
            outbox=ctx.outbox,
            revoker=ctx.revoker,
            work_failed=ctx.fail_work,
        )

    def config(self, config: SessionConfig | None = None) -> SessionConfig:
        """`config` (default: the defaults) with the scenario's protection settings, and seed 0
        unless it sets one."""
        base = config if config is not None else SessionConfig()
        return base.model_copy(
            update={
                "protection": self.protection,
                "allow_insecure_protection": self.allow_insecure_protection,
                "earlier_protections": self.earlier_protections,
                "seed": 0 if base.seed is None else base.seed,
            }
        )

    def session(
        self,
        *,
        config: SessionConfig | None = None,
        work_handler: WorkHandler | None = None,
        on_notify: Callable[[NotifyMessage], None] | None = None,
        on_work_failed: WorkFailedHandler | None = None,
    ) -> AuthSession:
        """An `AuthSession` on the world's adapters, snapshot store, revocation outbox and
        endpoint, with your settings (`config`, bar the protection fields) and your callbacks."""
        return AuthSession(
            keychain=self.keychain,
            clock=self.clock,
            authenticator=self.authenticator,
            protected_data=self.protected_data,
            config=self.config(config),
            work_handler=_Chained(work_handler, self.work_done),
            on_notify=_Chained(on_notify, self.notify),
            store=self.store,
            machine=self.machine,
            lease=self.lease,
            outbox=self.outbox,
            revoker=self.revoker,
            on_work_failed=_Failed(on_work_failed, self.work_failed),
        )

    def reference(self) -> AuthSession:
        """The reference app's session on the world's adapters (`SessionApp`'s default client):
        `authsession.app.reference_client.reference_session` with the scenario's settings, the
        world's work handler shown the token, and a resource server's 401 asked once more."""
        return reference_session(
            keychain=self.keychain,
            clock=self.clock,
            authenticator=self.authenticator,
            protected_data=self.protected_data,
            config=self.config(),
            perform=_ResourceServer(self.work_done),
            notify=self.notify,
            work_failed=self.work_failed,
            store=self.store,
            lease=self.lease,
            outbox=self.outbox,
            revoker=self.revoker,
            machine=self.machine,
        )


@dataclass(frozen=True)
class _ResourceServer:
    """The world's work handler as the reference's `PerformWork`: the world raises
    `ResourceUnauthorized` where a resource server would answer 401."""

    perform: Callable[..., None]

    def __call__(self, label: str, token: SecretStr) -> bool:
        try:
            self.perform(label, token)
        except ResourceUnauthorized:
            return False
        return True


@dataclass(frozen=True)
class _Failed:
    """Owed work handed back: the team's callback first, then the world (a class: picklable)."""

    own: WorkFailedHandler | None
    world: Callable[[str, str], None] | None

    def __call__(self, label: str, reason: FailReason) -> None:
        if self.own is not None:
            self.own(label, reason)
        if self.world is not None:
            self.world(label, reason)


class SessionApp:
    """A team's client as an app process of the world. Subclass it:

    - `make_client(parts)` builds your client from the world's `SessionParts` (default: the
      reference app's session, `parts.reference()`);
    - `session_of(client)` finds the `AuthSession` inside it (default: `client.session`, or the
      client itself);
    - `on_launch(mode)`, `on_foreground()`, `on_request_work(label)`, `on_login(user,
      password)`, `on_logout()`, `on_protected_data_did_become_available()`,
      `on_protected_data_will_become_unavailable()` and `on_tick()` are the OS callbacks and user
      actions: override each to call what your app calls (the defaults call the session);
    - `client_fingerprint()` says what of your client's own memory decides its future, for the
      model checker (default: nothing).

    The class itself is the factory `World(scenario, app=MyApp)`, `auth_world(steps, app=MyApp)`
    and `WorldStateMachine.app` take. Keep your client picklable (no lambdas) if it is to be
    explored: the model checker clones worlds by pickling them.
    """

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.parts = SessionParts.of(ctx)
        self.client: Any = self.make_client(self.parts)
        self.session = self.session_of(self.client)
        self._seen = self.session.step_count
        #: Spans of session steps [start, end) taken inside the world's login/logout callbacks.
        self._asked: list[tuple[int, int | None]] = []

    # The team's side ------------------------------------------------------------------------
    def make_client(self, parts: SessionParts) -> Any:
        return parts.reference()

    def session_of(self, client: Any) -> AuthSession:
        if isinstance(client, AuthSession):
            return client
        session = getattr(client, "session", None)
        if not isinstance(session, AuthSession):
            raise TypeError(
                f"{type(client).__name__} has no `session` attribute holding an AuthSession: "
                "override SessionApp.session_of to say where it is"
            )
        return session

    def on_launch(self, mode: str) -> None:
        self.session.launch()

    def on_foreground(self) -> None:
        self.session.foreground()

    def on_request_work(self, label: str) -> None:
        self.session.request_work(label)

    def on_login(self, user: str, password: SecretStr) -> None:
        self.session.login(user, password)

    def on_logout(self) -> None:
        self.session.logout()

    def on_logout_scoped(self, scope: str) -> None:
        """The user signs out with a scope other than `local` (`global`: every session of the
        user; `others`: every other one). Override if your client does more."""
        self.session.logout("global" if scope == "global" else "others")

    def on_revocation_hint(self) -> None:
        """A silent push from your backend says the session may be revoked."""
        self.session.revocation_hint()

    def on_protected_data_did_become_available(self) -> None:
        self.session.protected_data_did_become_available()

    def on_protected_data_will_become_unavailable(self) -> None:
        self.session.protected_data_will_become_unavailable()

    def on_tick(self) -> None:
        self.session.poll()

    def on_shared_store_changed(self) -> None:
        self.session.shared_store_changed()

    def client_fingerprint(self) -> Hashable:
        return None

    # The world's side (`authsession.world.App`) ----------------------------------------------
    @property
    def state(self) -> str:
        return self.session.state.value

    @property
    def screen(self) -> str:
        """What the app shows: the screen of the session's current view."""
        return self.session.view.screen

    def records(self) -> list[Record]:
        session = self.session
        if session.step_count == self._seen:
            return []  # asked before every call the process makes: mostly nothing new
        new = [
            r if not self._unasked_logout(r) else replace(r, reason=LOGOUT_NOT_ASKED)
            for r in session.records_since(self._seen)
        ]
        self._seen = session.step_count
        self._asked = [(a, b) for a, b in self._asked if b is None or b > self._seen]
        return new

    def _unasked_logout(self, record: Record) -> bool:
        return (
            record.event == "logout_requested"
            and record.is_logout
            and not any(
                start <= record.step and (end is None or record.step < end)
                for start, end in self._asked
            )
        )

    def _asked_by_the_user(self, action: Callable[[], None]) -> None:
        # Open while the action runs: the world files records at every call the app makes,
        # so the logout's record is read before the action returns.
        asked: tuple[int, int | None] = (self.session.step_count, None)
        self._asked.append(asked)
        try:
            action()
        finally:
            self._asked.remove(asked)
            self._asked.append((asked[0], self.session.step_count))

    def launch(self, mode: str) -> None:
        self.on_launch(mode)

    def foreground(self) -> None:
        self.on_foreground()

    def request_work(self, label: str) -> None:
        self.on_request_work(label)

    def login(self, user: str, password: SecretStr) -> None:
        # Signing in may end another session first (switching accounts): the user asked.
        self._asked_by_the_user(lambda: self.on_login(user, password))

    def logout(self, scope: str = "local") -> None:
        if scope == "local":
            self._asked_by_the_user(self.on_logout)
        else:
            self._asked_by_the_user(lambda: self.on_logout_scoped(scope))

    def revocation_hint(self) -> None:
        self.on_revocation_hint()

    def protected_data_did_become_available(self) -> None:
        self.on_protected_data_did_become_available()

    def protected_data_will_become_unavailable(self) -> None:
        self.on_protected_data_will_become_unavailable()

    def tick(self) -> None:
        self.on_tick()

    def shared_store_changed(self) -> None:
        self.on_shared_store_changed()

    def close(self) -> None:
        """An in-process session holds nothing to release."""

    def fingerprint(self, clock: Clock, bucket: Bucket) -> Hashable:
        """The session's fingerprint, its timers as `bucket(seconds left)`, whether it holds a
        valid token, and `client_fingerprint()`."""
        now = clock.monotonic()
        session = self.session
        timers = tuple(sorted((name, bucket(at - now)) for name, at in session.timers.items()))
        return (
            session.fingerprint(),
            timers,
            session.access_token is not None,
            self.client_fingerprint(),
        )


class ReferenceApp(SessionApp):
    """`AuthSession` as shipped, with its snapshot store: a relaunch — even a prewarm or Direct
    Boot launch before the first unlock — resumes waiting work and unfinished wipes
    (invariants 3 and 5 across termination). `SessionApp` with its default client, under the
    name the world's `reference` policy gives it."""
