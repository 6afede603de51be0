"""`AndroidKeychain`: the `Keychain` contract on top of Android's app APIs (`api`).

Owns: the translation of Android answers into `ReadResult`/`StoreResult`/`DeleteResult`, the
stored record format, and the refusal of device-encrypted storage (`InsecureProtectionError`).
One fixed item per adapter: a Keystore-sealed JSON payload `{"account", "secret"}` in a
SharedPreferences file, credential-encrypted by default.

The rule this file exists for: an Android error never deletes anything. CE locked and
`UserNotAuthenticatedException` are `Unavailable`; an invalidated key or a bad AEAD tag is
`SecretLost` with its cause, and both the key and the data stay where they are — the session
decides what a loss means (libraries that "repair" `AEADBadTagException` by deleting the key turn
a restore into a silent logout).
Must not import the core, runtime or CLI; talks to the device only through its public app APIs.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Final

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
from authsession.platforms.android.api import (
    AEADBadTagException,
    AndroidAppAPIs,
    IllegalStateException,
    KeyPermanentlyInvalidatedException,
    KeySpec,
    StorageArea,
    UserNotAuthenticatedException,
    storage_area_for,
)
from authsession.spec.events import SecretLossCause

#: Version of the record kept in SharedPreferences (not of the payload inside it).
RECORD_FORMAT: Final = 1

_ANDROID_PROTECTION: Final = frozenset(
    {ProtectionClass.CREDENTIAL_ENCRYPTED, ProtectionClass.DEVICE_ENCRYPTED}
)
_CE_LOCKED: Final = "credential-encrypted storage is locked until the first unlock after boot"


class AndroidKeychain:
    """`Keychain` for one credentials item on an Android device (the simulated `AndroidDevice`
    is one)."""

    def __init__(
        self,
        device: AndroidAppAPIs,
        *,
        protection: ProtectionClass = ProtectionClass.CREDENTIAL_ENCRYPTED,
        allow_insecure_protection: bool = False,
        key_spec: KeySpec | None = None,
        preferences_name: str = "authsession",
        item_key: str = "credentials",
        key_alias: str = "authsession.credentials",
    ) -> None:
        self._allow_insecure = allow_insecure_protection
        self._check_protection(protection)
        self._device = device
        self._protection = protection
        # No auth binding by default: a refresh must work in the background while the screen is
        # locked, which CE (≈ AfterFirstUnlock) allows and an auth-bound key would not.
        self._key_spec = key_spec if key_spec is not None else KeySpec()
        self._prefs_name = preferences_name
        self._item_key = item_key
        self._key_alias = key_alias

    @property
    def protection(self) -> ProtectionClass:
        """The class the item is (or will be) kept in; follows the last successful store."""
        return self._protection

    # Keychain --------------------------------------------------------------------------------

    def read(self) -> ReadResult:
        primary = storage_area_for(self._protection)
        try:
            record = self._load(primary)
            if record is None:
                # An interrupted migration or a changed configuration can leave the item in the
                # other class; absence is proven only once both areas have been looked at.
                record = self._load(_other(primary))
        except IllegalStateException:
            return Unavailable(detail=_CE_LOCKED)
        except Exception as exc:
            return Failed(detail=_describe("reading the item", exc))
        if record is None:
            return NotFound(detail="no credentials item in either storage area")
        return self._open(record)

    def store(self, credentials: Credentials, protection: ProtectionClass) -> StoreResult:
        self._check_protection(protection)
        target = storage_area_for(protection)
        payload = json.dumps(
            {"account": credentials.account, "secret": credentials.secret.get_secret_value()}
        ).encode()
        try:
            record = self._seal(payload)
            prefs = self._device.shared_preferences(self._prefs_name, target)
            # One commit of one key replaces the old item atomically: it is never missing.
            if not prefs.edit().put_string(self._item_key, record).commit():
                return Failed(detail="SharedPreferences commit failed; the old item is unchanged")
        except IllegalStateException:
            return Unavailable(detail=_CE_LOCKED)
        except UserNotAuthenticatedException:
            return Unavailable(detail="the Keystore key needs a recent unlock or authentication")
        except Exception as exc:
            return Failed(detail=_describe("storing the item", exc))
        self._protection = protection
        return self._remove_copy(_other(target))

    def delete(self) -> DeleteResult:
        locked = False
        for area in (StorageArea.DEVICE_ENCRYPTED, StorageArea.CREDENTIAL_ENCRYPTED):
            try:
                prefs = self._device.shared_preferences(self._prefs_name, area)
                if prefs.contains(self._item_key) and not (
                    prefs.edit().remove(self._item_key).commit()
                ):
                    return Failed(detail=f"SharedPreferences commit failed in {area.value}")
            except IllegalStateException:
                locked = True  # the CE copy, if any, is unreachable: not provably gone
            except Exception as exc:
                return Failed(detail=_describe("deleting the item", exc))
        if locked:
            return Unavailable(detail=_CE_LOCKED)
        # Keystore keys are left alone: without the item they protect nothing.
        return Deleted()

    # Internals -------------------------------------------------------------------------------

    def _check_protection(self, protection: ProtectionClass) -> None:
        if protection not in _ANDROID_PROTECTION:
            raise UnsupportedProtectionError(
                f"protection {protection.value!r} does not exist on Android; "
                "use 'credential_encrypted'"
            )
        if protection in INSECURE_PROTECTION and not self._allow_insecure:
            raise InsecureProtectionError(
                f"protection {protection.value!r} is readable before the first unlock after "
                "boot; pass allow_insecure_protection=True to accept that"
            )

    def _load(self, area: StorageArea) -> str | None:
        return self._device.shared_preferences(self._prefs_name, area).get_string(self._item_key)

    def _open(self, record: str) -> ReadResult:
        try:
            alias, blob = _parse_record(record)
        except ValueError:
            return Failed(detail="stored record is malformed")
        keystore = self._device.keystore
        try:
            if not keystore.contains_alias(alias):
                # Keystore keys never leave the device that made them: a blob whose key is not
                # here (restored from a backup) can never be opened. Libraries get-or-create a
                # key and fail on the bad AEAD tag; creating one can itself fail (an auth-bound
                # key without a lock screen), which must not read as a transient failure.
                return SecretLost(
                    cause=SecretLossCause.AEAD_BAD_TAG,
                    detail="the Keystore key that sealed the stored item is not on this device "
                    "(restored from a backup?); the stored item was left in place",
                )
            payload = keystore.decrypt(alias, blob)
        except UserNotAuthenticatedException:
            return Unavailable(detail="the Keystore key needs a recent unlock or authentication")
        except KeyPermanentlyInvalidatedException:
            return SecretLost(
                cause=SecretLossCause.KEY_PERMANENTLY_INVALIDATED,
                detail="the Keystore key was permanently invalidated (lock screen removed or "
                "biometrics changed); the stored item and key were left in place",
            )
        except AEADBadTagException:
            return SecretLost(
                cause=SecretLossCause.AEAD_BAD_TAG,
                detail="the stored item does not open with this device's Keystore key (restored "
                "from a backup?); the stored item and key were left in place",
            )
        except Exception as exc:
            return Failed(detail=_describe("decrypting the item", exc))
        credentials = _parse_payload(payload)
        if credentials is None:
            return Failed(detail="decrypted payload is malformed")
        return Found(credentials=credentials)

    def _seal(self, payload: bytes) -> str:
        keystore = self._device.keystore
        alias = self._current_alias()
        if not keystore.contains_alias(alias):
            keystore.generate_key(alias, self._key_spec)
        try:
            blob = keystore.encrypt(alias, payload)
        except KeyPermanentlyInvalidatedException:
            # A new sign-in after a loss needs a fresh key. A new alias, because the dead key is
            # not ours to delete: a still-unread item may name it, and its loss must be reported.
            alias = self._next_alias()
            keystore.generate_key(alias, self._key_spec)
            blob = keystore.encrypt(alias, payload)
        return json.dumps(
            {
                "format": RECORD_FORMAT,
                "key_alias": alias,
                "sealed": base64.b64encode(blob).decode("ascii"),
            }
        )

    def _alias(self, generation: int) -> str:
        return self._key_alias if generation == 0 else f"{self._key_alias}.{generation}"

    def _current_generation(self) -> int:
        keystore = self._device.keystore
        generation = 0
        while keystore.contains_alias(self._alias(generation + 1)):
            generation += 1
        return generation

    def _current_alias(self) -> str:
        return self._alias(self._current_generation())

    def _next_alias(self) -> str:
        return self._alias(self._current_generation() + 1)

    def _remove_copy(self, area: StorageArea) -> StoreResult:
        """After a class change, drop the copy in the old area — only once the new one is
        committed, so there is no moment without an item."""
        try:
            prefs = self._device.shared_preferences(self._prefs_name, area)
            if prefs.contains(self._item_key) and not prefs.edit().remove(self._item_key).commit():
                return Failed(detail=f"stored, but the old copy in {area.value} remains")
        except IllegalStateException:
            pass  # an old CE copy while locked: reads prefer the new area; safe to leave
        except Exception as exc:
            return Failed(detail=_describe("removing the old copy", exc))
        return Stored()

    def __repr__(self) -> str:
        return (
            f"AndroidKeychain(device={self._device.serial!r}, "
            f"protection={self._protection.value!r}, preferences={self._prefs_name!r}, "
            f"item={self._item_key!r})"
        )


def _other(area: StorageArea) -> StorageArea:
    if area is StorageArea.CREDENTIAL_ENCRYPTED:
        return StorageArea.DEVICE_ENCRYPTED
    return StorageArea.CREDENTIAL_ENCRYPTED


def _describe(action: str, exc: Exception) -> str:
    # The exception's type only: messages of foreign exceptions (json, codecs) can quote data.
    return f"{type(exc).__name__} while {action}"


def _parse_record(record: str) -> tuple[str, bytes]:
    try:
        data = json.loads(record)
        if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
            raise ValueError("unknown record format")
        alias, sealed = data.get("key_alias"), data.get("sealed")
        if not isinstance(alias, str) or not isinstance(sealed, str):
            raise ValueError("record fields missing")
        return alias, base64.b64decode(sealed, validate=True)
    except (json.JSONDecodeError, binascii.Error) as exc:
        raise ValueError("record is not valid") from exc


def _parse_payload(payload: bytes) -> Credentials | None:
    # Checked by hand: a pydantic ValidationError would quote its input, i.e. the secret.
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or set(data) != {"account", "secret"}:
        return None
    account, secret = data["account"], data["secret"]
    if not isinstance(account, str) or not isinstance(secret, str):
        return None
    return Credentials(account=account, secret=SecretStr(secret))
