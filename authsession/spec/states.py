"""The session's states and what each one promises about the user.

Owns: the `State` names (a public contract: ports use these strings) and, per state, whether a user
is present (`yes | no | unknown`). Must not import the machine, adapters or runtime.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final, Literal

UserPresence = Literal["yes", "no", "unknown"]
#: What the app shows the user in a state (the world's oracle judges the screen): the signed-in
#: UI, the sign-in screen, a "sign in again" banner (the account is known, its session ended),
#: or "unlock to continue" (a user may exist; nothing can be told yet).
Screen = Literal["signed_in", "sign_in", "sign_in_again", "unlock_to_continue"]


class State(StrEnum):
    """Every state a session can be in. The first four names are a stable contract."""

    LOGGED_IN = "logged_in"
    CREDENTIALS_UNAVAILABLE = "credentials_unavailable"
    DEFERRED_AUTH = "deferred_auth"
    LOGGED_OUT = "logged_out"
    STARTING = "starting"
    CHECKING_CREDENTIALS = "checking_credentials"
    SIGNING_IN = "signing_in"
    AUTHENTICATING = "authenticating"
    CONFIRMING_REJECTION = "confirming_rejection"
    LOGGING_OUT = "logging_out"
    REAUTH_CLEARING = "reauth_clearing"
    REAUTH_REQUIRED = "reauth_required"


INITIAL_STATE: Final = State.STARTING

#: What the app may show: `unknown` is never `no` — that is the whole point of the package.
USER_PRESENT: Final[dict[State, UserPresence]] = {
    State.STARTING: "unknown",
    State.CHECKING_CREDENTIALS: "unknown",
    State.CREDENTIALS_UNAVAILABLE: "unknown",
    State.DEFERRED_AUTH: "unknown",
    State.AUTHENTICATING: "yes",
    State.CONFIRMING_REJECTION: "yes",
    State.LOGGED_IN: "yes",
    State.SIGNING_IN: "no",
    State.LOGGING_OUT: "no",
    State.LOGGED_OUT: "no",
    State.REAUTH_CLEARING: "no",
    State.REAUTH_REQUIRED: "no",
}

#: What the app shows in each state. A state whose user is unknown never shows the sign-in
#: screen (a first value of "not known yet" is "unlock to continue", never a guess), and a
#: session the server ended shows "sign in again" with the account, not the sign-in screen.
SCREEN: Final[dict[State, Screen]] = {
    state: (
        "signed_in"
        if USER_PRESENT[state] == "yes"
        else "unlock_to_continue"
        if USER_PRESENT[state] == "unknown"
        else "sign_in_again"
        if state in (State.REAUTH_CLEARING, State.REAUTH_REQUIRED)
        else "sign_in"
    )
    for state in State
}

STATE_DESCRIPTIONS: Final[dict[State, str]] = {
    State.STARTING: "Process launched; nothing is known about the user until the launch event "
    "says whether protected data is available.",
    State.CHECKING_CREDENTIALS: "A read of the stored credentials is in flight to learn whether "
    "a user exists.",
    State.CREDENTIALS_UNAVAILABLE: "A user may exist but the keychain cannot be read now; "
    "nothing is waiting.",
    State.DEFERRED_AUTH: "As credentials_unavailable, and work that needs authentication is "
    "waiting for protected data.",
    State.AUTHENTICATING: "Credentials (just read, or held in hand) are being sent to the server "
    "(or re-read for a retry).",
    State.CONFIRMING_REJECTION: "The server rejected what was sent; the keychain is being "
    "re-read: a token another process stored meanwhile is tried, and only a rejection of the "
    "token still stored is final.",
    State.LOGGED_IN: "A user is signed in; the session token may or may not still be valid.",
    State.SIGNING_IN: "Credentials the user just typed are being checked by the server; "
    "nothing is stored yet.",
    State.LOGGING_OUT: "The user signed out; the refresh token is being moved into the "
    "revocation outbox and the stored credentials deleted — never used meanwhile, even if "
    "either has to wait for protected data.",
    State.LOGGED_OUT: "No user. Reached only by sign-out, credentials proven absent or lost, or "
    "a failed sign-in.",
    State.REAUTH_CLEARING: "The server definitively rejected the stored credentials (a "
    "confirmed rejection): they are being deleted — never used meanwhile. The account and the "
    "work owed for it are kept.",
    State.REAUTH_REQUIRED: "Re-authentication required: the server ended the session; the "
    "account is kept (not a secret) and the work owed for it waits for that account to sign "
    "in again. Entered only from a confirmed rejection (invariant 13).",
}

#: Entering these states ends the user's session for good: the user and what they owed are
#: forgotten.
SIGNED_OUT_STATES: Final = frozenset({State.LOGGING_OUT, State.LOGGED_OUT})
#: The server ended the session: no usable credentials, but the account and its owed work are
#: kept for the same account's sign-in.
REAUTH_STATES: Final = frozenset({State.REAUTH_CLEARING, State.REAUTH_REQUIRED})
#: Every state in which a session has ended (a logout as the oracle judges it ends in one).
ENDED_STATES: Final = SIGNED_OUT_STATES | REAUTH_STATES
#: States a relaunch resumes from the snapshot (every other state restarts from `starting`: the
#: keychain, not a file, is the truth about the user — except for a wipe in progress, and for a
#: session the server ended, whose credentials are gone).
RESUMED_STATES: Final = frozenset({State.LOGGING_OUT, *REAUTH_STATES})
