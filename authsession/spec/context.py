"""The machine's memory besides its state: the context flags, and what events and moves do to them.

Owns: `CONTEXT_FLAGS` (six booleans, all False at start), which events carry the protected-data
availability into the context (`EVENTS_CARRYING_AVAILABILITY`), the effects an event has in every
state before any guard is read (`EVENT_EFFECTS`), and what entering a state forgets
(`ENTRY_CLEARS`). Part of the table (`authsession.spec.table` re-exports every name); its meaning
is `authsession.spec.interpreter`'s. Must not import anything but the spec's own modules.
"""

from __future__ import annotations

from typing import Final

from authsession.spec.events import (
    AppForegrounded,
    AppLaunched,
    AuthRejected,
    DeleteUnavailable,
    KeychainFailed,
    KeychainFound,
    KeychainNotFound,
    KeychainSecretLost,
    KeychainUnavailable,
    LeaseAcquired,
    LogoutRequested,
    ProtectedDataBecameAvailable,
    ProtectedDataWillBecomeUnavailable,
    RetryDue,
    RevocationCompleted,
    RevocationDue,
    RevocationHint,
    RevocationQueueUnavailable,
    SharedStoreChanged,
    StoreUnavailable,
    TokenExpired,
    WorkRequested,
    event_type,
)
from authsession.spec.states import State

#: The machine's only memory besides its state: six booleans, all False at start.
CONTEXT_FLAGS: Final[dict[str, str]] = {
    "protected_data_available": "Last known answer to 'can the credentials' protection class be "
    "read now?'. Unknown counts as no.",
    "work_pending": "Work that needs an authenticated session is waiting.",
    "token_valid": "The session token from the last successful authentication has not expired.",
    "store_pending": "Credentials are in hand but not stored yet: typed at sign-in, or a refresh "
    "token the server rotated to. They prove a user: no read result ends the session while the "
    "host holds them (invariant 9).",
    "lease_held": "This process holds the app's shared refresh lease: it alone refreshes, or "
    "concludes that a rejection is final, until it gives the lease back — once the credentials "
    "a refresh handed it are stored, or the attempt ends (invariant 12).",
    "revocation_pending": "The durable revocation outbox holds a refresh token not yet revoked "
    "for good: it is sent to the revocation endpoint — and nowhere else — whenever the outbox's "
    "class is readable, across kills and reboots, whoever is signed in meanwhile (invariant 14).",
}

AVAILABILITY_FIELD: Final = "protected_data_available"
#: Events whose payload field `protected_data_available` overwrites the context flag: every event
#: after which the table may read, authenticate or poll — the host samples the signal for each.
EVENTS_CARRYING_AVAILABILITY: Final = frozenset(
    event_type(c)
    for c in (
        AppLaunched,
        AppForegrounded,
        WorkRequested,
        RetryDue,
        KeychainFound,
        KeychainNotFound,
        KeychainUnavailable,
        KeychainFailed,
        KeychainSecretLost,
        StoreUnavailable,
        DeleteUnavailable,
        AuthRejected,
        LeaseAcquired,
        SharedStoreChanged,
        RevocationHint,
        RevocationQueueUnavailable,
        RevocationDue,
        RevocationCompleted,
        LogoutRequested,
    )
)

#: Context effects applied for an event in every state, before guards are evaluated.
EVENT_EFFECTS: Final[dict[str, tuple[tuple[str, bool], ...]]] = {
    event_type(ProtectedDataBecameAvailable): (("protected_data_available", True),),
    event_type(ProtectedDataWillBecomeUnavailable): (("protected_data_available", False),),
    event_type(TokenExpired): (("token_valid", False),),
    event_type(LeaseAcquired): (("lease_held", True),),
    # A hint that the session may be revoked: the access token in hand is no longer vouched for
    # (work with it could be work done with a revoked token), though nothing else changes.
    event_type(RevocationHint): (("token_valid", False),),
}

#: Entering a signed-out state forgets everything that belonged to the user; a session the
#: server ended keeps the work owed for its account. Neither forgets a revocation owed.
ENTRY_CLEARS: Final[dict[State, tuple[str, ...]]] = {
    State.LOGGING_OUT: ("work_pending", "token_valid", "store_pending", "lease_held"),
    State.LOGGED_OUT: ("work_pending", "token_valid", "store_pending", "lease_held"),
    State.REAUTH_CLEARING: ("token_valid", "store_pending", "lease_held"),
    State.REAUTH_REQUIRED: ("token_valid", "store_pending", "lease_held"),
}
