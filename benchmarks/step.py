"""Cost of one session step against a bare `transitions` trigger and a dict lookup, same run.

Owns: the lap (`LAP`: re-authentication, then the Gilt path) and the contenders that step it —
`SessionCore.step` (as sessions run it, mostly from its step cache, and uncached: the machine and
the interpreter on every event), a bare `transitions` trigger on the same state path, a dict
lookup and, when installed, python-statemachine — which `benchmarks/swift_core.py` reuses.

Run: `python benchmarks/step.py [--rounds N] [--steps N]` (tiny: `--rounds 3 --steps 2000`).
Prints medians over rounds and ratios; absolute times on these shared machines are noise, the
ratios are the result.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from transitions import Machine

from authsession.core import SessionCore
from authsession.spec import State
from authsession.spec.events import (
    AppLaunched,
    AuthAccepted,
    KeychainFound,
    MachineEvent,
    ProtectedDataBecameAvailable,
    ProtectedDataWillBecomeUnavailable,
    TokenExpired,
    WorkRequested,
)

# One lap: re-authenticate while unlocked, then the Gilt path (locked fetch, defer, resume).
LAP: list[MachineEvent] = [
    TokenExpired(),
    WorkRequested(protected_data_available=True),
    KeychainFound(protected_data_available=True),
    AuthAccepted(),
    ProtectedDataWillBecomeUnavailable(),
    TokenExpired(),
    WorkRequested(protected_data_available=False),
    ProtectedDataBecameAvailable(),
    KeychainFound(protected_data_available=True),
    AuthAccepted(),
]
STEPS_PER_ROUND = 20_000


def _signed_in() -> SessionCore:
    core = SessionCore()
    core.step(AppLaunched(protected_data_available=True))
    core.step(KeychainFound(protected_data_available=True))
    assert core.current is State.LOGGED_IN
    return core


def _path() -> list[tuple[str, str]]:
    core = _signed_in()
    path = []
    for event in LAP:
        step = core.step(event)
        path.append((step.source.value, step.state.value))
    assert path[-1][1] == State.LOGGED_IN.value, "the lap must end where it starts"
    return path


def bench_session_step(steps: int = STEPS_PER_ROUND) -> Callable[[], None]:
    """`SessionCore.step` as sessions run it: after the first lap every step is a cache hit."""
    core = _signed_in()
    events = LAP * (steps // len(LAP))
    step = core.step

    def run() -> None:
        for event in events:
            step(event)

    return run


def bench_machine_step(steps: int = STEPS_PER_ROUND) -> Callable[[], None]:
    """`SessionCore.step` with its step cache emptied before every event: each step runs the
    `transitions` trigger and the interpreter's effects, guards and outcome — the figure the
    1.5x-a-bare-trigger target is about (the cached step above is a dict lookup)."""
    from authsession.core.machine import _cache_of, shipped_machine  # the cache is private

    core = _signed_in()
    events = LAP * (steps // len(LAP))
    step = core.step
    clear = _cache_of(shipped_machine()).clear

    def run() -> None:
        for event in events:
            clear()
            step(event)

    return run


class _Bare:
    state: str
    trigger: Callable[[str], bool]


def bench_bare_trigger(steps: int = STEPS_PER_ROUND) -> Callable[[], None]:
    # Same nine states, same state path; one unconditional transition per lap position.
    path = _path()
    transitions = [
        {"trigger": f"t{i}", "source": src, "dest": None if src == dst else dst}
        for i, (src, dst) in enumerate(path)
    ]
    model = _Bare()
    Machine(model=model, states=[s.value for s in State], transitions=transitions,
            initial=State.LOGGED_IN.value, auto_transitions=False)  # fmt: skip
    names = [f"t{i}" for i in range(len(path))] * (steps // len(path))
    trigger = model.trigger

    def run() -> None:
        for name in names:
            trigger(name)

    return run


def bench_python_statemachine(steps: int = STEPS_PER_ROUND) -> Callable[[], None] | None:
    """The same nine states and lap path in python-statemachine (extra `bench`), if installed."""
    try:
        from statemachine import State as PState
        from statemachine import StateMachine
    except ImportError:
        return None
    path = _path()
    attrs: dict[str, Any] = {
        s.value: PState(s.value, value=s.value, initial=s is State.LOGGED_IN) for s in State
    }
    for i, (src, dst) in enumerate(path):
        attrs[f"t{i}"] = (
            attrs[src].to(attrs[dst]) if src != dst else attrs[src].to.itself(internal=True)
        )
    # The library rejects unreachable and trap states; link the ones the lap does not visit to
    # and from the lap (these events are never sent).
    for s in State:
        if all(s.value not in pair for pair in path):
            attrs[f"in_{s.value}"] = attrs[State.LOGGED_IN.value].to(attrs[s.value])
            attrs[f"out_{s.value}"] = attrs[s.value].to(attrs[State.LOGGED_IN.value])
    machine = type("LapMachine", (StateMachine,), attrs)()
    names = [f"t{i}" for i in range(len(path))] * (steps // len(path))
    send = machine.send

    def run() -> None:
        for name in names:
            send(name)

    return run


def bench_dict(steps: int = STEPS_PER_ROUND) -> Callable[[], None]:
    path = _path()
    table = {(src, f"t{i}"): dst for i, (src, dst) in enumerate(path)}
    keys = [(src, f"t{i}") for i, (src, _) in enumerate(path)] * (steps // len(path))

    def run() -> None:
        for key in keys:
            table[key]

    return run


def median_us(run: Callable[[], None], rounds: int, steps: int = STEPS_PER_ROUND) -> float:
    """Median µs per step of `run` (which takes `steps` steps) over `rounds` calls."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) / steps * 1e6)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--steps", type=int, default=STEPS_PER_ROUND,
                        help=f"steps per round (a multiple of the lap's {len(LAP)})")  # fmt: skip
    args = parser.parse_args()
    rounds, steps = args.rounds, args.steps - args.steps % len(LAP)
    if rounds < 1 or steps < len(LAP):
        parser.error(f"--rounds must be >= 1 and --steps >= {len(LAP)}")
    benches = {
        "dict lookup": bench_dict(steps),
        "bare transitions trigger": bench_bare_trigger(steps),
        "SessionCore.step": bench_session_step(steps),
        "SessionCore.step uncached": bench_machine_step(steps),
    }
    other = bench_python_statemachine(steps)
    if other is not None:
        benches["python-statemachine send"] = other
    else:
        print("(python-statemachine not installed: pip install 'authsession[bench]')")
    # Interleave rounds so machine noise hits every contender alike.
    samples: dict[str, list[float]] = {name: [] for name in benches}
    for _ in range(rounds):
        for name, run in benches.items():
            samples[name].append(median_us(run, 1, steps))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    base = medians["bare transitions trigger"]
    print(f"{steps} steps per round, {rounds} rounds")
    print(f"{'dispatch':<26} {'µs/step (median)':>17} {'ratio to bare':>15}")
    for name, value in medians.items():
        # Three significant digits: the dict lookup is ~1/100 of a trigger, under load ~1/1000.
        print(f"{name:<26} {value:>17.4g} {value / base:>15.3g}")
    ratio = medians["SessionCore.step uncached"] / base
    print(f"uncached step / bare trigger: {ratio:.3g} (target <= 1.5)")


if __name__ == "__main__":
    main()
