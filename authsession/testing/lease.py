"""A refresh lease in memory, for tests of apps with more than one process.

Owns: `LeaseBoard` (what the shared file would hold: the owner, its role and the expiry — no
secret) and `MemoryLease` (one process's `RefreshLease` on a board, with the same rules as
`authsession.adapters.lease.FileLease`: `grants()`), on a clock you hold. Two `MemoryLease`s on one
board are two processes of one app; `fail_next()` makes the next call raise (the shared storage
cannot be read). Must not import the runtime or the world.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from authsession.adapters.lease import EXTENSION_LEASE_SECONDS, Role, grants

_names = itertools.count(1)


@dataclass
class LeaseBoard:
    """The lease as every process of the app sees it (one board per app and device)."""

    record: dict[str, object] | None = None
    boot: str = "boot-1"


@dataclass
class MemoryLease:
    board: LeaseBoard
    monotonic: Callable[[], float]
    role: Role = "app"
    seconds: float = EXTENSION_LEASE_SECONDS
    owner: str = field(default_factory=lambda: f"process-{next(_names)}")
    _fail: int = 0

    #: The fakes never wait on I/O (`AsyncAuthSession` runs them inline).
    blocking = False

    def fail_next(self, calls: int = 1) -> None:
        """The next `calls` calls raise `OSError`, as shared storage that cannot be read."""
        self._fail += calls

    def _check(self) -> None:
        if self._fail:
            self._fail -= 1
            raise OSError("lease storage unavailable")

    def acquire(self) -> bool:
        self._check()
        board, now = self.board, self.monotonic()
        if not grants(board.record, owner=self.owner, role=self.role, boot=board.boot, now=now):
            return False
        until = None if self.role == "app" else now + self.seconds
        board.record = {"owner": self.owner, "role": self.role, "boot": board.boot, "until": until}
        return True

    def release(self) -> None:
        self._check()
        record = self.board.record
        if record is not None and record.get("owner") == self.owner:
            self.board.record = None

    @property
    def held(self) -> bool:
        record = self.board.record
        return record is not None and record.get("owner") == self.owner

    def __repr__(self) -> str:
        return f"MemoryLease(owner={self.owner!r}, role={self.role!r})"


__all__ = ["LeaseBoard", "MemoryLease"]
