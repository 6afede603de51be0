"""One step of the Swift core next to the Python `SessionCore.step` and a dict lookup, same run.

Owns: the release build of the package's executables (`build_release_port`, also used by
`app_protocol.py`), the lap as port input and the checksum the Swift loop must reach.

Run: `python benchmarks/swift_core.py [--rounds N] [--swift-steps N]` (tiny: `--rounds 1
--swift-steps 20000`). Builds the Swift package's
`authsession-port` in release mode (cached in `swift/.build`), then interleaves rounds: the
Python dict lookup and `SessionCore.step` over `benchmarks/step.py`'s lap, and one
`authsession-port --bench` process stepping the same lap (it times only its own loop, not its
start). Prints medians and ratios; absolute times on these shared machines are noise. The Swift
side's checksum of states and command counts is checked against the reference's, so a port that
skipped the work would be caught, not fast.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from step import LAP, STEPS_PER_ROUND, _signed_in, bench_dict, bench_session_step, median_us

from authsession.core import SessionCore
from authsession.spec import State

PACKAGE = Path(__file__).resolve().parents[1] / "swift"
_ORDINAL = {state: index for index, state in enumerate(State)}


#: What `--debug` builds with: the suite's flags (tests/conformance/conftest.py), so a tiny run in
#: the suite reuses the debug build its Swift tests made instead of a cold release build.
DEBUG_FLAGS = ("-Xswiftc", "-warnings-as-errors")


def build_release_port(product: str = "authsession-port", *, debug: bool = False) -> Path:
    """Build the package's executable `product` in release mode (in debug with the suite's flags
    when `debug`: figures then mean nothing, only that the benchmark runs); return the binary."""
    swift = shutil.which("swift") or "/opt/swift/usr/bin/swift"
    configuration = ["-c", "debug", *DEBUG_FLAGS] if debug else ["-c", "release"]
    args = [swift, "build", *configuration, "--package-path", str(PACKAGE)]
    subprocess.run([*args, "--product", product], check=True, capture_output=True, text=True)
    bin_dir = subprocess.run([*args, "--show-bin-path"], check=True,
                             capture_output=True, text=True).stdout.strip()  # fmt: skip
    return Path(bin_dir) / product


def _lap_start() -> SessionCore:
    """Signed in, one lap done: from here every lap repeats the same steps (checked below)."""
    core = _signed_in()
    for event in LAP:
        core.step(event)
    return core


def lap_input() -> str:
    """The lap as port lines: a reset to where the lap starts, then the lap's events."""
    start = _lap_start()
    reset = {"reset": {"state": start.current.value, "context": start.context.as_dict()}}
    return "".join(line + "\n" for line in [json.dumps(reset), *(e.model_dump_json() for e in LAP)])


def expected_checksum(steps: int) -> int:
    """What the Swift loop must sum over `steps` steps (state ordinal + command count per step).
    The lap is periodic from its start (checked here), so one lap's sums are enough."""
    core = _lap_start()
    before = (core.current, core.context.as_tuple())
    per_step = []
    for event in LAP:
        step = core.step(event)
        per_step.append(_ORDINAL[step.state] + len(step.commands))
    assert (core.current, core.context.as_tuple()) == before, "the lap must be periodic"
    laps, rest = divmod(steps, len(LAP))
    return laps * sum(per_step) + sum(per_step[:rest])


def swift_ns_per_step(port: Path, steps: int, lap: str, checksum: int) -> float:
    result = subprocess.run([str(port), "--bench", str(steps)], input=lap, check=True,
                            capture_output=True, text=True)  # fmt: skip
    report = json.loads(result.stdout)
    assert report["checksum"] == checksum, f"the Swift core stepped differently: {report}"
    return float(report["ns_per_step"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--swift-steps", type=int, default=2_000_000)
    parser.add_argument(
        "--debug",
        action="store_true",
        help="a debug build (the suite's tiny run): the figures mean nothing",
    )
    args = parser.parse_args()
    port = build_release_port(debug=args.debug)
    lap = lap_input()
    checksum = expected_checksum(args.swift_steps)
    python = {
        "dict lookup (Python)": bench_dict(),
        "SessionCore.step (Python)": bench_session_step(),
    }
    samples: dict[str, list[float]] = {name: [] for name in [*python, "SessionCore.step (Swift)"]}
    for _ in range(args.rounds):
        for name, run in python.items():
            samples[name].append(median_us(run, 1) * 1000)
        samples["SessionCore.step (Swift)"].append(
            swift_ns_per_step(port, args.swift_steps, lap, checksum)
        )
    medians = {name: statistics.median(values) for name, values in samples.items()}
    base = medians["SessionCore.step (Swift)"]
    build = "debug" if args.debug else "release"
    print(f"{args.rounds} rounds; Python {STEPS_PER_ROUND} steps/round, Swift "
          f"{args.swift_steps} steps/round ({build} build)")  # fmt: skip
    print(f"{'dispatch':<28} {'ns/step (median)':>17} {'ratio to Swift step':>20}")
    for name, value in medians.items():
        print(f"{name:<28} {value:>17.1f} {value / base:>20.2f}")


if __name__ == "__main__":
    sys.exit(main())
