"""The reference iOS `Keychain` adapter, written against the simulated Security API.

Owns: `IOSKeychain` (one credentials item per adapter), `InsecureProtectionError`,
`UnsupportedProtectionError` and the category → result table. It translates OS statuses through
`authsession.platforms.ios.status`; it never decides whether a NotFound is authoritative (that is
the core's job, using the protected-data signal).
Must not import the core, the runtime or the forum-post port; it only needs the adapter contract,
the status table and the Security API's shape (`secitem`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Final, TypeVar

from pydantic import SecretStr

from authsession.adapters.keychain import (
    INSECURE_PROTECTION,
    Credentials,
    Deleted,
    DeleteResult,
    Failed,
    Found,
    NotFound,
    ProtectionClass,
    ReadResult,
    SecretLost,
    Stored,
    StoreResult,
    Unavailable,
)
from authsession.errors import InsecureProtectionError, UnsupportedProtectionError
from authsession.platforms.ios.secitem import (
    ACCESS_CONTROL,
    ACCESS_GROUP,
    ACCESSIBLE,
    ACCOUNT,
    CLASS,
    DATA,
    GENERIC_PASSWORD,
    IOS_PROTECTION_CLASSES,
    SERVICE,
    AccessControl,
    SecItemAPI,
)
from authsession.platforms.ios.status import OSStatus, StatusCategory, classify, describe
from authsession.spec.events import SecretLossCause

_Done = TypeVar("_Done", Stored, Deleted)

#: The single item's account attribute. The user's own account name lives in the payload, so a
#: rename never creates a second item (which would be a second primary key).
ACCOUNT_KEY: Final = "authsession.credentials"


#: Non-success categories → read results. `ABSENT` stays `NotFound`: whether it is authoritative
#: depends on protected-data availability, which only the core combines with it.
#: `LOCAL_SECRET_LOST` (errSecDecode) is `SecretLost`, never `NotFound`: securityd says the item
#: can never be decrypted on this device, so the user must sign in again and be told why; retrying
#: it as `Failed` would strand the session, and `NotFound` would make it a silent logout.
_READ_OUTCOME: Final[Mapping[StatusCategory, Callable[[str], ReadResult]]] = MappingProxyType(
    {
        StatusCategory.ABSENT: lambda detail: NotFound(detail=detail),
        StatusCategory.UNAVAILABLE: lambda detail: Unavailable(detail=detail),
        StatusCategory.TRANSIENT: lambda detail: Failed(detail=detail),
        StatusCategory.REJECTED: lambda detail: Failed(detail=detail),
        StatusCategory.LOCAL_SECRET_LOST: lambda detail: SecretLost(
            cause=SecretLossCause.ITEM_UNDECRYPTABLE, detail=detail
        ),
        # Neither can come out of a read (success is handled before this table); if a broken
        # API produced one anyway, it would say nothing about the user.
        StatusCategory.DUPLICATE: lambda detail: Failed(detail=detail),
        StatusCategory.OK: lambda detail: Failed(detail=detail),
    }
)


#: Write and delete results share one rule: only a locked class key is `Unavailable`.
_WRITE_UNAVAILABLE: Final = frozenset({StatusCategory.UNAVAILABLE})

_CATEGORY_NOTE: Final[Mapping[StatusCategory, str]] = MappingProxyType(
    {
        StatusCategory.LOCAL_SECRET_LOST: "item exists but can never be decrypted on this device",
        StatusCategory.UNAVAILABLE: "protection class key not available (locked)",
        StatusCategory.ABSENT: (
            "no matching item (authoritative only while protected data is available)"
        ),
    }
)


def _detail(status: int) -> str:
    note = _CATEGORY_NOTE.get(classify(status))
    return f"{describe(status)}: {note}" if note else describe(status)


class IOSKeychain:
    """`Keychain` over one generic-password item: service, fixed account, optional group.

    Every match query names only the primary key (class, service, account, group) and never
    `accessible`: a query naming a class hides an item stored under another one (-25300).
    """

    def __init__(
        self,
        simulator: SecItemAPI,
        service: str,
        access_group: str | None = None,
        allow_insecure_protection: bool = False,
        *,
        protection: ProtectionClass | None = None,
        earlier_protections: Sequence[ProtectionClass] = (),
        passcode_set: Callable[[], bool] | None = None,
        access_control: AccessControl | None = None,
        biometry_changed: Callable[[], bool] | None = None,
    ) -> None:
        """`protection`: the class the app stores with; `earlier_protections`: the classes earlier
        versions of the app may have stored the item under. A loss is judged by what the stored
        item may *be*, never by the configuration alone: when the item may be a
        `WhenPasscodeSetThisDeviceOnly` one (configured or earlier) and `passcode_set` (on a
        device, `LAContext.canEvaluatePolicy(.deviceOwnerAuthentication)`) says no passcode is
        set, a read answering -25300 means the item died with the passcode (iOS deletes those
        rows when it is removed; every other class is readable on a device without one): the
        read answers `SecretLost(passcode_removed)` and the user is told. A -25308 is never
        proof of loss: an access-controlled item read off screen answers it whatever its class.

        `access_control`: written with every add and update. `biometry_changed` (on a device,
        the app's comparison of `LAContext.evaluatedPolicyDomainState` with the value it saved
        when it wrote a `biometry_current_set` item; false if it never wrote one) tells a stored
        item whose enrollment changed — unreadable for good, -25293 — from a declined or
        locked-out prompt (also -25293, and transient): the read answers
        `SecretLost(biometry_changed)`, and the next sign-in replaces the dead item."""
        self._simulator = simulator
        self._service = service
        self._access_group = access_group
        self._allow_insecure_protection = allow_insecure_protection
        self._protection = protection
        self._item_classes = frozenset(
            c for c in (protection, *earlier_protections) if c is not None
        )
        self._passcode_set = passcode_set
        self._access_control = access_control
        self._biometry_changed = biometry_changed

    @property
    def service(self) -> str:
        return self._service

    @property
    def access_group(self) -> str | None:
        return self._access_group

    def _query(self) -> dict[str, object]:
        query: dict[str, object] = {
            CLASS: GENERIC_PASSWORD,
            SERVICE: self._service,
            ACCOUNT: ACCOUNT_KEY,
        }
        if self._access_group is not None:
            query[ACCESS_GROUP] = self._access_group
        return query

    # Keychain -------------------------------------------------------------------------------

    def _no_passcode(self) -> bool:
        return self._passcode_set is not None and not self._passcode_set()

    def _died_with_the_passcode(self, status: OSStatus | int) -> bool:
        """-25300 for an item that may be a WhenPasscodeSet one, on a device with no passcode."""
        return (
            classify(status) is StatusCategory.ABSENT
            and ProtectionClass.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY in self._item_classes
            and self._no_passcode()
        )

    def _biometry_dead(self, status: OSStatus | int) -> bool:
        # Judged by the stored item (the callback compares its enrollment), not by the gate the
        # configuration would write now: an item an earlier version wrote has its own.
        return (
            status == OSStatus.AUTH_FAILED
            and self._biometry_changed is not None
            and self._biometry_changed()
        )

    def read(self) -> ReadResult:
        status, item = self._simulator.copy_matching(self._query())
        if status is OSStatus.SUCCESS and item is not None:
            return _decode(item.get(DATA))
        if self._biometry_dead(status):
            return SecretLost(
                cause=SecretLossCause.BIOMETRY_CHANGED,
                detail=f"{_detail(status)}; the biometric enrollment changed since the item was "
                "written (biometry_current_set): it can never be read again",
            )
        if self._died_with_the_passcode(status):
            return SecretLost(
                cause=SecretLossCause.PASSCODE_REMOVED,
                detail=f"{_detail(status)}; no passcode is set, and WhenPasscodeSet items are "
                "deleted with it",
            )
        return _READ_OUTCOME[classify(status)](_detail(status))

    def store(self, credentials: Credentials, protection: ProtectionClass) -> StoreResult:
        self._check_protection(protection)
        if protection is ProtectionClass.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY and self._no_passcode():
            # The class key exists only while a passcode is set: retrying cannot help until one
            # is, and the read will tell the user.
            return Failed(detail="no passcode is set: when_passcode_set items cannot be stored")
        payload = _encode(credentials)
        written: dict[str, object] = {DATA: payload, ACCESSIBLE: protection}
        if self._access_control is not None:
            written[ACCESS_CONTROL] = self._access_control
        status = self._simulator.add({**self._query(), **written})
        if status is OSStatus.DUPLICATE_ITEM:
            # Accessibility is not part of the primary key, so an existing item (in any class)
            # collides. Update it in place: new data *and* class in one call. This is also the
            # class migration; it needs the old class readable, and if it is not (-25308) the
            # store reports Unavailable and the next store simply tries again. Never
            # delete-then-add: a lock between the two would lose the item.
            status = self._simulator.update(self._query(), written)
            if self._biometry_dead(status):
                # The one exception: an item bound to a biometric set that no longer exists can
                # never be read again, so nothing is lost by replacing it.
                self._simulator.delete(self._query())
                status = self._simulator.add({**self._query(), **written})
        return _write_result(status, Stored())

    def delete(self) -> DeleteResult:
        status = self._simulator.delete(self._query())
        if status is OSStatus.ITEM_NOT_FOUND:
            return Deleted()  # The contract: deleting nothing is still "gone".
        return _write_result(status, Deleted())

    def _check_protection(self, protection: ProtectionClass) -> None:
        if protection not in IOS_PROTECTION_CLASSES:
            raise UnsupportedProtectionError(
                f"{protection.value!r} is not an iOS keychain protection class"
            )
        if protection in INSECURE_PROTECTION and not self._allow_insecure_protection:
            raise InsecureProtectionError(
                f"refusing to store credentials as {protection.value!r} (readable before first "
                "unlock); pass allow_insecure_protection=True to accept that explicitly"
            )

    def __repr__(self) -> str:
        return (
            f"IOSKeychain(service={self._service!r}, account={ACCOUNT_KEY!r}, "
            f"access_group={self._access_group!r}, "
            f"allow_insecure_protection={self._allow_insecure_protection})"
        )


def _write_result(status: OSStatus | int, success: _Done) -> _Done | Unavailable | Failed:
    if status is OSStatus.SUCCESS:
        return success
    if classify(status) in _WRITE_UNAVAILABLE:
        return Unavailable(detail=_detail(status))
    return Failed(detail=_detail(status))


def _encode(credentials: Credentials) -> bytes:
    return json.dumps(
        {"account": credentials.account, "secret": credentials.secret.get_secret_value()}
    ).encode("utf-8")


def _decode(data: object) -> ReadResult:
    """The payload written by `_encode`. A payload that does not parse is `Failed`, never
    `NotFound`: an item is there, and reading it as 'no user' would be a silent logout."""
    try:
        if not isinstance(data, bytes):
            raise TypeError
        payload = json.loads(data.decode("utf-8"))
        account, secret = payload["account"], payload["secret"]
        if not isinstance(account, str) or not isinstance(secret, str):
            raise TypeError
    except (ValueError, TypeError, KeyError):
        # The exception text is discarded: it could quote part of the payload.
        return Failed(detail="stored item is not an authsession credentials payload")
    return Found(credentials=Credentials(account=account, secret=SecretStr(secret)))
