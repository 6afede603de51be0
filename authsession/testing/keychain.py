"""`MemoryKeychain`: an in-memory keychain that can be locked, fail, or lose its secret.

Owns: one credentials item in a dict and the knobs a test needs to reproduce the failures that
logged real users out (a locked read, -25300 while locked, transient errors, a lost key).
Must not import the runtime.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from authsession.adapters.keychain import (
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
from authsession.spec.events import SecretLossCause


@dataclass(frozen=True, slots=True)
class KeychainCall:
    """One call the keychain received (no secrets: the account name only)."""

    operation: str
    available: bool
    protection: ProtectionClass | None = None


class MemoryKeychain:
    """Implements `authsession.adapters.Keychain`.

    `available` decides whether the item can be read; pass a callable (e.g. a
    `FakeProtectedData().available`) to share one lock switch with the protected-data signal.
    `not_found_while_locked=True` reproduces the field-reported iOS quirk of answering
    errSecItemNotFound instead of errSecInteractionNotAllowed while locked (failure F2).
    """

    #: Never waits on I/O: the asyncio driver calls it on the loop (`AsyncAuthSession`).
    blocking: ClassVar[bool] = False

    def __init__(
        self,
        *,
        available: Callable[[], bool] | None = None,
        not_found_while_locked: bool = False,
        credentials: Credentials | None = None,
        protection: ProtectionClass = ProtectionClass.WHEN_UNLOCKED,
    ) -> None:
        self._available_fn = available
        self._locked = False
        self.not_found_while_locked = not_found_while_locked
        self._item = credentials
        self.protection: ProtectionClass | None = protection if credentials else None
        self._failures = 0
        self._lost: SecretLossCause | None = None
        self.calls: list[KeychainCall] = []

    # knobs ----------------------------------------------------------------------------------
    def lock(self) -> None:
        self._locked = True

    def unlock(self) -> None:
        self._locked = False

    def fail_next(self, count: int = 1) -> None:
        """The next `count` operations answer `Failed` (a transient keychain error)."""
        self._failures += count

    def lose_secret(self, cause: SecretLossCause) -> None:
        """The item is there but can never be decrypted again (e.g. Keystore key invalidated)."""
        self._lost = cause

    @property
    def has_item(self) -> bool:
        return self._item is not None

    @property
    def available(self) -> bool:
        if self._locked:
            return False
        return True if self._available_fn is None else self._available_fn()

    # Keychain protocol -------------------------------------------------------------------------
    def read(self) -> ReadResult:
        available = self.available
        self.calls.append(KeychainCall("read", available))
        if self._consume_failure():
            return Failed(detail="injected failure")
        if not available:
            if self.not_found_while_locked:
                return NotFound(detail="item not found (reported while locked)")
            return Unavailable(detail="locked")
        if self._item is None:
            return NotFound()
        if self._lost is not None:
            return SecretLost(cause=self._lost)
        return Found(credentials=self._item)

    def store(self, credentials: Credentials, protection: ProtectionClass) -> StoreResult:
        available = self.available
        self.calls.append(KeychainCall("store", available, protection))
        if self._consume_failure():
            return Failed(detail="injected failure")
        if not available:
            return Unavailable(detail="locked")
        self._item = credentials
        self.protection = protection
        self._lost = None
        return Stored()

    def delete(self) -> DeleteResult:
        available = self.available
        self.calls.append(KeychainCall("delete", available))
        if self._consume_failure():
            return Failed(detail="injected failure")
        if not available:
            return Unavailable(detail="locked")
        self._item = None
        self.protection = None
        self._lost = None
        return Deleted()

    def _consume_failure(self) -> bool:
        if self._failures:
            self._failures -= 1
            return True
        return False

    def __repr__(self) -> str:
        return f"MemoryKeychain(has_item={self.has_item}, available={self.available})"
