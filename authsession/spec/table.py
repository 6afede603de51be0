"""THE spec: every rule of the session, as one table of data.

Everything that affects how a session moves lives in this file: the context flags, what each
event does to them, the guarded transition rows and the reason each unmatched event is ignored.
The runtime machine, the docs, the JSON export, the diagram and the invariant checks are derived
from it; nothing restates it by hand. This file knows nothing about keychains, clocks or sockets.

Rules of the table:
- A row fires when the session is in `source`, receives `event` and every guard literal in
  `when` holds (`flag` or `!flag`, over the context *after* the event's own effects applied).
- For one (source, event) the rows' guards are mutually exclusive, so ports may test them in any
  order; a pair no row matches is ignored with the event's `IGNORE_REASONS` entry.
- `dest=None` means the state does not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from authsession.spec.commands import (
    Authenticate,
    Command,
    DeferWork,
    DeleteCredentials,
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
    ProtectedDataBecameAvailable,
    ProtectedDataWillBecomeUnavailable,
    RetryDue,
    StoreCompleted,
    StoreFailed,
    StoreUnavailable,
    TokenExpired,
    WorkRequested,
    _Event,
    event_type,
)
from authsession.spec.states import State

# Context ---------------------------------------------------------------------------------------

#: The machine's only memory besides its state: four booleans, all False at start.
CONTEXT_FLAGS: Final[dict[str, str]] = {
    "protected_data_available": "Last known answer to 'can the credentials' protection class be "
    "read now?'. Unknown counts as no.",
    "work_pending": "Work that needs an authenticated session is waiting.",
    "token_valid": "The session token from the last successful authentication has not expired.",
    "store_pending": "Signed-in credentials are not stored yet (the runtime still holds them).",
}

AVAILABILITY_FIELD: Final = "protected_data_available"
#: Events whose payload field `protected_data_available` overwrites the context flag.
EVENTS_CARRYING_AVAILABILITY: Final = frozenset(
    event_type(c)
    for c in (
        AppLaunched,
        WorkRequested,
        RetryDue,
        KeychainFound,
        KeychainNotFound,
        KeychainUnavailable,
        KeychainFailed,
        KeychainSecretLost,
    )
)

#: Context effects applied for an event in every state, before guards are evaluated.
EVENT_EFFECTS: Final[dict[str, tuple[tuple[str, bool], ...]]] = {
    event_type(ProtectedDataBecameAvailable): (("protected_data_available", True),),
    event_type(ProtectedDataWillBecomeUnavailable): (("protected_data_available", False),),
    event_type(TokenExpired): (("token_valid", False),),
}

#: Entering a signed-out state forgets everything that belonged to the user.
ENTRY_CLEARS: Final[dict[State, tuple[str, ...]]] = {
    State.LOGGING_OUT: ("work_pending", "token_valid", "store_pending"),
    State.LOGGED_OUT: ("work_pending", "token_valid", "store_pending"),
}

# Reasons ---------------------------------------------------------------------------------------

USER_LOGOUT: Final = "user_logout"
SERVER_REJECTED: Final = "server_rejected"
CREDENTIALS_ABSENT: Final = "credentials_absent"
#: The only reasons a session with a (possible) user may end for (invariant 1).
LOGOUT_REASONS: Final = frozenset({USER_LOGOUT, SERVER_REJECTED, CREDENTIALS_ABSENT})

#: Why an event no row matches is ignored, per event.
IGNORE_REASONS: Final[dict[str, str]] = {
    event_type(AppLaunched): "already_launched",
    event_type(ProtectedDataBecameAvailable): "nothing_waits_for_protected_data",
    event_type(ProtectedDataWillBecomeUnavailable): "availability_noted",
    event_type(LoginRequested): "sign_in_not_offered_in_this_state",
    event_type(LogoutRequested): "no_session_to_end",
    event_type(WorkRequested): "no_user",
    event_type(TokenExpired): "token_expiry_noted",
    event_type(RetryDue): "no_retry_pending",
    event_type(KeychainFound): "stale_keychain_result",
    event_type(KeychainNotFound): "stale_keychain_result",
    event_type(KeychainUnavailable): "stale_keychain_result",
    event_type(KeychainFailed): "stale_keychain_result",
    event_type(KeychainSecretLost): "stale_keychain_result",
    event_type(StoreCompleted): "stale_store_result",
    event_type(StoreUnavailable): "stale_store_result",
    event_type(StoreFailed): "stale_store_result",
    event_type(DeleteCompleted): "stale_delete_result",
    event_type(DeleteUnavailable): "stale_delete_result",
    event_type(DeleteFailed): "stale_delete_result",
    event_type(AuthAccepted): "stale_auth_result",
    event_type(AuthRejected): "stale_auth_result",
    event_type(AuthTransient): "stale_auth_result",
}


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


def _unavailable(
    source: State, event: type[_Event], reason: str, *commands: Command, when: tuple[str, ...] = ()
) -> tuple[Rule, ...]:
    """The credentials can't be read now: waiting work makes it deferred_auth, else
    credentials_unavailable. Never logged_out."""
    if source is State.AUTHENTICATING:
        # Authentication only ever starts for waiting work, so there is one way out.
        return _on(source, event, State.DEFERRED_AUTH, reason, DeferWork(), *commands, when=when)
    return (
        *_on(source, event, State.DEFERRED_AUTH, reason, DeferWork(), *commands,
             when=("work_pending", *when)),
        *_on(source, event, State.CREDENTIALS_UNAVAILABLE, reason, *commands,
             when=("!work_pending", *when)),
    )  # fmt: skip


def _keychain_unavailable(source: State) -> tuple[Rule, ...]:
    # The signal says readable but the keychain says locked (desktop collection locked, Android
    # UserNotAuthenticated): no notification will come, so poll with backoff instead.
    return (
        *_unavailable(source, KeychainUnavailable, "keychain_unavailable", ScheduleRetry(),
                      when=("protected_data_available",)),
        *_unavailable(source, KeychainUnavailable, "keychain_unavailable",
                      when=("!protected_data_available",)),
    )  # fmt: skip


def _not_found(source: State, *on_absent: Command) -> tuple[Rule, ...]:
    # NotFound is authoritative only while protected data is available: iOS answers -25300 for
    # locked items in prewarm/background launches (field reports), and Direct Boot hides CE storage.
    return (
        *_on(source, KeychainNotFound, State.LOGGED_OUT, CREDENTIALS_ABSENT, *on_absent,
             when=("protected_data_available",)),
        *_unavailable(source, KeychainNotFound, "not_found_while_protected_data_unavailable",
                      when=("!protected_data_available",)),
    )  # fmt: skip


def _retry_read(source: State, reason: str) -> tuple[Rule, ...]:
    return (
        *_on(source, RetryDue, None, reason, ReadCredentials(), when=("protected_data_available",)),
        *_unavailable(source, RetryDue, "protected_data_unavailable_deferring",
                      when=("!protected_data_available",)),
    )  # fmt: skip


def _user_logout(source: State) -> tuple[Rule, ...]:
    return _on(source, LogoutRequested, State.LOGGING_OUT, USER_LOGOUT, DeleteCredentials())


S = State
_SIGN_IN_AGAIN = NotifyUser(message="sign_in_again")
_SIGN_IN_FAILED = NotifyUser(message="sign_in_failed")
_PENDING = (("work_pending", True),)

TABLE: Final[tuple[Rule, ...]] = (
    # starting: the launch event tells whether the credentials can be read at all.
    *_on(S.STARTING, AppLaunched, S.CHECKING_CREDENTIALS, "launched_reading_credentials",
         ReadCredentials(), when=("protected_data_available",)),
    *_unavailable(S.STARTING, AppLaunched, "launched_while_protected_data_unavailable",
                  when=("!protected_data_available",)),
    *_on(S.STARTING, WorkRequested, None, "work_queued_until_launch", sets=_PENDING),
    # checking_credentials: one read decides between a user, no user, and "can't tell yet".
    *_on(S.CHECKING_CREDENTIALS, KeychainFound, S.LOGGED_IN, "credentials_found",
         when=("!work_pending",)),
    *_on(S.CHECKING_CREDENTIALS, KeychainFound, S.AUTHENTICATING, "authenticating_for_pending_work",
         Authenticate(), when=("work_pending", "protected_data_available")),
    *_on(S.CHECKING_CREDENTIALS, KeychainFound, S.DEFERRED_AUTH,
         "protected_data_lost_before_authentication", DeferWork(),
         when=("work_pending", "!protected_data_available")),
    *_not_found(S.CHECKING_CREDENTIALS),
    *_keychain_unavailable(S.CHECKING_CREDENTIALS),
    *_on(S.CHECKING_CREDENTIALS, KeychainFailed, None, "keychain_failed_retrying", ScheduleRetry()),
    *_on(S.CHECKING_CREDENTIALS, KeychainSecretLost, S.LOGGED_OUT, CREDENTIALS_ABSENT,
         _SIGN_IN_AGAIN),
    *_retry_read(S.CHECKING_CREDENTIALS, "retrying_read"),
    *_on(S.CHECKING_CREDENTIALS, WorkRequested, None, "work_waits_for_credentials_check",
         sets=_PENDING),
    *_user_logout(S.CHECKING_CREDENTIALS),
    # credentials_unavailable: wait for protected data; work that arrives is deferred, not dropped.
    *_on(S.CREDENTIALS_UNAVAILABLE, ProtectedDataBecameAvailable, S.CHECKING_CREDENTIALS,
         "protected_data_available_rechecking", ReadCredentials()),
    *_on(S.CREDENTIALS_UNAVAILABLE, RetryDue, S.CHECKING_CREDENTIALS, "retrying_read",
         ReadCredentials(), when=("protected_data_available",)),
    *_on(S.CREDENTIALS_UNAVAILABLE, WorkRequested, S.DEFERRED_AUTH,
         "work_deferred_until_protected_data", DeferWork(), sets=_PENDING),
    *_user_logout(S.CREDENTIALS_UNAVAILABLE),
    # deferred_auth: the Gilt fix — resume when protected data comes back.
    *_on(S.DEFERRED_AUTH, ProtectedDataBecameAvailable, S.CHECKING_CREDENTIALS,
         "protected_data_available_resuming", ReadCredentials()),
    *_on(S.DEFERRED_AUTH, RetryDue, S.CHECKING_CREDENTIALS, "retrying_read", ReadCredentials(),
         when=("protected_data_available",)),
    *_on(S.DEFERRED_AUTH, WorkRequested, None, "work_already_deferred"),
    *_user_logout(S.DEFERRED_AUTH),
    # logged_in: a valid token needs no keychain; an expired one needs a fresh read first.
    *_on(S.LOGGED_IN, WorkRequested, None, "session_valid", PerformWork(), when=("token_valid",)),
    *_on(S.LOGGED_IN, WorkRequested, S.AUTHENTICATING, "session_expired_reauthenticating",
         ReadCredentials(), when=("!token_valid", "protected_data_available"), sets=_PENDING),
    *_on(S.LOGGED_IN, WorkRequested, S.DEFERRED_AUTH, "session_expired_credentials_unavailable",
         DeferWork(), when=("!token_valid", "!protected_data_available"), sets=_PENDING),
    *_user_logout(S.LOGGED_IN),
    *_on(S.LOGGED_IN, StoreCompleted, None, "credentials_stored", sets=(("store_pending", False),)),
    *_on(S.LOGGED_IN, StoreUnavailable, None, "store_waits_for_protected_data",
         sets=(("store_pending", True),)),
    *_on(S.LOGGED_IN, StoreFailed, None, "store_failed_retrying", ScheduleRetry(),
         sets=(("store_pending", True),)),
    *_on(S.LOGGED_IN, RetryDue, None, "retrying_store", StoreCredentials(),
         when=("store_pending", "protected_data_available")),
    *_on(S.LOGGED_IN, ProtectedDataBecameAvailable, None, "retrying_store", StoreCredentials(),
         when=("store_pending",)),
    # signing_in: nothing is stored until the server accepts.
    *_on(S.SIGNING_IN, AuthAccepted, S.LOGGED_IN, "signed_in", StoreCredentials(),
         when=("!work_pending",), sets=(("token_valid", True),)),
    *_on(S.SIGNING_IN, AuthAccepted, S.LOGGED_IN, "signed_in", StoreCredentials(), PerformWork(),
         when=("work_pending",), sets=(("token_valid", True), ("work_pending", False))),
    *_on(S.SIGNING_IN, AuthRejected, S.LOGGED_OUT, SERVER_REJECTED, _SIGN_IN_FAILED),
    *_on(S.SIGNING_IN, AuthTransient, S.LOGGED_OUT, "sign_in_failed_transient", _SIGN_IN_FAILED),
    *_on(S.SIGNING_IN, LogoutRequested, S.LOGGED_OUT, USER_LOGOUT),
    *_on(S.SIGNING_IN, WorkRequested, None, "work_waits_for_sign_in", sets=_PENDING),
    # authenticating: stored credentials go to the server; only a definitive answer ends the user.
    *_on(S.AUTHENTICATING, KeychainFound, None, "credentials_found_authenticating",
         Authenticate(), when=("protected_data_available",)),
    *_unavailable(S.AUTHENTICATING, KeychainFound, "protected_data_lost_before_authentication",
                  when=("!protected_data_available",)),
    *_not_found(S.AUTHENTICATING, _SIGN_IN_AGAIN),
    *_keychain_unavailable(S.AUTHENTICATING),
    *_on(S.AUTHENTICATING, KeychainFailed, None, "keychain_failed_retrying", ScheduleRetry()),
    *_on(S.AUTHENTICATING, KeychainSecretLost, S.LOGGED_OUT, CREDENTIALS_ABSENT, _SIGN_IN_AGAIN),
    *_on(S.AUTHENTICATING, AuthAccepted, S.LOGGED_IN, "authenticated", PerformWork(),
         sets=(("token_valid", True), ("work_pending", False))),
    *_on(S.AUTHENTICATING, AuthRejected, S.LOGGING_OUT, SERVER_REJECTED, DeleteCredentials(),
         _SIGN_IN_AGAIN),
    *_on(S.AUTHENTICATING, AuthTransient, None, "server_unreachable_retrying", ScheduleRetry()),
    *_retry_read(S.AUTHENTICATING, "retrying_authentication"),
    *_on(S.AUTHENTICATING, WorkRequested, None, "work_joins_authentication", sets=_PENDING),
    *_user_logout(S.AUTHENTICATING),
    # logging_out: finish the wipe, however long protected data takes; never use the credentials.
    *_on(S.LOGGING_OUT, DeleteCompleted, S.LOGGED_OUT, "credentials_deleted"),
    *_on(S.LOGGING_OUT, DeleteUnavailable, None, "wipe_waits_for_protected_data"),
    *_on(S.LOGGING_OUT, DeleteFailed, None, "wipe_failed_retrying", ScheduleRetry()),
    *_on(S.LOGGING_OUT, ProtectedDataBecameAvailable, None, "completing_deferred_wipe",
         DeleteCredentials()),
    *_on(S.LOGGING_OUT, RetryDue, None, "completing_deferred_wipe", DeleteCredentials(),
         when=("protected_data_available",)),
    *_on(S.LOGGING_OUT, AppLaunched, None, "completing_deferred_wipe", DeleteCredentials(),
         when=("protected_data_available",)),
    *_on(S.LOGGING_OUT, WorkRequested, None, "logout_in_progress"),
    *_on(S.LOGGING_OUT, LoginRequested, None, "logout_in_progress"),
    # logged_out: the only way back is the user signing in.
    *_on(S.LOGGED_OUT, LoginRequested, S.SIGNING_IN, "signing_in", SignIn()),
)  # fmt: skip
