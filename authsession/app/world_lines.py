"""The `authsession.app/1` lines the world sends an app process.

Owns: `Hello` (start, or become a fresh process), one model per callback (`Callback`: an OS
callback or user action), `Raised` and the answer to each adapter call (`Attributes` of a
SecItem query, item reads and writes, the server's answers, the revocation outbox and endpoint's,
storage, snapshot, clock, flag and work answers). Must not import the world, the runtime or the
CLI.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    Field,
    JsonValue,
    StrictBool,
    StrictInt,
)

from authsession.app.line_base import (
    APP_SCHEMA,
    MAX_ACCOUNT_CHARS,
    MAX_LABEL_CHARS,
    AccessControlName,
    Account,
    Base64,
    Count,
    Label,
    Platform,
    Seconds,
    Secret,
    _Line,
)
from authsession.spec.events import SecretLossCause
from authsession.spec.protection import ProtectionClass

__all__ = [
    "AcceptedAnswer",
    "Attributes",
    "AuthAnswer",
    "Callback",
    "CopyMatchingAnswer",
    "DeleteAnswer",
    "DeletedAnswer",
    "Detail",
    "DidBecomeAvailableCallback",
    "DoneAnswer",
    "FailedAnswer",
    "FlagAnswer",
    "ForegroundCallback",
    "FoundAnswer",
    "Hello",
    "HelloBody",
    "KeychainItem",
    "LaunchCallback",
    "LoginCallback",
    "LogoutCallback",
    "NotFoundAnswer",
    "OutboxEntry",
    "OutboxReadAnswer",
    "PendingAnswer",
    "Raised",
    "ReadAnswer",
    "RefusedAnswer",
    "RejectedAnswer",
    "RequestWorkCallback",
    "RevocationHintCallback",
    "RevokeAnswer",
    "RevokedAnswer",
    "SecretLostAnswer",
    "SharedStoreChangedCallback",
    "SnapshotAnswer",
    "StatusAnswer",
    "StorageValueAnswer",
    "StoreAnswer",
    "StoredAnswer",
    "TickCallback",
    "TimeAnswer",
    "TransientAnswer",
    "UnavailableAnswer",
    "WillBecomeUnavailableCallback",
    "WorkAnswer",
    "WrittenAnswer",
    "_Answer",
    "_Callback",
]


class KeychainItem(_Line):
    """The iOS keychain item an earlier version of this app stored its credentials in (a
    scenario's `preexisting_credentials`): an app that wants to find it uses these attributes."""

    service: str
    account: str


class HelloBody(_Line):
    schema_: Literal["authsession.app/1"] = Field(default=APP_SCHEMA, alias="schema")
    platform: Platform
    #: The class the app stores credentials with (the scenario's `protection`).
    protection: ProtectionClass
    #: Classes an earlier version of this app stored the item under.
    earlier_protections: tuple[ProtectionClass, ...] = ()
    allow_insecure_protection: StrictBool = False
    #: Seeds the app's own randomness (retry jitter): replays are byte-identical.
    seed: Annotated[StrictInt, Field(ge=0, le=2**64 - 1)] = 0
    #: iOS only: where an earlier version kept the item (null on other platforms).
    item: KeychainItem | None = None
    #: iOS only: the `kSecAttrAccessControl` the app writes its item with (null: none).
    access_control: AccessControlName | None = None
    #: Which version of the app this process is (1, then one more per app update).
    app_version: Annotated[StrictInt, Field(ge=1, le=2**31)] = 1
    #: Which process of the app this is: the app's own, or an extension sharing its keychain
    #: item (an extension's refresh lease expires; the app's ends with the process).
    role: Literal["app", "extension"] = "app"


class Hello(_Line):
    """Start — or, to a process whose `ready` said `reset: true`, become a fresh process."""

    hello: HelloBody


class _Callback(_Line):
    n: Count


class LaunchCallback(_Callback):
    callback: Literal["launch"]
    mode: Literal["foreground", "background", "prewarm"]


class ForegroundCallback(_Callback):
    callback: Literal["foreground"]


class RequestWorkCallback(_Callback):
    callback: Literal["request_work"]
    label: Label


class LoginCallback(_Callback):
    callback: Literal["login"]
    user: Annotated[str, Field(min_length=1, max_length=MAX_ACCOUNT_CHARS)]
    password: Secret


class LogoutCallback(_Callback):
    """The user signs out. `scope` (sent only to an app whose `ready` said `revocation: true`;
    absent means `local`): this session, every session of the user, or every other one."""

    callback: Literal["logout"]
    scope: Literal["local", "global", "others"] | None = None


class DidBecomeAvailableCallback(_Callback):
    callback: Literal["protected_data_did_become_available"]


class WillBecomeUnavailableCallback(_Callback):
    callback: Literal["protected_data_will_become_unavailable"]


class TickCallback(_Callback):
    """Fire the timers that are due (the app's run loop got CPU)."""

    callback: Literal["tick"]


class RevocationHintCallback(_Callback):
    """A silent push from the app's backend: the session may have been revoked (sent only to an
    app whose `ready` said `revocation: true`)."""

    callback: Literal["revocation_hint"]


class SharedStoreChangedCallback(_Callback):
    """Another process of the app stored credentials or gave the refresh lease back (sent only
    to an app whose `ready` said `lease: true`)."""

    callback: Literal["shared_store_changed"]


Callback = Annotated[
    LaunchCallback
    | ForegroundCallback
    | RequestWorkCallback
    | LoginCallback
    | LogoutCallback
    | DidBecomeAvailableCallback
    | WillBecomeUnavailableCallback
    | TickCallback
    | SharedStoreChangedCallback
    | RevocationHintCallback,
    Field(discriminator="callback"),
]


class Attributes(_Line):
    """A SecItem attribute dictionary (query or attributes), with the world's iOS simulator's
    keys. A key left out is not named (a match query names only what it filters on); the
    return and limit keys of `SecItemCopyMatching` are implied (one item, attributes and data)."""

    class_: str | None = Field(default=None, alias="class")
    service: str | None = None
    account: str | None = None
    access_group: str | None = None
    synchronizable: StrictBool | Literal["any"] | None = None
    accessible: str | None = None
    data: Base64 | None = None
    #: Set on add and update (never a match condition); returned by a copy.
    access_control: str | None = None


class _Answer(_Line):
    re: Count


class Raised(_Answer):
    """The adapter (or callback) threw: the app treats it exactly as an exception from it."""

    raised: Literal[True]


class StatusAnswer(_Answer):
    """`SecItemAdd`, `SecItemUpdate`, `SecItemDelete`: the OSStatus."""

    status: StrictInt


class CopyMatchingAnswer(_Answer):
    status: StrictInt
    attributes: Attributes | None


class FlagAnswer(_Answer):
    value: StrictBool


class TimeAnswer(_Answer):
    value: Seconds


class FoundAnswer(_Answer):
    result: Literal["found"]
    account: Account
    secret: Secret


class NotFoundAnswer(_Answer):
    result: Literal["not_found"]


class UnavailableAnswer(_Answer):
    result: Literal["unavailable"]


class FailedAnswer(_Answer):
    result: Literal["failed"]


class SecretLostAnswer(_Answer):
    result: Literal["secret_lost"]
    cause: SecretLossCause


class StoredAnswer(_Answer):
    result: Literal["stored"]


class DeletedAnswer(_Answer):
    result: Literal["deleted"]


ReadAnswer = Annotated[
    FoundAnswer | NotFoundAnswer | UnavailableAnswer | FailedAnswer | SecretLostAnswer,
    Field(discriminator="result"),
]
StoreAnswer = Annotated[
    StoredAnswer | UnavailableAnswer | FailedAnswer, Field(discriminator="result")
]
DeleteAnswer = Annotated[
    DeletedAnswer | UnavailableAnswer | FailedAnswer, Field(discriminator="result")
]


class AcceptedAnswer(_Answer):
    result: Literal["accepted"]
    token: Secret
    expires_in: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    refresh_token: Secret | None = None
    #: The expiry as the server stated it, on the server's clock (informational).
    expires_at: Annotated[float, Field(allow_inf_nan=False)] | None = None


Detail = Annotated[str, Field(max_length=MAX_LABEL_CHARS)]


class RejectedAnswer(_Answer):
    result: Literal["rejected"]
    detail: Detail = ""


class TransientAnswer(_Answer):
    result: Literal["transient"]
    detail: Detail = ""
    #: The server asked for this many seconds before the next request (`Retry-After`).
    retry_after: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None


AuthAnswer = Annotated[
    AcceptedAnswer | RejectedAnswer | TransientAnswer, Field(discriminator="result")
]


class OutboxEntry(_Line):
    """One token owed a revocation, as the outbox holds it."""

    account: Account
    token: Secret
    scope: Literal["local", "global"] = "local"


class PendingAnswer(_Answer):
    """The revocation outbox's entries, oldest first (empty: nothing owed)."""

    result: Literal["pending"]
    entries: Annotated[tuple[OutboxEntry, ...], Field(max_length=100)] = ()


OutboxReadAnswer = Annotated[
    PendingAnswer | UnavailableAnswer | FailedAnswer, Field(discriminator="result")
]


class RevokedAnswer(_Answer):
    result: Literal["revoked"]


class RefusedAnswer(_Answer):
    """The revocation endpoint refused the request for good."""

    result: Literal["refused"]
    detail: Detail = ""


RevokeAnswer = Annotated[
    RevokedAnswer | RefusedAnswer | TransientAnswer, Field(discriminator="result")
]


class StorageValueAnswer(_Answer):
    """The stored value, or null when absent *or unreadable* (iOS prewarm, Android CE before
    the first unlock): the app cannot tell which, which is the trap."""

    value: JsonValue


class WrittenAnswer(_Answer):
    written: StrictBool


class SnapshotAnswer(_Answer):
    data: Base64 | None


class DoneAnswer(_Answer):
    """A call that returns nothing (a snapshot saved, the user told)."""

    ok: Literal[True] = True


class WorkAnswer(_Answer):
    """The work ran (`done`), or the resource server refused its access token with 401
    (`unauthorized`: a failure of this unit of work, never of the stored credentials)."""

    result: Literal["done", "unauthorized"]
