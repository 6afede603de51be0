"""Machine events: everything the sans-I/O core can be told.

Owns: one frozen pydantic model per event and the discriminated union `MachineEvent`. Events carry
no secrets — the runtime keeps passwords and tokens; the core only learns *what happened*.
Must not import the machine, adapters or runtime.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, TypeAdapter, ValidationError

from authsession.errors import InvalidInputError, describe_validation_error


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class SecretLossCause(StrEnum):
    """Why a local secret is provably gone while storage *is* available (never a silent wipe)."""

    KEY_PERMANENTLY_INVALIDATED = "key_permanently_invalidated"  # Android Keystore
    AEAD_BAD_TAG = "aead_bad_tag"  # EncryptedSharedPreferences after a backup restore
    #: iOS `WhenPasscodeSetThisDeviceOnly`: the item died with the passcode, or the device has none
    #: (that class key exists only while a passcode is set), so the class can never be read again.
    PASSCODE_REMOVED = "passcode_removed"
    ITEM_UNDECRYPTABLE = "item_undecryptable"  # iOS errSecDecode: this device can never decrypt it
    #: iOS access control `biometryCurrentSet`: a biometric enrollment changed since the item was
    #: written, so its access control can never be satisfied again.
    BIOMETRY_CHANGED = "biometry_changed"


# Platform and app lifecycle -------------------------------------------------------------------


class AppLaunched(_Event):
    """The process started (foreground, background fetch, push or prewarm)."""

    type: Literal["app_launched"] = "app_launched"
    protected_data_available: StrictBool


class ProtectedDataBecameAvailable(_Event):
    """iOS `applicationProtectedDataDidBecomeAvailable`, Android `ACTION_USER_UNLOCKED`, or a
    re-check on launch/foreground that found protected data readable."""

    type: Literal["protected_data_became_available"] = "protected_data_became_available"


class AppForegrounded(_Event):
    """The app came to the foreground: the user is looking at it, so the device is unlocked.
    iOS may never tell a suspended app that protected data became available, so this is the
    moment an unknown session must resolve (invariant 10); the host reads the signal now."""

    type: Literal["app_foregrounded"] = "app_foregrounded"
    protected_data_available: StrictBool


class ProtectedDataWillBecomeUnavailable(_Event):
    """iOS `applicationProtectedDataWillBecomeUnavailable` (unreliable in background)."""

    type: Literal["protected_data_will_become_unavailable"] = (
        "protected_data_will_become_unavailable"
    )


# User and app intents -------------------------------------------------------------------------


class LoginRequested(_Event):
    """The user submitted credentials; the runtime holds them, the core never sees them.
    `same_account`: the account typed is the one whose session the server ended (the session
    keeps it in `reauth_required`): only then does the work owed for it resume."""

    type: Literal["login_requested"] = "login_requested"
    same_account: StrictBool = False


class LogoutRequested(_Event):
    """The user signed out (`logout(scope="local")`, or `"global"`: every session of the user;
    the scope is the host's to send with the revocation, the table's rows are the same).
    Carries availability: the wipe starts with a read (the refresh token goes to the revocation
    outbox first)."""

    type: Literal["logout_requested"] = "logout_requested"
    protected_data_available: StrictBool


class LogoutOthersRequested(_Event):
    """The user asked to sign out every *other* session (`logout(scope="others")`): never a
    change here."""

    type: Literal["logout_others_requested"] = "logout_others_requested"


class RevocationHint(_Event):
    """Something says the session may have been revoked — a silent push from the app's backend,
    another device's global sign-out — without proof: the token in hand is no longer trusted
    and a refresh confirms; the hint alone ends nothing. Carries availability because that
    refresh starts with a read."""

    type: Literal["revocation_hint"] = "revocation_hint"
    protected_data_available: StrictBool


class WorkRequested(_Event):
    """Something (background fetch, silent push, a screen) needs an authenticated server call."""

    type: Literal["work_requested"] = "work_requested"
    protected_data_available: StrictBool


class TokenExpired(_Event):
    """The session token's *monotonic* deadline passed (wall-clock time is never used)."""

    type: Literal["token_expired"] = "token_expired"


class RetryDue(_Event):
    """A backoff timer scheduled by `schedule_retry` fired."""

    type: Literal["retry_due"] = "retry_due"
    protected_data_available: StrictBool


# Keychain read results: each carries whether protected data was available when it came back,
# because a NotFound read is authoritative only while it is (iOS can answer -25300 while locked).
# `work_requested` and `retry_due` carry it too: both can lead to a read, and a backgrounded iOS
# app gets no will-become-unavailable notification, so only a fresh look at the signal is true.


class KeychainFound(_Event):
    """The item was read. `rotated_elsewhere`: the secret read is neither the one this session
    last sent to the server nor one it saw rotated away — another process (an app extension,
    another task) stored it, so a rejection of what this session sent says nothing about it."""

    type: Literal["keychain_found"] = "keychain_found"
    protected_data_available: StrictBool
    rotated_elsewhere: StrictBool = False


class KeychainNotFound(_Event):
    """No item. `protected_data_available` is sampled for *every* class the item may be stored
    under (the configured one and any stricter one an earlier app version used), before and after
    the read: only then is the answer authoritative (iOS answers -25300 for locked items)."""

    type: Literal["keychain_not_found"] = "keychain_not_found"
    protected_data_available: StrictBool


class KeychainUnavailable(_Event):
    """The item may exist but cannot be decrypted now (locked, before first unlock): never 'no
    user'."""

    type: Literal["keychain_unavailable"] = "keychain_unavailable"
    protected_data_available: StrictBool


class KeychainFailed(_Event):
    """The read failed for a reason that says nothing about the item (an unexpected status):
    neither found nor absent."""

    type: Literal["keychain_failed"] = "keychain_failed"
    protected_data_available: StrictBool


class KeychainSecretLost(_Event):
    """The item provably can never be read again (`cause`): the user must be told and sign in
    again."""

    type: Literal["keychain_secret_lost"] = "keychain_secret_lost"
    protected_data_available: StrictBool
    cause: SecretLossCause


# Keychain write results -----------------------------------------------------------------------


class StoreCompleted(_Event):
    """The credentials in hand reached the keychain."""

    type: Literal["store_completed"] = "store_completed"


class StoreUnavailable(_Event):
    """The write was refused because the class is locked. `protected_data_available` says what
    the signal said: if it claims "available" no notification will come (a locked desktop
    collection), so the session polls instead of waiting."""

    type: Literal["store_unavailable"] = "store_unavailable"
    protected_data_available: StrictBool


class StoreFailed(_Event):
    """The write failed for a reason other than a locked class; the credentials stay in hand and
    the store is retried."""

    type: Literal["store_failed"] = "store_failed"


class DeleteCompleted(_Event):
    """The keychain item is gone (also when there was none)."""

    type: Literal["delete_completed"] = "delete_completed"


class DeleteUnavailable(_Event):
    """As `store_unavailable`, for the wipe of a logout."""

    type: Literal["delete_unavailable"] = "delete_unavailable"
    protected_data_available: StrictBool


class DeleteFailed(_Event):
    """The wipe failed for a reason other than a locked class; the host retries it."""

    type: Literal["delete_failed"] = "delete_failed"


# Server results -------------------------------------------------------------------------------


class AuthAccepted(_Event):
    """The server accepted the credentials. `rotated`: it also issued a new refresh token, which
    the host now holds in hand (the old one is worthless) until the table has it stored."""

    type: Literal["auth_accepted"] = "auth_accepted"
    rotated: StrictBool = False


class AuthRejected(_Event):
    """The server rejected the credentials sent (e.g. OAuth `invalid_grant`). Final only once
    the keychain is checked: a sibling process may have rotated the token meanwhile (F6). Carries
    availability because that check is a read."""

    type: Literal["auth_rejected"] = "auth_rejected"
    protected_data_available: StrictBool


class AuthTransient(_Event):
    """Network down, timeout, 5xx: says nothing about the credentials."""

    type: Literal["auth_transient"] = "auth_transient"


# The revocation outbox and the revocation endpoint (RFC 7009) ------------------------------------


class RevocationQueued(_Event):
    """The refresh credentials are in the durable revocation outbox (or there were none to
    queue): the stored ones may be deleted now."""

    type: Literal["revocation_queued"] = "revocation_queued"


class RevocationQueueUnavailable(_Event):
    """The outbox could not be written: its class is locked (the same class as the
    credentials'). Nothing is deleted before the token is queued."""

    type: Literal["revocation_queue_unavailable"] = "revocation_queue_unavailable"
    protected_data_available: StrictBool


class RevocationQueueFailed(_Event):
    """The outbox write failed for another reason; it is retried."""

    type: Literal["revocation_queue_failed"] = "revocation_queue_failed"


class RevocationDue(_Event):
    """The revocation timer (`schedule_revocation`) fired. Carries availability: a revocation
    reads the outbox, which is under the credentials' class."""

    type: Literal["revocation_due"] = "revocation_due"
    protected_data_available: StrictBool


class RevocationCompleted(_Event):
    """The revocation endpoint gave a definitive answer for the outbox's first token (revoked,
    or refused for good: RFC 7009 answers 200 for a token it does not know) and the token left
    the outbox; or the outbox was empty. `more_queued`: other tokens still wait in it."""

    type: Literal["revocation_completed"] = "revocation_completed"
    protected_data_available: StrictBool
    more_queued: StrictBool = False


class RevocationFailed(_Event):
    """No verdict (offline, 5xx, 429, a timeout) or the token could not be taken out of the
    outbox: the token stays queued and the revocation is retried."""

    type: Literal["revocation_failed"] = "revocation_failed"


class RevocationUnavailable(_Event):
    """The outbox cannot be read now (its class is locked): nothing was sent."""

    type: Literal["revocation_unavailable"] = "revocation_unavailable"


class OthersRevoked(_Event):
    """The revocation endpoint ended the user's other sessions."""

    type: Literal["others_revoked"] = "others_revoked"


class OthersRevocationFailed(_Event):
    """The other sessions could not be ended (offline, refused): the app may ask again."""

    type: Literal["others_revocation_failed"] = "others_revocation_failed"


# The shared refresh lease (processes of one app: the app and its extensions) --------------------


class LeaseAcquired(_Event):
    """This process now holds the app's shared refresh lease: no other process of the app
    refreshes, or concludes that a rejection is final, until it is released or expires. Carries
    availability because a read or a request follows."""

    type: Literal["lease_acquired"] = "lease_acquired"
    protected_data_available: StrictBool


class LeaseBusy(_Event):
    """Another process of the app holds the refresh lease (or the shared storage that keeps it
    cannot be read now): the refresh waits; the stored token is not this process's to present."""

    type: Literal["lease_busy"] = "lease_busy"


class SharedStoreChanged(_Event):
    """Another process of the app wrote the shared credentials or gave the lease back (a Darwin
    notification, a file observer on the app group): a process waiting for the lease tries now,
    reading what the other one stored (hence availability)."""

    type: Literal["shared_store_changed"] = "shared_store_changed"
    protected_data_available: StrictBool


MachineEvent = Annotated[
    AppLaunched
    | AppForegrounded
    | ProtectedDataBecameAvailable
    | ProtectedDataWillBecomeUnavailable
    | LoginRequested
    | LogoutRequested
    | WorkRequested
    | TokenExpired
    | RetryDue
    | KeychainFound
    | KeychainNotFound
    | KeychainUnavailable
    | KeychainFailed
    | KeychainSecretLost
    | StoreCompleted
    | StoreUnavailable
    | StoreFailed
    | DeleteCompleted
    | DeleteUnavailable
    | DeleteFailed
    | AuthAccepted
    | AuthRejected
    | AuthTransient
    | LeaseAcquired
    | LeaseBusy
    | SharedStoreChanged
    | LogoutOthersRequested
    | RevocationHint
    | RevocationQueued
    | RevocationQueueUnavailable
    | RevocationQueueFailed
    | RevocationDue
    | RevocationCompleted
    | RevocationFailed
    | RevocationUnavailable
    | OthersRevoked
    | OthersRevocationFailed,
    Field(discriminator="type"),
]

MACHINE_EVENT_ADAPTER: TypeAdapter[MachineEvent] = TypeAdapter(
    MachineEvent, config=ConfigDict(defer_build=True)
)

EVENT_CLASSES: tuple[type[_Event], ...] = (
    AppLaunched,
    AppForegrounded,
    ProtectedDataBecameAvailable,
    ProtectedDataWillBecomeUnavailable,
    LoginRequested,
    LogoutRequested,
    WorkRequested,
    TokenExpired,
    RetryDue,
    KeychainFound,
    KeychainNotFound,
    KeychainUnavailable,
    KeychainFailed,
    KeychainSecretLost,
    StoreCompleted,
    StoreUnavailable,
    StoreFailed,
    DeleteCompleted,
    DeleteUnavailable,
    DeleteFailed,
    AuthAccepted,
    AuthRejected,
    AuthTransient,
    LeaseAcquired,
    LeaseBusy,
    SharedStoreChanged,
    LogoutOthersRequested,
    RevocationHint,
    RevocationQueued,
    RevocationQueueUnavailable,
    RevocationQueueFailed,
    RevocationDue,
    RevocationCompleted,
    RevocationFailed,
    RevocationUnavailable,
    OthersRevoked,
    OthersRevocationFailed,
)


def event_type(cls: type[_Event]) -> str:
    """The wire name of an event class (its `type` discriminator)."""
    default = cls.model_fields["type"].default
    assert isinstance(default, str)
    return default


EVENT_TYPES: tuple[str, ...] = tuple(event_type(c) for c in EVENT_CLASSES)


#: One instance per event value (see `shared`). Bounded: events are built from booleans and enums,
#: so there are a few dozen values; anything past the bound is simply not shared.
_SHARED: dict[tuple[object, ...], MachineEvent] = {}
_SHARED_LIMIT = 1024


def shared(event: MachineEvent) -> MachineEvent:
    """The one shared instance equal to `event`. Events are frozen values with finitely many
    variants (every field is a boolean or an enum), so a session's history keeps a reference to
    a shared instance rather than a ~0.5 KB copy per step."""
    key = (event.__class__, *event.__dict__.values())
    found = _SHARED.get(key)
    if found is not None:
        return found
    if len(_SHARED) < _SHARED_LIMIT:
        _SHARED[key] = event
    return event


def parse_event(data: object, *, source: str = "event") -> MachineEvent:
    """Validate a decoded JSON value as a machine event, or raise `InvalidInputError` with one
    line naming the field and the problem."""
    try:
        return MACHINE_EVENT_ADAPTER.validate_python(data)
    except ValidationError as err:
        raise InvalidInputError(source, describe_validation_error(err)) from None
