"""App storage: the app's non-secret preferences (UserDefaults, SharedPreferences).

Owns: a dict that survives app termination and reads as *empty* while the device has not been
unlocked since boot — iOS prewarm launches read UserDefaults as missing (failure F3), and Android
CE SharedPreferences throw before the first unlock. Must not import the runtime.
"""

from __future__ import annotations

from collections.abc import Callable


class AppStorage:
    def __init__(self, readable: Callable[[], bool]) -> None:
        self._readable = readable
        self._values: dict[str, object] = {}

    @property
    def readable(self) -> bool:
        return self._readable()

    def get(self, key: str) -> object | None:
        """The stored value, or None when absent *or unreadable* — callers cannot tell which,
        which is exactly the trap."""
        return self._values.get(key) if self._readable() else None

    def set(self, key: str, value: object) -> bool:
        """Write; False (nothing written) while storage is unreadable."""
        if not self._readable():
            return False
        self._values[key] = value
        return True

    def remove(self, key: str) -> bool:
        """Delete; False (nothing changed) while storage is unreadable."""
        if not self._readable():
            return False
        self._values.pop(key, None)
        return True

    def peek(self, key: str) -> object | None:
        """The stored value, readable or not (the world's view, for the oracle)."""
        return self._values.get(key)

    def snapshot(self) -> tuple[tuple[str, object], ...]:
        """Every stored value, readable or not (the world's view, for the model checker)."""
        return tuple(sorted(self._values.items()))

    def __repr__(self) -> str:
        return f"AppStorage(keys={sorted(self._values)}, readable={self._readable()})"
