"""The table's row type and the families of rows it is written with.

Owns: `Rule` (one row) and the builders that write a decision once for every row that shares it
— "can't read now" is deferred or unavailable, never signed out; a NotFound counts only while
readable; a sign-out is at once; owed work is handed back, never dropped; the revocation outbox
drains in every state; a refresh runs under the lease and gives it back. `authsession.spec.table`
writes the rows with them and re-exports `Rule`. Must not import anything but the spec's own
modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from authsession.spec.commands import (
    AcquireLease,
    Authenticate,
    Command,
    DeferWork,
    FailReason,
    FailWork,
    ReadCredentials,
    ReleaseLease,
    Revoke,
    ScheduleRetry,
    ScheduleRevocation,
)
from authsession.spec.events import (
    KeychainNotFound,
    KeychainUnavailable,
    LogoutRequested,
    RevocationCompleted,
    RevocationDue,
    RevocationFailed,
    RevocationUnavailable,
    _Event,
    event_type,
)
from authsession.spec.reasons import CREDENTIALS_ABSENT, USER_LOGOUT
from authsession.spec.states import State


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the table."""

    source: State
    event: str
    dest: State | None
    reason: str
    commands: tuple[Command, ...] = ()
    when: tuple[str, ...] = ()
    sets: tuple[tuple[str, bool], ...] = ()

    @property
    def target(self) -> State:
        return self.source if self.dest is None else self.dest


def _on(
    source: State,
    event: type[_Event],
    dest: State | None,
    reason: str,
    *commands: Command,
    when: tuple[str, ...] = (),
    sets: tuple[tuple[str, bool], ...] = (),
) -> tuple[Rule, ...]:
    return (Rule(source, event_type(event), dest, reason, commands, when, sets),)


#: States that always have work waiting (they are entered only for it): their "can't read now"
#: answer is `deferred_auth`, never `credentials_unavailable`.
_ALWAYS_WORKING: Final = frozenset({State.AUTHENTICATING, State.CONFIRMING_REJECTION})


def _unavailable(
    source: State, event: type[_Event], reason: str, *commands: Command, when: tuple[str, ...] = ()
) -> tuple[Rule, ...]:
    """The credentials can't be read now: waiting work makes it deferred_auth, else
    credentials_unavailable. Never logged_out."""
    if source in _ALWAYS_WORKING:
        return _on(source, event, State.DEFERRED_AUTH, reason, DeferWork(), *commands, when=when)
    return (
        *_on(source, event, State.DEFERRED_AUTH, reason, DeferWork(), *commands,
             when=("work_pending", *when)),
        *_on(source, event, State.CREDENTIALS_UNAVAILABLE, reason, *commands,
             when=("!work_pending", *when)),
    )  # fmt: skip


def _keychain_unavailable(source: State, when: tuple[str, ...] = ()) -> tuple[Rule, ...]:
    # The signal says readable but the keychain says locked (desktop collection locked, Android
    # UserNotAuthenticated): no notification will come, so poll with backoff instead.
    return (
        *_unavailable(source, KeychainUnavailable, "keychain_unavailable", ScheduleRetry(),
                      when=("protected_data_available", *when)),
        *_unavailable(source, KeychainUnavailable, "keychain_unavailable",
                      when=("!protected_data_available", *when)),
    )  # fmt: skip


def _not_found(
    source: State,
    *on_absent: Command,
    reason: str = CREDENTIALS_ABSENT,
    dest: State = State.LOGGED_OUT,
    when: tuple[str, ...] = (),
) -> tuple[Rule, ...]:
    # NotFound is authoritative only while protected data is available for every class the item
    # may be stored under: iOS answers -25300 for locked items in prewarm/background launches
    # (field reports), an earlier app version may have used a stricter class, and Direct Boot
    # hides CE storage.
    return (
        *_on(source, KeychainNotFound, dest, reason, *on_absent,
             when=("protected_data_available", *when)),
        *_unavailable(source, KeychainNotFound, "not_found_while_protected_data_unavailable",
                      when=("!protected_data_available", *when)),
    )  # fmt: skip


def _read_or_use_in_hand(
    source: State,
    event: type[_Event],
    reason: str,
    *,
    reading: State | None,
    when: tuple[str, ...] = (),
    sets: tuple[tuple[str, bool], ...] = (),
) -> tuple[Rule, ...]:
    """Resume authentication: with credentials in hand there is nothing to read (a read could only
    find an older token, and must never end the session); otherwise read the stored ones first
    (in state `reading`; None stays)."""
    using = None if source is State.AUTHENTICATING else State.AUTHENTICATING
    return (
        *_on(source, event, reading, reason, ReadCredentials(), when=(*when, "!store_pending"),
             sets=sets),
        *_leased(source, event, using, reason, when=(*when, "store_pending"), sets=sets),
    )  # fmt: skip


def _user_logout(source: State, *also: Command, when: tuple[str, ...] = ()) -> tuple[Rule, ...]:
    """The user signs out: at once, whatever the network does (invariant 14). The refresh token
    is read to be moved into the revocation outbox before anything is deleted; while protected
    data is unavailable the wipe waits for it (the user is gone already)."""
    return (
        *_on(source, LogoutRequested, State.LOGGING_OUT, USER_LOGOUT, ReadCredentials(), *also,
             when=(*when, "protected_data_available")),
        *_on(source, LogoutRequested, State.LOGGING_OUT, USER_LOGOUT, *also,
             when=(*when, "!protected_data_available")),
    )  # fmt: skip


def _failing_work(
    source: State,
    event: type[_Event],
    dest: State | None,
    reason: str,
    *commands: Command,
    failed: FailReason,
    when: tuple[str, ...] = (),
) -> tuple[Rule, ...]:
    """A row that ends the wait of the work owed for an account: owed work is handed back to the
    app as failed (`fail_work`), never dropped in silence."""
    return (
        *_on(source, event, dest, reason, *commands, FailWork(reason=failed),
             when=(*when, "work_pending"), sets=(("work_pending", False),)),
        *_on(source, event, dest, reason, *commands, when=(*when, "!work_pending")),
    )  # fmt: skip


def _revocation(source: State) -> tuple[Rule, ...]:
    """The revocation outbox is drained in every state: a token queued at a sign-out is revoked
    whoever signs in meanwhile, never while its class is unreadable, and retried until the
    endpoint answers for good (invariant 14)."""
    return (
        *_on(source, RevocationDue, None, "revoking_queued_token", Revoke(),
             when=("revocation_pending", "protected_data_available")),
        *_on(source, RevocationDue, None, "revocation_waits_for_protected_data",
             ScheduleRevocation(), when=("revocation_pending", "!protected_data_available")),
        *_on(source, RevocationCompleted, None, "queued_tokens_revoked", when=("!more_queued",),
             sets=(("revocation_pending", False),)),
        *_on(source, RevocationCompleted, None, "revoking_queued_token", Revoke(),
             when=("more_queued", "protected_data_available")),
        *_on(source, RevocationCompleted, None, "revocation_waits_for_protected_data",
             ScheduleRevocation(), when=("more_queued", "!protected_data_available")),
        *_on(source, RevocationFailed, None, "revocation_failed_retrying", ScheduleRevocation()),
        *_on(source, RevocationUnavailable, None, "revocation_waits_for_protected_data",
             ScheduleRevocation()),
    )  # fmt: skip


_RELEASE = ReleaseLease()
_UNLEASED = (("lease_held", False),)


def _released(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """The rows as they end a refresh attempt: a process holding the lease gives it back, so
    the next process waiting for it refreshes from what is stored (invariant 12)."""
    out: list[Rule] = []
    for r in rules:
        out.append(Rule(r.source, r.event, r.dest, r.reason, (*r.commands, _RELEASE),
                        (*r.when, "lease_held"), (*r.sets, *_UNLEASED)))  # fmt: skip
        out.append(Rule(r.source, r.event, r.dest, r.reason, r.commands,
                        (*r.when, "!lease_held"), r.sets))  # fmt: skip
    return tuple(out)


def _leased(
    source: State,
    event: type[_Event],
    dest: State | None,
    reason: str,
    *,
    when: tuple[str, ...] = (),
    sets: tuple[tuple[str, bool], ...] = (),
) -> tuple[Rule, ...]:
    """Authenticate with what was read or is in hand — under the lease. Holding it, send now;
    not holding it, take it first: its answer re-reads (another process may have refreshed
    between this read and the lease), and a busy lease waits (F6, F8: two processes presenting
    one refresh token lose it to each other, or to a server that revokes the family on reuse)."""
    return (
        *_on(source, event, dest, reason, Authenticate(), when=(*when, "lease_held"), sets=sets),
        *_on(source, event, dest, reason, AcquireLease(), when=(*when, "!lease_held"), sets=sets),
    )
