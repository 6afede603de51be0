"""The app's keychain item as every process of the app (and a sibling) reaches it, with the world's
ledger of what it holds.

Owns: `SharedKeychain` — the one item's keychain, counting the reads made while the credentials'
class was unreadable (invariant 2, measured) and keeping what is stored, under which class, and
whether the secret was lost: the oracle's half of the truth, which no record of the app can know.
Must not import the world, the runtime or the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from authsession.adapters.keychain import (
    Credentials,
    Deleted,
    DeleteResult,
    Keychain,
    ProtectionClass,
    ReadResult,
    SecretLost,
    Stored,
    StoreResult,
)


@dataclass
class SharedKeychain:
    inner: Keychain
    available: Callable[[], bool]
    reads_while_unavailable: int = 0
    stored: Credentials | None = None
    stored_with: ProtectionClass | None = None
    lost: bool = False

    def read(self) -> ReadResult:
        if not self.available():
            self.reads_while_unavailable += 1
        result = self.inner.read()
        if isinstance(result, SecretLost):
            self.lost = True
        return result

    def store(self, credentials: Credentials, protection: ProtectionClass) -> StoreResult:
        result = self.inner.store(credentials, protection)
        if isinstance(result, Stored):
            self.stored, self.stored_with, self.lost = credentials, protection, False
        return result

    def delete(self) -> DeleteResult:
        result = self.inner.delete()
        if isinstance(result, Deleted):
            self.stored, self.stored_with, self.lost = None, None, False
        return result

    def __repr__(self) -> str:
        return f"SharedKeychain({self.inner!r})"
