"""A randomized but realistic day of phone use, as world events.

Owns: the usage model of one simulated device — lock/unlock sessions through the day, a locked
night on the charger, background fetches and silent pushes, app terminations, rare reboots with
prewarm launches, network flaps, user-set clocks, sign-outs (offline, everywhere, on another
device) with the backend's revocation hints (issue 21), and the reality events of issue 14 (a clock
wrong from the start, captive portals, app updates installed overnight, interleavings inside a
refresh, a resource server's 401, new biometrics, a move to a new phone) — and the fleet-wide
server incidents (503 outages, 429 storms). Each rate, and why: docs/world.md, "The fleet's
device histories". Everything derives from one seed, so every policy replays the *same*
histories. Must not import the world's runtime pieces (it only builds scenario values).
"""

from __future__ import annotations

import random
from collections.abc import Callable
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
    #: Seconds the device's wall clock is off from the start (`device.clock_skew`).
    clock_skew: float = 0.0


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
    # The reality events (issue 14): each rate and its reason in docs/world.md, "Fleet".
    skewed_clock_share: float = 0.02  # devices whose clock is set by hand, off by up to a day
    captive_portals_per_day: float = 0.1  # joins a hotel/café Wi-Fi: 200s with a login page
    app_updates_per_day: float = 1 / 14  # auto-updates, installed at night on the charger
    refreshes_cut_per_day: float = 0.2  # the background budget ends with a refresh in flight
    locks_mid_refresh_per_day: float = 0.2  # the user locks while a refresh is in flight
    kills_mid_refresh_per_day: float = 0.05  # the OS kills the app with a refresh in flight
    resource_401s_per_day: float = 0.05  # an API the app calls refuses its access token
    biometric_changes_per_day: float = 1 / 365  # a fingerprint or face enrolled
    new_phones_per_day: float = 1 / 1000  # restored from a backup onto a new phone
    # Issue 20: apps that ship an extension sharing the keychain item (a notification service
    # extension: its own process, woken by a push while the app sleeps).
    extension_share: float = 0.3
    extension_wakes_per_day: float = 3.0  # one per push that needs the server
    extension_races_per_day: float = 0.2  # a push lands while the app's refresh is in flight
    # Issue 21: sign-outs, sign-outs elsewhere and the backend's revocation hints.
    user_sign_outs_per_day: float = 0.02  # the user signs out (and back in a few minutes later)
    offline_sign_out_share: float = 0.25  # ... on a plane, in a lift: no network for 30 min
    global_sign_out_share: float = 0.2  # ... of every session ("sign out everywhere")
    sign_outs_elsewhere_per_day: float = 0.005  # "sign out everywhere" on the user's other device
    hint_after_sign_out_share: float = 0.9  # ... and the backend pushes a revocation hint
    false_hints_per_day: float = 0.02  # a revocation hint that proves nothing (a false alarm)


_UNLOCK, _LOCK = sc.Unlock(event="unlock"), sc.Lock(event="lock")
_FG, _BG = sc.Foreground(event="foreground"), sc.Background(event="background")
_FETCH = sc.BackgroundFetch(event="background_fetch")
_TERM, _BOOT = sc.Terminate(event="terminate"), sc.Boot(event="boot")
_PREWARM = sc.Launch(event="launch", mode="prewarm")
_RESOURCE_401 = sc.ResourceUnauthorized(event="resource_unauthorized")
_NEW_BIOMETRICS = sc.InvalidateKeys(event="invalidate_keys")
_NEW_PHONE = sc.RestoreToNewDevice(event="restore_to_new_device")
#: Interleavings inside the app's next refresh, by the rate field that arms them.
_DURING: dict[str, sc.DuringNextRefresh] = {
    "refreshes_cut_per_day": sc.DuringNextRefresh(event="during_next_refresh", meanwhile="suspend"),
    "locks_mid_refresh_per_day": sc.DuringNextRefresh(
        event="during_next_refresh", meanwhile="lock"
    ),
    "kills_mid_refresh_per_day": sc.DuringNextRefresh(
        event="during_next_refresh", meanwhile="kill"
    ),
}


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
    """Fleet-wide incidents (every device sees the same ones): ~one 30-minute 503 a week, and
    ~one 10-minute storm of 429s (`Retry-After`) a fortnight, e.g. after a push to every user."""
    rng = random.Random(f"server-{seed}")
    out: list[tuple[float, sc.WorldEvent]] = []
    for t in _poisson_times(rng, 1 / 7, 0.0, days * DAY):
        out.append((t, sc.Server(event="server", mode="down")))
        out.append((t + 1800.0, sc.Server(event="server", mode="ok")))
    for t in _poisson_times(random.Random(f"server-429-{seed}"), 1 / 14, 0.0, days * DAY):
        out.append((t, sc.Server(event="server", mode="rate_limited")))
        out.append((t + 600.0, sc.Server(event="server", mode="ok")))
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
    _reality(rng, model, platform, start + 120, end, add)
    timeline.sort(key=lambda item: (item[0], item[1]))
    # Drawn last, so the histories above are those of the model before issue 14.
    skewed = rng.random() < model.skewed_clock_share
    skew = rng.choice([-1, 1]) * rng.uniform(60, DAY) if skewed else 0.0
    # Issue 20's extension: a generator of its own, so every history above stays as it was.
    _extension(random.Random(f"extension-{seed}-{index}"), model, start + 120, end, add)
    # Issue 21's sign-outs and hints: one more generator of their own.
    user = sc.Login(event="login", user=f"user{index}", password=SecretStr(PASSWORD))
    _sign_outs(random.Random(f"sign-outs-{seed}-{index}"), model, start + 120, end, add, user)
    timeline.sort(key=lambda item: (item[0], item[1]))
    return Device(index, platform, passcode, tuple((t, e) for t, _, e in timeline), skew)


def _extension(
    rng: random.Random,
    model: UsageModel,
    start: float,
    end: float,
    add: Callable[[float, sc.WorldEvent], None],
) -> None:
    """An app extension's wakes (on `extension_share` of the devices), and its races with the
    app's own refresh, in either order (the app's request before or after the server has it)."""
    if rng.random() >= model.extension_share:
        return
    for t in _poisson_times(rng, model.extension_wakes_per_day, start, end):
        add(t, sc.ExtensionWake(event="extension_wake"))
    for t in _poisson_times(rng, model.extension_races_per_day, start, end):
        reached = rng.random() < 0.5
        add(t, sc.DuringNextRefresh(event="during_next_refresh", meanwhile="extension_wake",
                                    reached_server=reached))  # fmt: skip


_HINT = sc.RevocationHint(event="revocation_hint")


def _sign_outs(
    rng: random.Random,
    model: UsageModel,
    start: float,
    end: float,
    add: Callable[[float, sc.WorldEvent], None],
    user: sc.Login,
) -> None:
    """The user's own sign-outs (some offline, some of every session), each followed by a
    sign-in a few minutes later; sign-outs on the user's other device, mostly followed by the
    backend's revocation hint; and hints that prove nothing."""
    for t in _poisson_times(rng, model.user_sign_outs_per_day, start, end):
        offline = rng.random() < model.offline_sign_out_share
        scope = "global" if rng.random() < model.global_sign_out_share else "local"
        if offline:
            add(t - 1, sc.Network(event="network", online=False))
            add(t + 1800, sc.Network(event="network", online=True))
        add(t, sc.Logout(event="logout", scope=scope))
        add(t + rng.uniform(120, 900), user)
    for t in _poisson_times(rng, model.sign_outs_elsewhere_per_day, start, end):
        add(t, sc.LogoutElsewhere(event="logout_elsewhere", scope="global"))
        if rng.random() < model.hint_after_sign_out_share:
            add(t + 5, _HINT)
    for t in _poisson_times(rng, model.false_hints_per_day, start, end):
        add(t, _HINT)


def _reality(
    rng: random.Random,
    model: UsageModel,
    platform: Literal["ios", "android"],
    start: float,
    end: float,
    add: Callable[[float, sc.WorldEvent], None],
) -> None:
    """The reality events of issue 14, each a Poisson process at its model rate."""
    for t in _poisson_times(rng, model.captive_portals_per_day, start, end):
        add(t, sc.Server(event="server", mode="captive_portal"))
        add(t + 900, sc.Server(event="server", mode="ok"))
    for t in _poisson_times(rng, model.app_updates_per_day, start, end):
        # Automatic updates install at night, locked on the charger (03:00); iOS may relaunch
        # the new version at once, in the background or prewarmed.
        night = (t // DAY) * DAY + 3 * 3600 + rng.uniform(0, 3600)
        modes = ("none", "background", "prewarm") if platform == "ios" else ("none", "background")
        add(max(night, start), sc.AppUpdate(event="app_update", relaunch=rng.choice(modes)))
    for name, event in _DURING.items():
        for t in _poisson_times(rng, getattr(model, name), start, end):
            add(t, event)
    for t in _poisson_times(rng, model.resource_401s_per_day, start, end):
        add(t, _RESOURCE_401)
    for t in _poisson_times(rng, model.biometric_changes_per_day, start, end):
        add(t, _NEW_BIOMETRICS)
    for t in _poisson_times(rng, model.new_phones_per_day, start, end):
        add(t, _NEW_PHONE)
