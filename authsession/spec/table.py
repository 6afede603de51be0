"""THE spec: every rule of the session, as one table of data.

Everything that affects how a session moves lives in this file and the three it is written
with: the context flags and what events and moves do to them (`spec/context.py`), the reasons
that mean something by themselves (`spec/reasons.py`), the row type and its families
(`spec/rows.py`) — all re-exported here — and, below, the guarded transition rows.
Every decision that can end or strand a session is a row here — the host that runs the commands
decides nothing. `authsession.spec.interpreter` gives the rows their one meaning; the runtime
machine, the docs, the JSON export, the diagram, the vectors and the checkers are derived from or
checked against it. This file knows nothing about keychains, clocks or sockets.

Rules of the table:
- A row fires when the session is in `source`, receives `event` and every guard literal in
  `when` holds. A literal (`name` or `!name`) names a context flag — read *after* the event's
  own effects applied — or a boolean field of the event itself (`rotated`, `rotated_elsewhere`).
- For one (source, event) the rows' guards are mutually exclusive, so ports may test them in any
  order; a pair no row matches is ignored with the event's `IGNORE_REASONS` entry.
- `dest=None` means the state does not change.
"""

from __future__ import annotations

from typing import Final

from authsession.spec.commands import (
    AcquireLease,
    Authenticate,
    DeferWork,
    DeleteCredentials,
    NotifyUser,
    PerformWork,
    QueueRevocation,
    ReadCredentials,
    Revoke,
    RevokeOthers,
    ScheduleRetry,
    ScheduleRevocation,
    SignIn,
    StoreCredentials,
)
from authsession.spec.context import (
    AVAILABILITY_FIELD,
    CONTEXT_FLAGS,
    ENTRY_CLEARS,
    EVENT_EFFECTS,
    EVENTS_CARRYING_AVAILABILITY,
)
from authsession.spec.events import (
    AppForegrounded,
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
    LeaseAcquired,
    LeaseBusy,
    LoginRequested,
    LogoutOthersRequested,
    LogoutRequested,
    ProtectedDataBecameAvailable,
    RetryDue,
    RevocationHint,
    RevocationQueued,
    RevocationQueueFailed,
    RevocationQueueUnavailable,
    SharedStoreChanged,
    StoreCompleted,
    StoreFailed,
    StoreUnavailable,
    WorkRequested,
)
from authsession.spec.reasons import (
    CREDENTIALS_ABSENT,
    IGNORE_REASONS,
    LOGOUT_REASONS,
    SERVER_REJECTED,
    USER_LOGOUT,
)
from authsession.spec.rows import (
    _RELEASE,
    _UNLEASED,
    Rule,
    _failing_work,
    _keychain_unavailable,
    _leased,
    _not_found,
    _on,
    _read_or_use_in_hand,
    _released,
    _revocation,
    _unavailable,
    _user_logout,
)
from authsession.spec.states import State

# The table is one spec written in four files: every name of the other three is the table's too.
__all__ = [
    "AVAILABILITY_FIELD",
    "CONTEXT_FLAGS",
    "CREDENTIALS_ABSENT",
    "ENTRY_CLEARS",
    "EVENTS_CARRYING_AVAILABILITY",
    "EVENT_EFFECTS",
    "IGNORE_REASONS",
    "LOGOUT_REASONS",
    "SERVER_REJECTED",
    "TABLE",
    "USER_LOGOUT",
    "Rule",
]

S = State
_AVAILABLE = ("protected_data_available",)
_SIGN_IN_AGAIN = NotifyUser(message="sign_in_again")
_SIGN_IN_FAILED = NotifyUser(message="sign_in_failed")
_PENDING = (("work_pending", True),)
_IN_HAND = (("store_pending", True),)
_AUTHENTICATED = (("token_valid", True), ("work_pending", False))

TABLE: Final[tuple[Rule, ...]] = (
    # starting: the launch event tells whether the credentials can be read at all.
    *_on(S.STARTING, AppLaunched, S.CHECKING_CREDENTIALS, "launched_reading_credentials",
         ReadCredentials(), when=_AVAILABLE),
    *_unavailable(S.STARTING, AppLaunched, "launched_while_protected_data_unavailable",
                  when=("!protected_data_available",)),
    *_on(S.STARTING, WorkRequested, None, "work_queued_until_launch", sets=_PENDING),
    # A sign-out before the launch event is a sign-out: the launch must not bring the user back.
    *_user_logout(S.STARTING),
    # checking_credentials: one read decides between a user, no user, and "can't tell yet".
    *_on(S.CHECKING_CREDENTIALS, KeychainFound, S.LOGGED_IN, "credentials_found",
         when=("!work_pending",)),
    # (Never with the lease in hand: it is given back before any way into this state.)
    *_on(S.CHECKING_CREDENTIALS, KeychainFound, S.AUTHENTICATING, "authenticating_for_pending_work",
         AcquireLease(), when=("work_pending", "protected_data_available")),
    *_on(S.CHECKING_CREDENTIALS, KeychainFound, S.DEFERRED_AUTH,
         "protected_data_lost_before_authentication", DeferWork(),
         when=("work_pending", "!protected_data_available")),
    *_not_found(S.CHECKING_CREDENTIALS),
    *_keychain_unavailable(S.CHECKING_CREDENTIALS),
    *_on(S.CHECKING_CREDENTIALS, KeychainFailed, None, "keychain_failed_retrying", ScheduleRetry()),
    *_on(S.CHECKING_CREDENTIALS, KeychainSecretLost, S.LOGGED_OUT, CREDENTIALS_ABSENT,
         _SIGN_IN_AGAIN),
    *_on(S.CHECKING_CREDENTIALS, RetryDue, None, "retrying_read", ReadCredentials(),
         when=_AVAILABLE),
    *_unavailable(S.CHECKING_CREDENTIALS, RetryDue, "protected_data_unavailable_deferring",
                  when=("!protected_data_available",)),
    *_on(S.CHECKING_CREDENTIALS, WorkRequested, None, "work_waits_for_credentials_check",
         sets=_PENDING),
    # A read that failed waits for its backoff; the user looking at the app does not (invariant
    # 10). A second read in flight is harmless: its answer in a later state is stale.
    *_on(S.CHECKING_CREDENTIALS, AppForegrounded, None, "foreground_rechecking",
         ReadCredentials(), when=_AVAILABLE),
    *_on(S.CHECKING_CREDENTIALS, ProtectedDataBecameAvailable, None,
         "protected_data_available_rechecking", ReadCredentials()),
    *_user_logout(S.CHECKING_CREDENTIALS),
    # credentials_unavailable: wait for protected data; work that arrives is deferred, not dropped.
    # A foreground re-checks: iOS may never notify a suspended app (invariant 10).
    *_on(S.CREDENTIALS_UNAVAILABLE, ProtectedDataBecameAvailable, S.CHECKING_CREDENTIALS,
         "protected_data_available_rechecking", ReadCredentials()),
    *_on(S.CREDENTIALS_UNAVAILABLE, AppForegrounded, S.CHECKING_CREDENTIALS,
         "foreground_rechecking", ReadCredentials(), when=_AVAILABLE),
    *_on(S.CREDENTIALS_UNAVAILABLE, RetryDue, S.CHECKING_CREDENTIALS, "retrying_read",
         ReadCredentials(), when=_AVAILABLE),
    *_on(S.CREDENTIALS_UNAVAILABLE, WorkRequested, S.DEFERRED_AUTH,
         "work_deferred_until_protected_data", DeferWork(), sets=_PENDING),
    *_user_logout(S.CREDENTIALS_UNAVAILABLE),
    # deferred_auth: the Gilt fix — resume when protected data comes back.
    *_read_or_use_in_hand(S.DEFERRED_AUTH, ProtectedDataBecameAvailable,
                          "protected_data_available_resuming", reading=S.CHECKING_CREDENTIALS),
    *_read_or_use_in_hand(S.DEFERRED_AUTH, AppForegrounded, "foreground_resuming",
                          reading=S.CHECKING_CREDENTIALS, when=_AVAILABLE),
    *_read_or_use_in_hand(S.DEFERRED_AUTH, RetryDue, "retrying_read",
                          reading=S.CHECKING_CREDENTIALS, when=_AVAILABLE),
    *_on(S.DEFERRED_AUTH, WorkRequested, None, "work_already_deferred"),
    *_user_logout(S.DEFERRED_AUTH),
    # logged_in: a valid token needs no keychain; an expired one needs credentials first.
    *_on(S.LOGGED_IN, WorkRequested, None, "session_valid", PerformWork(), when=("token_valid",)),
    *_read_or_use_in_hand(S.LOGGED_IN, WorkRequested, "session_expired_reauthenticating",
                          reading=S.AUTHENTICATING, sets=_PENDING,
                          when=("!token_valid", "protected_data_available")),
    *_on(S.LOGGED_IN, WorkRequested, S.DEFERRED_AUTH, "session_expired_credentials_unavailable",
         DeferWork(), when=("!token_valid", "!protected_data_available"), sets=_PENDING),
    *_released(_user_logout(S.LOGGED_IN)),
    # Credentials in hand are stored as soon as the class allows, and retried until they are; a
    # refresh's lease is kept until then (another process would present the old token).
    *_released(_on(S.LOGGED_IN, StoreCompleted, None, "credentials_stored",
                   sets=(("store_pending", False),))),
    *_on(S.LOGGED_IN, StoreUnavailable, None, "store_polling", ScheduleRetry(),
         when=_AVAILABLE),
    *_on(S.LOGGED_IN, StoreUnavailable, None, "store_waits_for_protected_data",
         when=("!protected_data_available",)),
    *_on(S.LOGGED_IN, StoreFailed, None, "store_failed_retrying", ScheduleRetry()),
    *_on(S.LOGGED_IN, RetryDue, None, "retrying_store", StoreCredentials(),
         when=("store_pending", "protected_data_available")),
    *_on(S.LOGGED_IN, RetryDue, None, "store_waits_for_protected_data",
         when=("store_pending", "!protected_data_available")),
    *_on(S.LOGGED_IN, ProtectedDataBecameAvailable, None, "retrying_store", StoreCredentials(),
         when=("store_pending",)),
    *_on(S.LOGGED_IN, AppForegrounded, None, "retrying_store", StoreCredentials(),
         when=("store_pending", "protected_data_available")),
    # signing_in: nothing is stored until the server accepts; then the credentials are in hand.
    *_on(S.SIGNING_IN, AuthAccepted, S.LOGGED_IN, "signed_in", StoreCredentials(),
         when=("!work_pending",), sets=(("token_valid", True), *_IN_HAND)),
    *_on(S.SIGNING_IN, AuthAccepted, S.LOGGED_IN, "signed_in", StoreCredentials(), PerformWork(),
         when=("work_pending",), sets=(*_AUTHENTICATED, *_IN_HAND)),
    # A failed sign-in signs nobody out (no user was present); work that waited for it (owed
    # for an account whose session the server ended) is handed back.
    *_failing_work(S.SIGNING_IN, AuthRejected, S.LOGGED_OUT, SERVER_REJECTED, _SIGN_IN_FAILED,
                   failed="sign_in_failed"),
    *_failing_work(S.SIGNING_IN, AuthTransient, S.LOGGED_OUT, "sign_in_failed_transient",
                   _SIGN_IN_FAILED, failed="sign_in_failed"),
    *_failing_work(S.SIGNING_IN, LogoutRequested, S.LOGGED_OUT, USER_LOGOUT, failed="signed_out"),
    *_on(S.SIGNING_IN, WorkRequested, None, "work_waits_for_sign_in", sets=_PENDING),
    # authenticating: credentials go to the server; a rejection is checked before it is believed.
    # With credentials in hand nothing is read here, so a keychain answer then is stale.
    *_leased(S.AUTHENTICATING, KeychainFound, None, "credentials_found_authenticating",
             when=("protected_data_available", "!store_pending")),
    *_released((
        *_unavailable(S.AUTHENTICATING, KeychainFound,
                      "protected_data_lost_before_authentication",
                      when=("!protected_data_available", "!store_pending")),
        *_not_found(S.AUTHENTICATING, _SIGN_IN_AGAIN, when=("!store_pending",)),
        *_keychain_unavailable(S.AUTHENTICATING, when=("!store_pending",)),
        *_on(S.AUTHENTICATING, KeychainFailed, None, "keychain_failed_retrying", ScheduleRetry(),
             when=("!store_pending",)),
        *_on(S.AUTHENTICATING, KeychainSecretLost, S.LOGGED_OUT, CREDENTIALS_ABSENT,
             _SIGN_IN_AGAIN, when=("!store_pending",)),
    )),
    # The lease: taken, the stored credentials are read again (another process may have
    # refreshed meanwhile) or those in hand are sent; busy, the refresh waits — polling, and
    # woken by the other process's change — never presenting a token another may be rotating.
    *_on(S.AUTHENTICATING, LeaseAcquired, None, "lease_acquired_rereading", ReadCredentials(),
         when=("!store_pending", "protected_data_available")),
    *_on(S.AUTHENTICATING, LeaseAcquired, None, "lease_acquired_authenticating", Authenticate(),
         when=("store_pending", "protected_data_available")),
    # Credentials in hand keep the lease while they wait (another process would send the old).
    *_on(S.AUTHENTICATING, LeaseAcquired, S.DEFERRED_AUTH,
         "protected_data_lost_before_authentication", DeferWork(),
         when=("store_pending", "!protected_data_available")),
    *_on(S.AUTHENTICATING, LeaseAcquired, S.DEFERRED_AUTH,
         "protected_data_lost_before_authentication", DeferWork(), _RELEASE,
         when=("!store_pending", "!protected_data_available"), sets=_UNLEASED),
    *_on(S.AUTHENTICATING, LeaseBusy, None, "lease_held_elsewhere_waiting", ScheduleRetry()),
    *_on(S.AUTHENTICATING, SharedStoreChanged, None, "shared_store_changed_rereading",
         ReadCredentials(), when=("!lease_held", "!store_pending", "protected_data_available")),
    *_on(S.AUTHENTICATING, SharedStoreChanged, None, "shared_store_changed_retrying",
         AcquireLease(), when=("!lease_held", "store_pending")),
    # A rotated refresh token (or credentials still in hand) is stored before anything else.
    *_on(S.AUTHENTICATING, AuthAccepted, S.LOGGED_IN, "authenticated_token_rotated",
         StoreCredentials(), PerformWork(), when=("rotated",), sets=(*_AUTHENTICATED, *_IN_HAND)),
    *_on(S.AUTHENTICATING, AuthAccepted, S.LOGGED_IN, "authenticated", StoreCredentials(),
         PerformWork(), when=("!rotated", "store_pending"), sets=_AUTHENTICATED),
    *_released(_on(S.AUTHENTICATING, AuthAccepted, S.LOGGED_IN, "authenticated", PerformWork(),
                   when=("!rotated", "!store_pending"), sets=_AUTHENTICATED)),
    # F6: another process may have rotated the token between our read and our request; only
    # the keychain can tell, so a rejection is final only after it has been checked there.
    *_on(S.AUTHENTICATING, AuthRejected, S.CONFIRMING_REJECTION, "rejection_rechecking_keychain",
         ReadCredentials(), when=_AVAILABLE),
    *_on(S.AUTHENTICATING, AuthRejected, S.CONFIRMING_REJECTION,
         "rejection_check_waits_for_protected_data", when=("!protected_data_available",)),
    *_released(_on(S.AUTHENTICATING, AuthTransient, None, "server_unreachable_retrying",
                   ScheduleRetry())),
    *_read_or_use_in_hand(S.AUTHENTICATING, RetryDue, "retrying_authentication",
                          reading=None, when=_AVAILABLE),
    *_released(_unavailable(S.AUTHENTICATING, RetryDue, "protected_data_unavailable_deferring",
                            when=("!protected_data_available",))),
    *_on(S.AUTHENTICATING, WorkRequested, None, "work_joins_authentication", sets=_PENDING),
    *_released(_user_logout(S.AUTHENTICATING)),
    # confirming_rejection: a token another process stored is tried (as often as the store keeps
    # changing); a rejection of the token still stored — or of the only one there is — is final.
    *_leased(S.CONFIRMING_REJECTION, KeychainFound, S.AUTHENTICATING,
             "stored_credentials_changed_retrying",
             when=("rotated_elsewhere", "protected_data_available")),
    *_on(S.CONFIRMING_REJECTION, KeychainFound, S.DEFERRED_AUTH,
         "protected_data_lost_before_authentication", DeferWork(), _RELEASE,
         when=("rotated_elsewhere", "!protected_data_available", "lease_held"), sets=_UNLEASED),
    *_on(S.CONFIRMING_REJECTION, KeychainFound, S.DEFERRED_AUTH,
         "protected_data_lost_before_authentication", DeferWork(),
         when=("!protected_data_available", "!lease_held")),
    # A confirmed rejection is "re-authentication required", never a sign-out (invariant 13):
    # the account and its owed work are kept. Nothing left to delete: straight there.
    *_released((
        *_not_found(S.CONFIRMING_REJECTION, _SIGN_IN_AGAIN, reason=SERVER_REJECTED,
                    dest=S.REAUTH_REQUIRED),
        *_keychain_unavailable(S.CONFIRMING_REJECTION),
        *_on(S.CONFIRMING_REJECTION, KeychainFailed, None, "keychain_failed_retrying",
             ScheduleRetry()),
        *_on(S.CONFIRMING_REJECTION, KeychainSecretLost, S.REAUTH_REQUIRED, SERVER_REJECTED,
             _SIGN_IN_AGAIN),
    )),
    # Final only for the lease holder (no process can have rotated the token meanwhile) — a
    # process not holding it has no rejection to conclude: it looks again under the lease.
    *_on(S.CONFIRMING_REJECTION, KeychainFound, S.REAUTH_CLEARING, SERVER_REJECTED,
         DeleteCredentials(), _SIGN_IN_AGAIN, _RELEASE, when=("!rotated_elsewhere", "lease_held"),
         sets=_UNLEASED),
    *_on(S.CONFIRMING_REJECTION, KeychainFound, S.AUTHENTICATING, "rejection_needs_the_lease",
         AcquireLease(), when=("!rotated_elsewhere", "!lease_held", "protected_data_available")),

    *_on(S.CONFIRMING_REJECTION, ProtectedDataBecameAvailable, None,
         "rejection_rechecking_keychain", ReadCredentials()),
    *_on(S.CONFIRMING_REJECTION, AppForegrounded, None, "rejection_rechecking_keychain",
         ReadCredentials(), when=_AVAILABLE),
    *_on(S.CONFIRMING_REJECTION, RetryDue, None, "rejection_rechecking_keychain",
         ReadCredentials(), when=_AVAILABLE),
    *_on(S.CONFIRMING_REJECTION, WorkRequested, None, "work_joins_authentication"),
    *_released(_user_logout(S.CONFIRMING_REJECTION)),
    # logging_out: move the refresh token into the revocation outbox, then delete — however
    # long protected data takes; never use the credentials otherwise (invariants 5 and 14). Each
    # resumption reads and queues again (the outbox keeps a token once): nothing is deleted
    # before what it holds is queued, whatever was interrupted.
    *_on(S.LOGGING_OUT, KeychainFound, None, "queueing_revocation", QueueRevocation()),
    *_on(S.LOGGING_OUT, KeychainNotFound, None, "queueing_revocation", QueueRevocation(),
         when=_AVAILABLE),
    *_on(S.LOGGING_OUT, KeychainNotFound, None, "wipe_waits_for_protected_data",
         when=("!protected_data_available",)),
    *_on(S.LOGGING_OUT, KeychainSecretLost, None, "queueing_revocation", QueueRevocation()),
    *_on(S.LOGGING_OUT, KeychainUnavailable, None, "wipe_polling", ScheduleRetry(),
         when=_AVAILABLE),
    *_on(S.LOGGING_OUT, KeychainUnavailable, None, "wipe_waits_for_protected_data",
         when=("!protected_data_available",)),
    *_on(S.LOGGING_OUT, KeychainFailed, None, "wipe_failed_retrying", ScheduleRetry()),
    *_on(S.LOGGING_OUT, RevocationQueued, None, "revocation_queued_wiping", DeleteCredentials(),
         sets=(("revocation_pending", True),)),
    *_on(S.LOGGING_OUT, RevocationQueueUnavailable, None, "wipe_polling", ScheduleRetry(),
         when=_AVAILABLE),
    *_on(S.LOGGING_OUT, RevocationQueueUnavailable, None, "wipe_waits_for_protected_data",
         when=("!protected_data_available",)),
    *_on(S.LOGGING_OUT, RevocationQueueFailed, None, "wipe_failed_retrying", ScheduleRetry()),
    *_on(S.LOGGING_OUT, DeleteCompleted, S.LOGGED_OUT, "credentials_deleted", Revoke(),
         when=("revocation_pending", "protected_data_available")),
    *_on(S.LOGGING_OUT, DeleteCompleted, S.LOGGED_OUT, "credentials_deleted",
         ScheduleRevocation(), when=("revocation_pending", "!protected_data_available")),
    *_on(S.LOGGING_OUT, DeleteCompleted, S.LOGGED_OUT, "credentials_deleted",
         when=("!revocation_pending",)),
    *_on(S.LOGGING_OUT, DeleteUnavailable, None, "wipe_polling", ScheduleRetry(),
         when=_AVAILABLE),
    *_on(S.LOGGING_OUT, DeleteUnavailable, None, "wipe_waits_for_protected_data",
         when=("!protected_data_available",)),
    *_on(S.LOGGING_OUT, DeleteFailed, None, "wipe_failed_retrying", ScheduleRetry()),
    *_on(S.LOGGING_OUT, ProtectedDataBecameAvailable, None, "completing_deferred_wipe",
         ReadCredentials()),
    *_on(S.LOGGING_OUT, RetryDue, None, "completing_deferred_wipe", ReadCredentials(),
         when=_AVAILABLE),
    *_on(S.LOGGING_OUT, AppLaunched, None, "completing_deferred_wipe", ReadCredentials(),
         when=_AVAILABLE),
    *_on(S.LOGGING_OUT, AppForegrounded, None, "completing_deferred_wipe", ReadCredentials(),
         when=_AVAILABLE),
    *_on(S.LOGGING_OUT, WorkRequested, None, "logout_in_progress"),
    *_on(S.LOGGING_OUT, LoginRequested, None, "logout_in_progress"),
    # reauth_clearing: the rejected credentials are deleted (never used again, however long
    # protected data takes); the account and the work owed for it stay.
    *_on(S.REAUTH_CLEARING, DeleteCompleted, S.REAUTH_REQUIRED, "rejected_credentials_deleted"),
    *_on(S.REAUTH_CLEARING, DeleteUnavailable, None, "wipe_polling", ScheduleRetry(),
         when=_AVAILABLE),
    *_on(S.REAUTH_CLEARING, DeleteUnavailable, None, "wipe_waits_for_protected_data",
         when=("!protected_data_available",)),
    *_on(S.REAUTH_CLEARING, DeleteFailed, None, "wipe_failed_retrying", ScheduleRetry()),
    *_on(S.REAUTH_CLEARING, ProtectedDataBecameAvailable, None, "completing_deferred_wipe",
         DeleteCredentials()),
    *_on(S.REAUTH_CLEARING, RetryDue, None, "completing_deferred_wipe", DeleteCredentials(),
         when=_AVAILABLE),
    *_on(S.REAUTH_CLEARING, AppLaunched, None, "completing_deferred_wipe", DeleteCredentials(),
         when=_AVAILABLE),
    *_on(S.REAUTH_CLEARING, AppForegrounded, None, "completing_deferred_wipe",
         DeleteCredentials(), when=_AVAILABLE),
    *_on(S.REAUTH_CLEARING, WorkRequested, None, "work_waits_for_sign_in_again", sets=_PENDING),
    *_failing_work(S.REAUTH_CLEARING, LogoutRequested, S.LOGGING_OUT, USER_LOGOUT,
                   ReadCredentials(), failed="signed_out", when=_AVAILABLE),
    *_failing_work(S.REAUTH_CLEARING, LogoutRequested, S.LOGGING_OUT, USER_LOGOUT,
                   failed="signed_out", when=("!protected_data_available",)),
    # reauth_required: "sign in again", with the account. Its work resumes only for the same
    # account; another account's sign-in (or a sign-out) hands it back as failed.
    *_on(S.REAUTH_REQUIRED, LoginRequested, S.SIGNING_IN, "signing_in_again", SignIn(),
         when=("same_account",)),
    *_failing_work(S.REAUTH_REQUIRED, LoginRequested, S.SIGNING_IN, "signing_in_another_account",
                   SignIn(), failed="another_account", when=("!same_account",)),
    *_failing_work(S.REAUTH_REQUIRED, LogoutRequested, S.LOGGED_OUT, USER_LOGOUT,
                   failed="signed_out"),
    *_on(S.REAUTH_REQUIRED, WorkRequested, None, "work_waits_for_sign_in_again", sets=_PENDING),
    # logged_out: the only way back is the user signing in.
    *_on(S.LOGGED_OUT, LoginRequested, S.SIGNING_IN, "signing_in", SignIn()),
    # A revocation hint: the access token is no longer trusted (the event's effect) and a refresh
    # confirms — the hint alone ends nothing (invariant 13). Locked, the next refresh confirms.
    *_read_or_use_in_hand(S.LOGGED_IN, RevocationHint, "revocation_hint_confirming",
                          reading=S.AUTHENTICATING, sets=_PENDING, when=_AVAILABLE),
    *_on(S.LOGGED_IN, RevocationHint, None, "revocation_hint_waits_for_protected_data",
         when=("!protected_data_available",)),
    # logout(scope="others"): the other sessions end; nothing here changes.
    *_on(S.LOGGED_IN, LogoutOthersRequested, None, "revoking_other_sessions", RevokeOthers(),
         when=("token_valid",)),
    *_on(S.LOGGED_IN, LogoutOthersRequested, None, "others_logout_needs_a_valid_token",
         when=("!token_valid",)),
    # The revocation outbox, in every state.
    *(rule for state in State for rule in _revocation(state)),
    # A lease answer the session no longer waits for: a lease taken is given back at once.
    *(rule for state in State if state is not S.AUTHENTICATING
      for rule in _on(state, LeaseAcquired, None, "lease_not_needed", _RELEASE,
                      sets=_UNLEASED)),
)  # fmt: skip
