"""What an app can tell a session, as values.

Owns: one frozen dataclass per public call of `AuthSession` (`Launch`, `Login`, `Logout`,
`RequestWork`, `Foreground`, `ProtectedDataDidBecomeAvailable`,
`ProtectedDataWillLock`, `StoreChanged`, `RevocationHinted`, `Poll`) and the
`Operation` union. The
sync methods, the thread-safe driver and the asyncio driver all submit these through
`AuthSession.begin()`, so no driver reaches into the session's private loop. `Login` holds the
typed password as `SecretStr`. Must not import the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import SecretStr

from authsession.errors import InvalidInputError

#: The snapshot's limit for a work label (`authsession.runtime.snapshot.WorkLabel`).
MAX_LABEL_CHARS = 200


@dataclass(frozen=True, slots=True)
class Launch:
    """The process started (any launch mode, prewarm included)."""


@dataclass(frozen=True, slots=True)
class Login:
    """The user typed credentials; they are stored only once the server accepts them."""

    account: str
    password: SecretStr


#: What a sign-out ends: this session (`local`), every session of the user (`global`), or every
#: session but this one (`others`, which changes nothing here).
Scope = Literal["local", "global", "others"]
SCOPES: tuple[Scope, ...] = ("local", "global", "others")


@dataclass(frozen=True, slots=True)
class Logout:
    """The user signed out (`scope`: see `Scope`)."""

    scope: Scope = "local"

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise InvalidInputError("logout", "scope: must be 'local', 'global' or 'others'")


@dataclass(frozen=True, slots=True)
class RequestWork:
    """Something needs an authenticated server call (sync, background fetch, a token). The label
    is what the snapshot keeps while the work is owed: 1 to 200 characters."""

    label: str = "work"

    def __post_init__(self) -> None:
        if not 1 <= len(self.label) <= MAX_LABEL_CHARS:
            raise InvalidInputError(
                "request_work", f"label: must be 1 to {MAX_LABEL_CHARS} characters"
            )


@dataclass(frozen=True, slots=True)
class Foreground:
    """The app came to the foreground (the user is looking at it)."""


@dataclass(frozen=True, slots=True)
class ProtectedDataDidBecomeAvailable:
    """iOS `applicationProtectedDataDidBecomeAvailable`, Android `ACTION_USER_UNLOCKED`."""


@dataclass(frozen=True, slots=True)
class ProtectedDataWillLock:
    """iOS `applicationProtectedDataWillBecomeUnavailable` (foreground apps only)."""


@dataclass(frozen=True, slots=True)
class StoreChanged:
    """Another process of the app changed the shared credentials or the refresh lease."""


@dataclass(frozen=True, slots=True)
class RevocationHinted:
    """Something says the session may have been revoked (a silent push from the app's backend,
    another device's global sign-out): a refresh confirms; the hint alone ends nothing."""


@dataclass(frozen=True, slots=True)
class Poll:
    """Fire every timer whose monotonic deadline has passed."""


Operation = (
    Launch
    | Login
    | Logout
    | RequestWork
    | Foreground
    | ProtectedDataDidBecomeAvailable
    | ProtectedDataWillLock
    | StoreChanged
    | RevocationHinted
    | Poll
)
