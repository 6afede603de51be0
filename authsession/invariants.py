"""The record-level invariants of the contract, written once as checks over transitions.

Owns: `Record` (one observed transition, from a core, a runtime, a world trace or an app's log),
`Violation`, one function per invariant (1-10 and 12-15; 11, the world's oracle, needs the
world's knowledge and lives beside it), `observer_honest` over what a session's observer was
told, and `check_records`, which runs the trace invariants. The unit
tests, the exhaustive exploration, the runtime tests, the trace checker and the model checker
all call these same functions. Must not import anything but the spec.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from authsession.spec.protection import INSECURE_PROTECTION, ProtectionClass
from authsession.spec.states import (
    ENDED_STATES,
    REAUTH_STATES,
    SIGNED_OUT_STATES,
    USER_PRESENT,
    State,
)
from authsession.spec.table import IGNORE_REASONS, LOGOUT_REASONS

_USE_OF_STORED_CREDENTIALS = frozenset({"read_credentials", "authenticate"})
_IGNORED = frozenset(IGNORE_REASONS.values())
#: Work may wait only in states that will resume it on their own: the difference between
#: deferred_auth (work waits) and credentials_unavailable / logged_in (nothing waits).
WORK_CARRYING_STATES = frozenset(
    {
        State.STARTING,
        State.CHECKING_CREDENTIALS,
        State.DEFERRED_AUTH,
        State.AUTHENTICATING,
        State.CONFIRMING_REJECTION,
        State.SIGNING_IN,
        # Owed for the account whose session the server ended, until it signs in again.
        State.REAUTH_CLEARING,
        State.REAUTH_REQUIRED,
    }
)
#: "Unknown" states a foreground must not leave waiting for a notification or a backoff
#: (invariant 10).
WAITING_STATES = frozenset(
    {State.CREDENTIALS_UNAVAILABLE, State.DEFERRED_AUTH, State.CHECKING_CREDENTIALS}
)
#: Read results that confirm (or not) a rejection: the only events that may end a session for
#: `server_rejected` besides the rejection itself.
_CONFIRMATION_READS = frozenset({"keychain_found", "keychain_not_found", "keychain_secret_lost"})
#: Failures that say nothing about whether the user exists or is allowed in.
TRANSIENT_EVENTS = frozenset(
    {
        "keychain_unavailable",
        "keychain_failed",
        "auth_transient",
        "store_unavailable",
        "store_failed",
        "delete_unavailable",
        "delete_failed",
    }
)
_RETRIED_EVENTS = frozenset({"keychain_failed", "auth_transient", "store_failed", "delete_failed"})


@dataclass(frozen=True, slots=True)
class Record:
    """One observed transition. `protected_data_available` is the truth after the step as the
    observer knows it (the core's context, or the simulated device)."""

    step: int
    event: str
    source: State
    state: State
    reason: str
    commands: tuple[str, ...]
    protected_data_available: bool
    event_protected_data_available: bool | None = None
    detail: str | None = None
    #: The session held credentials it had not stored yet when the event arrived.
    in_hand: bool = False
    #: The event's own boolean fields that were true (`rotated`, `rotated_elsewhere`).
    event_flags: frozenset[str] = frozenset()

    def observed(self, step: int, protected_data_available: bool) -> Record:
        """This record as an outside observer numbers and judges it (`dataclasses.replace`
        without its generic machinery: the world calls this for every record)."""
        return Record(
            step,
            self.event,
            self.source,
            self.state,
            self.reason,
            self.commands,
            protected_data_available,
            self.event_protected_data_available,
            self.detail,
            self.in_hand,
            self.event_flags,
        )

    @property
    def is_logout(self) -> bool:
        """A (possibly) present user's session ended at this step (signed out, or the server's
        end of it: "re-authentication required")."""
        return (
            self.state in ENDED_STATES
            and self.source not in ENDED_STATES
            and USER_PRESENT[self.source] != "no"
        )


@dataclass(frozen=True, slots=True)
class Violation:
    invariant: int
    step: int
    message: str

    def __str__(self) -> str:
        return f"step {self.step}: invariant {self.invariant}: {self.message}"


def logout_causes(records: Iterable[Record]) -> list[Violation]:
    """1. Only the user, a definitive server rejection (confirmed against the keychain), or
    credentials proven absent while protected data is available end a session."""
    out = []
    for r in records:
        if not r.is_logout:
            continue
        if r.reason not in LOGOUT_REASONS:
            out.append(Violation(1, r.step, f"logout with reason {r.reason!r} on {r.event}"))
        elif r.reason == "user_logout" and r.event != "logout_requested":
            out.append(Violation(1, r.step, f"user_logout without the user, on {r.event}"))
        elif r.reason == "server_rejected" and not (
            r.source is State.CONFIRMING_REJECTION
            and r.event in _CONFIRMATION_READS
            and "rotated_elsewhere" not in r.event_flags
        ):
            # A rejection is definitive only once the keychain holds nothing newer to try: a
            # sibling process may have rotated the token between our read and our request (F6).
            out.append(
                Violation(1, r.step, f"server_rejected without a confirmed rejection, on {r.event}")
            )
        elif r.reason == "credentials_absent" and not (
            (r.event == "keychain_not_found" and r.event_protected_data_available)
            or (r.event == "keychain_secret_lost" and r.detail)
        ):
            out.append(Violation(1, r.step, "credentials_absent without an authoritative NotFound"))
    return out


def no_use_while_unavailable(records: Iterable[Record]) -> list[Violation]:
    """2. No credential read and no authentication while protected data is known unavailable."""
    return [
        Violation(2, r.step, f"{sorted(used)} while protected data is unavailable")
        for r in records
        if (used := _USE_OF_STORED_CREDENTIALS.intersection(r.commands))
        and not r.protected_data_available
    ]


def work_pending_after(record: Record, pending: bool) -> bool:
    """Whether requested work is still owed after `record` (ended users owe nothing)."""
    if record.event == "work_requested":
        pending = True
    if (
        "perform_work" in record.commands
        or "fail_work" in record.commands  # handed back to the app, with a reason
        or record.state in SIGNED_OUT_STATES
    ):
        pending = False
    return pending


def deferred_work_kept(
    records: Iterable[Record], *, pending_at_start: bool = False
) -> list[Violation]:
    """3. Requested work is never dropped: until it runs (or the user is gone) the session sits
    in a state that will resume it."""
    out = []
    pending = pending_at_start
    for r in records:
        pending = work_pending_after(r, pending)
        if pending and r.state not in WORK_CARRYING_STATES:
            out.append(Violation(3, r.step, f"work is owed but the session is in {r.state}"))
    return out


def transient_never_logs_out(records: Iterable[Record]) -> list[Violation]:
    """4. Transient failures never end a session, and the ones that need it are retried."""
    out = []
    for r in records:
        transient = r.event in TRANSIENT_EVENTS or (
            r.event == "keychain_not_found" and r.event_protected_data_available is False
        )
        if transient and r.is_logout:
            out.append(Violation(4, r.step, f"{r.event} ended the session"))
        if (
            r.event in _RETRIED_EVENTS
            and r.reason not in _IGNORED
            and r.state is not State.LOGGED_OUT
            and "schedule_retry" not in r.commands
        ):
            out.append(Violation(4, r.step, f"{r.event} was not retried"))
    return out


_WIPES: frozenset[State] = frozenset({State.LOGGING_OUT, State.REAUTH_CLEARING})


def no_zombie_session(records: Iterable[Record]) -> list[Violation]:
    """5. A logout deletes the credentials — a user's, once the refresh token is in the
    revocation outbox (invariant 14) — finishes the delete later if it must, and never uses them
    in between; the same for the rejected credentials of a session the server ended."""
    out = []
    for r in records:
        entering = r.state in _WIPES and r.source not in _WIPES
        if entering and r.state is State.REAUTH_CLEARING and "delete_credentials" not in r.commands:
            out.append(
                Violation(5, r.step, "a rejection concluded without deleting the credentials")
            )
        if (
            entering
            and r.state is State.LOGGING_OUT
            and "read_credentials" not in r.commands
            and r.event_protected_data_available
        ):
            out.append(Violation(5, r.step, "logout without starting the wipe"))
        if r.source in _WIPES:
            used = {"authenticate", "sign_in", "perform_work"}
            if r.source is State.REAUTH_CLEARING and r.state is not State.LOGGING_OUT:
                used.add("read_credentials")  # a user's wipe reads only to queue the revocation
            if used.intersection(r.commands) or r.state not in ENDED_STATES:
                out.append(Violation(5, r.step, f"credentials used during logout ({r.state})"))
            resume = "read_credentials" if r.source is State.LOGGING_OUT else "delete_credentials"
            if (
                r.event == "protected_data_became_available"
                and r.state is r.source
                and resume not in r.commands
            ):
                out.append(Violation(5, r.step, "pending wipe not resumed on protected data"))
    return out


def wall_clock_jumps_harmless(records: Iterable[Record]) -> list[Violation]:
    """8. A wall-clock jump neither ends a session nor triggers authentication."""
    return [
        Violation(8, r.step, "wall-clock jump caused a logout or an authentication")
        for r in records
        if r.event == "wall_clock_jump"
        and (r.is_logout or {"authenticate", "read_credentials", "sign_in"} & set(r.commands))
    ]


def credentials_in_hand_kept(records: Iterable[Record]) -> list[Violation]:
    """9. Credentials in hand are proof of a user: while the session holds credentials it has not
    stored, no read result ends it (only the user, or the server rejecting them)."""
    return [
        Violation(9, r.step, f"{r.event} ended a session holding unsaved credentials")
        for r in records
        if r.in_hand and r.is_logout and r.reason not in ("user_logout", "server_rejected")
    ]


def no_stranded_user(records: Iterable[Record]) -> list[Violation]:
    """10. "Unknown" is temporary: a foreground that finds protected data available reads now —
    a suspended iOS app may never be told the device was unlocked, and a failed read's backoff
    must not keep the user waiting."""
    return [
        Violation(10, r.step, f"foreground with protected data available left it {r.state}")
        for r in records
        if r.event == "app_foregrounded"
        and r.event_protected_data_available
        and r.state in WAITING_STATES
        and "read_credentials" not in r.commands
    ]


#: Read results that conclude a rejection as "re-authentication required" (invariant 13).
_REAUTH_READS = frozenset({"keychain_found", "keychain_not_found", "keychain_secret_lost"})


def reauth_only_when_confirmed(records: Iterable[Record]) -> list[Violation]:
    """13. "Re-authentication required" is entered only from a confirmed server rejection —
    never from a read result alone, a transient failure, a hint or the wall clock — and a
    confirmed rejection never signs the user out: `logged_out` is reached only by the user's
    sign-out, credentials proven absent or lost, or a failed sign-in (where no user was
    present). A revocation hint alone changes nothing the user can see."""
    out = []
    for r in records:
        if r.state in REAUTH_STATES and r.source not in ENDED_STATES:
            confirmed = (
                r.source is State.CONFIRMING_REJECTION
                and r.reason == "server_rejected"
                and r.event in _REAUTH_READS
                and "rotated_elsewhere" not in r.event_flags
                and (r.event != "keychain_not_found" or r.event_protected_data_available)
            )
            if not confirmed:
                out.append(
                    Violation(
                        13,
                        r.step,
                        f"re-authentication required without a confirmed rejection, on {r.event}",
                    )
                )
        if r.is_logout and r.state in SIGNED_OUT_STATES and r.reason == "server_rejected":
            out.append(Violation(13, r.step, f"a server rejection signed the user out ({r.event})"))
        if r.event == "revocation_hint" and USER_PRESENT[r.state] != USER_PRESENT[r.source]:
            out.append(
                Violation(13, r.step, f"a revocation hint alone moved the session to {r.state}")
            )
    return out


#: Revocation answers that must be retried until the endpoint answers for good.
_REVOCATION_RETRIED = frozenset({"revocation_failed", "revocation_unavailable"})
_REVOCATION_STEPS = frozenset({"revoke", "schedule_revocation"})


def logout_completes_and_revokes(records: Iterable[Record]) -> list[Violation]:
    """14. A user's logout completes locally at once (whatever the network does); the refresh
    token is in the revocation outbox before the credentials are deleted; a revocation is sent
    only while protected data is available and retried until the endpoint answers for good;
    signing out the *other* sessions changes nothing here."""
    out = []
    for r in records:
        if (
            r.event == "logout_requested"
            and r.reason not in _IGNORED
            and r.state not in SIGNED_OUT_STATES
        ):
            out.append(Violation(14, r.step, f"a sign-out left the session {r.state}"))
        if (
            r.source is State.LOGGING_OUT
            and "delete_credentials" in r.commands
            and r.event != "revocation_queued"
        ):
            out.append(
                Violation(
                    14,
                    r.step,
                    f"credentials deleted before the revocation was queued, on {r.event}",
                )
            )
        if (
            r.state is State.LOGGING_OUT
            and r.source is not State.LOGGING_OUT
            and "delete_credentials" in r.commands
        ):
            out.append(
                Violation(14, r.step, "credentials deleted before the revocation was queued")
            )
        if "revoke" in r.commands and not r.protected_data_available:
            out.append(
                Violation(14, r.step, "a revocation sent while protected data is unavailable")
            )
        if (
            r.event in _REVOCATION_RETRIED
            and r.reason not in _IGNORED
            and not _REVOCATION_STEPS.intersection(r.commands)
        ):
            out.append(Violation(14, r.step, f"{r.event} was not retried"))
        if (
            r.event == "revocation_completed"
            and "more_queued" in r.event_flags
            and not (_REVOCATION_STEPS.intersection(r.commands))
        ):
            out.append(Violation(14, r.step, "a queued token was left unrevoked"))
        if r.event in (
            "logout_others_requested",
            "others_revoked",
            "others_revocation_failed",
        ) and (r.state is not r.source):
            out.append(
                Violation(14, r.step, f"signing out the other sessions moved this one to {r.state}")
            )
    return out


def observer_honest(records: Iterable[Record]) -> list[Violation]:
    """15. An observer is told "no user" only on a step whose reason ends the session: a step
    that takes a session whose user is present (or not known yet) to one without a user
    carries a session-ending reason."""
    return [
        Violation(15, r.step, f"'no user' on {r.event} with reason {r.reason!r}")
        for r in records
        if USER_PRESENT[r.state] == "no"
        and USER_PRESENT[r.source] != "no"
        and r.reason not in LOGOUT_REASONS
    ]


def observer_values_honest(values: Sequence[tuple[str, str, str | None]]) -> list[Violation]:
    """15, as an observer sees it: `values` are what one subscriber was told, in order, as
    (state, user presence, reason) — the first at subscription, then one per change. The first
    says what the state says (before the launch's read: "unknown", never a guess); a later
    value says "no user" after a user (or "not known yet") only with a session-ending reason;
    nothing is told twice."""
    out = []
    previous: tuple[str, str, str | None] | None = None
    for index, value in enumerate(values):
        state, presence, reason = value
        if USER_PRESENT[State(state)] != presence:
            out.append(Violation(15, index, f"told {presence!r} in {state}"))
        if previous is not None:
            if previous[:2] == value[:2]:
                out.append(Violation(15, index, "told the same value twice"))
            elif presence == "no" and previous[1] != "no" and reason not in LOGOUT_REASONS:
                out.append(Violation(15, index, f"told 'no user' with reason {reason!r}"))
        previous = value
    return out


def secrets_in(texts: Iterable[str], secrets: Iterable[str]) -> list[Violation]:
    """6. No secret appears in any text the package produced (log, trace, repr, snapshot)."""
    secrets = [s for s in secrets if s]
    return [
        Violation(6, index, f"a secret appears in output #{index}")
        for index, text in enumerate(texts)
        if any(secret in text for secret in secrets)
    ]


def security_never_lowered(
    stored_with: Iterable[ProtectionClass | None],
    configured: ProtectionClass,
    *,
    allow_insecure: bool = False,
) -> list[Violation]:
    """7. Credentials are written with the configured class, never an insecure one unless
    allowed."""
    out = []
    for index, protection in enumerate(stored_with):
        if protection is None:
            continue
        if protection != configured:
            out.append(Violation(7, index, f"stored with {protection}, configured {configured}"))
        if protection in INSECURE_PROTECTION and not allow_insecure:
            out.append(Violation(7, index, f"stored with insecure class {protection}"))
    return out


def check_records(records: Sequence[Record], *, pending_at_start: bool = False) -> list[Violation]:
    """Every invariant that can be judged from transitions alone (1-5, 8, 9, 10, 13-15)."""
    return [
        *logout_causes(records),
        *no_use_while_unavailable(records),
        *deferred_work_kept(records, pending_at_start=pending_at_start),
        *transient_never_logs_out(records),
        *no_zombie_session(records),
        *wall_clock_jumps_harmless(records),
        *credentials_in_hand_kept(records),
        *no_stranded_user(records),
        *reauth_only_when_confirmed(records),
        *logout_completes_and_revokes(records),
        *observer_honest(records),
    ]
