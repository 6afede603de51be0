"""The app protocol's cost per world step for the Kotlin app: every Android (and `memory`)
example replayed with the in-process Python reference, with the Kotlin app
(`authsession-app.jar`) and with the Python reference through the protocol (`authsession app`),
same run — `app_protocol.py`'s measurement on the examples the Kotlin app can play.

Run: `python benchmarks/kotlin_app.py [--rounds N]`. Builds (or reuses) the jars with
`kotlin/build.py`. The app columns keep one `AppLauncher` each for the whole run (processes
started once in a warm-up round, reset between world processes after that, as fleet and explore
runs do). Prints the median time per world step of each column and its ratio to in-process;
every app run's judged summary fields are checked against the in-process one's first.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shlex
import statistics
import sys
from pathlib import Path

from app_protocol import judged, replay_all

from authsession.world import load_scenario
from authsession.world.app_process import AppLauncher

ROOT = Path(__file__).resolve().parents[1]


def kotlin_app() -> str:
    """`java -jar …/authsession-app.jar`, built (or reused) by kotlin/build.py."""
    spec = importlib.util.spec_from_file_location("kotlin_build", ROOT / "kotlin" / "build.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    sys.modules["kotlin_build"] = build
    spec.loader.exec_module(build)
    tools = build.toolchain()
    return shlex.join([tools.java, "-jar", str(build.build(tools).app_jar)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    paths = [p for p in sorted((ROOT / "examples").glob("*.json"))
             if json.loads(p.read_text()).get("platform") in ("android", "memory")]  # fmt: skip
    scenarios = [load_scenario(path) for path in paths]
    columns = {
        "in-process reference": None,
        "Kotlin app (authsession.app/1)": kotlin_app(),
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
