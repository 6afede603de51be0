"""The simulated iPhone: passcode, boot/lock phase, simulated time, prewarm, the keychain rows.

Owns: `Device`, the availability table per protection class (`READABLE_IN`, the post-lock grace
of class A keys), the rows (`PrimaryKey`, `KeychainItem`) and `ClassProtectedDataSignal`. Rows
live on the device, not in an app's API object, because removing the passcode or restoring a
backup acts on every app's items. No real time, no I/O, no randomness.
Must not import the adapter, the core or the runtime: the simulator is the *platform*, and it
must not know how authsession interprets it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from authsession.adapters.keychain import ProtectionClass
from authsession.errors import AuthSessionError
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
    SYNCHRONIZABLE,
    AccessControl,
)

P = ProtectionClass

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
