"""The error taxonomy: what every platform error and server answer says about the user, as data.

Owns: `ErrorClass` (`unavailable | absent | transient | rejected | local_secret_lost`), the one
table `TAXONOMY` mapping iOS OSStatus codes, Android exceptions, `keyring` errors, HTTP statuses and
OAuth error codes to a class, the class of codes the table does not name, and `classify_http`, the
rule for an authentication response (including F4: an answer to a request that carried no
credentials says nothing about them). Adapters classify through it; the JSON export and
`docs/spec.md` render it. Two rules shape the table:

- Only the token endpoint can *reject*. A keychain error is never `rejected`, whatever the OS
  calls it (a missing entitlement, a cancelled prompt): signing the user out would not fix it;
  nor is a resource server's 401, which refused an access token, not the stored credentials.
- An unknown code is `transient` — it says nothing about the user — never `absent`.

Must not import adapters, platforms, the core or the runtime: it is spec data, and adapters
depend on it, not the other way round.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final


class ErrorClass(StrEnum):
    """What an error says about the stored credentials and the user, in the session's terms."""

    #: The item may exist but cannot be read now (locked, before first unlock): defer, keep user.
    UNAVAILABLE = "unavailable"
    #: No such item. Authoritative only while protected data is available (invariant 1).
    ABSENT = "absent"
    #: Says nothing about the user: retry with backoff, never log out (invariant 4, F5).
    TRANSIENT = "transient"
    #: The server definitively refused these credentials: the one server-side logout cause.
    REJECTED = "rejected"
    #: Storage is readable but the local secret can never be decrypted again: sign in again,
    #: and say why (`credentials_absent` with a detail) — never a silent logout.
    LOCAL_SECRET_LOST = "local_secret_lost"


class ErrorSource(StrEnum):
    IOS_OSSTATUS = "ios_osstatus"
    ANDROID_EXCEPTION = "android_exception"
    KEYRING = "keyring"
    HTTP_STATUS = "http_status"
    OAUTH_ERROR = "oauth_error"
    #: A status from a resource server (the API the app's work calls), not the token endpoint.
    RESOURCE_HTTP_STATUS = "resource_http_status"


@dataclass(frozen=True, slots=True)
class TaxonomyEntry:
    source: ErrorSource
    code: str
    error_class: ErrorClass
    note: str


_U, _A, _T, _R, _L = (
    ErrorClass.UNAVAILABLE,
    ErrorClass.ABSENT,
    ErrorClass.TRANSIENT,
    ErrorClass.REJECTED,
    ErrorClass.LOCAL_SECRET_LOST,
)
_IOS, _AND, _KR, _HTTP, _OAUTH, _RES = tuple(ErrorSource)

TAXONOMY: Final[tuple[TaxonomyEntry, ...]] = tuple(
    TaxonomyEntry(source, code, error_class, note)
    for source, code, error_class, note in (
        (_IOS, "-25308", _U, "errSecInteractionNotAllowed: the item's class key is not in memory"),
        (_IOS, "-25300", _A, "errSecItemNotFound: also answered while locked (F2) or for a query "
         "naming another class — hence authoritative only while protected data is available"),
        (_IOS, "-26275", _L, "errSecDecode: the item can never be decrypted on this device"),
        (_IOS, "-25291", _T, "errSecNotAvailable: the keychain failed for now"),
        (_IOS, "-34018", _T, "errSecMissingEntitlement: a build problem, not about the user"),
        (_IOS, "-25293", _T, "errSecAuthFailed: the keychain refused the call, the server did not"),
        (_IOS, "-128", _T, "errSecUserCanceled: a declined prompt; ask again later"),
        (_IOS, "-50", _T, "errSecParam: a programming error; signing out would not fix it"),
        (_IOS, "-25299", _T, "errSecDuplicateItem: on add, update in place; on a read, no meaning"),
        (_AND, "IllegalStateException", _U, "credential-encrypted storage before the first "
         "unlock after boot (Direct Boot, F11)"),
        (_AND, "UserNotAuthenticatedException", _U, "the Keystore key needs a recent unlock"),
        (_AND, "KeyPermanentlyInvalidatedException", _L, "lock screen removed or biometrics "
         "changed: the key is gone (F10); keep the item, report the cause"),
        (_AND, "AEADBadTagException", _L, "the item does not open with this device's key "
         "(restored from a backup); never 'repaired' by deleting the key"),
        (_AND, "no_item", _A, "no record in either storage area"),
        (_KR, "KeyringLocked", _U, "the collection is locked (Secret Service, kwallet, macOS)"),
        (_KR, "timeout", _U, "no answer in time: an unlock prompt may be waiting"),
        (_KR, "get_password_none", _A, "get_password returned None: no such item"),
        (_KR, "NoKeyringError", _T, "no backend now (the bus may not be up yet)"),
        (_KR, "InitError", _T, "the backend failed to start"),
        (_KR, "PasswordSetError", _T, "the write failed; the old item is unchanged"),
        (_KR, "PasswordDeleteError", _T, "also raised for 'no such item': absence is confirmed "
         "with a read before a delete counts as done"),
        (_KR, "KeyringError", _T, "any other keyring failure"),
        (_HTTP, "401", _R, "the credentials were refused — only if some were sent (F4)"),
        (_HTTP, "403", _R, "the account may not sign in — only if credentials were sent"),
        (_HTTP, "400", _T, "a malformed request says nothing about the credentials"),
        (_HTTP, "408", _T, "request timeout"),
        (_HTTP, "429", _T, "rate limited: the retry waits at least its Retry-After"),
        (_HTTP, "500", _T, "server error"),
        (_HTTP, "502", _T, "bad gateway"),
        (_HTTP, "503", _T, "unavailable (maintenance)"),
        (_HTTP, "504", _T, "gateway timeout"),
        (_HTTP, "network", _T, "no HTTP answer at all: refused, reset, DNS, timeout"),
        (_HTTP, "-999", _T, "iOS NSURLErrorCancelled: the task was cancelled (the app was "
         "suspended mid-request); whether the server processed it is unknown"),
        (_HTTP, "200-unparseable", _T, "a 200 whose body is no token reply (a captive portal's "
         "login page): no answer from the server at all"),
        (_RES, "401", _T, "a resource server refused the access token it was shown, not the "
         "stored credentials: get a new access token and retry; never a logout"),
        (_RES, "403", _T, "a resource server forbids this call: about the call, not the user"),
        (_OAUTH, "invalid_grant", _R, "RFC 6749 §5.2: the grant (password, refresh token) is "
         "invalid, expired or revoked"),
        (_OAUTH, "invalid_client", _T, "client authentication failed: an app problem"),
        (_OAUTH, "invalid_request", _T, "a malformed request"),
        (_OAUTH, "unauthorized_client", _T, "the client may not use this grant type"),
        (_OAUTH, "unsupported_grant_type", _T, "the server does not support this grant type"),
        (_OAUTH, "invalid_scope", _T, "the scope asked for is invalid"),
        (_OAUTH, "temporarily_unavailable", _T, "the server is overloaded or in maintenance"),
        (_OAUTH, "server_error", _T, "the server failed"),
    )
)  # fmt: skip

#: The class of a code the table does not name. OAuth has none: an unknown `error` falls back to
#: the HTTP status it came with.
UNKNOWN_CODE_CLASS: Final[Mapping[ErrorSource, ErrorClass | None]] = MappingProxyType(
    {_IOS: _T, _AND: _T, _KR: _T, _HTTP: _T, _OAUTH: None, _RES: _T}
)

_INDEX: Final[Mapping[tuple[ErrorSource, str], ErrorClass]] = MappingProxyType(
    {(e.source, e.code): e.error_class for e in TAXONOMY}
)


def lookup(source: ErrorSource, code: str | int) -> ErrorClass | None:
    """The class the table (or its per-source default) gives `code`; None only for an unknown
    OAuth code."""
    return _INDEX.get((source, str(code)), UNKNOWN_CODE_CLASS[source])


def classify(source: ErrorSource, code: str | int) -> ErrorClass:
    """As `lookup`, transient where the table has no answer."""
    found = lookup(source, code)
    return ErrorClass.TRANSIENT if found is None else found


def classify_http(
    status: int, oauth_error: str | None = None, *, credentials_sent: bool = True
) -> ErrorClass:
    """An error answer to an authentication request. A known OAuth `error` decides, else the
    status. A request that carried no credentials cannot have them refused (F4: a 401 to a request
    sent without credentials — because they were unavailable — is not a rejection)."""
    found = None if oauth_error is None else lookup(ErrorSource.OAUTH_ERROR, oauth_error)
    verdict = found if found is not None else classify(ErrorSource.HTTP_STATUS, status)
    if verdict is ErrorClass.REJECTED and not credentials_sent:
        return ErrorClass.TRANSIENT
    return verdict


def taxonomy_json() -> dict[str, Any]:
    return {
        "classes": [c.value for c in ErrorClass],
        "unknown_code": {s.value: (c.value if c else None) for s, c in UNKNOWN_CODE_CLASS.items()},
        "entries": [
            {
                "source": e.source.value,
                "code": e.code,
                "class": e.error_class.value,
                "note": e.note,
            }
            for e in TAXONOMY
        ],
    }


def taxonomy_markdown() -> str:
    lines = ["| source | code | class | why |", "|---|---|---|---|"]
    lines += [
        f"| `{e.source.value}` | `{e.code}` | `{e.error_class.value}` | {e.note} |"
        for e in TAXONOMY
    ]
    defaults = ", ".join(
        f"`{s.value}` → `{c.value}`" if c else f"`{s.value}` → the HTTP status decides"
        for s, c in UNKNOWN_CODE_CLASS.items()
    )
    lines += ["", f"Codes not listed: {defaults}."]
    return "\n".join(lines) + "\n"
