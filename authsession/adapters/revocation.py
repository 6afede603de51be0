"""The revocation adapters: a durable outbox of refresh tokens owed a revocation, and the
revocation endpoint (RFC 7009) they are sent to.

Owns: `RevocationEntry` (one token owed a revocation: the account, the token, the scope the user
asked for), the `RevocationOutbox` Protocol (read and replace the outbox's entries: one item
under the credentials' own protection class) with `KeychainOutbox` (a second item of any
`Keychain`, the entries as JSON in its secret) and `MemoryOutbox` (tests, and the default: not
durable), the `Revoker` Protocol with `Revoked | RevocationRefused | Transient`, `HttpRevoker`
(RFC 7009's form POST) and `NoRevocationEndpoint` (an app without one: every token is answered
"refused", definitively, and a warning says why).

A revoker is its own adapter, not a method of the `Authenticator`: the outbox's tokens must never
reach the token endpoint, and a host that can hand them only to a `Revoker` cannot send them
anywhere else (invariant 14); the answers mean different things (a revocation's "refused" is a
final answer about the *request*, not a verdict on the user); and every existing authenticator
keeps working unchanged. Must not import the core or runtime.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import ClassVar, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, SecretStr, ValidationError

from authsession.adapters.authenticator import Transient, parse_retry_after, redact_url
from authsession.adapters.keychain import (
    Credentials,
    Deleted,
    Failed,
    Found,
    Keychain,
    NotFound,
    ProtectionClass,
    SecretLost,
    Stored,
    StoreResult,
    Unavailable,
)
from authsession.spec import host as rules

log = logging.getLogger("authsession")

#: `logout(scope=...)`: this session, every session of the user, or every *other* session.
LogoutScope = Literal["local", "global", "others"]
#: The scopes a queued token is revoked with (`others` revokes at once, and changes nothing here).
QueuedScope = Literal["local", "global"]
TokenTypeHint = Literal["refresh_token", "access_token"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class RevocationEntry(_Model):
    """One token owed a revocation. The token never prints."""

    account: str
    token: SecretStr
    scope: QueuedScope = "local"


Entries = tuple[RevocationEntry, ...]


class Pending(_Model):
    """What the outbox holds, oldest first (empty: nothing is owed)."""

    kind: Literal["pending"] = "pending"
    entries: tuple[RevocationEntry, ...] = ()


OutboxRead = Pending | Unavailable | Failed


@runtime_checkable
class RevocationOutbox(Protocol):
    """The durable list of tokens owed a revocation: stored under the credentials' protection
    class (it holds refresh tokens), so it is unreadable exactly when they are."""

    def read(self) -> OutboxRead:
        """The entries (never None); `Unavailable` while the class is locked."""
        ...

    def write(
        self, entries: tuple[RevocationEntry, ...], protection: ProtectionClass
    ) -> StoreResult:
        """Replace the entries (an empty tuple removes the item); add-or-update, never
        delete-then-add."""
        ...


class Revoked(_Model):
    """The endpoint answered 200: the token is revoked (RFC 7009 answers 200 for a token it does
    not know, too)."""

    kind: Literal["revoked"] = "revoked"


class RevocationRefused(_Model):
    """The endpoint refused the request for good (`unsupported_token_type`, `invalid_request`,
    no endpoint at all): retrying would not help. Says nothing about the user."""

    kind: Literal["refused"] = "refused"
    detail: str = ""


RevokeResult = Revoked | RevocationRefused | Transient


class RevocationRequest(_Model):
    """What is sent to the revocation endpoint: a token (a queued refresh token, or for `others`
    the session's access token), whose account it is, and the scope."""

    account: str
    token: SecretStr
    scope: LogoutScope = "local"
    token_type_hint: TokenTypeHint = "refresh_token"


@runtime_checkable
class Revoker(Protocol):
    """The revocation endpoint: the only place an outbox token is ever sent."""

    def revoke(self, request: RevocationRequest) -> RevokeResult: ...


# Outboxes ---------------------------------------------------------------------------------------

#: The account name of `KeychainOutbox`'s item (not a secret: the entries are its secret).
OUTBOX_ACCOUNT = "authsession.revocation-outbox"
#: Entries an outbox keeps: a sign-out a day for years offline. A full outbox drops the oldest.
MAX_OUTBOX_ENTRIES = rules.OUTBOX_MAX_ENTRIES


def encode_entries(entries: tuple[RevocationEntry, ...]) -> str:
    """The entries as the compact JSON a `KeychainOutbox` stores (sorted keys, no spaces)."""
    return json.dumps(
        [
            {"account": e.account, "scope": e.scope, "token": e.token.get_secret_value()}
            for e in entries
        ],
        sort_keys=True,
        separators=(",", ":"),
    )


class _Entries(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)
    entries: tuple[RevocationEntry, ...]


def decode_entries(text: str) -> tuple[RevocationEntry, ...] | None:
    """`encode_entries` reversed; None for anything else (never quoted: it holds tokens)."""
    try:
        return _Entries.model_validate_json(f'{{"entries":{text}}}').entries
    except ValidationError:
        return None


class KeychainOutbox:
    """An outbox in a second item of a `Keychain` (the app's own keychain adapter, pointed at
    another account or service): the entries as JSON in the item's secret, under the class the
    host writes with — the credentials' own. An item that can never be read again (its key
    invalidated) holds tokens nobody can read either: it reads as empty."""

    def __init__(self, keychain: Keychain) -> None:
        self.keychain = keychain
        self.blocking = bool(getattr(keychain, "blocking", True))

    def read(self) -> OutboxRead:
        match self.keychain.read():
            case Found(credentials=credentials):
                entries = decode_entries(credentials.secret.get_secret_value())
                if entries is None:
                    log.warning("revocation outbox unreadable: its entries are dropped")
                    return Pending()
                return Pending(entries=entries)
            case NotFound() | SecretLost():
                return Pending()
            case Unavailable():
                return Unavailable()
        return Failed(detail="outbox read failed")

    def write(
        self, entries: tuple[RevocationEntry, ...], protection: ProtectionClass
    ) -> StoreResult:
        if not entries:
            deleted = self.keychain.delete()
            return Stored() if isinstance(deleted, Deleted) else deleted
        item = Credentials(account=OUTBOX_ACCOUNT, secret=SecretStr(encode_entries(entries)))
        return self.keychain.store(item, protection)

    def __repr__(self) -> str:
        return f"KeychainOutbox({self.keychain!r})"


class MemoryOutbox:
    """An outbox in memory (tests; and the session's default, which is *not* durable: pass a
    `KeychainOutbox` to keep revocations owed across a kill). `available`: whether its class is
    readable now (default: always)."""

    blocking: ClassVar[bool] = False

    def __init__(self, *, available: Callable[[], bool] | None = None) -> None:
        self._available = available
        self.entries: tuple[RevocationEntry, ...] = ()
        self.protection: ProtectionClass | None = None

    def _open(self) -> bool:
        return self._available is None or bool(self._available())

    def read(self) -> OutboxRead:
        return Pending(entries=self.entries) if self._open() else Unavailable()

    def write(
        self, entries: tuple[RevocationEntry, ...], protection: ProtectionClass
    ) -> StoreResult:
        if not self._open():
            return Unavailable()
        self.entries = tuple(entries)
        self.protection = protection if entries else None
        return Stored()

    def __repr__(self) -> str:
        return f"MemoryOutbox(entries={len(self.entries)})"


# Revokers ---------------------------------------------------------------------------------------


class NoRevocationEndpoint:
    """For an app whose server offers no revocation endpoint: every request is refused, for good
    (the token leaves the outbox), with a warning — so that the choice is visible, not silent."""

    blocking: ClassVar[bool] = False

    def revoke(self, request: RevocationRequest) -> RevokeResult:
        log.warning(
            "no revocation endpoint configured: a %s was not revoked", request.token_type_hint
        )
        return RevocationRefused(detail="no revocation endpoint configured")

    def __repr__(self) -> str:
        return "NoRevocationEndpoint()"


#: OAuth errors of a revocation answer that refuse the request for good (RFC 7009 §2.2.1,
#: RFC 6749 §5.2): retrying the same request cannot succeed.
_REFUSING_ERRORS = frozenset(
    {"unsupported_token_type", "invalid_request", "invalid_client", "unauthorized_client"}
)
#: A revocation answer's body is small; a server's is read no further than this.
MAX_REPLY_BYTES = 1 << 16


class HttpRevoker:
    """RFC 7009: POSTs `token=…&token_type_hint=…` (and `scope=global|others` when asked: many
    providers take it, as Supabase's `/logout?scope=`) as a form to `url`. 200 is `Revoked`; 503,
    429, other 5xx, timeouts and network errors are `Transient` (with `Retry-After`); a 4xx is a
    `RevocationRefused` — final, whatever its body says."""

    def __init__(self, url: str, *, timeout: float = 10.0, client_id: str | None = None) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError("HttpRevoker url must start with http:// or https://")
        self.url = url
        self.timeout = timeout
        self.client_id = client_id

    def revoke(self, request: RevocationRequest) -> RevokeResult:
        import urllib.error
        import urllib.parse
        import urllib.request

        form = {
            "token": request.token.get_secret_value(),
            "token_type_hint": request.token_type_hint,
        }
        if request.scope != "local":
            form["scope"] = request.scope
        if self.client_id is not None:
            form["client_id"] = self.client_id
        body = urllib.parse.urlencode(form).encode()
        call = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(call, timeout=self.timeout) as response:
                response.read(MAX_REPLY_BYTES)
                return Revoked()
        except urllib.error.HTTPError as err:
            payload = err.read(MAX_REPLY_BYTES)
            return classify_revocation(
                err.code, payload, parse_retry_after(err.headers.get("Retry-After"))
            )
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            return Transient(detail=f"network: {type(err).__name__}")

    def __repr__(self) -> str:
        return f"HttpRevoker({redact_url(self.url)!r})"


def classify_revocation(status: int, body: bytes, retry_after: float | None = None) -> RevokeResult:
    """An error answer of the revocation endpoint. The detail names a known OAuth error only
    (anything else the server wrote could quote the token)."""
    if status == 429 or status >= 500:
        return Transient(detail=f"http {status}", retry_after=retry_after)
    try:
        payload = json.loads(body)
        error = payload.get("error") if isinstance(payload, dict) else None
    except (ValueError, RecursionError):
        error = None
    known = error if isinstance(error, str) and error in _REFUSING_ERRORS else None
    return RevocationRefused(detail=f"http {status}" + (f" {known}" if known else ""))


__all__ = [
    "MAX_OUTBOX_ENTRIES",
    "OUTBOX_ACCOUNT",
    "Entries",
    "HttpRevoker",
    "KeychainOutbox",
    "LogoutScope",
    "MemoryOutbox",
    "NoRevocationEndpoint",
    "OutboxRead",
    "Pending",
    "QueuedScope",
    "RevocationEntry",
    "RevocationOutbox",
    "RevocationRefused",
    "RevocationRequest",
    "RevokeResult",
    "Revoked",
    "Revoker",
    "TokenTypeHint",
    "classify_revocation",
    "decode_entries",
    "encode_entries",
]
