"""The world's side of envelope storage: the sealed file in app storage, a toy cipher, keys.

Owns: `StorageFile` (a `SealedFile` over the world's `AppStorage`: locked exactly when app storage
is unreadable, as iOS file protection and Android CE storage are), `ToyCipher` (an HMAC-tagged
XOR stream: not cryptography, only enough that a blob opened with the wrong key fails its tag
check, as AES-GCM does), `KeyMaker` (deterministic keys, so a replay is byte for byte the same)
and `sealed_credentials`, the world's own look at what the envelope holds (the oracle's ledger).
Must not import the runtime or the CLI.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from authsession.adapters.envelope import (
    KEY_ACCOUNT,
    CannotOpen,
    FileUnavailable,
    credentials_from_payload,
    key_from_item,
)
from authsession.adapters.keychain import Credentials
from authsession.world.storage import AppStorage

#: The app-storage key of the sealed credentials file.
FILE_KEY: Final = "credentials.sealed"
_TAG: Final = 16


@dataclass
class StorageFile:
    """The sealed credentials as one value of the app's storage."""

    storage: AppStorage
    key: str = FILE_KEY
    #: Watches every write (as `authsession.world.faults.ProcessKeychain.watch_write`).
    watch_write: Callable[[], Callable[[], None]] | None = None

    def load(self) -> bytes | None:
        if not self.storage.readable:
            raise FileUnavailable
        value = self.storage.get(self.key)
        return value if isinstance(value, bytes) else None

    def save(self, blob: bytes) -> None:
        after = self.watch_write() if self.watch_write is not None else None
        if not self.storage.set(self.key, blob):
            raise FileUnavailable
        if after is not None:
            after()

    def remove(self) -> None:
        after = self.watch_write() if self.watch_write is not None else None
        if not self.storage.remove(self.key):
            raise FileUnavailable
        if after is not None:
            after()


class ToyCipher:
    """Not cryptography: a SHA-256 keystream and an HMAC tag, deterministic (no nonce), so that
    the world replays byte for byte and a wrong key fails the tag check."""

    def seal(self, key: bytes, plaintext: bytes) -> bytes:
        body = bytes(a ^ b for a, b in zip(plaintext, _stream(key, len(plaintext)), strict=True))
        return hmac.new(key, body, hashlib.sha256).digest()[:_TAG] + body

    def open(self, key: bytes, blob: bytes) -> bytes:
        tag, body = blob[:_TAG], blob[_TAG:]
        if len(tag) < _TAG or not hmac.compare_digest(
            tag, hmac.new(key, body, hashlib.sha256).digest()[:_TAG]
        ):
            raise CannotOpen
        return bytes(a ^ b for a, b in zip(body, _stream(key, len(body)), strict=True))


def _stream(key: bytes, length: int) -> bytes:
    blocks = (length + 31) // 32
    return b"".join(hashlib.sha256(key + i.to_bytes(4, "big")).digest() for i in range(blocks))[
        :length
    ]


@dataclass
class KeyMaker:
    """Deterministic 32-byte keys, one per call (the world has no randomness)."""

    made: int = 0

    def __call__(self) -> bytes:
        self.made += 1
        return hashlib.sha256(f"world-envelope-key-{self.made}".encode()).digest()


def sealed_credentials(key_items: tuple[Credentials, ...], blob: object) -> Credentials | None:
    """What the envelope holds, as the world sees it: the sealed file opened with the key item
    (None when either is missing or they do not match)."""
    if not isinstance(blob, bytes):
        return None
    for item in key_items:
        raw = key_from_item(item) if item.account == KEY_ACCOUNT else None
        if raw is None:
            continue
        try:
            return credentials_from_payload(ToyCipher().open(raw, blob))
        except CannotOpen:
            continue
    return None
