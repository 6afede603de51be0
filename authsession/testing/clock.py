"""`ManualClock`: a clock a test holds in its hand.

Owns: fake monotonic and wall time. `advance()` moves both; `jump_wall()` moves only the wall
clock, the way a user changing the date or an NTP correction does. Must not read real time.
"""

from __future__ import annotations


class ManualClock:
    """Implements `authsession.adapters.Clock`; time moves only when told to.

    >>> clock = ManualClock()
    >>> clock.advance(30); clock.monotonic()
    30.0
    >>> clock.jump_wall(-86_400); clock.monotonic()  # the date moved back a day; deadlines did not
    30.0
    """

    def __init__(self, *, monotonic: float = 0.0, wall: float = 1_700_000_000.0) -> None:
        self._monotonic = float(monotonic)
        self._wall = float(wall)

    def monotonic(self) -> float:
        return self._monotonic

    def wall(self) -> float:
        return self._wall

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass on both clocks."""
        if seconds < 0:
            raise ValueError(f"advance() needs seconds >= 0, got {seconds}")
        self._monotonic += seconds
        self._wall += seconds

    def jump_wall(self, seconds: float) -> None:
        """Move only the wall clock (either direction); monotonic time is unaffected."""
        self._wall += seconds

    def __repr__(self) -> str:
        return f"ManualClock(monotonic={self._monotonic}, wall={self._wall})"
