"""Model-checker throughput: the compiled next-state table against a plain dict lookup and the
`transitions` machine, and the world-level search (configurations/s, time to exhaust), same run.

Run: `python benchmarks/explore.py [--rounds N] [--platform P] [--depth D]`. Prints medians over
rounds and ratios; absolute times on shared machines are noise, the ratios are the result.
"""

from __future__ import annotations

import argparse
import statistics
import time

from authsession.core.explore import event_alphabet
from authsession.core.machine import Context, SessionCore
from authsession.modelcheck import explore_world
from authsession.modelcheck.compiled import COMPILED, explore_compiled


def _per_step(rounds: int) -> dict[str, float]:
    events = event_alphabet()
    keys = list(COMPILED.entries)
    plain = {k: v for k, v in COMPILED.entries.items()}
    state, flags = keys[0][0], keys[0][3]
    out: dict[str, list[float]] = {"dict": [], "compiled": [], "transitions": []}
    n = 20_000
    for _ in range(rounds):
        t = time.perf_counter()
        for i in range(n):
            plain[keys[i % len(keys)]]
        out["dict"].append((time.perf_counter() - t) / n)
        t = time.perf_counter()
        for i in range(n):
            COMPILED.step(state, flags, events[i % len(events)])
        out["compiled"].append((time.perf_counter() - t) / n)
        core = SessionCore(state, Context(*flags))
        t = time.perf_counter()
        for i in range(n // 10):
            core.step(events[i % len(events)])
        out["transitions"].append((time.perf_counter() - t) / (n // 10))
        core.close()
    return {k: statistics.median(v) for k, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--platform", default="ios", choices=("ios", "android", "memory"))
    parser.add_argument("--depth", type=int, default=None)
    args = parser.parse_args()
    step = _per_step(args.rounds)
    print(f"dict lookup       {step['dict'] * 1e9:8.0f} ns")
    for name in ("compiled", "transitions"):
        ratio = step[name] / step["dict"]
        print(f"{name + ' step':<17} {step[name] * 1e9:8.0f} ns  x{ratio:.1f}")
    t = time.perf_counter()
    machine = explore_compiled()
    print(f"machine space (compiled): {machine.nodes} nodes, {machine.edges} edges, "
          f"{time.perf_counter() - t:.3f} s")  # fmt: skip
    world = explore_world(platform=args.platform, depth=args.depth)
    print(
        f"world space ({args.platform}, depth {args.depth}): "
        f"{world.configurations} configurations, "
        f"{world.edges} edges, {len(world.rows)} rows, {world.seconds:.1f} s, "
        f"{world.rate:.0f} configurations/s, exhausted={world.exhausted}"
    )


if __name__ == "__main__":
    main()
