"""The Android app APIs the adapter calls, as Python shapes: the Java exceptions, the storage
areas, `KeySpec` and the device's app-facing surface (`AndroidAppAPIs`).

Owns: the exception classes (named after the Java ones so the adapter reads like Android code),
`StorageArea` and `storage_area_for`, `KeySpec` (the part of `KeyGenParameterSpec` that decides
when a key works and when it dies) and the protocols `AndroidAppAPIs`, `Preferences`,
`PreferencesEditor` and `Keystore`. It is the platform's API shape, not a model of it: the
simulated device (`authsession.simulators.android`) implements these protocols and raises these
exceptions, so the adapter never imports the simulator.
Must not import the adapter, the simulator, the core or the runtime.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from authsession.adapters.keychain import ProtectionClass

# Exceptions -----------------------------------------------------------------------------------
# Named after the Java classes so tests and docs read like Android code. Messages are fixed text
# written here and never carry a stored value (invariant 6: no secret in any exception).


class AndroidException(Exception):
    """Base of every exception the simulated Android APIs raise."""


class IllegalStateException(AndroidException):
    """`java.lang.IllegalStateException`: credential-encrypted storage touched while locked."""


class ProviderException(AndroidException):
    """`java.security.ProviderException`: the Keystore service failed (transient, not a loss)."""


class GeneralSecurityException(AndroidException):
    """`java.security.GeneralSecurityException`."""


class InvalidKeyException(GeneralSecurityException):
    """`java.security.InvalidKeyException`."""


class UserNotAuthenticatedException(InvalidKeyException):
    """`android.security.keystore.UserNotAuthenticatedException`: the key exists and is intact,
    but needs a recent unlock/authentication (or an unlocked device) first. Transient."""


class KeyPermanentlyInvalidatedException(InvalidKeyException):
    """`android.security.keystore.KeyPermanentlyInvalidatedException`: the key can never be used
    again (secure lock screen removed, biometric enrollment changed). The local secret is gone."""


class InvalidAlgorithmParameterException(GeneralSecurityException):
    """`java.security.InvalidAlgorithmParameterException`: e.g. an auth-bound key requested on a
    device without a secure lock screen."""


class BadPaddingException(GeneralSecurityException):
    """`javax.crypto.BadPaddingException`."""


class AEADBadTagException(BadPaddingException):
    """`javax.crypto.AEADBadTagException`: ciphertext opened with a key that did not seal it."""


class StorageArea(StrEnum):
    CREDENTIAL_ENCRYPTED = "credential_encrypted"
    DEVICE_ENCRYPTED = "device_encrypted"


def storage_area_for(protection: ProtectionClass) -> StorageArea:
    """The Android storage area a protection class names; iOS classes have none here."""
    try:
        return StorageArea(protection.value)
    except ValueError:
        raise ValueError(f"{protection.value!r} is not an Android storage class") from None


@dataclass(frozen=True, slots=True)
class KeySpec:
    """The subset of `KeyGenParameterSpec` that decides when a key works and when it dies.

    `auth_validity_seconds` is the window after an unlock/authentication in which an auth-bound
    key may be used; per-use (BiometricPrompt CryptoObject) keys are not modelled.
    """

    user_authentication_required: bool = False
    auth_validity_seconds: float = 300.0
    invalidated_by_biometric_enrollment: bool = True
    unlocked_device_required: bool = False

    def __post_init__(self) -> None:
        if self.auth_validity_seconds <= 0:
            raise ValueError("auth_validity_seconds must be positive (per-use keys not modelled)")

    @property
    def needs_secure_lock_screen(self) -> bool:
        return self.user_authentication_required or self.unlocked_device_required


class PreferencesEditor(Protocol):
    """`SharedPreferences.Editor`: changes staged until `commit()`, which says whether they
    reached the disk."""

    def put_string(self, key: str, value: str) -> PreferencesEditor: ...
    def remove(self, key: str) -> PreferencesEditor: ...
    def commit(self) -> bool: ...


class Preferences(Protocol):
    """One `SharedPreferences` file in one storage area."""

    def get_string(self, key: str) -> str | None: ...
    def contains(self, key: str) -> bool: ...
    def edit(self) -> PreferencesEditor: ...


class Keystore(Protocol):
    """AndroidKeyStore for one app: symmetric keys by alias; `decrypt` raises
    `AEADBadTagException` for a blob another key sealed."""

    def contains_alias(self, alias: str) -> bool: ...
    def generate_key(self, alias: str, spec: KeySpec) -> None: ...
    def encrypt(self, alias: str, plaintext: bytes) -> bytes: ...
    def decrypt(self, alias: str, blob: bytes) -> bytes: ...


class AndroidAppAPIs(Protocol):
    """What an app sees of its device: its preferences files, its Keystore, the serial a log
    line names."""

    @property
    def serial(self) -> str: ...
    @property
    def keystore(self) -> Keystore: ...
    def shared_preferences(self, name: str, area: StorageArea = ...) -> Preferences: ...
