"""R1 as a number: a seeded run of >= 1,000,000 fault-injected world steps under `reference`, the
naive policies' counts beside it (the same walks for every policy).

Each walk starts at one of the model checker's roots (every family of every platform: class,
earlier item, passcode, quirk, rotation, reuse grace and detection, envelope, access control —
`authsession.modelcheck.space.every_family`, with the extension and the update variants in the
alphabet) and takes random world steps over its alphabet; before a fifth of the
steps a random fault, raise or kill is armed at one of the step's first three calls of a kind
(`authsession.modelcheck.walk`). The world oracle judges every step: spurious logouts, stranded
users, app errors, tokens honoured after a sign-out, work with a revoked token and invariant
violations are counted, not asserted (R1 says the reference has
none; on the commit before the table redesign it has some).

Owns: the run's size, its chunks over a process pool and the table; the walks and their tallies
are `authsession.modelcheck.walk`'s.

Run: `python benchmarks/r1.py [--steps N] [--length L] [--workers W] [--seed S]
[--policy NAME ...]` (tiny: `--steps 200 --length 20 --workers 1`). Prints counts per policy and
the run's size and duration.
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ProcessPoolExecutor

from authsession.modelcheck.walk import WalkTally, walk_counts

POLICIES = ("reference", "naive-gilt", "forum-post", "naive-rotation", "naive-cached",
            "naive-no-lease", "naive-dropped-revocation")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=1_000_000, help="world steps per policy")
    parser.add_argument("--length", type=int, default=50, help="world steps per walk")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--policy", action="append", help=f"default: {', '.join(POLICIES)}")
    args = parser.parse_args()
    policies = tuple(args.policy or POLICIES)
    walks = -(-args.steps // args.length)
    chunk = 200
    totals = {p: WalkTally() for p in policies}
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        futures = [
            pool.submit(
                walk_counts, args.seed, range(i, min(i + chunk, walks)), policies,
                length=args.length,
            )
            for i in range(0, walks, chunk)
        ]  # fmt: skip
        for future in futures:
            for policy, tally in future.result().items():
                totals[policy].merge(tally)
    seconds = time.perf_counter() - start
    print(
        f"seed {args.seed}: {walks} walks x {args.length} steps per policy, "
        f"{args.workers} workers, {seconds:.2f} s for {len(policies)} policies"
    )
    columns = ("steps", "faults_struck", "spurious_logouts", "stranded_users", "app_errors",
               "tokens_honoured_after_logout", "work_with_revoked_tokens",
               "violations")  # fmt: skip
    width = max(len(c) for c in columns) + 2
    print(f"{'policy':<26}" + "".join(f"{c:>{width}}" for c in columns))
    for policy, tally in totals.items():
        print(f"{policy:<26}" + "".join(f"{getattr(tally, c):>{width}}" for c in columns))


if __name__ == "__main__":
    main()
