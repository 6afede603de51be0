"""`AuthSession`: the core bound to real or fake adapters.

Owns: executing the core's commands through the Keychain, Authenticator, Clock and
ProtectedDataSignal adapters, feeding each result back as an event (a FIFO queue, never a
re-entrant callback), the two timers (retry backoff, token expiry, both on monotonic time) and
the in-memory secrets (held only as long as a command needs them), rotation-safe refresh (a
rotated refresh token is stored before the old one is forgotten; a rejection is checked against
the keychain for a sibling's newer token before it is reported: F6, F7) and, when a
`SnapshotStore` is given, saving the durable snapshot after every step and restoring from it.

The loop is written once, as generators that *yield* each adapter call and receive its result:
`AuthSession` runs the calls on the spot, the drivers in `runtime.drivers` run the same generators
under a lock or on an event loop. There is one step loop and one machine, whatever the driver.
Never decides anything the spec table decides. Must not import the CLI or the drivers.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
from collections import deque
from collections.abc import Callable, Generator
from dataclasses import dataclass
from functools import partial
from typing import Final, TypeVar, cast

from pydantic import BaseModel, ConfigDict, SecretStr
from transitions import Machine

from authsession.adapters.authenticator import (
    Accepted,
    Authenticator,
    AuthResult,
    Rejected,
    Transient,
)
from authsession.adapters.clock import Clock
from authsession.adapters.keychain import (
    Credentials,
    Deleted,
    DeleteResult,
    Failed,
    Found,
    Keychain,
    NotFound,
    ReadResult,
    SecretLost,
    Stored,
    StoreResult,
    Unavailable,
)
from authsession.adapters.protected_data import AlwaysAvailable, ProtectedDataSignal
from authsession.core.machine import MACHINE, Context, SessionCore, Step
from authsession.core.records import record_of
from authsession.invariants import Record
from authsession.runtime.backoff import Backoff
from authsession.runtime.config import SessionConfig
from authsession.runtime.snapshot import (
    SessionSnapshot,
    SnapshotContext,
    SnapshotError,
    SnapshotStore,
    dump_snapshot,
    load_snapshot,
)
from authsession.spec.commands import (
    Authenticate,
    Command,
    DeferWork,
    DeleteCredentials,
    NotifyMessage,
    NotifyUser,
    PerformWork,
    ReadCredentials,
    ScheduleRetry,
    SignIn,
    StoreCredentials,
)
from authsession.spec.events import (
    AppLaunched,
    AuthAccepted,
    AuthRejected,
    AuthTransient,
    DeleteCompleted,
    DeleteFailed,
    DeleteUnavailable,
    KeychainFailed,
    KeychainFound,
    KeychainNotFound,
    KeychainSecretLost,
    KeychainUnavailable,
    LoginRequested,
    LogoutRequested,
    MachineEvent,
    ProtectedDataBecameAvailable,
    ProtectedDataWillBecomeUnavailable,
    RetryDue,
    StoreCompleted,
    StoreFailed,
    StoreUnavailable,
    TokenExpired,
    WorkRequested,
)
from authsession.spec.states import SIGNED_OUT_STATES, State, UserPresence

log = logging.getLogger("authsession")

WorkHandler = Callable[[str, SecretStr], None]
_R = TypeVar("_R")


@dataclass(frozen=True, slots=True)
class AdapterCall:
    """One adapter call, already guarded (it never raises): what the step loop yields to its
    driver. `blocking` is the adapter's own word (`blocking = False` on its class: it never
    waits on I/O); an adapter that says nothing may block."""

    run: Callable[[], object]
    blocking: bool

    def __call__(self) -> object:
        return self.run()


def may_block(adapter: object) -> bool:
    """Whether calls to `adapter` may block (the default for any adapter that does not declare
    `blocking = False`): the asyncio driver runs those in a worker thread."""
    return bool(getattr(adapter, "blocking", True))


#: A public operation as the drivers see it: yields adapter calls, receives their results.
Operation = Generator[AdapterCall, object, None]
_RETRY: Final = "retry"
_TOKEN_EXPIRY: Final = "token_expiry"


_E = TypeVar("_E", bound=BaseModel)


_EVENTS: dict[tuple[type[BaseModel], bool | None], BaseModel] = {}


def _event(cls: type[_E], available: bool | None = None) -> _E:
    """Events are immutable values and the runtime sends the same few over and over: each is
    built (and validated) once per process."""
    key = (cls, available)
    event = _EVENTS.get(key)
    if event is None:
        event = cls() if available is None else cls(protected_data_available=available)
        _EVENTS[key] = event
    return cast(_E, event)


class HistoryEntry(BaseModel):
    """One step as the app may log it: no secrets, ever."""

    model_config = ConfigDict(frozen=True)

    event: MachineEvent
    source: State
    state: State
    reason: str
    commands: tuple[str, ...]
    detail: str | None = None


class AuthSession:
    """A sign-in session that never mistakes an unreadable keychain for a missing user.

    >>> from authsession.testing import (
    ...     FakeProtectedData, ManualClock, MemoryKeychain, ScriptedAuthenticator)
    >>> device = FakeProtectedData(available=True)
    >>> session = AuthSession(keychain=MemoryKeychain(available=device.available),
    ...     clock=ManualClock(), authenticator=ScriptedAuthenticator(), protected_data=device)
    >>> session.launch(); session.state.value
    'logged_out'
    >>> session.login("ada", "correct horse"); session.state.value
    'logged_in'
    >>> device.lock(); session.user_present   # a locked device still has its user
    'yes'
    """

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
        machine: Machine = MACHINE,
    ) -> None:
        """`store`: save the durable snapshot there after every step, and (unless `snapshot` is
        given) restore from what it holds. A snapshot that cannot be used is kept in
        `snapshot_error` and the session starts fresh: the keychain still knows the user.
        `machine`: the `transitions` machine the core runs on — the shipped spec's unless a test
        plugs in one built from a mutated table (`authsession.core.machine.build_machine`)."""
        self.keychain = keychain
        self.clock = clock
        self.authenticator = authenticator
        self.protected_data = protected_data if protected_data is not None else AlwaysAvailable()
        self.config = config if config is not None else SessionConfig()
        self._work_handler = work_handler
        self._on_notify = on_notify
        self._store = store
        self.snapshot_error: SnapshotError | None = None
        if snapshot is None and store is not None:
            try:
                snapshot = load_snapshot(store)
            except SnapshotError as err:
                self.snapshot_error = err
                log.warning("snapshot ignored, starting fresh: %s", err)
        self._sequence = 0 if snapshot is None else snapshot.sequence
        restored_work = () if snapshot is None else snapshot.pending_work
        self._core = SessionCore(
            State.STARTING if snapshot is None else snapshot.restored_state(),
            Context(work_pending=bool(restored_work)),
            machine=machine,
        )
        self._account: str | None = None if snapshot is None else snapshot.account
        self._saved: tuple[object, ...] | None = None
        self._backoff = Backoff(
            base=self.config.retry_base,
            cap=self.config.retry_cap,
            jitter=self.config.retry_jitter,
            seed=self.config.seed,
        )
        self._attempt = 0
        self._queue: deque[MachineEvent] = deque()
        self._dispatching = False
        self._timers: dict[str, float] = {}
        # Bounded: an app may keep one session for weeks (history_limit in SessionConfig).
        limit = self.config.history_limit
        self._records: deque[Record] = deque(maxlen=limit)
        self._history: deque[tuple[MachineEvent, Step]] = deque(maxlen=limit)
        self._steps = 0
        # Secrets, each held only while a command still needs it.
        self._read: Credentials | None = None  # read for the authenticate that follows
        self._unsaved: Credentials | None = None  # typed by the user, not yet stored
        self._before_login: Credentials | None = None  # what was unsaved before a login call
        self._token: SecretStr | None = None
        # A refresh token the server rotated to whose keychain write has not completed yet: the
        # only secret the server still honours, so it is sent instead of what the keychain holds.
        self._rotated: Credentials | None = None
        # Digests (never the values) of secrets this process saw rotated away: a re-read that
        # finds one of them has found the old token, not a sibling's newer one.
        self._retired: set[bytes] = set()
        self._pending_work: deque[str] = deque(restored_work)
        self.completed_work: list[str] = []
        self.notifications: list[NotifyMessage] = []

    # What the app reads -----------------------------------------------------------------------
    @property
    def state(self) -> State:
        return self._core.current

    @property
    def user_present(self) -> UserPresence:
        """`yes`, `no` or `unknown` — never `no` while the credentials can't be read."""
        return self._core.user_present

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
            for event, step in self._history
        )

    @property
    def records(self) -> tuple[Record, ...]:
        """The history in the form the invariant checks read (the last `history_limit`)."""
        return tuple(self._records)

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
        kept = len(self._records)
        return tuple(itertools.islice(self._records, max(0, kept - new), kept))

    @property
    def access_token(self) -> SecretStr | None:
        """The session token while it is valid (monotonic time), else None."""
        deadline = self._timers.get(_TOKEN_EXPIRY)
        if self._token is None or deadline is None or self.clock.monotonic() >= deadline:
            return None
        return self._token

    @property
    def pending_work(self) -> tuple[str, ...]:
        return tuple(self._pending_work)

    @property
    def account(self) -> str | None:
        """The last known account id (not a secret); None once the user is gone."""
        return self._account

    def snapshot(self) -> SessionSnapshot:
        """The durable, secret-free part of the session as it is now."""
        ctx = self._core.context
        state = self._core.current
        return SessionSnapshot(
            state=state,
            context=SnapshotContext(**ctx.as_dict()),
            pending_work=tuple(self._pending_work),
            logout_tombstone=state is State.LOGGING_OUT,
            account=self._account,
            sequence=self._sequence,
        )

    @property
    def next_deadline(self) -> float | None:
        """Monotonic time at which `poll()` next has something to do."""
        return min(self._timers.values(), default=None)

    # What the app tells it -------------------------------------------------------------------
    # Each public call runs its operation right here; the drivers run the same `_op_*` generators.
    def launch(self) -> None:
        """The process started (any launch mode, prewarm included)."""
        self._run(self._op_launch())

    def login(self, account: str, password: str | SecretStr) -> None:
        """The user typed credentials. They are stored only once the server accepts them."""
        self._run(self._op_login(account, password))

    def logout(self) -> None:
        self._run(self._op_event(_event(LogoutRequested)))

    def request_work(self, label: str = "work") -> None:
        """Ask for something that needs an authenticated server call (sync, background fetch)."""
        self._run(self._op_request_work(label))

    def protected_data_did_become_available(self) -> None:
        self._run(self._op_event(_event(ProtectedDataBecameAvailable)))

    def protected_data_will_become_unavailable(self) -> None:
        self._run(self._op_event(_event(ProtectedDataWillBecomeUnavailable)))

    def foreground(self) -> None:
        """The app came to the foreground. iOS may never deliver the did-become-available
        notification to a suspended app, so re-check the signal here."""
        self._run(self._op_foreground())

    def poll(self) -> None:
        """Fire every timer whose monotonic deadline has passed."""
        self._run(self._op_poll())

    # Operations (generators: they yield adapter calls) ----------------------------------------
    def _op_event(self, event: MachineEvent) -> Operation:
        yield from self._process(event)

    def _op_launch(self) -> Operation:
        yield from self._process(_event(AppLaunched, self.protected_data.available()))

    def _op_login(self, account: str, password: str | SecretStr) -> Operation:
        secret = password if isinstance(password, SecretStr) else SecretStr(password)
        self._before_login, self._unsaved = (
            self._unsaved,
            Credentials(account=account, secret=secret),
        )
        # The login step itself decides whether these credentials are used (`_apply`): it may
        # run later than this call (a login from inside a step is queued).
        yield from self._process(_event(LoginRequested))

    def _op_request_work(self, label: str) -> Operation:
        # Due timers first: a token that expired since the last poll must not look valid (F13).
        yield from self._op_poll()
        self._pending_work.append(label)
        available = self.protected_data.available()
        yield from self._process(_event(WorkRequested, available))

    def _op_foreground(self) -> Operation:
        if self.protected_data.available():
            yield from self._process(_event(ProtectedDataBecameAvailable))

    def _op_poll(self) -> Operation:
        now = self.clock.monotonic()
        for name in sorted(self._timers, key=self._timers.__getitem__):
            if self._timers.get(name, now + 1) <= now:
                del self._timers[name]
                available = self.protected_data.available()
                yield from self._process(
                    _event(RetryDue, available) if name == _RETRY else _event(TokenExpired)
                )

    def close(self) -> None:
        self._core.close()

    def __repr__(self) -> str:
        return f"AuthSession(state={self.state.value!r}, user_present={self.user_present!r})"

    # The loop ---------------------------------------------------------------------------------
    @staticmethod
    def _run(operation: Operation) -> None:
        """Drive an operation synchronously: every adapter call runs on the spot."""
        try:
            call = next(operation)
            while True:
                call = operation.send(call())
        except StopIteration:
            pass

    def _process(self, event: MachineEvent) -> Operation:
        self._queue.append(event)
        if self._dispatching:
            return  # a call made from inside a step (a work handler): the running loop takes it
        self._dispatching = True
        try:
            while self._queue:
                yield from self._apply(self._queue.popleft())
            if self._rotated is not None and self.protected_data.available():
                yield from self._persist_rotated()  # a write that failed earlier: try again
            yield from self._save()
        finally:
            self._dispatching = False

    def _apply(self, event: MachineEvent) -> Operation:
        step = self._core.step(event)
        available = self._core.context.protected_data_available
        self._records.append(record_of(self._steps, event, step, available))
        self._history.append((event, step))
        self._steps += 1
        if event.type == "login_requested":
            if not any(isinstance(c, SignIn) for c in step.commands):
                self._unsaved = self._before_login  # not offered here: keep what was pending
            self._before_login = None  # a secret: held no longer than the decision needs it
        log.debug("%s: %s -> %s (%s)", event.type, step.source, step.state, step.reason)
        if step.changed:
            self._attempt = 0
            self._timers.pop(_RETRY, None)
        if step.state in SIGNED_OUT_STATES:
            self._forget_user()
        # Saved before the commands run: a kill during a delete or an authentication must find
        # the tombstone or the owed work on disk.
        yield from self._save()
        for command in step.commands:
            follow_up = yield from self._execute(command)
            if follow_up is not None:
                self._queue.append(follow_up)

    def _save(self) -> Operation:
        store = self._store
        if store is None:
            return
        ctx = self._core.context
        # Everything `snapshot()` holds but the sequence, compared before building anything:
        # most steps change nothing durable, and then nothing is written.
        key = (self._core.state, *ctx.as_tuple(), tuple(self._pending_work), self._account)
        if key == self._saved:
            return
        self._sequence += 1
        data = dump_snapshot(self.snapshot())
        if (yield from _call(partial(_save_to, store, data), False, store)):
            self._saved = key

    def _forget_user(self) -> None:
        self._read = None
        self._token = None
        self._timers.pop(_TOKEN_EXPIRY, None)
        self._pending_work.clear()
        self._unsaved = None
        self._before_login = None
        self._account = None
        self._rotated = None
        self._retired.clear()

    # Commands ---------------------------------------------------------------------------------
    def _execute(self, command: Command) -> Generator[AdapterCall, object, MachineEvent | None]:
        match command:
            case ReadCredentials():
                return (yield from self._read_credentials())
            case Authenticate():
                credentials, self._read = self._read, None
                if credentials is None:  # the table only authenticates right after a Found
                    raise RuntimeError("authenticate commanded without credentials just read")
                return (yield from self._refresh(credentials))
            case SignIn():
                if self._unsaved is None:
                    raise RuntimeError("sign_in commanded without credentials from the user")
                return (yield from self._sign_in(self._unsaved))
            case StoreCredentials():
                return (yield from self._store_credentials())
            case DeleteCredentials():
                return (yield from self._delete())
            case PerformWork():
                self._perform_work()
            case ScheduleRetry():
                delay = self._backoff.delay(self._attempt)
                self._attempt += 1
                self._timers[_RETRY] = self.clock.monotonic() + delay
            case NotifyUser(message=message):
                self.notifications.append(message)
                if self._on_notify is not None:
                    self._on_notify(message)
            case DeferWork():
                # The labels are already queued in memory and, with a store, on disk: the
                # snapshot saved right after this step holds them (invariant 3 across a kill).
                pass
        return None

    def _read_credentials(self) -> Generator[AdapterCall, object, MachineEvent]:
        fallback: ReadResult = Failed(detail="adapter raised")
        result = yield from _call(self.keychain.read, fallback, self.keychain)
        available = self.protected_data.available()
        match result:
            case Found(credentials=credentials):
                self._read = credentials
                self._account = credentials.account
                return _event(KeychainFound, available)
            case NotFound():
                return _event(KeychainNotFound, available)
            case Unavailable():
                return _event(KeychainUnavailable, available)
            case SecretLost(cause=cause):
                return KeychainSecretLost(protected_data_available=available, cause=cause)
            case _:
                return _event(KeychainFailed, available)

    def _ask(self, credentials: Credentials) -> Generator[AdapterCall, object, AuthResult]:
        fallback: AuthResult = Transient(detail="adapter raised")
        call = partial(self.authenticator.authenticate, credentials)
        return (yield from _call(call, fallback, self.authenticator))

    def _sign_in(self, typed: Credentials) -> Generator[AdapterCall, object, MachineEvent]:
        result = yield from self._ask(typed)
        if isinstance(result, Accepted) and result.refresh_token is not None:
            # The server issued a refresh token for the password: that is what the core's
            # store_credentials writes (the password itself is not kept once it has one).
            self._unsaved = Credentials(account=typed.account, secret=result.refresh_token)
        return self._outcome(typed, result)

    def _refresh(self, read: Credentials) -> Generator[AdapterCall, object, MachineEvent]:
        """Authenticate with the stored secret, rotation-safe (F6, F7)."""
        credentials = read
        pending = self._rotated
        if pending is not None:
            # The keychain still holds the token the server rotated away: never send it again.
            credentials = pending
            yield from self._persist_rotated()
        result = yield from self._ask(credentials)
        if isinstance(result, Rejected):
            sibling = yield from self._reread_after_rejection(credentials)
            if isinstance(sibling, Credentials):
                # A sibling (app extension, another task) rotated the token under us: its token
                # is the live one. Retry once; a second rejection is the server's verdict.
                credentials = sibling
                result = yield from self._ask(sibling)
            elif sibling is not None:
                return sibling
        if isinstance(result, Accepted) and result.refresh_token is not None:
            self._retired.add(_digest(credentials.secret))
            self._rotated = Credentials(account=credentials.account, secret=result.refresh_token)
            # Store first; only when the store completes is the old secret forgotten (it already
            # is in memory: `credentials` dies with this frame, the keychain is overwritten).
            yield from self._persist_rotated()
        return self._outcome(credentials, result)

    def _reread_after_rejection(
        self, sent: Credentials
    ) -> Generator[AdapterCall, object, Credentials | MachineEvent | None]:
        """After a rejection: a different secret in the keychain (Credentials), a rejection that
        cannot be checked now (an `AuthTransient` event), or None — the rejection stands."""
        if not self.protected_data.available():
            # Reading now would break invariant 2; an unchecked rejection is not final yet.
            return _event(AuthTransient)
        fallback: ReadResult = Failed(detail="adapter raised")
        result = yield from _call(self.keychain.read, fallback, self.keychain)
        match result:
            case Found(credentials=found):
                fresh = _digest(found.secret)
                if fresh == _digest(sent.secret) or fresh in self._retired:
                    return None
                return found
            case Unavailable() | Failed():
                return _event(AuthTransient)
            case _:
                return None

    def _persist_rotated(self) -> Operation:
        rotated = self._rotated
        if rotated is None:
            return
        fallback: StoreResult = Failed(detail="adapter raised")
        store = partial(self.keychain.store, rotated, self.config.protection)
        result = yield from _call(store, fallback, self.keychain)
        if isinstance(result, Stored):
            if self._rotated is rotated:
                self._rotated = None
        else:
            log.info("rotated refresh token kept in memory: keychain store %s", result.kind)

    def _outcome(self, credentials: Credentials, result: AuthResult) -> MachineEvent:
        match result:
            case Accepted(token=token, expires_in=expires_in):
                self._token = token
                self._account = credentials.account
                lifetime = max(0.0, expires_in - self.config.token_leeway)
                self._timers[_TOKEN_EXPIRY] = self.clock.monotonic() + lifetime
                return _event(AuthAccepted)
            case Rejected():
                return _event(AuthRejected)
            case _:
                return _event(AuthTransient)

    def _store_credentials(self) -> Generator[AdapterCall, object, MachineEvent | None]:
        unsaved = self._unsaved
        if unsaved is None:
            return None
        fallback: StoreResult = Failed(detail="adapter raised")
        store = partial(self.keychain.store, unsaved, self.config.protection)
        result = yield from _call(store, fallback, self.keychain)
        match result:
            case Stored():
                self._unsaved = None
                return _event(StoreCompleted)
            case Unavailable():
                return _event(StoreUnavailable)
            case _:
                return _event(StoreFailed)

    def _delete(self) -> Generator[AdapterCall, object, MachineEvent]:
        fallback: DeleteResult = Failed(detail="adapter raised")
        result = yield from _call(self.keychain.delete, fallback, self.keychain)
        match result:
            case Deleted():
                return _event(DeleteCompleted)
            case Unavailable():
                return _event(DeleteUnavailable)
            case _:
                return _event(DeleteFailed)

    def _perform_work(self) -> None:
        token = self._token
        while self._pending_work:
            label = self._pending_work.popleft()
            if self._work_handler is not None and token is not None:
                self._work_handler(label, token)
            self.completed_work.append(label)


def _call(
    call: Callable[[], _R], fallback: _R, adapter: object
) -> Generator[AdapterCall, object, _R]:
    """Hand one adapter call to whoever drives the loop; resume with its (guarded) result."""
    result = yield AdapterCall(partial(_guarded, call, fallback), may_block(adapter))
    return cast(_R, result)


def _digest(secret: SecretStr) -> bytes:
    return hashlib.sha256(secret.get_secret_value().encode()).digest()


def _save_to(store: SnapshotStore, data: bytes) -> bool:
    # A full disk must not stop the session: the next step tries again (`_saved` is unchanged).
    store.save(data)
    return True


def _guarded(call: Callable[[], _R], fallback: _R) -> _R:
    """Run an adapter call; an adapter that raises is a transient failure, not a verdict on the
    user. Only the exception's type is logged: its message could quote a secret."""
    try:
        return call()
    except Exception as err:
        log.warning("adapter call failed with %s; treated as transient", type(err).__name__)
        return fallback
