"""Fleet simulator throughput: device-days per second on 1 and 2 worker processes, same run.

Run: `python benchmarks/fleet.py [--devices N] [--days D]`. Prints medians of a few repetitions
and the 2-worker speed-up; absolute rates on these shared machines are indicative only.
"""

from __future__ import annotations

import argparse
import statistics
import time

from authsession.fleet import DEFAULT_POLICIES, simulate


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


if __name__ == "__main__":
    main()
