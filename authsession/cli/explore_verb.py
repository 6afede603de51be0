"""`authsession explore`: the world-level model checker.

Owns: the verb's arguments, the report (configurations, edges, table rows covered, seconds), the
progress line on a terminal's stderr, and writing the shortest counterexample as an
`authsession.scenario/1` file (atomically to `--out`, else to stdout); exit 1 on a violation;
the process pool for `--workers`.
The search lives in `authsession.modelcheck`.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from authsession.cli.arguments import WORKERS_PER_CORE, bounded, cores, policy, workers
from authsession.cli.outputs import output_file, write_output
from authsession.cli.pool import worker_pool
from authsession.modelcheck import WorldExploration, explore_world
from authsession.spec.table import TABLE
from authsession.world import POLICIES


def register(verbs: Any) -> None:
    parser: argparse.ArgumentParser = verbs.add_parser(
        "explore", help="explore the simulated world's configurations, checking every invariant"
    )
    parser.add_argument(
        "--depth", type=bounded("--depth"), default=None,
        help="longest event path (default: none, i.e. until the space is exhausted)",
    )  # fmt: skip
    parser.add_argument("--policy", type=policy, default="reference", metavar="NAME",
                        help=", ".join(POLICIES))  # fmt: skip
    parser.add_argument("--platform", choices=("ios", "android", "memory"), default="ios")
    parser.add_argument("--out", type=output_file, metavar="FILE",
                        help="write the counterexample scenario here (checked before the "
                        "search)")  # fmt: skip
    parser.add_argument(
        "--extension",
        action="store_true",
        help="also wake an app extension sharing the keychain item (F8); a larger space",
    )
    parser.add_argument(
        "--workers",
        type=workers,
        default=None,
        help=f"processes evaluating each layer's transitions (default: cores; 1: this process; "
        f"at most {WORKERS_PER_CORE} per core)",
    )
    parser.set_defaults(run=run)


def _progress(result: WorldExploration, queued: int) -> None:
    sys.stderr.write(
        f"\r{result.configurations} configurations, {result.edges} edges, {queued} queued, "
        f"{result.seconds:.0f} s"
    )
    sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    # Every argument (--out included) was checked by its argparse type: a bad one is exit 2
    # before the search, not a traceback after it with the counterexample lost.
    tty = sys.stderr.isatty()
    with worker_pool(args.workers if args.workers is not None else cores()) as pool:
        result = explore_world(
            platform=args.platform,
            policy=args.policy,
            depth=args.depth,
            progress=_progress if tty else None,
            executor=pool,
            extension=args.extension,
        )
    if tty:
        sys.stderr.write("\n")
    report = (
        f"platform {result.platform}{' + extension' if args.extension else ''}, policy "
        f"{result.policy}, depth "
        f"{'none' if result.depth is None else result.depth}: "
        f"{result.configurations} configurations, {result.edges} transitions, "
        f"{len(result.rows)}/{len(TABLE)} table rows, {result.seconds:.2f} s "
        f"({result.rate:.0f} configurations/s), "
        + ("space exhausted" if result.exhausted else "depth bound reached")
    )
    if result.counterexample is None:
        sys.stdout.write(report + "\n")
        return 0
    sys.stderr.write(report.rsplit(", ", 1)[0] + ", violation found\n")
    for line in result.violations:
        sys.stderr.write(f"  {line}\n")
    text = json.dumps(result.counterexample, indent=2) + "\n"
    if args.out is not None:
        write_output(args.out, text)
        sys.stderr.write(f"counterexample written to {args.out}\n")
    else:
        sys.stdout.write(text)
    return 1
