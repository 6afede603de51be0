"""The app protocol's cost per world step: every example replayed with the in-process Python
reference, with the Swift app (`authsession-app`, release build) and with the Python reference
through the protocol (`authsession app`), same run.

Owns: the three columns, their interleaved rounds and the check that each app column is judged
as in-process is; the release build of `authsession-app` comes from `swift_core.py`.

Run: `python benchmarks/app_protocol.py [--rounds N] [--examples N]` (tiny: `--rounds 1
--examples 4`; `--examples`: the first N of `examples/*.json` by name, default all). Builds the
Swift package's `authsession-app` in release mode (cached in `swift/.build`). Each round replays
every chosen example once per column; the app columns keep one `AppLauncher` for the whole run, so
the processes are started once (a warm-up round) and reset between world processes after that,
as fleet and explore runs do. Prints the median time per world step of each column and its ratio
to in-process; absolute times on these shared machines are noise. Every app run's summary is
checked against the in-process one's judged fields, so an app that skipped the work would be
caught, not fast.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from swift_core import build_release_port

from authsession.world import World, load_scenario
from authsession.world.app_process import AppLauncher

ROOT = Path(__file__).resolve().parents[1]
JUDGED = ("spurious_logouts", "stranded_users", "violations")


def replay_all(scenarios: list[object], factory: Callable[..., object] | None) -> tuple[float, int]:
    """Seconds to replay every scenario, and the world steps taken."""
    steps = 0
    start = time.perf_counter()
    for scenario in scenarios:
        world = World(scenario, "reference" if factory is None else "app", app=factory)  # type: ignore[arg-type]
        try:
            run = world.run()
        finally:
            world.close()
        steps += len(run.lines)
    return time.perf_counter() - start, steps


def judged(
    scenarios: list[object], factory: Callable[..., object] | None
) -> list[tuple[object, ...]]:
    out = []
    for scenario in scenarios:
        world = World(scenario, "reference" if factory is None else "app", app=factory)  # type: ignore[arg-type]
        try:
            summary = world.run().summary
        finally:
            world.close()
        out.append(tuple(getattr(summary, key) for key in JUDGED))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--examples", type=int, default=None, help="the first N examples only")
    parser.add_argument(
        "--debug", action="store_true", help="a debug build of the Swift app (the suite's tiny run)"
    )
    args = parser.parse_args()
    paths = sorted((ROOT / "examples").glob("*.json"))[: args.examples]
    if args.rounds < 1 or not paths:
        parser.error("--rounds and --examples must be >= 1")
    scenarios = [load_scenario(path) for path in paths]
    app = build_release_port("authsession-app", debug=args.debug)
    columns = {
        "in-process reference": None,
        "Swift app (authsession.app/1)": str(app),
        "Python reference (authsession.app/1)": f"{sys.executable} -m authsession app",
    }
    launchers = {name: AppLauncher(cmd) for name, cmd in columns.items() if cmd is not None}
    try:
        factories = {
            name: (launchers[name].factory if name in launchers else None) for name in columns
        }
        expected = judged(scenarios, None)
        for name, factory in factories.items():  # warm-up: processes started, answers checked
            assert judged(scenarios, factory) == expected, f"{name} is judged differently"
        per_step: dict[str, list[float]] = {name: [] for name in columns}
        steps = 0
        for _ in range(args.rounds):
            for name, factory in factories.items():
                seconds, steps = replay_all(scenarios, factory)
                per_step[name].append(seconds / steps * 1e6)
    finally:
        for launcher in launchers.values():
            launcher.close()
    base = statistics.median(per_step["in-process reference"])
    print(f"{len(scenarios)} examples, {steps} world steps per round, {args.rounds} rounds")
    for name, values in per_step.items():
        median = statistics.median(values)
        print(f"{name:40s} {median:9.0f} us/world step   x{median / base:5.2f}")


if __name__ == "__main__":
    main()
