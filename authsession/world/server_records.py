"""What the world's auth server keeps: its users' sessions, token families and logs.

Owns: the records `WorldServer` (`authsession.world.server`) keeps and answers from — a request
in its log (`Request`) and a revocation in its own (`Revocation`), both without a secret; one
session of a user (`ServerSession`); the refresh tokens descended from one password sign-in
(`TokenFamily`); an armed interleaving of the app's next re-authentication (`InFlight`) and a
sibling process armed to win a refresh (`Sibling`) — and the words for the server's mode and a
secret's standing. Must not import the runtime.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from authsession.adapters.keychain import Keychain, ProtectionClass

Mode = Literal["ok", "reject", "down", "rate_limited", "captive_portal"]
#: What happens while the app's request is in flight (`during_next_refresh`).
Meanwhile = Literal["suspend", "lock", "extension_wake", "kill"]
#: What the server makes of a secret now: a registered password, a family's live refresh token,
#: its predecessor (a lost race), an older token of the family, a revoked family's token, or
#: nothing it knows.
Standing = Literal["password", "live", "predecessor", "retired", "revoked", "unknown"]


@dataclass(frozen=True, slots=True)
class Request:
    account: str
    protected_data_available: bool
    outcome: str


@dataclass(slots=True)
class ServerSession:
    """One session of a user: started by a password sign-in (on this device, or the user's
    other one), ended by a revocation."""

    id: int
    account: str
    #: `this`: the world's device; `other`: the user's other device.
    device: Literal["this", "other"] = "this"
    revoked: bool = False
    #: The world step of the revocation (-1: not revoked).
    revoked_at: int = -1
    #: Revoked by a request of this device's app (its own sign-out).
    revoked_by_app: bool = False


@dataclass(frozen=True, slots=True)
class Revocation:
    """One request to the revocation endpoint (no secret: whose, which scope, what answer, and
    whether the credentials' class was readable when it was sent)."""

    account: str
    scope: str
    protected_data_available: bool
    outcome: str


@dataclass(slots=True)
class TokenFamily:
    """The refresh tokens descended from one password sign-in."""

    account: str
    live: str
    predecessor: str | None = None
    retired: set[str] = field(default_factory=set)
    revoked: bool = False
    #: Server time of the last rotation (the reuse grace counts from it).
    rotated_at: float = 0.0
    #: The last rotation was a sibling's (a process the world runs as a hazard, not the app's).
    rotated_by_sibling: bool = False
    #: The session the family belongs to.
    session: int = 0


@dataclass(frozen=True, slots=True)
class InFlight:
    """One armed interleaving inside the app's next re-authentication."""

    meanwhile: Meanwhile
    reached_server: bool


@dataclass(frozen=True, slots=True)
class Sibling:
    """A sibling process armed to win the app's next refresh, on the app's keychain item."""

    keychain: Keychain
    protection: ProtectionClass
