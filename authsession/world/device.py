"""Simulated devices for the world: one small interface over the iOS, Android and memory models.

Owns: mapping world events (boot, lock, prewarm, passcode removal, key invalidation — on iOS a new
biometric enrollment —, restore to a new device, a team change) onto each platform simulator, the
reference keychain adapter for each platform (with iOS access control where configured), what the
app's item holds as the world sees it, and the *exposure* measure (seconds a stored secret was
readable while the device was locked). Must not import the runtime.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import SecretStr

from authsession.adapters.keychain import (
    INSECURE_PROTECTION,
    Credentials,
    Keychain,
    ProtectionClass,
)
from authsession.platforms.android import AndroidKeychain
from authsession.platforms.android.api import KeySpec, storage_area_for
from authsession.platforms.ios import ACCOUNT_KEY, IOSKeychain
from authsession.platforms.ios.forum_post import ForumPostKeychain
from authsession.platforms.ios.secitem import AccessControl
from authsession.simulators.android.device import AndroidDevice, DevicePhase
from authsession.simulators.ios.device import READABLE_IN, Device, KeychainItem, Phase
from authsession.simulators.ios.keychain import IOSKeychainSimulator
from authsession.testing.keychain import MemoryKeychain

SERVICE = "com.example.shop"
DE = ProtectionClass.DEVICE_ENCRYPTED
InitialPhase = Literal["before_first_unlock", "locked", "unlocked"]


def _always() -> bool:
    return True


def _team_group(team: int) -> str:
    return f"TEAM{team}.com.example.app"


class IOSWorldDevice:
    platform = "ios"

    def __init__(
        self,
        *,
        passcode: bool,
        phase: InitialPhase,
        not_found_while_locked: bool,
        access_control: AccessControl | None = None,
        interaction_allowed: Callable[[], bool] = _always,
    ):
        self.device = Device(passcode=passcode)
        self._quirk = not_found_while_locked
        self._interaction_allowed = interaction_allowed
        self.access_control = access_control
        self.team = 1
        self.simulator = self._simulator()
        self.device.unlock()
        self._initial = phase

    def _simulator(self) -> IOSKeychainSimulator:
        return IOSKeychainSimulator(
            self.device,
            access_groups=(_team_group(self.team),),
            not_found_while_locked=self._quirk,
            interaction_allowed=self._can_prompt,
        )

    @property
    def grace_seconds(self) -> float:
        """Seconds the Complete class key stays in memory after a lock."""
        return self.device.grace_seconds

    def _can_prompt(self) -> bool:
        # An authentication prompt needs the app on screen, hence an unlocked device.
        return self._interaction_allowed() and self.unlocked()

    def enter_initial_phase(self) -> None:
        if self._initial == "before_first_unlock":
            self.device.boot()
        elif self._initial == "locked":
            self.device.lock()
            self.device.advance(self.device.grace_seconds + 1)

    def boot(self) -> None:
        self.device.boot()

    def unlock(self) -> None:
        self.device.unlock()

    def lock(self) -> None:
        self.device.lock()

    def prewarm(self) -> None:
        self.device.launch_prewarmed()

    def advance(self, seconds: float) -> None:
        self.device.advance(seconds)

    def remove_passcode(self) -> None:
        if self.device.phase is not Phase.UNLOCKED:
            self.device.unlock()  # Settings needs the passcode: the user unlocks first
        self.device.remove_passcode()

    def invalidate_keys(self) -> None:
        """A new fingerprint or face: items bound to the old set (`biometry_current_set`) can
        never be read again; others are unaffected. Biometrics need a passcode."""
        if self.device.passcode:
            if self.device.phase is not Phase.UNLOCKED:
                self.device.unlock()  # Settings needs the passcode
            self.device.enroll_biometry()

    def restore_to_new_device(self) -> None:
        """ThisDeviceOnly rows are not migrated; the new phone boots (before first unlock)."""
        self.device.restore_to_new_device()

    def change_team(self) -> None:
        """The app is now signed by another team: its access group (team-ID prefix) changes, and
        the old group's items are invisible to it (-25300), though still on the device."""
        self.team += 1
        self.simulator = self._simulator()

    def _visible(self) -> tuple[KeychainItem, ...]:
        group = self.simulator.default_access_group
        return tuple(i for i in self.device.items() if i.key.access_group == group)

    def biometry_changed(self) -> bool:
        """Has the enrollment changed since the app's item was bound to it?"""
        rows = [
            i for i in self._visible() if i.key.service == SERVICE and i.key.account == ACCOUNT_KEY
        ]
        return any(self.simulator.biometry_changed(i) for i in rows)

    def available(self, protection: ProtectionClass) -> bool:
        """What the app's protected-data signal says for `protection`. A
        `WhenPasscodeSetThisDeviceOnly` class on a device without a passcode is *gone*, not
        locked: `isProtectedDataAvailable` is true on such a device, and reading is how the app
        learns the secret is lost (it must never wait for a class that cannot come back)."""
        passcode_class = protection is ProtectionClass.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY
        if passcode_class and not self.device.passcode:
            return self.unlocked()
        return self.device.protected_data_available(protection)

    def unlocked(self) -> bool:
        return self.device.phase is Phase.UNLOCKED

    def has_passcode(self) -> bool:
        return self.device.passcode

    def stored_credentials(self) -> tuple[Credentials, ...]:
        """What every keychain row the app can still read holds, read by the world (not the
        app): the truth about rows that died with the passcode or that the forum post's helper
        wrote (a raw password under the user's account) beside the reference adapter's JSON
        payload. Rows of another team's access group, and rows bound to a biometric set that no
        longer exists, are on the device but lost to the app."""
        return tuple(
            _decoded(item.key.account, item.data)
            for item in self._visible()
            if not self.simulator.biometry_changed(item)
        )

    def exposed(self) -> bool:
        # Readable while locked, by class rule (the ~10 s class-key grace after a lock is the
        # platform's, not the app's choice, so it is not counted).
        phase = self.device.phase
        return phase is not Phase.UNLOCKED and any(
            phase in READABLE_IN[item.accessible] for item in self.device.items()
        )

    def keychain(
        self,
        protection: ProtectionClass,
        allow_insecure: bool,
        earlier: Sequence[ProtectionClass] = (),
    ) -> Keychain:
        return IOSKeychain(
            self.simulator,
            SERVICE,
            allow_insecure_protection=allow_insecure,
            protection=protection,
            earlier_protections=earlier,
            passcode_set=self.simulator.passcode_set,
            access_control=self.access_control,
            biometry_changed=self.biometry_changed,
        )

    def forum_keychain(self) -> ForumPostKeychain:
        return ForumPostKeychain(self.simulator)


@functools.lru_cache(maxsize=4096)
def _decoded(account: str, data: bytes) -> Credentials:
    """A row's credentials (cached: the model checker asks about the same rows very often)."""
    try:
        payload = json.loads(data)
        return Credentials(account=payload["account"], secret=payload["secret"])
    except (ValueError, TypeError, KeyError):
        return Credentials(account=account, secret=SecretStr(data.decode("utf-8", "replace")))


class AndroidWorldDevice:
    platform = "android"
    #: `setUnlockedDeviceRequired` keys stop working as the keyguard shows.
    grace_seconds = 0.0

    def __init__(self, *, passcode: bool, phase: InitialPhase):
        self.restores = 0
        self.device = AndroidDevice(lock_screen_secure=passcode)
        self.device.boot()
        self.device.unlock()
        self._initial = phase
        # The key is Android's WhenUnlocked: `setUnlockedDeviceRequired` keeps the secret
        # undecryptable while the screen is locked (CE storage alone stays readable after the
        # first unlock, like AfterFirstUnlock). It is also auth-bound, which is what lock-screen
        # removal and new biometrics invalidate (F10); the long validity window means a recent
        # unlock is all it needs.
        self._spec = (
            KeySpec(
                user_authentication_required=True,
                auth_validity_seconds=30 * 86_400,
                unlocked_device_required=True,
            )
            if passcode
            else KeySpec()
        )

    def enter_initial_phase(self) -> None:
        if self._initial == "before_first_unlock":
            self.device.boot()
        elif self._initial == "locked":
            self.device.lock()

    def boot(self) -> None:
        self.device.boot()

    def unlock(self) -> None:
        self.device.unlock()

    def lock(self) -> None:
        self.device.lock()

    def prewarm(self) -> None:
        """Android has no prewarm; a Direct Boot launch is modelled by `boot` without unlock."""

    def advance(self, seconds: float) -> None:
        self.device.advance(seconds)

    def remove_passcode(self) -> None:
        if not self.device.lock_screen_secure:
            return  # nothing to remove
        if self.device.phase is not DevicePhase.UNLOCKED:
            self.device.unlock()
        self.device.remove_lock_screen()

    def invalidate_keys(self) -> None:
        # Biometrics need a secure lock screen: without one there is nothing to enroll.
        if not self.device.lock_screen_secure:
            return
        if self.device.phase is not DevicePhase.UNLOCKED:
            self.device.unlock()
        self.device.change_biometrics()

    def restore_to_new_device(self) -> None:
        """Auto Backup carries the app's preference files, not its Keystore key: the new phone
        (set up and unlocked by the user) has the item but not the key that opens it."""
        old = self.device
        if not old.is_user_unlocked():
            old.unlock()  # the backup was taken while the old phone was in use
        backup = old.backup()
        self.restores += 1
        new = AndroidDevice(f"sim-android-restored-{self.restores}",
                            lock_screen_secure=old.lock_screen_secure)  # fmt: skip
        new.boot()
        new.unlock()
        new.restore_from_backup(backup)
        self.device = new

    def change_team(self) -> None:
        """An app transfer keeps the package and (with Play app signing) its signing key: the
        app's storage and Keystore stay its own."""

    def available(self, protection: ProtectionClass) -> bool:
        if not self.device.is_area_available(storage_area_for(protection)):
            return False
        # Device-encrypted storage is the insecure choice; its key is not locked to the screen.
        key_locked = self._spec.unlocked_device_required and protection is not DE
        return not (key_locked and self.device.is_device_locked())

    def unlocked(self) -> bool:
        return self.device.phase is DevicePhase.UNLOCKED

    def has_passcode(self) -> bool:
        return self.device.lock_screen_secure

    def exposed(self) -> bool:
        return not self.unlocked() and self._stored is not None and self.available(self._stored)

    _stored: ProtectionClass | None = None

    def keychain(
        self,
        protection: ProtectionClass,
        allow_insecure: bool,
        earlier: Sequence[ProtectionClass] = (),
    ) -> Keychain:
        self._stored = protection
        insecure = protection is DE
        return AndroidKeychain(
            self.device,
            protection=protection,
            allow_insecure_protection=allow_insecure,
            key_spec=KeySpec() if insecure else self._spec,
        )


class MemoryWorldDevice:
    """The smallest honest device: one lock, `when_unlocked`-style availability."""

    platform = "memory"
    grace_seconds = 0.0

    def __init__(
        self, *, passcode: bool, phase: InitialPhase, not_found_while_locked: bool = False
    ):
        self._passcode = passcode
        self._unlocked = True
        self._initial = phase
        self._keychain = MemoryKeychain(
            available=self._readable, not_found_while_locked=not_found_while_locked
        )
        self._protection = ProtectionClass.WHEN_UNLOCKED

    def enter_initial_phase(self) -> None:
        self._unlocked = self._initial == "unlocked" or not self._passcode

    def _readable(self) -> bool:
        return self.available(self._protection)

    def boot(self) -> None:
        self._unlocked = not self._passcode

    def unlock(self) -> None:
        self._unlocked = True

    def lock(self) -> None:
        self._unlocked = not self._passcode

    def prewarm(self) -> None:
        self._unlocked = not self._passcode

    def advance(self, seconds: float) -> None:
        pass

    def remove_passcode(self) -> None:
        self._passcode = False
        self._unlocked = True

    def invalidate_keys(self) -> None:
        pass

    def restore_to_new_device(self) -> None:
        self.boot()  # the memory device's item is not device-bound: it comes along

    def change_team(self) -> None:
        pass

    def available(self, protection: ProtectionClass) -> bool:
        return self._unlocked or protection in INSECURE_PROTECTION

    def unlocked(self) -> bool:
        return self._unlocked

    def has_passcode(self) -> bool:
        return self._passcode

    def exposed(self) -> bool:
        return not self._unlocked and self._keychain.has_item and self.available(self._protection)

    def keychain(
        self,
        protection: ProtectionClass,
        allow_insecure: bool,
        earlier: Sequence[ProtectionClass] = (),
    ) -> Keychain:
        self._protection = protection
        return self._keychain


def make_device(
    platform: str,
    *,
    passcode: bool,
    phase: InitialPhase,
    not_found_while_locked: bool,
    access_control: AccessControl | None = None,
    interaction_allowed: Callable[[], bool] = _always,
) -> IOSWorldDevice | AndroidWorldDevice | MemoryWorldDevice:
    if platform == "ios":
        return IOSWorldDevice(
            passcode=passcode,
            phase=phase,
            not_found_while_locked=not_found_while_locked,
            access_control=access_control,
            interaction_allowed=interaction_allowed,
        )
    if platform == "android":
        return AndroidWorldDevice(passcode=passcode, phase=phase)
    return MemoryWorldDevice(
        passcode=passcode, phase=phase, not_found_while_locked=not_found_while_locked
    )
