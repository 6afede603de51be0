"""`authsession explore`: the world-level model checker.

Owns: the verb's arguments, the report (configurations, edges, table rows covered, seconds), the
progress line on a terminal's stderr, and writing the shortest counterexample as an
`authsession.scenario/1` file (atomically to `--out`, else to stdout); exit 1 on a violation;
the process pool for `--workers`.
The search lives in `authsession.modelcheck`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from authsession.atomic import write_atomically
from authsession.errors import InvalidInputError
from authsession.modelcheck import WorldExploration, explore_world
from authsession.spec.table import TABLE
from authsession.world import POLICIES


def register(verbs: Any) -> None:
    parser: argparse.ArgumentParser = verbs.add_parser(
        "explore", help="explore the simulated world's configurations, checking every invariant"
    )
    parser.add_argument(
        "--depth", type=int, default=None, help="longest event path (default: none)"
    )
    parser.add_argument("--policy", default="reference", metavar="NAME", help=", ".join(POLICIES))
    parser.add_argument("--platform", choices=("ios", "android", "memory"), default="ios")
    parser.add_argument("--out", type=Path, help="write the counterexample scenario here")
    parser.add_argument(
        "--extension",
        action="store_true",
        help="also wake an app extension sharing the keychain item (F8); a larger space",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes evaluating each layer's transitions (default: cores; 1: this process)",
    )
    parser.set_defaults(run=run)


def _progress(result: WorldExploration, queued: int) -> None:
    sys.stderr.write(
        f"\r{result.configurations} configurations, {result.edges} edges, {queued} queued, "
        f"{result.seconds:.0f} s"
    )
    sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    if args.policy not in POLICIES:
        raise InvalidInputError(
            "--policy", f"unknown policy {args.policy!r} (expected one of {', '.join(POLICIES)})"
        )
    if args.depth is not None and args.depth < 0:
        raise InvalidInputError("--depth", "must be 0 or more")
    if args.out is not None and not args.out.parent.is_dir():
        raise InvalidInputError("--out", f"no such directory: {args.out.parent}")
    if args.workers is not None and args.workers < 1:
        raise InvalidInputError("--workers", f"must be at least 1, got {args.workers}")
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    tty = sys.stderr.isatty()
    with contextlib.ExitStack() as stack:
        pool = (
            stack.enter_context(ProcessPoolExecutor(max_workers=workers)) if workers > 1 else None
        )
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
        write_atomically(args.out, text)
        sys.stderr.write(f"counterexample written to {args.out}\n")
    else:
        sys.stdout.write(text)
    return 1
