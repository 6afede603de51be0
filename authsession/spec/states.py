"""The session's states and what each one promises about the user.

Owns: the `State` names (a public contract: ports use these strings) and, per state, whether a user
is present (`yes | no | unknown`). Must not import the machine, adapters or runtime.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final, Literal

UserPresence = Literal["yes", "no", "unknown"]


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
    State.LOGGING_OUT: "The user is gone; the stored credentials are being deleted and must "
    "not be used even if the delete has to wait for protected data.",
    State.LOGGED_OUT: "No user. Reached only by sign-out, a definitive server rejection, or "
    "credentials proven absent.",
}

#: Entering these states ends the user's session for good.
SIGNED_OUT_STATES: Final = frozenset({State.LOGGING_OUT, State.LOGGED_OUT})
