"""The table's reasons that mean something by themselves.

Owns: the only reasons a session with a (possible) user may end for (`LOGOUT_REASONS`, invariants
1 and 15) and why each event no row matches is ignored (`IGNORE_REASONS`). Part of the table
(`authsession.spec.table` re-exports every name). Must not import anything but the spec's own
modules.
"""

from __future__ import annotations

from typing import Final

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
    OthersRevocationFailed,
    OthersRevoked,
    ProtectedDataBecameAvailable,
    ProtectedDataWillBecomeUnavailable,
    RetryDue,
    RevocationCompleted,
    RevocationDue,
    RevocationFailed,
    RevocationHint,
    RevocationQueued,
    RevocationQueueFailed,
    RevocationQueueUnavailable,
    RevocationUnavailable,
    SharedStoreChanged,
    StoreCompleted,
    StoreFailed,
    StoreUnavailable,
    TokenExpired,
    WorkRequested,
    event_type,
)

USER_LOGOUT: Final = "user_logout"
SERVER_REJECTED: Final = "server_rejected"
CREDENTIALS_ABSENT: Final = "credentials_absent"
#: The only reasons a session with a (possible) user may end for (invariant 1) — and the only
#: reasons an observer may be told "no user" for (invariant 15).
LOGOUT_REASONS: Final = frozenset({USER_LOGOUT, SERVER_REJECTED, CREDENTIALS_ABSENT})

#: Why an event no row matches is ignored, per event.
IGNORE_REASONS: Final[dict[str, str]] = {
    event_type(AppLaunched): "already_launched",
    event_type(AppForegrounded): "nothing_to_resolve",
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
    event_type(LeaseAcquired): "stale_lease_result",
    event_type(LeaseBusy): "stale_lease_result",
    event_type(SharedStoreChanged): "store_change_noted",
    event_type(LogoutOthersRequested): "others_logout_not_offered_in_this_state",
    event_type(RevocationHint): "revocation_hint_noted",
    event_type(RevocationQueued): "stale_outbox_result",
    event_type(RevocationQueueUnavailable): "stale_outbox_result",
    event_type(RevocationQueueFailed): "stale_outbox_result",
    event_type(RevocationDue): "no_revocation_pending",
    event_type(RevocationCompleted): "stale_revocation_result",
    event_type(RevocationFailed): "stale_revocation_result",
    event_type(RevocationUnavailable): "stale_revocation_result",
    event_type(OthersRevoked): "other_sessions_revoked",
    event_type(OthersRevocationFailed): "other_sessions_not_revoked",
}
