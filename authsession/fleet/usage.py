"""A randomized but realistic day of phone use, as world events.

Owns: the usage model of one simulated device — lock/unlock sessions through the day, a locked
night on the charger, background fetches and silent pushes, app terminations, rare reboots with
prewarm launches, network flaps, user-set clocks — and the fleet-wide server incidents. Everything
derives from one seed, so every policy replays the *same* histories. Must not import the world's
runtime pieces (it only builds scenario values).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

from pydantic import SecretStr

from authsession.world import scenario as sc

DAY = 86_400.0
PASSWORD = "fleet-user-password"


@dataclass(frozen=True)
class Device:
    index: int
    platform: Literal["ios", "android"]
    passcode: bool
    events: tuple[tuple[float, sc.WorldEvent], ...]


@dataclass(frozen=True)
class UsageModel:
    passcode_share: float = 0.85
    ios_share: float = 0.6
    unlocks_per_waking_hour: float = 1.5
    fetches_per_day: float = 8.0
    pushes_per_day: float = 3.0
    terminations_per_day: float = 2.0
    reboots_per_day: float = 0.1
    network_flaps_per_day: float = 0.2
    clock_changes_per_day: float = 0.01
    app_opened_share: float = 0.3  # unlock sessions in which the user opens the app


_UNLOCK, _LOCK = sc.Unlock(event="unlock"), sc.Lock(event="lock")
_FG, _BG = sc.Foreground(event="foreground"), sc.Background(event="background")
_FETCH = sc.BackgroundFetch(event="background_fetch")
_TERM, _BOOT = sc.Terminate(event="terminate"), sc.Boot(event="boot")
_PREWARM = sc.Launch(event="launch", mode="prewarm")


def _poisson_times(
    rng: random.Random, rate_per_day: float, start: float, end: float
) -> list[float]:
    out: list[float] = []
    t = start
    while rate_per_day > 0:
        t += rng.expovariate(rate_per_day / DAY)
        if t >= end:
            return out
        out.append(t)
    return out


def server_incidents(seed: int, days: int) -> list[tuple[float, sc.WorldEvent]]:
    """Fleet-wide outages (every device sees the same ones): ~one 30-minute 503 a week."""
    rng = random.Random(f"server-{seed}")
    out: list[tuple[float, sc.WorldEvent]] = []
    for t in _poisson_times(rng, 1 / 7, 0.0, days * DAY):
        out.append((t, sc.Server(event="server", mode="down")))
        out.append((t + 1800.0, sc.Server(event="server", mode="ok")))
    return out


def device_history(seed: int, index: int, days: int, model: UsageModel = UsageModel()) -> Device:
    """One simulated device's week: the world events of its seeded usage profile."""

    rng = random.Random(f"device-{seed}-{index}")
    platform: Literal["ios", "android"] = "ios" if rng.random() < model.ios_share else "android"
    passcode = rng.random() < model.passcode_share
    end = days * DAY
    timeline: list[tuple[float, int, sc.WorldEvent]] = []

    def add(t: float, event: sc.WorldEvent, order: int = 5) -> None:
        if t < end:
            timeline.append((t, order, event))

    # Day 0, 09:00: the user installs the app and signs in, then puts the phone away.
    start = 9 * 3600.0
    add(start, sc.Launch(event="launch", mode="foreground"), 0)
    add(start, sc.Login(event="login", user=f"user{index}", password=SecretStr(PASSWORD)), 1)
    add(start + 60, _BG, 2)
    add(start + 61, _LOCK, 3)
    for day in range(days):
        wake = day * DAY + rng.gauss(7.0, 0.7) * 3600
        sleep = day * DAY + rng.gauss(23.0, 0.7) * 3600
        t = max(wake, start + 120 if day == 0 else wake)
        while True:
            t += rng.expovariate(model.unlocks_per_waking_hour / 3600)
            if t >= sleep:
                break
            length = rng.uniform(60, 600)
            add(t, _UNLOCK, 0)
            if rng.random() < model.app_opened_share:
                add(t + 5, _FG, 1)
                add(t + length - 5, _BG, 2)
            add(t + length, _LOCK, 3)
            t += length
    for t in _poisson_times(rng, model.fetches_per_day + model.pushes_per_day, start + 120, end):
        add(t, _FETCH)
    for t in _poisson_times(rng, model.terminations_per_day, start + 120, end):
        add(t, _TERM)
    for t in _poisson_times(rng, model.reboots_per_day, start + 120, end):
        add(t, _BOOT)
        if platform == "ios" and rng.random() < 0.5:
            add(t + 30, _PREWARM)
    for t in _poisson_times(rng, model.network_flaps_per_day, start + 120, end):
        add(t, sc.Network(event="network", online=False))
        add(t + 600, sc.Network(event="network", online=True))
    for t in _poisson_times(rng, model.clock_changes_per_day, start + 120, end):
        add(t, sc.WallClockJump(event="wall_clock_jump", seconds=rng.choice([-1, 1]) * 2 * DAY))
    for t, event in server_incidents(seed, days):
        add(t, event, 4)
    timeline.sort(key=lambda item: (item[0], item[1]))
    return Device(index, platform, passcode, tuple((t, e) for t, _, e in timeline))
