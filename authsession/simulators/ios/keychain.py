"""A deterministic simulation of one iOS device's keychain, shaped like the Security API.

Owns: `Device` (passcode, boot/lock/unlock phase, simulated time, prewarm, the keychain rows that
live on it), `IOSKeychainSimulator` (one app's `SecItemAdd / SecItemCopyMatching / SecItemUpdate /
SecItemDelete` view of those rows, with its access groups), the availability table per protection
class and `ClassProtectedDataSignal`. No real time, no I/O, no randomness.
Must not import the adapter, the core or the runtime: the simulator is the *platform*, and it must
not know how authsession interprets it.

Attribute keys are plain strings mirroring the real `kSecAttr*` names: `class`, `service`,
`account`, `access_group`, `synchronizable`, `accessible` (an iOS `ProtectionClass`), `data` and
`access_control` (an `AccessControl`, `kSecAttrAccessControl`: set on add or update, never a match
condition).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Final, Literal

from authsession.adapters.keychain import ProtectionClass
from authsession.errors import AuthSessionError
from authsession.platforms.ios.status import OSStatus

# Attribute keys ---------------------------------------------------------------------------------

CLASS: Final = "class"
SERVICE: Final = "service"
ACCOUNT: Final = "account"
ACCESS_GROUP: Final = "access_group"
SYNCHRONIZABLE: Final = "synchronizable"
ACCESSIBLE: Final = "accessible"
DATA: Final = "data"
ACCESS_CONTROL: Final = "access_control"

#: `kSecClassGenericPassword` (its real CFString value is "genp"). The only class modelled.
GENERIC_PASSWORD: Final = "genp"
#: `kSecAttrSynchronizableAny`: a query value matching synced and device-local items alike.
SYNCHRONIZABLE_ANY: Final = "any"

_QUERY_KEYS: Final = frozenset({CLASS, SERVICE, ACCOUNT, ACCESS_GROUP, SYNCHRONIZABLE, ACCESSIBLE})
_ADD_KEYS: Final = _QUERY_KEYS | {DATA, ACCESS_CONTROL}
_UPDATE_KEYS: Final = _ADD_KEYS - {CLASS}

Operation = Literal["add", "copy_matching", "update", "delete"]

# Protection classes -----------------------------------------------------------------------------

P = ProtectionClass

#: The seven `kSecAttrAccessible*` classes; Android's storage classes are not iOS answers.
IOS_PROTECTION_CLASSES: Final = frozenset(
    {
        P.WHEN_UNLOCKED,
        P.WHEN_UNLOCKED_THIS_DEVICE_ONLY,
        P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY,
        P.AFTER_FIRST_UNLOCK,
        P.AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY,
        P.ALWAYS,
        P.ALWAYS_THIS_DEVICE_ONLY,
    }
)

#: `SecItemAdd` without `kSecAttrAccessible` files the item under WhenUnlocked (Apple docs).
DEFAULT_PROTECTION: Final = P.WHEN_UNLOCKED

#: Not migrated when another device's backup is restored.
THIS_DEVICE_ONLY: Final = frozenset(
    {
        P.WHEN_UNLOCKED_THIS_DEVICE_ONLY,
        P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY,
        P.AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY,
        P.ALWAYS_THIS_DEVICE_ONLY,
    }
)

#: Classes protected by the Complete (class A) key, which the OS discards shortly after lock
#: (Apple Platform Security: 10 s when "Require Password" is Immediately).
COMPLETE_PROTECTION: Final = frozenset(
    {
        P.WHEN_UNLOCKED,
        P.WHEN_UNLOCKED_THIS_DEVICE_ONLY,
        P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY,
    }
)


class AccessControl(StrEnum):
    """`SecAccessControlCreateFlags` the model knows. Both make every read (and update) of the
    item show a biometric or passcode prompt, which only an app on screen can show."""

    #: `.userPresence`: biometrics or the passcode; survives enrollment changes.
    USER_PRESENCE = "user_presence"
    #: `.biometryCurrentSet`: the biometrics enrolled when the item was written; adding or
    #: removing a fingerprint or face makes the item unreadable for good.
    BIOMETRY_CURRENT_SET = "biometry_current_set"


class Phase(StrEnum):
    """Where a passcode-protected device is in its boot/lock cycle."""

    BEFORE_FIRST_UNLOCK = "before_first_unlock"
    LOCKED = "locked"
    UNLOCKED = "unlocked"


_ALL_PHASES: Final = frozenset(Phase)
_AFTER_FIRST_UNLOCK: Final = frozenset({Phase.LOCKED, Phase.UNLOCKED})
_UNLOCKED_ONLY: Final = frozenset({Phase.UNLOCKED})

#: The reference availability table as data: in which phases an item of each class can be
#: decrypted, on a device with a passcode and ignoring the post-lock grace of class A keys.
READABLE_IN: Final[Mapping[ProtectionClass, frozenset[Phase]]] = MappingProxyType(
    {
        P.WHEN_UNLOCKED: _UNLOCKED_ONLY,
        P.WHEN_UNLOCKED_THIS_DEVICE_ONLY: _UNLOCKED_ONLY,
        P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY: _UNLOCKED_ONLY,
        P.AFTER_FIRST_UNLOCK: _AFTER_FIRST_UNLOCK,
        P.AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY: _AFTER_FIRST_UNLOCK,
        P.ALWAYS: _ALL_PHASES,
        P.ALWAYS_THIS_DEVICE_ONLY: _ALL_PHASES,
    }
)

DEFAULT_GRACE_SECONDS: Final = 10.0


class DeviceStateError(AuthSessionError, RuntimeError):
    """A device action the real OS would not allow in the current state."""


# Value types ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrimaryKey:
    """A generic password's uniqueness key. Accessibility is deliberately absent: securityd's
    schema does not mark `pdmn` as a primary-key column, so two adds differing only in class
    collide with errSecDuplicateItem."""

    service: str
    account: str
    access_group: str
    synchronizable: bool


@dataclass(frozen=True)
class KeychainItem:
    """One stored row. `data` is excluded from repr so a row can be logged safely."""

    key: PrimaryKey
    accessible: ProtectionClass
    data: bytes = field(repr=False)
    access_control: AccessControl | None = None
    #: The device's biometric enrollment when the access control was bound (`biometry_current_set`).
    enrollment: int = 0

    def attributes(self) -> dict[str, object]:
        """What `SecItemCopyMatching` with return-attributes and return-data hands back."""
        return {
            CLASS: GENERIC_PASSWORD,
            SERVICE: self.key.service,
            ACCOUNT: self.key.account,
            ACCESS_GROUP: self.key.access_group,
            SYNCHRONIZABLE: self.key.synchronizable,
            ACCESSIBLE: self.accessible,
            DATA: self.data,
            ACCESS_CONTROL: self.access_control,
        }


@dataclass(frozen=True)
class Call:
    """A journal entry: which API was called, with which attribute *names*, and its status.
    Values are never recorded, so the journal cannot leak a secret."""

    operation: Operation
    status: OSStatus
    query_keys: frozenset[str]
    attribute_keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Query:
    """A parsed match query: `None` means 'not named, matches anything' except where the real
    API has a narrower default (access group, synchronizable)."""

    service: str | None = None
    account: str | None = None
    access_group: str | None = None
    synchronizable: bool | None = False
    accessible: ProtectionClass | None = None


# The device -------------------------------------------------------------------------------------


class Device:
    """One iPhone: passcode, boot/lock state, a simulated clock and its keychain rows.

    A new device has just booted (before first unlock). Rows live here, not in the app's API
    object, because removing the passcode or restoring a backup acts on every app's items.
    """

    def __init__(
        self, *, passcode: bool = True, grace_seconds: float = DEFAULT_GRACE_SECONDS
    ) -> None:
        if grace_seconds < 0:
            raise ValueError("grace_seconds must not be negative")
        self._passcode = passcode
        self._grace_seconds = grace_seconds
        self._now = 0.0
        self._unlocked_since_boot = False
        self._screen_locked = True
        self._locked_at: float | None = None
        self._prewarmed = False
        self._rows: dict[PrimaryKey, KeychainItem] = {}
        #: Bumped by every biometric enrollment change (`LAContext.evaluatedPolicyDomainState`).
        self._enrollment = 0

    # State queries --------------------------------------------------------------------------

    @property
    def passcode(self) -> bool:
        return self._passcode

    @property
    def now(self) -> float:
        """Simulated seconds since the device object was created."""
        return self._now

    @property
    def grace_seconds(self) -> float:
        return self._grace_seconds

    @property
    def prewarmed(self) -> bool:
        return self._prewarmed

    @property
    def phase(self) -> Phase:
        # Apple: "A device without a passcode is considered to always be unlocked."
        if not self._passcode:
            return Phase.UNLOCKED
        # iOS 15 prewarming can launch the app before the first unlock after boot; the model
        # treats a prewarmed launch as exactly that, which is when logouts were reported.
        if self._prewarmed or not self._unlocked_since_boot:
            return Phase.BEFORE_FIRST_UNLOCK
        return Phase.LOCKED if self._screen_locked else Phase.UNLOCKED

    def protected_data_available(self, protection: ProtectionClass) -> bool:
        """Can items of `protection` be decrypted (read, written, deleted) right now?"""
        protection = ProtectionClass(protection)
        if protection not in IOS_PROTECTION_CLASSES:
            raise ValueError(f"{protection.value!r} is not an iOS protection class")
        if protection is P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY and not self._passcode:
            # The class key only exists while a passcode is set.
            return False
        phase = self.phase
        if phase in READABLE_IN[protection]:
            return True
        return (
            phase is Phase.LOCKED
            and protection in COMPLETE_PROTECTION
            and self._locked_at is not None
            and self._now - self._locked_at < self._grace_seconds
        )

    @property
    def biometry_enrollment(self) -> int:
        """Changes whenever a fingerprint or face is enrolled or removed."""
        return self._enrollment

    def signal(self, protection: ProtectionClass) -> ClassProtectedDataSignal:
        """A `ProtectedDataSignal` for items of `protection` on this device."""
        return ClassProtectedDataSignal(self, protection)

    def items(self) -> tuple[KeychainItem, ...]:
        """Every row on the device, all apps and groups (for tests and diagnostics)."""
        return tuple(self._rows.values())

    # Actions --------------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Let simulated time pass (the only clock the simulation has)."""
        if seconds < 0:
            raise ValueError("time only moves forward")
        self._now += seconds

    def boot(self) -> None:
        """Restart: every class key except the Always classes' is gone until the next unlock."""
        self._unlocked_since_boot = False
        self._screen_locked = True
        self._locked_at = None
        self._prewarmed = False

    def unlock(self) -> None:
        """The user unlocks the device (this also ends a prewarmed launch: the app is now used)."""
        self._unlocked_since_boot = True
        self._screen_locked = False
        self._locked_at = None
        self._prewarmed = False

    def lock(self) -> None:
        """The screen locks; class A keys stay cached for `grace_seconds` from now."""
        if not self._screen_locked:
            self._screen_locked = True
            self._locked_at = self._now

    def launch_prewarmed(self) -> None:
        """iOS launches the app ahead of use (prewarm); treated as before first unlock until the
        user unlocks. Without a passcode there is no class key to withhold, so it changes nothing.
        """
        self._prewarmed = True

    def enroll_biometry(self) -> None:
        """The user adds (or removes) a fingerprint or face in Settings: items bound to the
        previous set (`biometry_current_set`) can never be read again."""
        self._require_unlocked("change biometrics")
        if not self._passcode:
            raise DeviceStateError("biometrics need a passcode")
        self._enrollment += 1

    def set_passcode(self) -> None:
        """The user sets a passcode (only possible while using the device)."""
        self._require_unlocked("set a passcode")
        if not self._passcode:
            self._passcode = True
            self._unlocked_since_boot = True
            self._screen_locked = False
            self._locked_at = None

    def remove_passcode(self) -> None:
        """The user turns the passcode off; WhenPasscodeSetThisDeviceOnly rows die with it
        (documented in `SecItem.h`). A later read of such an item is a *true* absence."""
        self._require_unlocked("remove the passcode")
        self._passcode = False
        self._drop(lambda item: item.accessible is P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY)

    def restore_to_new_device(self) -> None:
        """This device now stands for a new phone restored from the old one's encrypted backup:
        ThisDeviceOnly rows are not migrated, and the new phone has just booted."""
        self._drop(lambda item: item.accessible in THIS_DEVICE_ONLY)
        self.boot()

    def _require_unlocked(self, action: str) -> None:
        if self.phase is not Phase.UNLOCKED:
            raise DeviceStateError(f"cannot {action} while the device is {self.phase.value}")

    def _drop(self, doomed: Callable[[KeychainItem], bool]) -> None:
        self._rows = {key: item for key, item in self._rows.items() if not doomed(item)}

    def __repr__(self) -> str:
        return (
            f"Device(passcode={self._passcode}, phase={self.phase.value!r}, "
            f"now={self._now}, prewarmed={self._prewarmed}, items={len(self._rows)})"
        )


@dataclass(frozen=True)
class ClassProtectedDataSignal:
    """`ProtectedDataSignal` bound to one protection class: what `isProtectedDataAvailable` would
    be if iOS answered per class (the real property only tracks class A; the session needs the
    answer for the class its credentials actually use)."""

    device: Device
    protection: ProtectionClass

    def available(self) -> bool:
        return self.device.protected_data_available(self.protection)


# The app's Security API -------------------------------------------------------------------------


class IOSKeychainSimulator:
    """One app's `SecItem*` calls against a `Device`'s keychain.

    `access_groups` are the app's keychain-access-groups entitlement; the first is where items
    land when an add names no group. A query that names no group sees only that default group,
    so an item in another group is invisible unless the query names it; a group outside the
    entitlement is never visible (reads -25300) and cannot be written (add -34018).

    `not_found_while_locked` turns on the field-reported iOS behaviour (Firebase iOS SDK PR
    #16505) where `SecItemCopyMatching` answers -25300 instead of -25308 for a locked item.
    """

    def __init__(
        self,
        device: Device,
        *,
        access_groups: Sequence[str] = ("TEAMID.com.example.app",),
        not_found_while_locked: bool = False,
        interaction_allowed: Callable[[], bool] | None = None,
    ) -> None:
        """`interaction_allowed`: can the app show the system's authentication prompt now (is it
        on screen)? An access-controlled item is readable only then; default: always."""
        if not access_groups:
            raise ValueError("an app always has at least its default access group")
        self._device = device
        self._access_groups = tuple(access_groups)
        self._not_found_while_locked = not_found_while_locked
        self._interaction_allowed = interaction_allowed
        self._journal: list[Call] = []
        self._injected: dict[Operation, list[OSStatus]] = {}

    @property
    def device(self) -> Device:
        return self._device

    @property
    def access_groups(self) -> tuple[str, ...]:
        return self._access_groups

    @property
    def default_access_group(self) -> str:
        return self._access_groups[0]

    def can_prompt(self) -> bool:
        return self._interaction_allowed is None or self._interaction_allowed()

    def biometry_changed(self, item: KeychainItem) -> bool:
        """Has the biometric enrollment changed since `item`'s access control was bound? What an
        app learns by comparing `LAContext.evaluatedPolicyDomainState` with the value it saved
        when it wrote the item."""
        return (
            item.access_control is AccessControl.BIOMETRY_CURRENT_SET
            and item.enrollment != self._device.biometry_enrollment
        )

    def _gate(self, item: KeychainItem) -> OSStatus | None:
        """The access-control check of a read or update (after the class key's): no prompt can be
        shown off screen (-25308, errSecInteractionNotAllowed); a `biometry_current_set` item
        whose enrollment changed fails its evaluation for good (-25293, errSecAuthFailed — what
        field reports show, e.g. authpass/biometric_storage #128). Otherwise the prompt is shown
        and the user passes it (declines are not modelled)."""
        if item.access_control is None:
            return None
        if not self.can_prompt():
            return OSStatus.INTERACTION_NOT_ALLOWED
        if self.biometry_changed(item):
            return OSStatus.AUTH_FAILED
        return None

    def passcode_set(self) -> bool:
        """What `LAContext().canEvaluatePolicy(.deviceOwnerAuthentication)` tells an app: is a
        passcode set on this device? (Not a keychain call: it touches no row.)"""
        return self._device.passcode

    @property
    def journal(self) -> tuple[Call, ...]:
        """Every call so far, in order (names and statuses only)."""
        return tuple(self._journal)

    def fail_next(self, operation: Operation, status: OSStatus) -> None:
        """Make the next `operation` call return `status` without touching any row: for codes
        the model cannot produce on its own (errSecDecode, errSecNotAvailable, -128, ...)."""
        self._injected.setdefault(operation, []).append(status)

    # SecItemAdd -----------------------------------------------------------------------------

    def add(self, query: Mapping[str, object]) -> OSStatus:
        status = self._injected_status("add")
        if status is None:  # not `or`: errSecSuccess is 0, hence falsy
            status = self._add(query)
        self._record("add", status, query)
        return status

    def _add(self, query: Mapping[str, object]) -> OSStatus:
        if query.get(CLASS) != GENERIC_PASSWORD or not set(query) <= _ADD_KEYS:
            return OSStatus.PARAM
        parsed = _parse_filters(query)
        data = query.get(DATA, b"")
        if parsed is None or not isinstance(data, bytes) or parsed.synchronizable is None:
            return OSStatus.PARAM
        group = parsed.access_group or self.default_access_group
        if group not in self._access_groups:
            return OSStatus.MISSING_ENTITLEMENT
        protection = parsed.accessible or DEFAULT_PROTECTION
        # The new row is encrypted under its class key; if that key is not in memory the add
        # fails before any uniqueness check. This is also the answer for WhenPasscodeSet on a
        # device without a passcode (that class key does not exist) — see docs/platforms/ios.md.
        if not self._device.protected_data_available(protection):
            return OSStatus.INTERACTION_NOT_ALLOWED
        key = PrimaryKey(
            service=parsed.service or "",
            account=parsed.account or "",
            access_group=group,
            synchronizable=parsed.synchronizable,
        )
        if key in self._device._rows:
            return OSStatus.DUPLICATE_ITEM
        raw = query.get(ACCESS_CONTROL)
        control = _access_control(raw)
        if raw is not None and (control is None or not self._device.passcode):
            return OSStatus.PARAM  # access control needs a passcode to prompt for
        self._device._rows[key] = KeychainItem(
            key=key,
            accessible=protection,
            data=data,
            access_control=control,
            enrollment=self._device.biometry_enrollment,
        )
        return OSStatus.SUCCESS

    # SecItemCopyMatching (kSecMatchLimitOne, return attributes and data) -------------------

    def copy_matching(
        self, query: Mapping[str, object]
    ) -> tuple[OSStatus, dict[str, object] | None]:
        injected = self._injected_status("copy_matching")
        if injected is not None:
            status, found = injected, None
        else:
            status, found = self._copy_matching(query)
        self._record("copy_matching", status, query)
        return status, (found.attributes() if found is not None else None)

    def _copy_matching(self, query: Mapping[str, object]) -> tuple[OSStatus, KeychainItem | None]:
        matches = self._match(query)
        if isinstance(matches, OSStatus):
            return matches, None
        if not matches:
            return OSStatus.ITEM_NOT_FOUND, None
        for item in matches:
            if self._device.protected_data_available(item.accessible):
                gated = self._gate(item)
                if gated is not None:
                    return gated, None
                return OSStatus.SUCCESS, item
        # securityd keeps the locked row's -25308 as the query's error rather than skipping it.
        if self._not_found_while_locked:
            return OSStatus.ITEM_NOT_FOUND, None
        return OSStatus.INTERACTION_NOT_ALLOWED, None

    # SecItemUpdate --------------------------------------------------------------------------

    def update(self, query: Mapping[str, object], attributes: Mapping[str, object]) -> OSStatus:
        status = self._injected_status("update")
        if status is None:  # not `or`: errSecSuccess is 0, hence falsy
            status = self._update(query, attributes)
        self._record("update", status, query, attributes)
        return status

    def _update(self, query: Mapping[str, object], attributes: Mapping[str, object]) -> OSStatus:
        if not attributes or not set(attributes) <= _UPDATE_KEYS:
            return OSStatus.PARAM
        changes = _parse_filters(attributes)
        data = attributes.get(DATA)
        if changes is None:
            return OSStatus.PARAM
        if data is not None and not isinstance(data, bytes):
            return OSStatus.PARAM
        if changes.access_group is not None and changes.access_group not in self._access_groups:
            return OSStatus.MISSING_ENTITLEMENT
        if attributes.get(ACCESS_CONTROL) not in (None, *AccessControl):
            return OSStatus.PARAM
        matches = self._match(query)
        if isinstance(matches, OSStatus):
            return matches
        if not matches:
            return OSStatus.ITEM_NOT_FOUND
        updated = [_apply(item, attributes, changes, data) for item in matches]
        # Re-encrypting a row needs the old class key (to decrypt) and the new one (to encrypt):
        # this is why an accessibility migration only works while the item is readable.
        for old, new in zip(matches, updated, strict=True):
            for protection in (old.accessible, new.accessible):
                if not self._device.protected_data_available(protection):
                    return OSStatus.INTERACTION_NOT_ALLOWED
            gated = self._gate(old)
            if gated is not None:
                return gated
        old_keys = {item.key for item in matches}
        new_keys = [item.key for item in updated]
        others = self._device._rows.keys() - old_keys
        if len(set(new_keys)) != len(new_keys) or any(key in others for key in new_keys):
            return OSStatus.DUPLICATE_ITEM
        rows = {key: row for key, row in self._device._rows.items() if key not in old_keys}
        for new in updated:
            rows[new.key] = new
        self._device._rows = rows
        return OSStatus.SUCCESS

    # SecItemDelete --------------------------------------------------------------------------

    def delete(self, query: Mapping[str, object]) -> OSStatus:
        status = self._injected_status("delete")
        if status is None:  # not `or`: errSecSuccess is 0, hence falsy
            status = self._delete(query)
        self._record("delete", status, query)
        return status

    def _delete(self, query: Mapping[str, object]) -> OSStatus:
        matches = self._match(query)
        if isinstance(matches, OSStatus):
            return matches
        if not matches:
            return OSStatus.ITEM_NOT_FOUND
        # Assumption (no primary source found): deleting needs the rows decryptable like any
        # other row access, so a locked item cannot be deleted either.
        if not all(self._device.protected_data_available(item.accessible) for item in matches):
            return OSStatus.INTERACTION_NOT_ALLOWED
        doomed = {item.key for item in matches}
        self._device._drop(lambda item: item.key in doomed)
        return OSStatus.SUCCESS

    # Matching -------------------------------------------------------------------------------

    def _match(self, query: Mapping[str, object]) -> list[KeychainItem] | OSStatus:
        """Rows matching *every* attribute the query names (securityd builds one SQL WHERE
        clause from all of them; `pdmn` is an ordinary column, so naming a class filters)."""
        if query.get(CLASS) != GENERIC_PASSWORD or not set(query) <= _QUERY_KEYS:
            return OSStatus.PARAM
        parsed = _parse_filters(query, allow_any=True)
        if parsed is None:
            return OSStatus.PARAM
        if parsed.access_group is not None and parsed.access_group not in self._access_groups:
            # securityd always restricts the SELECT to the caller's entitled groups.
            return []
        group = parsed.access_group or self.default_access_group
        return [
            item
            for item in self._device._rows.values()
            if item.key.access_group == group
            and (parsed.service is None or item.key.service == parsed.service)
            and (parsed.account is None or item.key.account == parsed.account)
            and (parsed.synchronizable is None or item.key.synchronizable == parsed.synchronizable)
            and (parsed.accessible is None or item.accessible is parsed.accessible)
        ]

    def _injected_status(self, operation: Operation) -> OSStatus | None:
        queue = self._injected.get(operation)
        return queue.pop(0) if queue else None

    def _record(
        self,
        operation: Operation,
        status: OSStatus,
        query: Mapping[str, object],
        attributes: Mapping[str, object] | None = None,
    ) -> None:
        self._journal.append(
            Call(
                operation=operation,
                status=status,
                query_keys=frozenset(query),
                attribute_keys=frozenset(attributes or ()),
            )
        )

    def __repr__(self) -> str:
        return (
            f"IOSKeychainSimulator(access_groups={self._access_groups!r}, "
            f"not_found_while_locked={self._not_found_while_locked}, device={self._device!r})"
        )


def _access_control(value: object) -> AccessControl | None:
    """An `access_control` attribute's value, or None when absent or not one the model knows."""
    return AccessControl(value) if isinstance(value, str) and value in set(AccessControl) else None


def _parse_filters(attrs: Mapping[str, object], *, allow_any: bool = False) -> _Query | None:
    """Type-check the attribute values; `None` means errSecParam."""
    service = attrs.get(SERVICE)
    account = attrs.get(ACCOUNT)
    group = attrs.get(ACCESS_GROUP)
    sync = attrs.get(SYNCHRONIZABLE, False)
    accessible = attrs.get(ACCESSIBLE)
    if not all(value is None or isinstance(value, str) for value in (service, account, group)):
        return None
    if not (isinstance(sync, bool) or (allow_any and sync == SYNCHRONIZABLE_ANY)):
        return None
    protection: ProtectionClass | None = None
    if accessible is not None:
        if not isinstance(accessible, str) or accessible not in IOS_PROTECTION_CLASSES:
            return None
        protection = ProtectionClass(accessible)
    return _Query(
        service=service if isinstance(service, str) else None,
        account=account if isinstance(account, str) else None,
        access_group=group if isinstance(group, str) else None,
        synchronizable=sync if isinstance(sync, bool) else None,
        accessible=protection,
    )


def _apply(
    item: KeychainItem, attributes: Mapping[str, object], changes: _Query, data: bytes | None
) -> KeychainItem:
    """The row after `SecItemUpdate` sets the named attributes (only those it names)."""
    sync = changes.synchronizable
    if SYNCHRONIZABLE not in attributes or sync is None:
        sync = item.key.synchronizable
    key = replace(
        item.key,
        service=changes.service if changes.service is not None else item.key.service,
        account=changes.account if changes.account is not None else item.key.account,
        access_group=(
            changes.access_group if changes.access_group is not None else item.key.access_group
        ),
        synchronizable=sync,
    )
    control = _access_control(attributes.get(ACCESS_CONTROL))
    return KeychainItem(
        key=key,
        accessible=changes.accessible or item.accessible,
        data=data if data is not None else item.data,
        access_control=control if control is not None else item.access_control,
        enrollment=item.enrollment,
    )
