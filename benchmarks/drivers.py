"""Cost of a step through each driver against the plain `AuthSession` step, and of `transitions`'
`LockedMachine` / `AsyncMachine` against a plain `Machine` on the same states — all in one run.

Owns: the drivers' lap on the testing fakes and the `transitions` machines on its state path.

Run: `python benchmarks/drivers.py [--rounds N]` (tiny: `--rounds 1`). One lap = 12 session events
driven by 8 public calls (token expiry, re-authentication, lock, deferred work, unlock and resume)
on the testing fakes. Rounds are interleaved across contenders; medians; the ratios are the result.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import time
from collections.abc import Callable

from pydantic import SecretStr
from transitions import Machine
from transitions.extensions import LockedMachine
from transitions.extensions.asyncio import AsyncMachine

from authsession import AuthSession, State
from authsession.adapters import Credentials
from authsession.runtime import AsyncAuthSession, ThreadSafeAuthSession
from authsession.testing import (
    FakeProtectedData,
    ManualClock,
    MemoryKeychain,
    ScriptedAuthenticator,
)

LAPS = 300


class _World:
    def __init__(self) -> None:
        self.device = FakeProtectedData(available=True)
        self.clock = ManualClock()
        self.session = AuthSession(
            keychain=MemoryKeychain(
                available=self.device.available,
                credentials=Credentials(account="ada", secret=SecretStr("pw")),
            ),
            clock=self.clock,
            authenticator=ScriptedAuthenticator(token_lifetime=3600),
            protected_data=self.device,
        )
        self.session.launch()
        assert self.session.state is State.LOGGED_IN


def _events_per_lap() -> int:
    world = _World()
    before = len(world.session.history)
    _sync_lap(world, world.session)
    return len(world.session.history) - before


def _sync_lap(world: _World, s: AuthSession | ThreadSafeAuthSession) -> None:
    world.clock.advance(4000)
    s.poll()  # token_expired
    s.request_work("a")  # work_requested, keychain_found, auth_accepted
    world.device.lock()
    s.protected_data_will_become_unavailable()
    world.clock.advance(4000)
    s.request_work("b")  # token_expired, work_requested -> deferred
    world.device.unlock()
    s.protected_data_did_become_available()  # read, found, authenticate, accepted
    s.request_work("c")  # valid token: perform
    s.foreground()


async def _async_lap(world: _World, s: AsyncAuthSession) -> None:
    world.clock.advance(4000)
    await s.poll()
    await s.request_work("a")
    world.device.lock()
    await s.protected_data_will_become_unavailable()
    world.clock.advance(4000)
    await s.request_work("b")
    world.device.unlock()
    await s.protected_data_did_become_available()
    await s.request_work("c")
    await s.foreground()


def bench_plain() -> Callable[[], None]:
    world = _World()
    return lambda: [_sync_lap(world, world.session) for _ in range(LAPS)] and None


def bench_threadsafe() -> Callable[[], None]:
    world = _World()
    driver = ThreadSafeAuthSession(world.session)
    return lambda: [_sync_lap(world, driver) for _ in range(LAPS)] and None


def bench_async(blocking: bool | None) -> Callable[[], None]:
    """`blocking`: the driver's `blocking_adapters` (None: each adapter's own declaration — the
    fakes declare they never block — True: a thread hop for every adapter call)."""
    world = _World()
    laps = LAPS if not blocking else LAPS // 10  # thread hops are slow; fewer laps, same unit

    async def run() -> None:
        driver = AsyncAuthSession(world.session, blocking_adapters=blocking)
        for _ in range(laps):
            await _async_lap(world, driver)

    def go() -> None:
        asyncio.run(run())

    go.laps = laps  # type: ignore[attr-defined]
    return go


# transitions on the same nine states: the lap's state path as unconditional transitions.
def _path() -> list[tuple[str, str]]:
    world = _World()
    before = len(world.session.history)
    _sync_lap(world, world.session)
    return [(h.source.value, h.state.value) for h in world.session.history[before:]]


class _Model:
    state: str


def _machine(cls: type[Machine]) -> tuple[_Model, list[str]]:
    path = _path()
    model = _Model()
    cls(model=model, states=[s.value for s in State], initial=path[0][0], auto_transitions=False,
        transitions=[{"trigger": f"t{i}", "source": a, "dest": None if a == b else b}
                     for i, (a, b) in enumerate(path)])  # fmt: skip
    return model, [f"t{i}" for i in range(len(path))]


def bench_machine(cls: type[Machine]) -> Callable[[], None]:
    model, names = _machine(cls)

    def run() -> None:
        trigger = model.trigger  # type: ignore[attr-defined]
        for _ in range(LAPS):
            for name in names:
                trigger(name)

    return run


def bench_async_machine() -> Callable[[], None]:
    model, names = _machine(AsyncMachine)

    async def laps() -> None:
        trigger = model.trigger  # type: ignore[attr-defined]
        for _ in range(LAPS):
            for name in names:
                await trigger(name)

    return lambda: asyncio.run(laps())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    per_lap = _events_per_lap()
    benches: dict[str, Callable[[], None]] = {
        "AuthSession (plain)": bench_plain(),
        "ThreadSafeAuthSession": bench_threadsafe(),
        "AsyncAuthSession (default)": bench_async(blocking=None),
        "AsyncAuthSession inline": bench_async(blocking=False),
        "AsyncAuthSession to_thread": bench_async(blocking=True),
        "transitions Machine": bench_machine(Machine),
        "transitions LockedMachine": bench_machine(LockedMachine),
        "transitions AsyncMachine": bench_async_machine(),
    }
    samples: dict[str, list[float]] = {name: [] for name in benches}
    for _ in range(rounds):  # interleaved so machine noise hits every contender alike
        for name, run in benches.items():
            laps = getattr(run, "laps", LAPS)
            gc.collect()  # every contender starts from a clean heap (histories grow)
            start = time.perf_counter()
            run()
            samples[name].append((time.perf_counter() - start) / (laps * per_lap) * 1e6)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    print(f"{per_lap} events per lap, {rounds} rounds")
    print(f"{'contender':<28} {'µs/event (median)':>18} {'ratio':>7}  baseline")
    for name, value in medians.items():
        base = "transitions Machine" if name.startswith("transitions") else "AuthSession (plain)"
        print(f"{name:<28} {value:>18.2f} {value / medians[base]:>7.2f}  {base}")


if __name__ == "__main__":
    main()
