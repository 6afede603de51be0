"""Seeded bug: the team's clock answers the wall clock where a monotonic one is asked for.

"Time is time": `monotonic()` returns the device's date. Every deadline the session keeps — the
token's expiry, the retry backoff — then moves when the user (or the network) sets the date, and
a date change fires them: a jump forward makes the session retry, refresh and read the keychain
because of the date, not because any time passed."""

from __future__ import annotations

from .adapters import TeamClock
from .team import TeamApp


class WallClockAsMonotonic(TeamClock):
    def monotonic(self) -> float:
        return self.base.wall()


class App(TeamApp):
    clock_class = WallClockAsMonotonic


factory = App
