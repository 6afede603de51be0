"""`AuthSession`: the core bound to adapters — a host that executes, never decides.

Owns: the public API of a session (what the app tells it: `launch`, `login`, `logout(scope)`,
`request_work`, `foreground`, the two protected-data notifications, `revocation_hint`, `poll`;
what the app reads: `state`, `user_present`, `view`, `access_token`, history; `subscribe`, the
honest observer of who the user is now), the event queue (FIFO: a call made from inside
a step — a work handler calling back — is queued behind it, never re-entered), `Run` (one
operation in progress: it hands out the adapter calls the commands need, as values, and takes
their results back), the history and its invariant records, and, when a `SnapshotStore` is given,
saving the durable snapshot before each step's commands run and restoring from it.

What a command *means* in adapter calls is `authsession.runtime.host`; which commands run is the
spec table's alone. The sync methods drive a `Run` on the spot; the drivers in
`authsession.runtime.drivers` drive the same `Run` under a lock or on an event loop.
Must not import the CLI or the drivers.
"""

from __future__ import annotations

import functools
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from pydantic import BaseModel, ConfigDict, SecretStr
from transitions import Machine

from authsession.adapters.authenticator import Authenticator
from authsession.adapters.clock import Clock
from authsession.adapters.keychain import Credentials, Keychain
from authsession.adapters.lease import RefreshLease
from authsession.adapters.protected_data import AlwaysAvailable, ProtectedDataSignal
from authsession.adapters.revocation import RevocationOutbox, Revoker
from authsession.core.machine import Context, SessionCore
from authsession.core.records import record_of
from authsession.invariants import Record
from authsession.runtime.bounded import BoundedLog
from authsession.runtime.config import SessionConfig
from authsession.runtime.host import (
    REVOCATION,
    AdapterCall,
    Effect,
    Host,
    WorkFailedHandler,
    WorkHandler,
    may_block,
)
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
    StoreChanged,
)
from authsession.runtime.snapshot import (
    MAX_ACCOUNT_CHARS,
    MAX_PENDING_WORK,
    SessionSnapshot,
    SnapshotContext,
    SnapshotError,
    SnapshotStore,
    dump_snapshot,
    load_snapshot,
)
from authsession.spec.commands import FailWork, NotifyMessage, SignIn
from authsession.spec.events import (
    AppForegrounded,
    AppLaunched,
    LoginRequested,
    LogoutOthersRequested,
    LogoutRequested,
    MachineEvent,
    ProtectedDataBecameAvailable,
    RevocationHint,
    SharedStoreChanged,
    WorkRequested,
    shared,
)
from authsession.spec.events import (
    ProtectedDataWillBecomeUnavailable as ProtectedDataWillBecomeUnavailableEvent,
)
from authsession.spec.interpreter import Transition
from authsession.spec.states import (
    REAUTH_STATES,
    SCREEN,
    SIGNED_OUT_STATES,
    USER_PRESENT,
    Screen,
    State,
    UserPresence,
)

log = logging.getLogger("authsession")

#: Told of every step: the event, the step it took, and the session clock's monotonic time.
Observer = Callable[[MachineEvent, Transition, float], None]


@dataclass(frozen=True, slots=True)
class SessionView:
    """Who the user is now, as an app shows it (no secrets): the state, whether a user is
    present (`unknown`: not known yet — never a guess), the reason of the step that made it so
    (None before the first step), the account (not a secret; kept while the server's end of the
    session asks the same account to sign in again) and the screen the state calls for."""

    state: State
    user_present: UserPresence
    reason: str | None
    account: str | None
    screen: Screen


#: A subscriber of `AuthSession.subscribe`.
ViewCallback = Callable[[SessionView], None]

#: A queued event, produced when its turn comes (so availability is sampled then, not earlier):
#: the event (None: nothing to do after all), the typed credentials of a login, and whether it is
#: the event of the call that queued it (whose step that call returns).
_Produced = tuple[MachineEvent | None, Credentials | None, bool]
_Queued = Callable[[], _Produced]
#: One step as the session keeps it: the event (a shared instance), the step it took (the row's
#: own, built once), and protected-data availability after it. Records and history entries are
#: built from these when read: most apps never read them, and a kept `Record` per step would
#: double an idle session's memory.
_Entry = tuple[MachineEvent, Transition, bool]


@functools.cache
def _default_config() -> SessionConfig:
    return SessionConfig()  # frozen: one instance serves every session built without a config


class HistoryEntry(BaseModel):
    """One step as the app may log it: no secrets, ever."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    event: MachineEvent
    source: State
    state: State
    reason: str
    commands: tuple[str, ...]
    detail: str | None = None


class Run:
    """One operation in progress. `next_call()` returns the next adapter call the session needs
    made (None: the operation is finished); hand its result to `give()`. A driver may run the
    call anywhere (inline, in a thread) — the session itself never calls an adapter that may
    block. Asking again without giving returns the same call: nothing is skipped silently."""

    def __init__(self, session: AuthSession) -> None:
        self._session = session
        self._pending: Effect | None = None
        self._commands: deque[object] = deque()
        #: Answers to this run's commands: applied before anything queued from outside (a
        #: command's answer belongs to the state that asked for it).
        self._answers: deque[MachineEvent] = deque()
        self._save_due = False
        self._closing_save = True
        #: The step the operation's own event took (None until applied, or if it fed none).
        self.result: Transition | None = None

    def next_call(self) -> AdapterCall[object] | None:
        session = self._session
        while True:
            if self._pending is not None:
                assert self._pending.call is not None
                return self._pending.call
            if self._save_due:
                self._save_due = False
                save = session._save_call()
                if save is not None:
                    self._pending = save
                    continue
            if self._commands:
                effect = session._host.plan(self._commands.popleft())  # type: ignore[arg-type]
                if effect.call is not None:
                    self._pending = effect
                elif effect.event is not None:
                    self._answers.append(effect.event)
                continue
            if self._answers or session._queue:
                produced: _Produced = (
                    (self._answers.popleft(), None, False)
                    if self._answers
                    else session._queue.pop(0)()
                )
                event, typed, own = produced
                if event is not None:
                    step = session._apply(event, typed)
                    if own:
                        self.result = step
                    self._save_due = True
                    self._commands.extend(step.commands)
                continue
            if self._closing_save:
                # Once per run: what the commands changed (work done, account). A save that
                # fails is tried again by the next run, not in a loop here.
                self._closing_save = False
                save = session._save_call()
                if save is not None:
                    self._pending = save
                    continue
            session._active = None
            return None

    def give(self, result: object) -> None:
        effect, self._pending = self._pending, None
        if effect is None or effect.answer is None:
            raise RuntimeError("give() without a call from next_call()")
        event = effect.answer(result)
        if event is not None:
            self._answers.append(event)

    def drive(self) -> Transition | None:
        """Run every adapter call on the spot (the sync session's way)."""
        while (call := self.next_call()) is not None:
            self.give(call())
        return self.result


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
        "_steps",
        "_store",
        "_subscribers",
        "_view",
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
        self._queue: list[_Queued] = []
        self._active: Run | None = None
        # Bounded: an app may keep one session for weeks (history_limit in SessionConfig).
        self._log: BoundedLog[_Entry] = BoundedLog(config.history_limit)
        self._steps = 0
        self._last: Transition | None = None
        self._observers: tuple[Observer, ...] = ()
        self._subscribers: tuple[ViewCallback, ...] = ()
        self._view = self._current_view()

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
        # Built on demand: most apps never read it, and a step must stay cheap.
        return tuple(
            HistoryEntry.model_construct(
                event=event,
                source=step.source,
                state=step.state,
                reason=step.reason,
                commands=tuple(c.type for c in step.commands),
                detail=step.detail,
            )
            for event, step, _ in self._log
        )

    @property
    def records(self) -> tuple[Record, ...]:
        """The history in the form the invariant checks read (the last `history_limit`)."""
        return self._records(self._log.tail(self._steps))

    @property
    def step_count(self) -> int:
        """Steps taken since this object was created (not bounded by `history_limit`)."""
        return self._steps

    def records_since(self, count: int) -> tuple[Record, ...]:
        """Records of the steps after the first `count` (`step_count` taken earlier): what an
        observer that keeps up needs, without copying the whole history each time."""
        new = self._steps - max(0, count)
        if new <= 0:
            return ()
        return self._records(self._log.tail(new))

    def _records(self, entries: list[_Entry]) -> tuple[Record, ...]:
        """Records of the newest `entries` of the log, numbered from the session's first step."""
        first = self._steps - len(entries)
        return tuple(
            record_of(first + offset, event, step, available)
            for offset, (event, step, available) in enumerate(entries)
        )

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
        return self._view

    def _current_view(self) -> SessionView:
        state = self._core.current
        last = self._last
        return SessionView(
            state=state,
            user_present=USER_PRESENT[state],
            reason=None if last is None else last.reason,
            account=self._host.account,
            screen=SCREEN[state],
        )

    def subscribe(self, callback: ViewCallback) -> Callable[[], None]:
        """Call `callback(view)` now, with the current `SessionView` — which may say "not known
        yet" (`user_present == "unknown"`), never a guess — and then once on every change of the
        state, the user's presence or the account, with the reason of the step that made it.
        "No user" is told only with a reason that ends the session (invariant 15). Returns the
        function that unsubscribes. A callback that raises is logged by type and kept."""
        self._subscribers = (*self._subscribers, callback)
        self._tell(callback, self._view)

        def unsubscribe() -> None:
            self._subscribers = tuple(c for c in self._subscribers if c is not callback)

        return unsubscribe

    @staticmethod
    def _tell(callback: ViewCallback, view: SessionView) -> None:
        try:
            callback(view)
        except Exception as err:
            log.warning("subscriber raised %s", type(err).__name__)

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
        return self.run(ProtectedDataWillBecomeUnavailable())

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

    def close(self) -> None:
        self._core.close()

    def __repr__(self) -> str:
        return f"AuthSession(state={self.state.value!r}, user_present={self.user_present!r})"

    # The loop ---------------------------------------------------------------------------------
    def _enqueue(self, operation: Operation) -> None:
        host = self._host
        queue = self._queue
        if isinstance(operation, Foreground | ProtectedDataDidBecomeAvailable):
            # The user is here, or the outbox's class just became readable: a revocation waiting
            # for its backoff is tried now (the backoff is the host's; the table decides).
            host.revocation_due_now()
        if isinstance(operation, Poll | RequestWork | Foreground):
            # Due timers first: a token that expired since the last poll must not look valid
            # (F13), and a resumed process fires what fell due while it was suspended.
            for name in host.due_timers():
                queue.append(partial(self._timer, name))
        elif isinstance(operation, ProtectedDataDidBecomeAvailable) and (
            REVOCATION in host.due_timers()
        ):
            queue.append(partial(self._timer, REVOCATION))
        match operation:
            case Launch():
                queue.append(lambda: (AppLaunched(protected_data_available=host.available()),
                                      None, True))  # fmt: skip
            case Login(account=account, password=password):
                typed = Credentials(account=account, secret=password)
                queue.append(partial(self._login, typed))
            case Logout(scope="others"):
                queue.append(lambda: (LogoutOthersRequested(), None, True))
            case Logout(scope=scope):
                queue.append(partial(self._logout, scope))
            case RevocationHinted():
                queue.append(lambda: (RevocationHint(protected_data_available=host.available()),
                                      None, True))  # fmt: skip
            case RequestWork(label=label):
                queue.append(partial(self._work, label))
            case Foreground():
                queue.append(lambda: (AppForegrounded(protected_data_available=host.available()),
                                      None, True))  # fmt: skip
            case ProtectedDataDidBecomeAvailable():
                queue.append(lambda: (ProtectedDataBecameAvailable(), None, True))
            case ProtectedDataWillBecomeUnavailable():
                queue.append(lambda: (ProtectedDataWillBecomeUnavailableEvent(), None, True))
            case StoreChanged():
                queue.append(lambda: (SharedStoreChanged(protected_data_available=host.available()),
                                      None, True))  # fmt: skip
            case Poll():
                pass

    def _login(self, typed: Credentials) -> _Produced:
        # A fact for the table: is this the account whose session the server ended?
        same = self._host.account is not None and typed.account == self._host.account
        return LoginRequested(same_account=same), typed, True

    def _logout(self, scope: Scope) -> _Produced:
        if self._core.current is not State.LOGGING_OUT:
            self._host.logout_scope = "global" if scope == "global" else "local"
        return LogoutRequested(protected_data_available=self._host.available()), None, True

    def _timer(self, name: str) -> _Produced:
        return self._host.fire(name), None, False

    def _work(self, label: str) -> _Produced:
        if len(self._host.pending_work) >= MAX_PENDING_WORK:
            # Every owed label must survive a kill (invariant 3), and the snapshot holds this many:
            # beyond it the request is refused, loudly, rather than silently dropped later.
            log.warning("request_work refused: %d labels already owed", MAX_PENDING_WORK)
            return None, None, True
        self._host.pending_work.append(label)
        return WorkRequested(protected_data_available=self._host.available()), None, True

    def _apply(self, event: MachineEvent, typed: Credentials | None) -> Transition:
        step = self._core.step(event)
        host = self._host
        if isinstance(event, LoginRequested):
            # The login step itself decides whether the typed credentials are used; a secret is
            # held no longer than that decision needs it.
            used = any(isinstance(c, SignIn) for c in step.commands)
            host.secrets.typed_in(typed if used else None)
        self._log.append((shared(event), step, self._core.context.protected_data_available))
        self._steps += 1
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
        view = self._view
        if step.state is not view.state or host.account != view.account:
            # A change of who the user is (state, presence, account): every subscriber is told,
            # with the reason of the step that made it.
            self._view = new = SessionView(
                step.state, USER_PRESENT[step.state], step.reason, host.account, SCREEN[step.state]
            )
            for subscriber in self._subscribers:
                self._tell(subscriber, new)
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
