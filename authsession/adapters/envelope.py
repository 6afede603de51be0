"""`EnvelopeKeychain`: credentials in a file, encrypted with a key that lives in the keychain.

Owns: the `Keychain` contract over an *envelope* — a data key kept as a keychain item (with the
configured protection class) and the credentials sealed with it in a file or database the app
owns — and the two small Protocols it needs besides a `Keychain` for the key: `SealedFile` (load,
save, remove one blob; raises `FileUnavailable` while the file's data protection is locked) and
`Cipher` (seal and open with a key; `open` raises `CannotOpen` when the blob was sealed with
another key). No cryptography is implemented here: a real app plugs in AES-GCM (CryptoKit,
`javax.crypto`), the simulated world a toy one.

The rules this file exists for (Salesforce Mobile SDK issue #3437: the key read failed while the
phone was locked, a new key was created, the account file no longer opened and was deleted):

- a new key is created only when the key item is *not found*, or provably *lost* (its own
  protection key stayed on another phone: nothing sealed with it can open again) — never when it
  is unavailable or failed — and only to seal credentials being stored;
- a file that does not open with the current key is reported (`SecretLost`), never deleted;
- a file whose data protection is locked is `Unavailable`, never absent.

Must not import the core, the runtime or any platform simulator.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from collections.abc import Callable
from typing import Final, Protocol

from pydantic import SecretStr

from authsession.adapters.keychain import (
    Credentials,
    DeleteResult,
    Failed,
    Found,
    Keychain,
    NotFound,
    ProtectionClass,
    ReadResult,
    SecretLost,
    Stored,
    StoreResult,
    Unavailable,
)
from authsession.errors import AuthSessionError
from authsession.spec.events import SecretLossCause

#: The account name of the key item (the key is the item's secret).
KEY_ACCOUNT: Final = "authsession.envelope-key"


class FileUnavailable(AuthSessionError):
    """The file's data protection class is locked (iOS file protection, Android CE storage)."""


class CannotOpen(AuthSessionError):
    """The blob does not open with this key (sealed with another one, or damaged)."""


class SealedFile(Protocol):
    """One file (or database row) holding the sealed credentials."""

    def load(self) -> bytes | None:
        """The blob, or None when there is no file. Raises `FileUnavailable` while locked."""
        ...

    def save(self, blob: bytes) -> None:
        """Replace the file atomically. Raises `FileUnavailable` while locked."""
        ...

    def remove(self) -> None:
        """Remove the file (nothing to remove is fine). Raises `FileUnavailable` while locked."""
        ...


class Cipher(Protocol):
    def seal(self, key: bytes, plaintext: bytes) -> bytes: ...

    def open(self, key: bytes, blob: bytes) -> bytes:
        """The plaintext; raises `CannotOpen` if `blob` was not sealed with `key`."""
        ...


def _new_key() -> bytes:
    return secrets.token_bytes(32)


class EnvelopeKeychain:
    """`Keychain` for credentials sealed in `file` with a key kept in `key_keychain`."""

    def __init__(
        self,
        key_keychain: Keychain,
        file: SealedFile,
        cipher: Cipher,
        *,
        new_key: Callable[[], bytes] = _new_key,
    ) -> None:
        self._keys = key_keychain
        self._file = file
        self._cipher = cipher
        self._new_key = new_key

    def read(self) -> ReadResult:
        key = self._keys.read()
        if not isinstance(key, Found):
            # Whatever the key item answered is the answer about the credentials: a locked key
            # is a locked envelope (the core decides whether a NotFound is authoritative).
            return key
        raw = key_from_item(key.credentials)
        if raw is None:
            return Failed(detail="the envelope key item is not a key")
        try:
            blob = self._file.load()
        except FileUnavailable:
            return Unavailable(detail="the sealed credentials file is locked")
        except Exception as exc:
            return Failed(detail=f"{type(exc).__name__} while loading the sealed file")
        if blob is None:
            return NotFound(detail="a key but no sealed credentials file")
        try:
            payload = self._cipher.open(raw, blob)
        except CannotOpen:
            return SecretLost(
                cause=SecretLossCause.ITEM_UNDECRYPTABLE,
                detail="the sealed credentials do not open with the stored key; both were left "
                "in place",
            )
        credentials = credentials_from_payload(payload)
        if credentials is None:
            return Failed(detail="the sealed credentials payload is malformed")
        return Found(credentials=credentials)

    def store(self, credentials: Credentials, protection: ProtectionClass) -> StoreResult:
        key = self._keys.read()
        if isinstance(key, Found):
            raw = key_from_item(key.credentials)
            if raw is None:
                return Failed(detail="the envelope key item is not a key")
        elif isinstance(key, NotFound | SecretLost):
            # Only a key item that is not there, or provably lost (its own protection key stayed
            # on the old phone, or was invalidated: nothing sealed with it opens again), is
            # replaced — and the new key is written before anything is sealed with it, so a
            # blob never outlives the key that opens it.
            raw = self._new_key()
            written = self._keys.store(_key_item(raw), protection)
            if not isinstance(written, Stored):
                return written
        elif isinstance(key, Unavailable):
            return Unavailable(detail=key.detail)
        else:
            return Failed(detail=f"the envelope key read answered {key.kind}")
        payload = json.dumps(
            {"account": credentials.account, "secret": credentials.secret.get_secret_value()}
        ).encode()
        try:
            self._file.save(self._cipher.seal(raw, payload))
        except FileUnavailable:
            return Unavailable(detail="the sealed credentials file is locked")
        except Exception as exc:
            return Failed(detail=f"{type(exc).__name__} while saving the sealed file")
        return Stored()

    def delete(self) -> DeleteResult:
        try:
            self._file.remove()
        except FileUnavailable:
            return Unavailable(detail="the sealed credentials file is locked")
        except Exception as exc:
            return Failed(detail=f"{type(exc).__name__} while removing the sealed file")
        # Without the file the key protects nothing; it is removed too, so a later sign-in
        # starts from a fresh key.
        return self._keys.delete()

    def __repr__(self) -> str:
        return f"EnvelopeKeychain(keys={self._keys!r})"


def _key_item(raw: bytes) -> Credentials:
    return Credentials(account=KEY_ACCOUNT, secret=SecretStr(base64.b64encode(raw).decode()))


def key_from_item(item: Credentials) -> bytes | None:
    try:
        return base64.b64decode(item.secret.get_secret_value(), validate=True)
    except (binascii.Error, ValueError):
        return None


def credentials_from_payload(payload: bytes) -> Credentials | None:
    # By hand, not pydantic: a ValidationError would quote its input, i.e. the secret.
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or set(data) != {"account", "secret"}:
        return None
    account, secret = data["account"], data["secret"]
    if not isinstance(account, str) or not isinstance(secret, str):
        return None
    return Credentials(account=account, secret=SecretStr(secret))
