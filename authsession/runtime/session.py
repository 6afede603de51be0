"""`AuthSession`: the core bound to adapters — a host that executes, never decides.

Owns: the public API of a session (what the app tells it: `launch`, `login`, `logout(scope)`,
`request_work`, `foreground`, the two protected-data notifications, `revocation_hint`, `poll`;
what the app reads: `state`, `user_present`, `view`, `access_token`, history; `subscribe`, the
honest observer of who the user is now), the event queue (FIFO: a call made from inside
a step — a work handler calling back — is queued behind it, never re-entered), `Run` (one
operation in progress: it hands out the adapter calls the commands need, as values, and takes
their results back), the history and its invariant records, and, when a `SnapshotStore` is given,
saving the durable snapshot before each step's commands run and restoring from it.

`Run` (`runtime/run.py`), the events each operation produces (`runtime/intake.py`) and what the
app is shown (`runtime/view.py`) are written beside it. What a command *means* in adapter calls is
`authsession.runtime.host`; which commands run is the spec table's alone. The sync methods drive
a `Run` on the spot; the drivers in `authsession.runtime.drivers` drive the same `Run` under a
lock or on an event loop.
Must not import the CLI or the drivers.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from functools import partial

from pydantic import SecretStr
from transitions import Machine

from authsession.adapters.authenticator import Authenticator
from authsession.adapters.clock import Clock
from authsession.adapters.keychain import Credentials, Keychain
from authsession.adapters.lease import RefreshLease
from authsession.adapters.protected_data import AlwaysAvailable, ProtectedDataSignal
from authsession.adapters.revocation import RevocationOutbox, Revoker
from authsession.core.machine import Context, SessionCore
from authsession.invariants import Record
from authsession.runtime.config import SessionConfig
from authsession.runtime.effects import AdapterCall, Effect, may_block
from authsession.runtime.history import StepLog
from authsession.runtime.host import REVOCATION, Host, WorkFailedHandler, WorkHandler
from authsession.runtime.intake import enqueue
from authsession.runtime.operations import (
    Foreground,
    Launch,
    Login,
    Logout,
    Operation,
    Poll,
    ProtectedDataDidBecomeAvailable,
    ProtectedDataWillLock,
    RequestWork,
    RevocationHinted,
    Scope,
    StoreChanged,
)
from authsession.runtime.run import Queued, Run
from authsession.runtime.snapshot import (
    MAX_ACCOUNT_CHARS,
    SessionSnapshot,
    SnapshotContext,
    SnapshotError,
    SnapshotStore,
    dump_snapshot,
    load_snapshot,
)
from authsession.runtime.view import (
    HistoryEntry,
    Observer,
    SessionView,
    Subscribers,
    ViewCallback,
)
from authsession.spec.commands import FailWork, NotifyMessage, SignIn
from authsession.spec.events import (
    LoginRequested,
    MachineEvent,
    shared,
)
from authsession.spec.interpreter import Transition
from authsession.spec.states import (
    REAUTH_STATES,
    SCREEN,
    SIGNED_OUT_STATES,
    USER_PRESENT,
    State,
    UserPresence,
)

log = logging.getLogger("authsession")


@functools.cache
def _default_config() -> SessionConfig:
    return SessionConfig()  # frozen: one instance serves every session built without a config


class AuthSession:
    """A sign-in session that never mistakes an unreadable keychain for a missing user.

    >>> from authsession.testing import (
    ...     FakeProtectedData, ManualClock, MemoryKeychain, ScriptedAuthenticator)
    >>> device = FakeProtectedData(available=True)
    >>> session = AuthSession(keychain=MemoryKeychain(available=device.available),
    ...     clock=ManualClock(), authenticator=ScriptedAuthenticator(), protected_data=device)
    >>> session.launch().state.value   # the launch's own step: it reads the keychain next
    'checking_credentials'
    >>> session.state.value            # which was empty
    'logged_out'
    >>> session.login("ada", "correct horse").state.value
    'signing_in'
    >>> session.state.value
    'logged_in'
    >>> device.lock(); session.user_present   # a locked device still has its user
    'yes'

    Every call returns the `Transition` its own event took (`step.ignored` when the current state
    does not offer it), or None when it was made from inside a step (a work handler calling back)
    and was queued behind it.
    """

    # Slots: an app may keep thousands of sessions (a server-side fleet, the world's simulator),
    # and an instance dict is a third of an idle session (benchmarks/footprint.py).
    __slots__ = (
        "__weakref__",
        "_active",
        "_core",
        "_host",
        "_last",
        "_log",
        "_observers",
        "_queue",
        "_saved",
        "_sequence",
        "_store",
        "_subscribers",
        "snapshot_error",
    )

    def __init__(
        self,
        *,
        keychain: Keychain,
        clock: Clock,
        authenticator: Authenticator,
        protected_data: ProtectedDataSignal | None = None,
        config: SessionConfig | None = None,
        work_handler: WorkHandler | None = None,
        on_notify: Callable[[NotifyMessage], None] | None = None,
        store: SnapshotStore | None = None,
        snapshot: SessionSnapshot | None = None,
        machine: Machine | None = None,
        lease: RefreshLease | None = None,
        outbox: RevocationOutbox | None = None,
        revoker: Revoker | None = None,
        on_work_failed: WorkFailedHandler | None = None,
    ) -> None:
        """`revoker`: the revocation endpoint (`HttpRevoker`, RFC 7009; default
        `NoRevocationEndpoint`, which refuses every request with a warning). `outbox`: where the
        refresh tokens owed a revocation wait, durably, under the credentials' class
        (`KeychainOutbox` over a second keychain item; default `MemoryOutbox`, which does not
        survive the process). `on_work_failed(label, reason)`: owed work handed back (another
        account signed in while it waited for its own). `lease`: the refresh lease the app's
        processes share (`authsession.adapters.lease`; default `SoloLease`, an app of one
        process). `store`: save the durable snapshot there
        and (unless `snapshot` is given) restore from what it holds. A snapshot that cannot be
        used is kept in `snapshot_error` and the session starts fresh: the keychain still knows
        the user. `machine`: the `transitions` machine the core runs on — the shipped spec's
        unless a test plugs in one built from a mutated table
        (`authsession.core.machine.build_machine`)."""
        config = config if config is not None else _default_config()
        self._store = store
        self.snapshot_error: SnapshotError | None = None
        if snapshot is None and store is not None:
            try:
                snapshot = load_snapshot(store)
            except SnapshotError as err:
                self.snapshot_error = err
                log.warning("snapshot ignored, starting fresh: %s", err)
        self._sequence = 0 if snapshot is None else snapshot.sequence
        restored_work = () if snapshot is None else snapshot.restored_work()
        revoking = snapshot is not None and snapshot.context.revocation_pending
        self._core = SessionCore(
            State.STARTING if snapshot is None else snapshot.restored_state(),
            Context(work_pending=bool(restored_work), revocation_pending=revoking),
            machine=machine,
        )
        self._host = Host(
            keychain=keychain,
            clock=clock,
            authenticator=authenticator,
            protected_data=protected_data if protected_data is not None else AlwaysAvailable(),
            config=config,
            work_handler=work_handler,
            on_notify=on_notify,
            pending_work=restored_work,
            account=None if snapshot is None else snapshot.account,
            lease=lease,
            outbox=outbox,
            revoker=revoker,
            on_work_failed=on_work_failed,
            logout_scope="local" if snapshot is None else snapshot.logout_scope,
        )
        if revoking:
            # A revocation owed before the kill is owed now: due at once (no clock is read here).
            self._host.timers[REVOCATION] = 0.0
        self._saved: tuple[object, ...] | None = None
        # A list, not a deque: it holds the one to three events of the operation in progress.
        self._queue: list[Queued] = []
        self._active: Run | None = None
        # Bounded: an app may keep one session for weeks (history_limit in SessionConfig).
        self._log = StepLog(config.history_limit)
        self._last: Transition | None = None
        self._observers: tuple[Observer, ...] = ()
        state = self._core.current
        self._subscribers = Subscribers(
            SessionView(state, USER_PRESENT[state], None, self._host.account, SCREEN[state])
        )

    # The adapters and settings, as given ------------------------------------------------------
    @property
    def keychain(self) -> Keychain:
        return self._host.keychain

    @property
    def clock(self) -> Clock:
        return self._host.clock

    @property
    def authenticator(self) -> Authenticator:
        return self._host.authenticator

    @property
    def protected_data(self) -> ProtectedDataSignal:
        return self._host.protected_data

    @property
    def config(self) -> SessionConfig:
        return self._host.config

    # What the app reads -----------------------------------------------------------------------
    @property
    def state(self) -> State:
        return self._core.current

    @property
    def user_present(self) -> UserPresence:
        """`yes`, `no` or `unknown` — never `no` while the credentials can't be read."""
        return self._core.user_present

    @property
    def last_step(self) -> Transition | None:
        """The most recent step (O(1); `history` builds the whole list)."""
        return self._last

    @property
    def history(self) -> tuple[HistoryEntry, ...]:
        """The last `config.history_limit` steps, oldest first."""
        return self._log.history()

    @property
    def records(self) -> tuple[Record, ...]:
        """The history in the form the invariant checks read (the last `history_limit`)."""
        return self._log.records_since(0)

    @property
    def step_count(self) -> int:
        """Steps taken since this object was created (not bounded by `history_limit`)."""
        return self._log.count

    def records_since(self, count: int) -> tuple[Record, ...]:
        """Records of the steps after the first `count` (`step_count` taken earlier): what an
        observer that keeps up needs, without copying the whole history each time."""
        return self._log.records_since(count)

    @property
    def access_token(self) -> SecretStr | None:
        """The session token while it is valid (monotonic time, and no revocation hint since),
        else None."""
        if not self._core.context.token_valid:
            return None
        return self._host.access_token

    @property
    def pending_work(self) -> tuple[str, ...]:
        return tuple(self._host.pending_work)

    @property
    def completed_work(self) -> list[str]:
        """Labels of work done (the last `history_limit`)."""
        return list(self._host.completed_work)

    @property
    def failed_work(self) -> list[str]:
        """Labels whose work handler raised (the last `history_limit`): the session did its part,
        the app's own work failed."""
        return list(self._host.failed_work)

    @property
    def notifications(self) -> list[NotifyMessage]:
        """What the user was told (the last `history_limit`)."""
        return list(self._host.notifications)

    @property
    def account(self) -> str | None:
        """The last known account id (not a secret); None once the user is gone."""
        return self._host.account

    @property
    def context(self) -> dict[str, bool]:
        """The table's context flags as they are now (no secrets: booleans only)."""
        return self._core.context.as_dict()

    def add_observer(self, observer: Observer) -> None:
        """Call `observer(event, step, monotonic_time)` after every step from now on (e.g. a
        `TraceRecorder` writing the log `authsession check-trace` reads). An observer that raises
        is logged by type and kept: it cannot stop or break a step."""
        self._observers = (*self._observers, observer)

    def remove_observer(self, observer: Observer) -> None:
        observers = list(self._observers)
        observers.remove(observer)  # ValueError if it was never added, as list.remove says
        self._observers = tuple(observers)

    @property
    def view(self) -> SessionView:
        """Who the user is now (what `subscribe` tells)."""
        return self._subscribers.view

    def subscribe(self, callback: ViewCallback) -> Callable[[], None]:
        """Call `callback(view)` now, with the current `SessionView` — which may say "not known
        yet" (`user_present == "unknown"`), never a guess — and then once on every change of the
        state, the user's presence or the account, with the reason of the step that made it.
        "No user" is told only with a reason that ends the session (invariant 15). Returns the
        function that unsubscribes. A callback that raises is logged by type and kept."""
        return self._subscribers.subscribe(callback)

    @property
    def credentials_in_hand(self) -> bool:
        """The session holds credentials it has not stored yet (the table's `store_pending`)."""
        return self._core.context.store_pending

    def snapshot(self) -> SessionSnapshot:
        """The durable, secret-free part of the session as it is now."""
        state = self._core.current
        account = self._host.account
        return SessionSnapshot(
            state=state,
            context=SnapshotContext(**self._core.context.as_dict()),
            pending_work=tuple(self._host.pending_work),
            logout_scope=self._host.logout_scope,
            # Only for display ("signed in as …"): an id too long for the file is left out rather
            # than failing the save (it came from a user or a keychain, not from us).
            account=account if account is None or len(account) <= MAX_ACCOUNT_CHARS else None,
            sequence=self._sequence,
        )

    @property
    def timers(self) -> dict[str, float]:
        """Armed timers (`retry`, `token_expiry`) and their monotonic deadlines (a copy)."""
        return dict(self._host.timers)

    @property
    def next_deadline(self) -> float | None:
        """Monotonic time at which `poll()` next has something to do."""
        return min(self._host.timers.values(), default=None)

    def fingerprint(self) -> tuple[object, ...]:
        """Everything that decides this session's future, without secrets or times: state,
        flags, owed work (none/some), which timers are armed, which secret slots are filled,
        whether the account is known. Two sessions with equal fingerprints answer every future
        event alike up to timer deadlines — the model checker's notion of "the same session"."""
        return (
            self._core.state,
            self._core.context.as_tuple(),
            bool(self._host.pending_work),
            tuple(sorted(self._host.timers)),
            min(self._host.attempt, 1),
            self._host.secrets.fingerprint(),
            self._host.account is not None,
        )

    # What the app tells it -------------------------------------------------------------------
    def launch(self) -> Transition | None:
        """The process started (any launch mode, prewarm included)."""
        return self.run(Launch())

    def login(self, account: str, password: str | SecretStr) -> Transition | None:
        """The user typed credentials. They are stored only once the server accepts them. The
        step is `ignored` unless the session is signed out (`logged_out`)."""
        secret = password if isinstance(password, SecretStr) else SecretStr(password)
        return self.run(Login(account, secret))

    def logout(self, scope: Scope = "local") -> Transition | None:
        """The user signs out: `local` (this session) or `global` (every session of the user)
        — the session is signed out at once whatever the network does, and the refresh token is
        revoked from the outbox once it can be (invariant 14) — or `others` (every other session:
        nothing here changes; needs a valid access token)."""
        return self.run(Logout(scope))

    def revocation_hint(self) -> Transition | None:
        """Something says the session may have been revoked (a silent push from the app's
        backend, another device's global sign-out): the access token is no longer trusted and a
        refresh confirms. The hint alone ends nothing."""
        return self.run(RevocationHinted())

    def request_work(self, label: str = "work") -> Transition | None:
        """Ask for something that needs an authenticated server call (sync, background fetch)."""
        return self.run(RequestWork(label))

    def protected_data_did_become_available(self) -> Transition | None:
        return self.run(ProtectedDataDidBecomeAvailable())

    def protected_data_will_become_unavailable(self) -> Transition | None:
        return self.run(ProtectedDataWillLock())

    def foreground(self) -> Transition | None:
        """The app came to the foreground. iOS may never deliver the did-become-available
        notification to a suspended app; the table re-checks here (invariant 10)."""
        return self.run(Foreground())

    def shared_store_changed(self) -> Transition | None:
        """Another process of the app stored credentials or gave the refresh lease back (a
        Darwin notification, a file observer on the shared container): a refresh waiting for
        the lease tries now, with what the other process stored."""
        return self.run(StoreChanged())

    def poll(self) -> Transition | None:
        """Fire every timer whose monotonic deadline has passed."""
        return self.run(Poll())

    def run(self, operation: Operation) -> Transition | None:
        """Submit `operation` and drive it to its end, every adapter call on the spot. Called
        from inside a step (a work handler, `on_notify`), it is queued behind that step and
        returns None."""
        if self._active is not None:
            self._enqueue(operation)
            return None
        return self.begin(operation).drive()

    def begin(self, operation: Operation) -> Run:
        """Start `operation` without running anything yet: drivers call `next_call()` / `give()`
        on the returned `Run` until it is finished. One `Run` at a time per session."""
        if self._active is not None:
            raise RuntimeError("another operation of this session is still running")
        run = self._active = Run(self)
        self._enqueue(operation)
        return run

    def __repr__(self) -> str:
        return f"AuthSession(state={self.state.value!r}, user_present={self.user_present!r})"

    # The loop ---------------------------------------------------------------------------------
    def _enqueue(self, operation: Operation) -> None:
        enqueue(operation, self._host, self._core, self._queue)

    def _apply(self, event: MachineEvent, typed: Credentials | None) -> Transition:
        step = self._core.step(event)
        host = self._host
        if isinstance(event, LoginRequested):
            # The login step itself decides whether the typed credentials are used; a secret is
            # held no longer than that decision needs it.
            used = any(isinstance(c, SignIn) for c in step.commands)
            host.secrets.typed_in(typed if used else None)
        self._log.append(shared(event), step, self._core.context.protected_data_available)
        self._last = step
        log.debug("%s: %s -> %s (%s)", event.type, step.source, step.state, step.reason)
        if step.changed:
            host.state_changed()
        if step.state in SIGNED_OUT_STATES:
            host.user_gone(
                wiping=step.state is State.LOGGING_OUT,
                keep_work=any(isinstance(c, FailWork) for c in step.commands),
            )
        elif step.state in REAUTH_STATES and step.changed:
            host.session_ended()
        # A change of who the user is (state, presence, account) is told to every subscriber,
        # with the reason of the step that made it.
        self._subscribers.update(step.state, step.reason, host.account)
        if self._observers:
            now = host.now()
            for observer in self._observers:
                try:
                    observer(event, step, now)
                except Exception as err:
                    log.warning("step observer raised %s", type(err).__name__)
        return step

    def _save_call(self) -> Effect | None:
        """The snapshot save, if a store is given and something durable changed since the last
        successful one (most steps change nothing durable: then nothing is written)."""
        store = self._store
        if store is None:
            return None
        key = (
            self._core.state,
            *self._core.context.as_tuple(),
            tuple(self._host.pending_work),
            self._host.account,
            self._host.logout_scope,
        )
        if key == self._saved:
            return None
        self._sequence += 1
        data = dump_snapshot(self.snapshot())

        def saved(result: object) -> None:
            # A full disk must not stop the session: the next step tries again.
            if result is True:
                self._saved = key

        call: AdapterCall[object] = AdapterCall(
            "snapshots", "save", partial(_save, store, data), False, may_block(store)
        )
        return Effect(call, saved)


def _save(store: SnapshotStore, data: bytes) -> bool:
    store.save(data)
    return True


#: Public names of this module (the drivers and the world use `Run` and `AdapterCall`).
__all__ = ["AdapterCall", "AuthSession", "HistoryEntry", "Run", "SessionView", "ViewCallback"]
