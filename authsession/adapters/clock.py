"""The clock adapter: monotonic time for deadlines, wall time for display and server skew only.

Owns: the `Clock` Protocol and `SystemClock`, the one place in the package that reads the system
clocks. Expiry and backoff use `monotonic()`, so a user setting the date never logs anyone out.
Must not import the core or runtime.
"""

from __future__ import annotations

import time
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    """Monotonic time for timers and token lifetimes, wall time only for what the server stamps."""

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps (deadlines, backoff)."""
        ...

    def wall(self) -> float:
        """Seconds since the epoch as the device believes it (may jump either way)."""
        ...


class SystemClock:
    """The process's real clocks."""

    def monotonic(self) -> float:
        return time.monotonic()

    def wall(self) -> float:
        return time.time()

    def __repr__(self) -> str:
        return "SystemClock()"
