"""The host: what each command of the table means in terms of adapters, as data.

Owns: `Host.plan()` — the one mapping from command to `Effect` (`runtime/effects.py`: an adapter
call plus the function that turns its result into the machine event that answers the command, or
an answer ready now), which changes nothing; the revocation commands' plans are in
`runtime/revocation_calls.py`, the calls into the app in `runtime/app_calls.py` —
and `Host.perform()`, which runs an effect's part inside the host; the sampling of the
protected-data signal (before *and* after a read; for a NotFound, for every class the item may be
stored under), the two timers on monotonic time (retry backoff, token expiry), and the guards
that make every adapter or callback failure that call's failure event: a keychain or
authenticator that raises is `Failed`/`Transient`, a signal that raises says "unavailable", a
clock that raises keeps its last reading, a work handler or `on_notify` that raises is logged
by type and the rest goes on. The host decides nothing the table decides: it answers commands
with facts. Must not import the session, the drivers or the CLI.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable
from functools import partial
from typing import Final, Protocol, TypeVar

from pydantic import SecretStr

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
from authsession.adapters.lease import RefreshLease, SoloLease
from authsession.adapters.protected_data import ProtectedDataSignal
from authsession.adapters.revocation import (
    MemoryOutbox,
    NoRevocationEndpoint,
    QueuedScope,
    RevocationOutbox,
    Revoker,
)

# TOKEN_WORK is re-exported: the drivers and the package's names read it from here.
from authsession.runtime.app_calls import TOKEN_WORK as TOKEN_WORK
from authsession.runtime.app_calls import fail_work, notify_user, perform_work
from authsession.runtime.backoff import Backoff
from authsession.runtime.bounded import BoundedLog
from authsession.runtime.config import SessionConfig
from authsession.runtime.effects import AdapterCall, Effect, _no_answer, may_block
from authsession.runtime.revocation_calls import queue_revocation, revoke, revoke_others
from authsession.runtime.secrets import CredentialHolder
from authsession.spec import host as rules
from authsession.spec.commands import (
    AcquireLease,
    Authenticate,
    Command,
    DeferWork,
    DeleteCredentials,
    FailReason,
    FailWork,
    NotifyMessage,
    NotifyUser,
    PerformWork,
    QueueRevocation,
    ReadCredentials,
    ReleaseLease,
    Revoke,
    RevokeOthers,
    ScheduleRetry,
    ScheduleRevocation,
    SignIn,
    StoreCredentials,
)
from authsession.spec.events import (
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
    LeaseAcquired,
    LeaseBusy,
    MachineEvent,
    RetryDue,
    RevocationDue,
    StoreCompleted,
    StoreFailed,
    StoreUnavailable,
    TokenExpired,
)
from authsession.spec.protection import ProtectionClass

log = logging.getLogger("authsession")

WorkHandler = Callable[[str, SecretStr], None]
#: Told of each unit of owed work handed back (`fail_work`): the label and why.
WorkFailedHandler = Callable[[str, FailReason], None]
_R = TypeVar("_R")
RETRY: Final = rules.RETRY_TIMER
TOKEN_EXPIRY: Final = rules.TOKEN_TIMER
#: The revocation outbox's own timer: a change of state does not cancel it.
REVOCATION: Final = rules.REVOCATION_TIMER


class ClassSignal(Protocol):
    """A protected-data signal that can answer for one class (`available_for`): needed when an
    earlier app version may have stored the item under another class than the configured one."""

    def available_for(self, protection: ProtectionClass) -> bool: ...


def _warn_no_credentials() -> None:
    log.warning("authenticate commanded with no credentials to send")


class Host:
    """Adapters, config, the secret holder, timers and the app-visible bookkeeping of one
        session. `plan()` turns each command into an `Effect` without changing anything; `perform()`
    runs the effect's part inside the host. Nothing here chooses a state."""

    # Slots: one host per session, and an instance dict would be a fifth of an idle session.
    __slots__ = (
        "_clock_ok",
        "_item_classes",
        "_last_now",
        "account",
        "attempt",
        "authenticator",
        "backoff",
        "clock",
        "completed_work",
        "config",
        "failed_work",
        "keychain",
        "lease",
        "logout_scope",
        "notifications",
        "on_notify",
        "on_work_failed",
        "outbox",
        "pending_work",
        "protected_data",
        "retry_after",
        "revocation_attempt",
        "revoker",
        "secrets",
        "timers",
        "work_handler",
    )

    def __init__(
        self,
        *,
        keychain: Keychain,
        clock: Clock,
        authenticator: Authenticator,
        protected_data: ProtectedDataSignal,
        config: SessionConfig,
        work_handler: WorkHandler | None,
        on_notify: Callable[[NotifyMessage], None] | None,
        pending_work: Iterable[str] = (),
        account: str | None = None,
        lease: RefreshLease | None = None,
        outbox: RevocationOutbox | None = None,
        revoker: Revoker | None = None,
        on_work_failed: WorkFailedHandler | None = None,
        logout_scope: QueuedScope = "local",
    ) -> None:
        self.keychain = keychain
        self.outbox: RevocationOutbox = outbox if outbox is not None else MemoryOutbox()
        self.revoker: Revoker = revoker if revoker is not None else NoRevocationEndpoint()
        self.on_work_failed = on_work_failed
        #: The scope of the sign-out whose wipe is in progress (what the outbox entry says).
        self.logout_scope: QueuedScope = logout_scope
        self.revocation_attempt = 0
        self.lease: RefreshLease = lease if lease is not None else SoloLease()
        self.clock = clock
        self.authenticator = authenticator
        self.protected_data = protected_data
        self.config = config
        self.work_handler = work_handler
        self.on_notify = on_notify
        self.secrets = CredentialHolder()
        self.account = account
        self.backoff = Backoff(
            base=config.retry_base, cap=config.retry_cap, jitter=config.retry_jitter,
            seed=config.seed,
        )  # fmt: skip
        self.attempt = 0
        #: The server's `Retry-After` on the last transient answer: the next retry waits at least
        #: this long (a fact of the answer, not a decision: the table still says "retry").
        self.retry_after: float | None = None
        self.timers: dict[str, float] = {}
        # A list: owed labels are few and taken from the front all at once (`_perform_work`).
        self.pending_work: list[str] = list(pending_work)
        limit = config.history_limit
        # Bounded like the history: an app keeps one session for weeks.
        self.completed_work: BoundedLog[str] = BoundedLog(limit)
        self.failed_work: BoundedLog[str] = BoundedLog(limit)
        self.notifications: BoundedLog[NotifyMessage] = BoundedLog(limit)
        self._last_now = 0.0
        self._clock_ok = True
        self._item_classes = tuple(
            p for p in dict.fromkeys((config.protection, *config.earlier_protections))
        )
        if config.earlier_protections and not callable(
            getattr(protected_data, "available_for", None)
        ):
            raise TypeError(
                "config.earlier_protections needs a protected-data signal with "
                "available_for(protection): a NotFound is authoritative only while every class "
                "the item may be stored under is readable"
            )

    # Facts the host samples --------------------------------------------------------------------
    def available(self) -> bool:
        """The signal for the configured class. A signal that raises says "unavailable": the
        cautious answer (nothing is read, nothing is concluded)."""
        try:
            return bool(self.protected_data.available())
        except Exception as err:
            log.warning("protected-data signal raised %s", type(err).__name__)
            return False

    def item_available(self) -> bool:
        """The signal for every class the item may be stored under (configured and earlier)."""
        if len(self._item_classes) == 1:
            return self.available()
        signal: ClassSignal = self.protected_data  # type: ignore[assignment]
        try:
            return all(bool(signal.available_for(p)) for p in self._item_classes)
        except Exception as err:
            log.warning("protected-data signal raised %s", type(err).__name__)
            return False

    def now(self) -> float:
        """Monotonic time; a clock that raises keeps its last reading (timers fire late, never
        early, and nothing is decided on a made-up time)."""
        try:
            reading = float(self.clock.monotonic())
        except Exception as err:
            log.warning("clock raised %s", type(err).__name__)
            self._clock_ok = False
            return self._last_now
        # NaN compares false with every deadline: a token timed by it would never expire, a
        # retry never fall due. An infinite reading would fire every timer at once.
        self._clock_ok = math.isfinite(reading)
        if self._clock_ok:
            self._last_now = reading
        else:
            log.warning("clock answered a non-finite reading; keeping the last one")
        return self._last_now

    def due_timers(self) -> list[str]:
        """Names of the timers whose deadline has passed, earliest first."""
        now = self.now()
        return sorted((n for n, d in self.timers.items() if d <= now), key=self.timers.__getitem__)

    def fire(self, name: str) -> MachineEvent | None:
        """The event a due timer answers with, or None if it is no longer armed or due."""
        deadline = self.timers.get(name)
        if deadline is None or deadline > self.now():
            return None
        del self.timers[name]
        if name == RETRY:
            return RetryDue(protected_data_available=self.available())
        if name == REVOCATION:
            return RevocationDue(protected_data_available=self.available())
        return TokenExpired()

    def revocation_due_now(self) -> None:
        """The user is here (a foreground) or protected data just became available: a revocation
        waiting for its backoff is tried now — the network may be back, the outbox readable.
        The backoff curve is the host's, not a decision of the table."""
        if REVOCATION in self.timers:
            self.timers[REVOCATION] = min(self.timers[REVOCATION], self.now())
            self.revocation_attempt = 0

    @property
    def access_token(self) -> SecretStr | None:
        deadline = self.timers.get(TOKEN_EXPIRY)
        token = self.secrets.token
        # A clock that cannot be read now cannot vouch that the token is still valid.
        if token is None or deadline is None or self.now() >= deadline or not self._clock_ok:
            return None
        return token

    def state_changed(self) -> None:
        # A retry armed for the state just left answers a question nobody asks any more.
        self.attempt = 0
        self.timers.pop(RETRY, None)

    def user_gone(self, *, wiping: bool = False, keep_work: bool = False) -> None:
        """The table signed the user out: drop every secret (but, while the wipe runs, what must
        still reach the revocation outbox), the token's timer, owed work (unless a `fail_work`
        of this step hands it back) and the account."""
        self.secrets.forget(wiping=wiping)
        self.timers.pop(TOKEN_EXPIRY, None)
        if not keep_work:
            self.pending_work.clear()
        self.account = None

    def session_ended(self) -> None:
        """The server ended the session: drop every secret and the token's timer; the account
        and the work owed for it stay, for the same account's sign-in."""
        self.secrets.forget()
        self.timers.pop(TOKEN_EXPIRY, None)

    # Commands ---------------------------------------------------------------------------------
    def plan(self, command: Command) -> Effect:
        """What `command` means, as a value: planning reads the host and changes nothing (no
        adapter, signal, clock or callback is called); `perform` then runs its `local` part."""
        match command:
            case ReadCredentials():
                return self._read()
            case Authenticate():
                return self._authenticate(self.secrets.for_authentication())
            case SignIn():
                return self._authenticate(self.secrets.typed)
            case StoreCredentials():
                return self._store()
            case DeleteCredentials():
                return self._delete()
            case PerformWork():
                return Effect(local=partial(perform_work, self))
            case ScheduleRetry():
                return Effect(local=self._schedule_retry)
            case NotifyUser(message=message):
                return Effect(local=partial(notify_user, self, message))
            case DeferWork():
                # The labels are already queued in memory and, with a store, in the snapshot the
                # session saves right after the step (invariant 3 across a kill).
                pass
            case AcquireLease():
                return self._acquire()
            case ReleaseLease():
                call = self._call(self.lease, "lease", "release", self.lease.release, None)
                return Effect(call, _no_answer)
            case QueueRevocation():
                return queue_revocation(self)
            case Revoke():
                return revoke(self)
            case ScheduleRevocation():
                return Effect(local=self._schedule_revocation)
            case RevokeOthers():
                return revoke_others(self)
            case FailWork(reason=reason):
                return Effect(local=partial(fail_work, self, reason))
        return Effect()

    def perform(self, effect: Effect) -> None:
        """Run what a planned command does inside the host (once, before its adapter call)."""
        if effect.local is not None:
            effect.local()

    def _schedule_retry(self) -> None:
        delay = self.backoff.delay(self.attempt)
        if self.retry_after is not None:
            delay = max(delay, self.retry_after)
            self.retry_after = None
        self.attempt += 1
        self.timers[RETRY] = self.now() + delay

    def _schedule_revocation(self) -> None:
        delay = self.backoff.delay(self.revocation_attempt)
        self.revocation_attempt += 1
        self.timers[REVOCATION] = self.now() + delay

    def _acquire(self) -> Effect:
        def answer(result: object) -> MachineEvent:
            # A lease storage that raised is "busy": wait and try again, never refresh blind.
            if result is True:
                return LeaseAcquired(protected_data_available=self.available())
            return LeaseBusy()

        call = self._call(self.lease, "lease", "acquire", self.lease.acquire, False)
        return Effect(call, answer)

    def _call(self, adapter: object, name: str, operation: str, run: Callable[[], _R],
              failure: _R) -> AdapterCall[object]:  # fmt: skip
        return AdapterCall(name, operation, run, failure, may_block(adapter))

    def _read(self) -> Effect:
        before: list[bool] = []

        def sample() -> None:
            # The signal before the read: the answer trusts only what held on both sides of it.
            before[:] = (self.available(), self.item_available())

        def answer(result: object) -> MachineEvent:
            available = before[0] and self.available()
            match result:
                case Found(credentials=credentials):
                    self.account = credentials.account
                    elsewhere = self.secrets.found(credentials)
                    return KeychainFound(
                        protected_data_available=available, rotated_elsewhere=elsewhere
                    )
                case NotFound():
                    # Authoritative only if every class the item may be under was readable
                    # before and after the read (an earlier version may have used a stricter
                    # one; iOS may answer -25300 for a locked item).
                    absent = before[1] and self.item_available()
                    return KeychainNotFound(protected_data_available=absent)
                case Unavailable():
                    return KeychainUnavailable(protected_data_available=available)
                case SecretLost(cause=cause):
                    return KeychainSecretLost(protected_data_available=available, cause=cause)
                case _:
                    return KeychainFailed(protected_data_available=available)

        failed: ReadResult = Failed(detail="adapter raised")
        call = self._call(self.keychain, "keychain", "read", self.keychain.read, failed)
        return Effect(call, answer, local=sample)

    def _authenticate(self, credentials: Credentials | None) -> Effect:
        if credentials is None:
            # The table authenticates only right after a read found credentials or while some
            # are in hand; if neither is here the request cannot be sent (F4: never send one
            # without credentials), which says nothing about the user.
            return Effect(event=AuthTransient(), local=_warn_no_credentials)

        def answer(result: object) -> MachineEvent:
            match result:
                case Accepted(token=token, expires_in=expires_in, refresh_token=refresh):
                    self.account = credentials.account
                    rotated = self.secrets.accepted(credentials, token, refresh)
                    # A token that lives no longer than the leeway would never count as valid.
                    leeway = min(
                        self.config.token_leeway, expires_in * rules.TOKEN_LEEWAY_MAX_FRACTION
                    )
                    self.timers[TOKEN_EXPIRY] = self.now() + expires_in - leeway
                    return AuthAccepted(rotated=rotated)
                case Rejected():
                    self.secrets.refused(credentials)
                    return AuthRejected(protected_data_available=self.available())
                case Transient(retry_after=retry_after):
                    self.secrets.refused(credentials)
                    self.retry_after = retry_after
                    return AuthTransient()
                case _:
                    self.secrets.refused(credentials)
                    return AuthTransient()

        failed: AuthResult = Transient(detail="adapter raised")
        run = partial(self.authenticator.authenticate, credentials)
        call = self._call(self.authenticator, "authenticator", "authenticate", run, failed)
        return Effect(call, answer, local=partial(self.secrets.sending, credentials))

    def _store(self) -> Effect:
        credentials = self.secrets.in_hand
        if credentials is None:
            return Effect(event=StoreCompleted())  # nothing unsaved: nothing to write

        def answer(result: object) -> MachineEvent:
            match result:
                case Stored():
                    self.secrets.stored(credentials)
                    return StoreCompleted()
                case Unavailable():
                    return StoreUnavailable(protected_data_available=self.available())
                case _:
                    return StoreFailed()

        failed: StoreResult = Failed(detail="adapter raised")
        run = partial(self.keychain.store, credentials, self.config.protection)
        return Effect(self._call(self.keychain, "keychain", "store", run, failed), answer)

    def _delete(self) -> Effect:
        def answer(result: object) -> MachineEvent:
            match result:
                case Deleted():
                    return DeleteCompleted()
                case Unavailable():
                    return DeleteUnavailable(protected_data_available=self.available())
                case _:
                    return DeleteFailed()

        failed: DeleteResult = Failed(detail="adapter raised")
        call = self._call(self.keychain, "keychain", "delete", self.keychain.delete, failed)
        return Effect(call, answer)
