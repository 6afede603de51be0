"""`authsession replay SCENARIO.json`: run a scenario in the simulated world.

Owns: the verb's arguments and its two outputs — the `authsession.trace/1` JSON Lines (one policy)
and a side-by-side table (`--compare`). `--schema` prints the scenario JSON Schema; `--check` exits
1 when the run fails the world oracle (`authsession.oracle.failures`: an invariant broken, a
spurious logout, a stranded user, an app error) and names each failure on stderr. The policy is
`--policy`, else the scenario's own `policy`, else `reference`; `--app` runs an app instead (a
command speaking `authsession.app/1`, or `module:factory` in-process), or beside the policies
with `--compare`. `--diff-calls` (with `--app CMD`) prints the app's adapter calls beside the
reference app's (`authsession.modelcheck.hostdiff`) and exits 1 when they or the traces differ.
The world itself lives in `authsession.world`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from authsession import oracle
from authsession.app.choice import APP_COLUMN, AppChoice
from authsession.cli.arguments import add_app_options, policy
from authsession.errors import InvalidInputError, did_you_mean
from authsession.modelcheck import hostdiff
from authsession.modelcheck.world_model import quiet
from authsession.world import (
    POLICIES,
    Scenario,
    ScenarioRun,
    World,
    load_scenario,
    replay,
    to_jsonl,
)
from authsession.world.scenario import scenario_json_schema


def register(verbs: Any) -> None:
    parser: argparse.ArgumentParser = verbs.add_parser(
        "replay", help="run a scenario in the simulated world and print its trace"
    )
    parser.add_argument("scenario", nargs="?", type=Path, help="an authsession.scenario/1 file")
    parser.add_argument(
        "--policy",
        action="append",
        type=policy,
        metavar="NAME",
        help="app behaviour (repeatable with --compare; default: the scenario's policy, else "
        f"reference): {', '.join(POLICIES)}",
    )
    parser.add_argument("--compare", action="store_true", help="side-by-side table of policies")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 on a broken invariant, a spurious logout, a stranded user or an app error",
    )
    parser.add_argument("--schema", action="store_true", help="print the scenario JSON Schema")
    add_app_options(parser, "run this app instead of a policy (one more column with --compare)")
    parser.add_argument(
        "--diff-calls",
        action="store_true",
        help="with --app CMD: print the app's adapter calls beside the reference app's "
        "(authsession app) and exit 1 if they or the traces differ",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.schema:
        sys.stdout.write(json.dumps(scenario_json_schema(), indent=2) + "\n")
        return 0
    if args.scenario is None:
        raise InvalidInputError("scenario", "a scenario file is required (or --schema)")
    if args.policy and len(args.policy) > 1 and not args.compare:
        raise InvalidInputError("--policy", "several policies need --compare")
    if args.policy and args.app is not None and not args.compare:
        raise InvalidInputError("--app", "a policy and an app together need --compare")
    if args.diff_calls and args.app is None:
        raise InvalidInputError("--diff-calls", "needs --app CMD")
    if args.diff_calls and (args.compare or args.check or args.policy):
        raise InvalidInputError("--diff-calls", "not with --compare, --check or --policy")
    app = None if args.app is None else AppChoice(args.app, args.app_timeout).check()
    if args.diff_calls and app is not None and app.in_process:
        raise InvalidInputError("--app", "--diff-calls compares calls on the pipe: give a command")
    scenario = load_scenario(args.scenario)
    for field, name in (("policy", scenario.policy), ("defeats", scenario.defeats)):
        if name is not None and name not in POLICIES:
            # The value is not echoed (it could be a secret pasted into the wrong field).
            raise InvalidInputError(
                str(args.scenario),
                f"{field}: unknown policy{did_you_mean(name, POLICIES)} (expected one of "
                f"{', '.join(POLICIES)})",
            )
    if args.diff_calls:
        return diff_calls(scenario, args.app, args.app_timeout)
    own = scenario.policy or "reference"
    # --compare without --policy: the naive policy the scenario defeats (else Gilt's) beside it.
    policies = args.policy or ([scenario.defeats or "naive-gilt", own] if args.compare else [own])
    if app is not None and not args.compare:
        policies = []
    runs = {name: replay(scenario, name) for name in dict.fromkeys(policies)}
    if app is not None:
        runs[APP_COLUMN] = replay_app(scenario, app)
    if args.compare:
        sys.stdout.write(compare_table(scenario.name, runs))
    else:
        only = next(iter(runs.values()))
        sys.stdout.write(to_jsonl(only.lines, only.summary))
    if not args.check:
        return 0
    failed = {name: oracle.failures(r.summary) for name, r in runs.items()}
    for name, failures in failed.items():
        for line in failures:
            sys.stderr.write(f"{name}: {line}\n")
    return 1 if any(failed.values()) else 0


def diff_calls(scenario: Scenario, command: str, timeout: float) -> int:
    """The app's adapter calls beside the reference app's, then whether the traces agree."""
    with quiet(), hostdiff.launchers(command, timeout) as (app, reference):
        comparison = hostdiff.compare(scenario, app, reference)
    sys.stdout.write(
        hostdiff.side_by_side(comparison.app.transcript, comparison.reference.transcript)
    )
    if comparison.kind == "trace":
        sys.stdout.write(comparison.describe() + "\n")
    elif comparison.kind is None:
        sys.stdout.write("the traces are the same\n")
    return 1 if comparison.diverged else 0


def replay_app(scenario: Scenario, app: AppChoice) -> ScenarioRun:
    """The scenario with `app` in the world instead of a policy."""
    with app.opened() as factory:
        world = World(scenario, APP_COLUMN, app=factory)
        try:
            return world.run()
        finally:
            world.close()


def compare_table(name: str, runs: dict[str, ScenarioRun]) -> str:
    """A plain-text table: one row per step, one column per policy, then the summaries."""
    names = list(runs)
    first = runs[names[0]]
    rows = [["step", "event", *names]]
    for i, line in enumerate(first.lines):
        label = line.event["event"]
        extra = {k: v for k, v in line.event.items() if k != "event"}
        if extra:
            label += " " + " ".join(f"{k}={v}" for k, v in extra.items())
        rows.append([str(i), label, *(runs[n].lines[i].state for n in names)])
    rows.append(["", "", *("" for _ in names)])
    for field in (
        "logouts",
        "spurious_logouts",
        "stranded_users",
        "app_errors",
        "tokens_honoured_after_logout",
        "work_with_revoked_tokens",
        "keychain_reads_while_unavailable",
        "auth_requests_while_unavailable",
        "deferred_completed",
        "exposure_seconds",
        "violations",
    ):
        values = []
        for n in names:
            value = getattr(runs[n].summary, field)
            values.append(str(len(value)) if isinstance(value, list) else f"{value:g}")
        rows.append(["", field, *values])
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    out = [f"scenario: {name}"]
    for r in rows:
        out.append("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
    return "\n".join(out) + "\n"
