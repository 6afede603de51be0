"""The protected-data signal: can the credentials' protection class be read right now?

Owns: the `ProtectedDataSignal` Protocol and `AlwaysAvailable`. Platform notifications
(`applicationProtectedDataDidBecomeAvailable`, `ACTION_USER_UNLOCKED`) reach the session as calls
on the runtime; this adapter answers the question on demand, because iOS does not reliably deliver
the notifications to a suspended app and the runtime must re-check on launch and foreground.
Must not import the core or runtime.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class ProtectedDataSignal(Protocol):
    """Whether the device says protected data is readable now, for the configured class or another
    one."""

    def available(self) -> bool:
        """True when items of the credentials' protection class can be decrypted now."""
        ...


class AlwaysAvailable:
    """For platforms without data protection classes (desktop keyrings): a locked collection
    shows up as a keychain `Unavailable` answer instead, and the session polls with backoff."""

    def available(self) -> bool:
        return True

    def __repr__(self) -> str:
        return "AlwaysAvailable()"
