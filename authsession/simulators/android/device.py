"""A deterministic simulated Android device: Direct Boot, CE/DE storage, Keystore, backup/restore.

Owns: `AndroidDevice` and its parts (`SharedPreferences`, `Editor`, `AndroidKeystore`,
`DeviceBackup`), broadcast delivery and `AndroidProtectedDataSignal`. It implements the app APIs
of `authsession.platforms.android.api` and raises that module's Java exceptions; it models
platform behaviour only and knows nothing about accounts, credentials or sessions (the
`AndroidKeychain` adapter is the one place that interprets it).
Must not import the core, runtime, CLI or `authsession.platforms.android.adapter`. No I/O, no
real clocks: time moves only through `advance()`, so every run is reproducible.

Not cryptography: the Keystore cipher is a toy AEAD made of SHA-256 and HMAC, there only so that a
blob opened with the wrong key fails its tag check the way AES-GCM does after a backup restore.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from authsession.adapters.keychain import ProtectionClass
from authsession.errors import AuthSessionError
from authsession.platforms.android.api import (
    AEADBadTagException,
    IllegalStateException,
    InvalidAlgorithmParameterException,
    KeyPermanentlyInvalidatedException,
    KeySpec,
    ProviderException,
    StorageArea,
    UserNotAuthenticatedException,
    storage_area_for,
)


class SimulationError(AuthSessionError, RuntimeError):
    """The simulated user or test asked for something the device cannot do (e.g. unlock a
    powered-off device). A bug in the test, never a platform answer."""


# Values ---------------------------------------------------------------------------------------


class DevicePhase(StrEnum):
    """Lock phases; the names match `device.phase` in the `authsession.scenario/1` contract."""

    POWERED_OFF = "powered_off"
    BEFORE_FIRST_UNLOCK = "before_first_unlock"  # Direct Boot: only DE storage
    LOCKED = "locked"  # keyguard showing, but unlocked once since boot: CE stays available
    UNLOCKED = "unlocked"


class BroadcastAction(StrEnum):
    ACTION_LOCKED_BOOT_COMPLETED = "android.intent.action.LOCKED_BOOT_COMPLETED"
    ACTION_USER_UNLOCKED = "android.intent.action.USER_UNLOCKED"
    ACTION_BOOT_COMPLETED = "android.intent.action.BOOT_COMPLETED"


@dataclass(frozen=True, slots=True)
class DeviceBackup:
    """What Auto Backup carries: SharedPreferences files of both areas. Keystore keys are never
    part of a backup, which is why EncryptedSharedPreferences breaks on restore."""

    source_serial: str
    files: tuple[tuple[StorageArea, str, tuple[tuple[str, str], ...]], ...] = field(repr=False)

    def __repr__(self) -> str:
        return f"DeviceBackup(source_serial={self.source_serial!r}, files={len(self.files)})"


# Storage --------------------------------------------------------------------------------------


class SharedPreferences:
    """One preferences file in one storage area; every access re-checks the area is unlocked,
    because Android raises on CE access while the user is locked rather than returning empty."""

    def __init__(self, device: AndroidDevice, name: str, area: StorageArea) -> None:
        self._device = device
        self._name = name
        self._area = area

    @property
    def name(self) -> str:
        return self._name

    @property
    def area(self) -> StorageArea:
        return self._area

    def _data(self) -> dict[str, str]:
        self._device._require_area(self._area)
        # Reading a file that was never written leaves no file behind, as on Android.
        return self._device._files[self._area].get(self._name, {})

    def get_string(self, key: str) -> str | None:
        return self._data().get(key)

    def contains(self, key: str) -> bool:
        return key in self._data()

    def keys(self) -> frozenset[str]:
        return frozenset(self._data())

    def edit(self) -> Editor:
        return Editor(self)

    def _apply(self, puts: dict[str, str], removes: set[str]) -> bool:
        self._device._require_area(self._area)
        if self._device._consume_commit_fault():
            return False  # like a failed rename of the backing XML: nothing applied
        data = self._device._files[self._area].setdefault(self._name, {})
        for key in removes:
            data.pop(key, None)
        data.update(puts)
        return True

    def __repr__(self) -> str:
        return f"SharedPreferences(name={self._name!r}, area={self._area.value!r})"


class Editor:
    """`SharedPreferences.Editor`: changes apply all together on `commit()` or not at all."""

    def __init__(self, prefs: SharedPreferences) -> None:
        self._prefs = prefs
        self._puts: dict[str, str] = {}
        self._removes: set[str] = set()

    def put_string(self, key: str, value: str) -> Editor:
        self._removes.discard(key)
        self._puts[key] = value
        return self

    def remove(self, key: str) -> Editor:
        self._puts.pop(key, None)
        self._removes.add(key)
        return self

    def commit(self) -> bool:
        """True when written; False on a write failure (the file is unchanged)."""
        return self._prefs._apply(dict(self._puts), set(self._removes))

    def __repr__(self) -> str:
        return f"Editor(prefs={self._prefs!r}, pending={len(self._puts) + len(self._removes)})"


# Keystore -------------------------------------------------------------------------------------

_NONCE_BYTES = 12
_TAG_BYTES = 16


@dataclass(slots=True)
class _KeyEntry:
    spec: KeySpec
    material: bytes = field(repr=False)
    invalidated: bool = False


class AndroidKeystore:
    """AndroidKeyStore for one app: symmetric keys by alias, usable per their `KeySpec`."""

    def __init__(self, device: AndroidDevice) -> None:
        self._device = device
        self._entries: dict[str, _KeyEntry] = {}
        self._nonces = 0

    def contains_alias(self, alias: str) -> bool:
        return alias in self._entries

    def aliases(self) -> frozenset[str]:
        return frozenset(self._entries)

    def is_invalidated(self, alias: str) -> bool:
        entry = self._entries.get(alias)
        return entry is not None and entry.invalidated

    def generate_key(self, alias: str, spec: KeySpec) -> None:
        """Create (or replace, as `KeyGenerator` does) the key under `alias`."""
        self._device._require_running()
        self._device._consume_keystore_fault()
        if spec.needs_secure_lock_screen and not self._device.lock_screen_secure:
            raise InvalidAlgorithmParameterException(
                "secure lock screen must be enabled to create keys requiring user authentication"
            )
        seed = f"{self._device.serial}:{alias}:{self._device._next_key_number()}".encode()
        self._entries[alias] = _KeyEntry(spec=spec, material=hashlib.sha256(seed).digest())

    def encrypt(self, alias: str, plaintext: bytes) -> bytes:
        """Seal `plaintext`; returns nonce || ciphertext || tag."""
        key = self._usable_key(alias)
        self._nonces += 1
        nonce = hashlib.sha256(key + self._nonces.to_bytes(8, "big")).digest()[:_NONCE_BYTES]
        body = _xor(plaintext, _keystream(key, nonce, len(plaintext)))
        return nonce + body + _tag(key, nonce, body)

    def decrypt(self, alias: str, blob: bytes) -> bytes:
        key = self._usable_key(alias)
        if len(blob) < _NONCE_BYTES + _TAG_BYTES:
            raise AEADBadTagException("ciphertext too short")
        nonce, body, tag = blob[:_NONCE_BYTES], blob[_NONCE_BYTES:-_TAG_BYTES], blob[-_TAG_BYTES:]
        if not hmac.compare_digest(tag, _tag(key, nonce, body)):
            raise AEADBadTagException("authentication tag mismatch")
        return _xor(body, _keystream(key, nonce, len(body)))

    def _usable_key(self, alias: str) -> bytes:
        self._device._require_running()
        self._device._consume_keystore_fault()
        entry = self._entries.get(alias)
        # Keystore2 reports a missing key blob as permanent invalidation (KEY_NOT_FOUND).
        if entry is None or entry.invalidated:
            raise KeyPermanentlyInvalidatedException("key permanently invalidated")
        spec = entry.spec
        if spec.unlocked_device_required and self._device.is_device_locked():
            raise UserNotAuthenticatedException("device is locked")
        if spec.user_authentication_required and not self._device._authenticated_within(
            spec.auth_validity_seconds
        ):
            raise UserNotAuthenticatedException("user not authenticated")
        return entry.material

    def _invalidate(self, predicate: Callable[[KeySpec], bool]) -> None:
        for entry in self._entries.values():
            if predicate(entry.spec):
                entry.invalidated = True

    def __repr__(self) -> str:
        return f"AndroidKeystore(aliases={sorted(self._entries)!r})"


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = (length + 31) // 32
    stream = b"".join(
        hashlib.sha256(key + nonce + i.to_bytes(4, "big")).digest() for i in range(blocks)
    )
    return stream[:length]


def _xor(data: bytes, stream: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, stream, strict=True))


def _tag(key: bytes, nonce: bytes, body: bytes) -> bytes:
    return hmac.new(key, nonce + body, hashlib.sha256).digest()[:_TAG_BYTES]


# Device ---------------------------------------------------------------------------------------

Receiver = Callable[[BroadcastAction], None]


class AndroidDevice:
    """One user's device running one app. Starts powered off; call `boot()`.

    Receivers stay registered across reboots, as if the app re-registered on every start;
    the real `ACTION_USER_UNLOCKED` reaches only runtime-registered receivers, so apps must also
    check `is_user_unlocked()` on start instead of waiting for a broadcast.
    """

    def __init__(self, serial: str = "sim-android", *, lock_screen_secure: bool = True) -> None:
        self.serial = serial
        self._lock_screen_secure = lock_screen_secure
        self._phase = DevicePhase.POWERED_OFF
        self._now = 0.0
        self._last_authenticated: float | None = None
        self._files: dict[StorageArea, dict[str, dict[str, str]]] = {a: {} for a in StorageArea}
        self._receivers: list[tuple[BroadcastAction, Receiver]] = []
        self._broadcast_log: list[BroadcastAction] = []
        self._commit_faults = 0
        self._keystore_faults = 0
        # Device-wide, so a key generated after a reinstall is new even under a reused alias.
        self._keys_generated = 0
        self.keystore = AndroidKeystore(self)

    # State queries ---------------------------------------------------------------------------

    @property
    def phase(self) -> DevicePhase:
        return self._phase

    @property
    def lock_screen_secure(self) -> bool:
        return self._lock_screen_secure

    @property
    def now(self) -> float:
        """Simulated seconds since the device was made; moves only through `advance()`."""
        return self._now

    @property
    def broadcast_log(self) -> tuple[BroadcastAction, ...]:
        return tuple(self._broadcast_log)

    def is_user_unlocked(self) -> bool:
        """`UserManager.isUserUnlocked()`: CE storage is available."""
        return self._phase in (DevicePhase.LOCKED, DevicePhase.UNLOCKED)

    def is_device_locked(self) -> bool:
        """`KeyguardManager.isDeviceLocked()`: a secure keyguard is showing (or never passed)."""
        return self._phase in (DevicePhase.BEFORE_FIRST_UNLOCK, DevicePhase.LOCKED)

    def is_area_available(self, area: StorageArea) -> bool:
        if self._phase is DevicePhase.POWERED_OFF:
            return False
        return area is StorageArea.DEVICE_ENCRYPTED or self.is_user_unlocked()

    # User and system actions -----------------------------------------------------------------

    def boot(self) -> None:
        """Power on (or restart): Direct Boot with only DE storage until the first unlock."""
        self._phase = DevicePhase.BEFORE_FIRST_UNLOCK
        self._last_authenticated = None
        self._send(BroadcastAction.ACTION_LOCKED_BOOT_COMPLETED)
        if not self._lock_screen_secure:
            # Without a credential the CE key is unwrapped at boot: the user unlocks by itself.
            self._enter_unlocked(authenticated=False)

    def unlock(self) -> None:
        """The user enters their credential; the first time after boot this unlocks CE storage."""
        self._require_running()
        self._enter_unlocked(authenticated=self._lock_screen_secure)

    def lock(self) -> None:
        """Screen lock. CE storage stays available (Direct Boot keys are kept until reboot)."""
        self._require_running()
        if self._phase is DevicePhase.UNLOCKED and self._lock_screen_secure:
            self._phase = DevicePhase.LOCKED

    def authenticate(self) -> None:
        """A successful BiometricPrompt / confirm-credential: restarts auth validity windows."""
        self._require_phase(DevicePhase.UNLOCKED, "authenticate")
        if self._lock_screen_secure:
            self._last_authenticated = self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise SimulationError("time only moves forward")
        self._now += seconds

    def remove_lock_screen(self) -> None:
        """Settings → screen lock → None. Auth-bound keys die for good."""
        self._require_phase(DevicePhase.UNLOCKED, "remove the lock screen")
        self._lock_screen_secure = False
        self._last_authenticated = None
        self.keystore._invalidate(lambda spec: spec.needs_secure_lock_screen)

    def set_lock_screen(self) -> None:
        """Set a PIN/pattern/password again. Keys invalidated earlier stay invalid."""
        self._require_phase(DevicePhase.UNLOCKED, "set a lock screen")
        self._lock_screen_secure = True
        self._last_authenticated = self._now

    def change_biometrics(self) -> None:
        """Enroll a new fingerprint (or remove the last one)."""
        self._require_phase(DevicePhase.UNLOCKED, "change biometrics")
        if not self._lock_screen_secure:
            raise SimulationError("biometrics need a secure lock screen")
        self.keystore._invalidate(
            lambda spec: (
                spec.user_authentication_required and spec.invalidated_by_biometric_enrollment
            )
        )

    def backup(self) -> DeviceBackup:
        """Auto Backup of the app's preference files (both areas); no Keystore keys."""
        self._require_user_unlocked("back up")
        files = tuple(
            (area, name, tuple(sorted(data.items())))
            for area in StorageArea
            for name, data in sorted(self._files[area].items())
        )
        return DeviceBackup(source_serial=self.serial, files=files)

    def restore_from_backup(self, backup: DeviceBackup) -> None:
        """Install the app and restore `backup` into it (this device or a new one). The app's
        Keystore starts empty: keys are neither backed up nor kept across an uninstall."""
        self._require_user_unlocked("restore")
        self.keystore = AndroidKeystore(self)
        self._files = {a: {} for a in StorageArea}
        for area, name, items in backup.files:
            self._files[area][name] = dict(items)

    def register_receiver(self, action: BroadcastAction, receiver: Receiver) -> Callable[[], None]:
        """`Context.registerReceiver`; returns the unregister function."""
        entry = (action, receiver)
        self._receivers.append(entry)

        def unregister() -> None:
            if entry in self._receivers:
                self._receivers.remove(entry)

        return unregister

    # App APIs --------------------------------------------------------------------------------

    def shared_preferences(
        self, name: str, area: StorageArea = StorageArea.CREDENTIAL_ENCRYPTED
    ) -> SharedPreferences:
        """`Context.getSharedPreferences` on the default (CE) context or, for DE, on
        `createDeviceProtectedStorageContext()`. Raises on CE while the user is locked."""
        self._require_area(area)
        return SharedPreferences(self, name, area)

    # Fault injection (for tests: failures that say nothing about the user) --------------------

    def fail_next_commits(self, count: int = 1) -> None:
        self._commit_faults += count

    def fail_next_keystore_operations(self, count: int = 1) -> None:
        self._keystore_faults += count

    # Internals -------------------------------------------------------------------------------

    def _enter_unlocked(self, *, authenticated: bool) -> None:
        first_unlock = self._phase is DevicePhase.BEFORE_FIRST_UNLOCK
        self._phase = DevicePhase.UNLOCKED
        if authenticated:
            self._last_authenticated = self._now
        if first_unlock:
            self._send(BroadcastAction.ACTION_USER_UNLOCKED)
            self._send(BroadcastAction.ACTION_BOOT_COMPLETED)

    def _send(self, action: BroadcastAction) -> None:
        self._broadcast_log.append(action)
        for registered, receiver in list(self._receivers):
            if registered is action:
                receiver(action)

    def _next_key_number(self) -> int:
        self._keys_generated += 1
        return self._keys_generated

    def _authenticated_within(self, seconds: float) -> bool:
        last = self._last_authenticated
        return last is not None and self._now - last <= seconds

    def _require_running(self) -> None:
        if self._phase is DevicePhase.POWERED_OFF:
            raise SimulationError("device is powered off: no app code runs")

    def _require_phase(self, phase: DevicePhase, what: str) -> None:
        if self._phase is not phase:
            raise SimulationError(f"cannot {what} while {self._phase.value}")

    def _require_user_unlocked(self, what: str) -> None:
        self._require_running()
        if not self.is_user_unlocked():
            raise SimulationError(f"cannot {what} before the first unlock")

    def _require_area(self, area: StorageArea) -> None:
        self._require_running()
        if area is StorageArea.CREDENTIAL_ENCRYPTED and not self.is_user_unlocked():
            raise IllegalStateException(
                "SharedPreferences in credential encrypted storage are unavailable "
                "until the user unlocks after boot"
            )

    def _consume_commit_fault(self) -> bool:
        if self._commit_faults:
            self._commit_faults -= 1
            return True
        return False

    def _consume_keystore_fault(self) -> None:
        if self._keystore_faults:
            self._keystore_faults -= 1
            raise ProviderException("keystore operation failed")

    def __repr__(self) -> str:
        return (
            f"AndroidDevice(serial={self.serial!r}, phase={self._phase.value!r}, "
            f"lock_screen_secure={self._lock_screen_secure})"
        )


class AndroidProtectedDataSignal:
    """`ProtectedDataSignal` for one Android storage class: CE follows `isUserUnlocked()`,
    DE is readable whenever the device runs (that is what makes it insecure for credentials)."""

    def __init__(self, device: AndroidDevice, protection: ProtectionClass) -> None:
        self._device = device
        self._area = storage_area_for(protection)

    def available(self) -> bool:
        return self._device.is_area_available(self._area)

    def __repr__(self) -> str:
        return f"AndroidProtectedDataSignal(area={self._area.value!r})"
