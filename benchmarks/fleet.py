"""Fleet simulator throughput: device-days per second on 1 and 2 worker processes, same run, and
what each policy of the fleet costs per device-day — its device-days/s in one process against the
target of 1,000 (issue 14) and against a bare `transitions` trigger (the floor analysis in
docs/performance.md).

Owns: the 1- and 2-worker comparison, the per-policy table and `TARGET`.

Run: `python benchmarks/fleet.py [--devices N] [--days D] [--repeat R]` (tiny: `--devices 2
--days 1 --repeat 1`). Prints medians of a few
repetitions and ratios; absolute rates on these shared machines are indicative only.
"""

from __future__ import annotations

import argparse
import statistics
import time

from transitions import Machine

from authsession.fleet import DEFAULT_POLICIES, simulate
from authsession.fleet.simulate import run_device
from authsession.fleet.usage import device_history


def _trigger_cost(n: int = 20_000) -> float:
    """Seconds per bare `transitions` trigger (two states, one unconditional transition)."""

    class Model:
        pass

    model = Model()
    Machine(model=model, states=["a", "b"], initial="a", auto_transitions=False).add_transition(
        "flip", ["a", "b"], "=", after=None
    )
    start = time.perf_counter()
    for _ in range(n):
        model.flip()  # type: ignore[attr-defined]
    return (time.perf_counter() - start) / n


#: Device-days per second one process should simulate under one policy (issue 14).
TARGET = 1000.0


def _per_policy(days: int, sample: int, repeat: int) -> None:
    devices = [device_history(0, i, days) for i in range(sample)]
    events = sum(len(d.events) for d in devices) / (sample * days)
    trigger = statistics.median(_trigger_cost() for _ in range(repeat))
    print(
        f"world events per device-day: {events:.0f} (+ one `advance` per gap); bare trigger "
        f"{trigger * 1e6:.1f} µs"
    )
    print(
        f"{'policy':<22} {'device-days/s':>14} {'of target':>10} {'ms / device-day':>16} "
        f"{'µs / world event':>17} {'in triggers':>12}"
    )
    for policy in DEFAULT_POLICIES:
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            for device in devices:
                run_device(device, policy, days)
            runs.append((time.perf_counter() - start) / (sample * days))
        per_day = statistics.median(runs)
        per_event = per_day / (2 * events)
        print(
            f"{policy:<22} {1 / per_day:>14.0f} {1 / per_day / TARGET:>9.3g}x "
            f"{per_day * 1e3:>16.2f} {per_event * 1e6:>17.1f} {per_event / trigger:>12.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--devices", type=int, default=100)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rates: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(args.repeat):
        for workers in (1, 2):
            start = time.perf_counter()
            simulate(devices=args.devices, days=args.days, workers=workers, chunk_size=10)
            elapsed = time.perf_counter() - start
            rates[workers].append(args.devices * args.days / elapsed)
    one, two = statistics.median(rates[1]), statistics.median(rates[2])
    print(f"policies per device history: {len(DEFAULT_POLICIES)} ({', '.join(DEFAULT_POLICIES)})")
    print(f"1 worker : {one:8.1f} device-days/s (median of {args.repeat})")
    print(f"2 workers: {two:8.1f} device-days/s (median of {args.repeat})")
    print(f"speed-up : {two / one:8.2f}x")
    _per_policy(args.days, sample=8, repeat=args.repeat)


if __name__ == "__main__":
    main()
