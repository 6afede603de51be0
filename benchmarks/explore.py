"""Model-checker throughput, same run: per step (the compiled table against a dict lookup and the
`transitions` machine), per edge (rebuilding an edge's world by replaying its path from the root,
the search's former way, against thawing the configuration's frozen world, its way now), and per
search (configurations, transitions and seconds of bounded fault-space searches, 1 and 2 workers).

Run: `python benchmarks/explore.py [--rounds N] [--platform P] [--depth D] [--edges E]`. Prints
medians over rounds and ratios; absolute times on shared machines are noise, the ratios are the
result.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

from authsession.core.explore import event_alphabet
from authsession.core.machine import MACHINE, Context, SessionCore
from authsession.modelcheck import explore_world, space
from authsession.modelcheck.clone import freeze, thaw
from authsession.modelcheck.compiled import COMPILED, explore_compiled
from authsession.modelcheck.space import Platform
from authsession.modelcheck.walk import draw_walk
from authsession.modelcheck.world_model import quiet
from authsession.world.world import World


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


def _per_edge(platform: Platform, edges: int, rounds: int) -> dict[int, tuple[float, float]]:
    """Seconds per edge, replayed from the root vs thawed, by the depth of the edge's source."""
    rng = random.Random(f"edges-{platform}")
    chosen = space(platform)
    out: dict[int, tuple[float, float]] = {}
    for depth in (2, 6, 12):
        samples = [draw_walk(rng, chosen, depth + 1, 0.2) for _ in range(edges)]
        replayed, thawed = [], []
        for _ in range(rounds):
            with quiet():
                frozen = []
                for root, steps in samples:
                    world = World(root.scenario(platform, (), "reference"))
                    for event in steps[:-1]:
                        world.feed(event)
                    frozen.append(freeze(world, keep=(MACHINE,)))
                    world.close()
                t = time.perf_counter()
                for root, steps in samples:
                    world = World(root.scenario(platform, (), "reference"))
                    for event in steps:
                        world.feed(event)
                    world.close()
                replayed.append((time.perf_counter() - t) / len(samples))
                t = time.perf_counter()
                for snapshot, (_, steps) in zip(frozen, samples, strict=True):
                    world = thaw(snapshot)
                    world.feed(steps[-1])
                    world.close()
                thawed.append((time.perf_counter() - t) / len(samples))
        out[depth] = (statistics.median(replayed), statistics.median(thawed))
    return out


def _searches(depth: int) -> None:
    print(f"bounded fault-space searches (every fault, budget 1, depth {depth}):")
    print("  platform  families  configurations  transitions   1 worker  2 workers  ratio")
    for platform in ("memory", "android", "ios"):
        chosen = space(platform)  # type: ignore[arg-type]
        # iOS has ~5x the families of the others: one step shallower.
        depth_here = max(1, depth - 1) if platform == "ios" else depth
        t = time.perf_counter()
        one = explore_world(platform=platform, depth=depth_here, space_=chosen, keep_going=True)  # type: ignore[arg-type]
        serial = time.perf_counter() - t
        with ProcessPoolExecutor(max_workers=2) as pool:
            t = time.perf_counter()
            two = explore_world(platform=platform, depth=depth_here, space_=chosen, executor=pool,  # type: ignore[arg-type]
                                keep_going=True)  # fmt: skip
            pooled = time.perf_counter() - t
        assert (one.configurations, one.edges) == (two.configurations, two.edges)
        print(
            f"  {platform:<8} {one.families:>9} {one.configurations:>15} {one.edges:>12} "
            f"{serial:>9.1f}s {pooled:>9.1f}s  x{serial / pooled:.2f}  (depth {depth_here})"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--platform", default="ios", choices=("ios", "android", "memory"))
    parser.add_argument("--depth", type=int, default=3, help="depth of the bounded searches")
    parser.add_argument("--edges", type=int, default=60, help="edges sampled per depth")
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
    print(f"per edge ({args.platform}, random fault-injected paths; medians of {args.rounds}):")
    for depth, (replayed, thawed) in _per_edge(args.platform, args.edges, args.rounds).items():  # type: ignore[arg-type]
        print(
            f"  source at depth {depth:>2}: replay from the root {replayed * 1e3:6.2f} ms, "
            f"thaw + step {thawed * 1e3:6.2f} ms  (replay / thaw x{replayed / thawed:.1f})"
        )
    _searches(args.depth)


if __name__ == "__main__":
    main()
