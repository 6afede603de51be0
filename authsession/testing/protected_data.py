"""`FakeProtectedData`: a protected-data signal a test can lock and unlock.

Owns: one boolean. Must not import the runtime.
"""

from __future__ import annotations


class FakeProtectedData:
    """Implements `authsession.adapters.ProtectedDataSignal`."""

    def __init__(self, available: bool = True) -> None:
        self._available = available

    def available(self) -> bool:
        return self._available

    def lock(self) -> None:
        self._available = False

    def unlock(self) -> None:
        self._available = True

    def __repr__(self) -> str:
        return f"FakeProtectedData(available={self._available})"
