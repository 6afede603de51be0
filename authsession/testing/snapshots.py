"""`MemorySnapshotStore`: a snapshot store a test holds in its hand.

Owns: the saved bytes in memory, a count of saves, and knobs to make loading or saving fail the
ways a real disk does (corrupt contents, unreadable file, full disk). It stores bytes and knows
nothing of their format, so it needs nothing from the runtime. Must not import the runtime.
"""

from __future__ import annotations

from typing import ClassVar


class MemorySnapshotStore:
    """Implements `authsession.runtime.SnapshotStore`.

    Share one instance between a session that is "killed" and the one that replaces it to test a
    relaunch; `history` keeps every save, so a test can restore from any earlier step.
    """

    #: Never waits on I/O: the asyncio driver calls it on the loop (`AsyncAuthSession`).
    blocking: ClassVar[bool] = False

    def __init__(self, data: bytes | None = None, *, location: str = "memory") -> None:
        self.data = data
        self._location = location
        self.history: list[bytes] = []
        self.fail_saves = False
        self.fail_loads = False

    @property
    def location(self) -> str:
        return self._location

    @property
    def saves(self) -> int:
        return len(self.history)

    def load(self) -> bytes | None:
        if self.fail_loads:
            raise OSError(5, "injected read error")
        return self.data

    def save(self, data: bytes) -> None:
        if self.fail_saves:
            raise OSError(28, "injected: no space left on device")
        self.data = data
        self.history.append(data)

    def corrupt(self, data: bytes) -> None:
        """Replace what is stored, as a torn write by another program or bit rot would."""
        self.data = data

    def __repr__(self) -> str:
        return f"MemorySnapshotStore(saves={self.saves})"
