"""`EnvelopeKeychain`: a key that cannot be read is never replaced, a file that does not open is
never deleted (SalesforceMobileSDK-iOS #3437), and a locked file is unavailable, never absent."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from pydantic import SecretStr

from authsession.adapters.envelope import EnvelopeKeychain, FileUnavailable
from authsession.adapters.keychain import (
    Credentials,
    Deleted,
    Found,
    NotFound,
    ProtectionClass,
    SecretLost,
    Stored,
    Unavailable,
)
from authsession.testing.keychain import MemoryKeychain
from authsession.world.envelope import KeyMaker, ToyCipher

CANARY = "canary-envelope-secret-77a1"
ADA = Credentials(account="ada", secret=SecretStr(CANARY))
WU = ProtectionClass.WHEN_UNLOCKED


@dataclass
class _File:
    blob: bytes | None = None
    locked: bool = False
    removed: int = 0
    saves: list[bytes] = field(default_factory=list)

    def load(self) -> bytes | None:
        if self.locked:
            raise FileUnavailable
        return self.blob

    def save(self, blob: bytes) -> None:
        if self.locked:
            raise FileUnavailable
        self.blob = blob
        self.saves.append(blob)

    def remove(self) -> None:
        if self.locked:
            raise FileUnavailable
        self.blob = None
        self.removed += 1


@dataclass
class _Device:
    unlocked: bool = True

    def available(self) -> bool:
        return self.unlocked


def _envelope() -> tuple[EnvelopeKeychain, MemoryKeychain, _File, _Device]:
    device = _Device()
    keys = MemoryKeychain(available=device.available)
    file = _File()
    return EnvelopeKeychain(keys, file, ToyCipher(), new_key=KeyMaker()), keys, file, device


def test_stored_credentials_read_back() -> None:
    envelope, _, file, _ = _envelope()
    assert envelope.store(ADA, WU) == Stored()
    assert envelope.read() == Found(credentials=ADA)
    assert CANARY.encode() not in (file.blob or b"")  # sealed, not in the clear


def test_a_locked_key_is_a_locked_envelope_and_no_key_is_made() -> None:
    """The Salesforce #3437 sequence: the key read fails while locked. The envelope answers
    Unavailable — and a store then does not create a key, seal, or touch the file."""
    envelope, _, file, device = _envelope()
    envelope.store(ADA, WU)
    sealed = file.blob
    device.unlocked = False
    assert isinstance(envelope.read(), Unavailable)
    assert isinstance(envelope.store(ADA, WU), Unavailable)
    assert file.blob == sealed and file.removed == 0
    device.unlocked = True
    assert envelope.read() == Found(credentials=ADA)  # the same key opens it again


def test_a_file_that_does_not_open_is_reported_never_deleted() -> None:
    envelope, keys, file, _ = _envelope()
    envelope.store(ADA, WU)
    keys.delete()
    # Someone (a naive app) replaced the key: the old file does not open with the new one.
    replacement = EnvelopeKeychain(keys, _File(), ToyCipher(), new_key=KeyMaker(made=7))
    replacement.store(ADA, WU)
    result = envelope.read()
    assert isinstance(result, SecretLost) and result.cause == "item_undecryptable"
    assert file.blob is not None and file.removed == 0


def test_no_key_and_no_file_is_not_found_and_a_store_makes_the_key_first() -> None:
    envelope, keys, file, _ = _envelope()
    assert isinstance(envelope.read(), NotFound)
    assert envelope.store(ADA, WU) == Stored()
    assert isinstance(keys.read(), Found) and file.blob is not None


def test_a_locked_file_is_unavailable_not_absent() -> None:
    envelope, _, file, _ = _envelope()
    envelope.store(ADA, WU)
    file.locked = True
    assert isinstance(envelope.read(), Unavailable)
    assert isinstance(envelope.delete(), Unavailable)
    file.locked = False
    assert envelope.delete() == Deleted()
    assert isinstance(envelope.read(), NotFound)  # the key went with the file


def test_nothing_secret_in_repr_or_results() -> None:
    envelope, _, file, device = _envelope()
    envelope.store(ADA, WU)
    device.unlocked = False
    texts = [repr(envelope), repr(envelope.read()), repr(envelope.store(ADA, WU)), repr(file)]
    assert all(CANARY not in text for text in texts)


@pytest.mark.parametrize("blob", [b"", b"short", b"x" * 64])
def test_garbage_in_the_file_is_a_lost_secret_not_a_crash(blob: bytes) -> None:
    envelope, _, file, _ = _envelope()
    envelope.store(ADA, WU)
    file.blob = blob
    assert isinstance(envelope.read(), SecretLost)
