"""The checker's power, measured: the default `authsession explore` against every seeded bug.

Owns: running the default search (every platform's every family, exhaustive to depth 1, then
swarm walks; `authsession.modelcheck.campaign`) once per bug of `tests/seeded` — a team client
through `--app module:factory`, a patch of the host, an adapter, the world or the oracle entered
in this process — and printing, per bug, whether the search found a failure, how harmful, after
how many seconds, and how long the shrunk counterexample is; then the score. A bug that makes the
checker *blind* (`blinds`: an oracle or world patch that hides a failure) cannot be killed by a
search that finds other failures anyway: its kill is its proof's verdict (tests/seeded), and it
is listed as such, not counted as a search's kill.

Run: `python benchmarks/seeded.py [--budget SECONDS] [--only NAME,...] [--json]` from the
repository root. Seconds on a shared machine are noise; whether each bug is found is the result.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from authsession.cli.pool import worker_pool  # noqa: E402
from authsession.modelcheck.campaign import Plan, run_campaign  # noqa: E402
from tests.seeded.catalogue import SEEDED, seeded  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--budget", type=float, default=240.0)
    parser.add_argument("--only", default=None, help="comma-separated bug names")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    chosen = [b for b in SEEDED if args.only is None or b.name in args.only.split(",")]
    if not chosen:
        parser.error("--only names no seeded bug")
    rows = []
    for bug in chosen:
        if bug.blinds:
            rows.append({"name": bug.name, "layer": bug.layer, "killed": "by its proof",
                         "seconds": None, "harm": None, "steps": None})  # fmt: skip
            continue
        start = time.perf_counter()
        with seeded(bug) as app, worker_pool(args.workers) as pool:
            # A patch lives in this process: workers forked after it inherit it.
            result = run_campaign(Plan(budget=args.budget), app=app, executor=pool)
        failure = result.failure
        rows.append(
            {
                "name": bug.name,
                "layer": bug.layer,
                "killed": "yes" if failure is not None else "NO",
                "seconds": round(time.perf_counter() - start, 1),
                "harm": None if failure is None else failure.harm,
                "steps": None if failure is None else len(failure.steps),
                "found_by": None if failure is None else failure.found_by,
            }
        )
    if args.json:
        print(json.dumps({"bugs": rows}, indent=2))
    else:
        print(f"{'bug':46} {'layer':12} {'killed':13} {'s':>7} {'harm':>4} {'steps':>5}")
        for r in rows:
            seconds = "" if r["seconds"] is None else f"{r['seconds']:7.1f}"
            harm = "" if r["harm"] is None else str(r["harm"])
            steps = "" if r["steps"] is None else str(r["steps"])
            print(f"{r['name']:46} {r['layer']:12} {r['killed']:13} {seconds:>7} {harm:>4} "
                  f"{steps:>5}")  # fmt: skip
        searched = [r for r in rows if r["killed"] != "by its proof"]
        killed = sum(1 for r in searched if r["killed"] == "yes")
        print(f"killed by the default search: {killed}/{len(searched)}; "
              f"blinding bugs killed by their proofs: {len(rows) - len(searched)}")  # fmt: skip
    return 0 if all(r["killed"] != "NO" for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
