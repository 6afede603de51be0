"""Model-checker throughput against a baseline commit, side by side in one run, and the cost of one
spec step.

Owns: the side-by-side search — the same bounded `authsession explore` run through the command
line on the working tree and on a baseline revision checked out in a temporary `git worktree`
(removed afterwards, on Ctrl-C and SIGTERM too), rounds interleaved (baseline, current, baseline,
current, ...) so machine noise hits both alike; reading configurations, transitions and seconds
from each report (a report this script cannot read stops it with the report shown, never a 0);
medians of configurations/s and transitions/s per tree and their ratio current/baseline; beside
it, transitions per second of the search process's CPU time (`getrusage`: start-up included, so
it understates a change in the search, but other load on the machine disturbs it far less than
the wall-clock seconds the report prints). And the
per-step figures on the working tree: one step of the interpreter (`authsession.spec.step`, the
table's meaning) and of the `transitions` core (`SessionCore.step`) against a dict lookup, on
the same seeded random walk over the event alphabet (both checked to take the same path).

Run: `python benchmarks/explore.py [--baseline REV] [--rounds N] [--depth D] [--workers W]
[--search ARGS] [--steps N] [--json]` (defaults: b30ae15, 5 rounds, depth 2, 1 worker; tiny:
`--rounds 2 --depth 1 --steps 2000`). The search is `python -m authsession explore SEARCH
--depth D --workers W`, SEARCH defaulting to `DEFAULT_SEARCH` — flags both trees have. Only
the search's own seconds (as its report prints them) are timed, not interpreter start-up.
Absolute rates on shared machines are noise; the ratios are the result.

The former per-edge figures (replaying an edge's path from the root against thawing a frozen
world) timed `authsession.modelcheck` internals, not public functions; they are gone with them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import re
import resource
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Final

REPO: Final = Path(__file__).resolve().parents[1]
BASELINE: Final = "b30ae15"
#: The bounded search timed on both trees (~6 s at depth 2 on b30ae15, idle core); `--depth` and
#: `--workers` are appended. Every family switch b30ae15 has is spelled out, so a tree whose
#: defaults widen the space still runs this one. `--keep-going`: a tree that finds a failure
#: still searches the whole bounded space, so a bug fixed or added does not change the work timed.
DEFAULT_SEARCH: Final = (
    "--platform ios --policy reference --protection after_first_unlock --earlier none "
    "--passcode both --quirk both --rotating both --grace off --envelope off "
    "--access-control none --faults all --fault-budget 1 --siblings 2 --keep-going"
)
#: The report's first line, as `authsession/cli/explore_verb.py` (`report`) prints it: "...: 8
#: families, 2284 configurations, 17302 transitions, 41/100 table rows, 5.73 s (399
#: configurations/s), ...".
HEAD: Final = re.compile(
    r"(?P<families>\d+) families, (?P<configurations>\d+) configurations, "
    r"(?P<transitions>\d+) transitions, .*?(?P<seconds>\d+(?:\.\d+)?) s \("
)


class BenchmarkError(Exception):
    """Something that makes the figures meaningless: the run stops with this message."""


# --- per step -------------------------------------------------------------------------------------


def per_step(steps: int, rounds: int) -> dict[str, float]:
    """Median seconds per step of a dict lookup, `interpreter.step` and `SessionCore.step`, on one
    seeded random walk of `steps` events from the initial state; rounds interleaved."""
    from authsession.core import Context, SessionCore
    from authsession.core.explore import event_alphabet
    from authsession.spec import step

    alphabet = event_alphabet()
    rng = random.Random("explore-per-step")
    events = [rng.choice(alphabet) for _ in range(steps)]
    walker = SessionCore()
    start = (walker.current, walker.context.as_dict())
    triples, targets = [], []
    for event in events:
        triples.append((walker.current, walker.context.as_dict(), event))
        targets.append(walker.step(event).state)
    stepped = [step(state, context, event).state for state, context, event in triples]
    if stepped != targets:
        raise BenchmarkError("the interpreter and SessionCore took different paths on the walk")
    table = {
        (state, event.type): target
        for (state, _, event), target in zip(triples, targets, strict=True)
    }
    keys = [(state, event.type) for state, _, event in triples]

    def lookup() -> None:
        for key in keys:
            table[key]

    def interpreter() -> None:
        for state, context, event in triples:
            step(state, context, event)

    def core() -> None:
        session = SessionCore(start[0], Context(**start[1]))
        advance = session.step
        for event in events:
            advance(event)

    contenders: dict[str, Callable[[], None]] = {
        "dict lookup": lookup,
        "interpreter step": interpreter,
        "SessionCore.step": core,
    }
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):  # interleaved so machine noise hits every contender alike
        for name, run in contenders.items():
            begin = time.perf_counter()
            run()
            samples[name].append((time.perf_counter() - begin) / steps)
    return {name: statistics.median(values) for name, values in samples.items()}


# --- the baseline tree ----------------------------------------------------------------------------


def _git(*args: str) -> str:
    result = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True,
                            check=False)  # fmt: skip
    if result.returncode != 0:
        raise BenchmarkError(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout.strip()


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # the same clean-up as Ctrl-C


@contextlib.contextmanager
def baseline_tree(rev: str) -> Iterator[tuple[Path, str]]:
    """`rev` checked out (detached) in a temporary worktree; yields its path and full commit. The
    worktree is removed when the block ends, however it ends."""
    try:
        commit = _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except BenchmarkError:
        raise BenchmarkError(
            f"the baseline revision {rev!r} is not in this repository (a shallow clone? fetch "
            "it, or pass --baseline REV)"
        ) from None
    old_term = signal.signal(signal.SIGTERM, _terminate)
    scratch = Path(tempfile.mkdtemp(prefix="authsession-baseline-"))
    tree = scratch / "tree"
    try:
        _git("worktree", "add", "--detach", str(tree), commit)
        yield tree, commit
    finally:
        old_int = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C waits for this
        try:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)],
                           capture_output=True, check=False)  # fmt: skip
            shutil.rmtree(scratch, ignore_errors=True)
            subprocess.run(["git", "-C", str(REPO), "worktree", "prune"], capture_output=True,
                           check=False)  # fmt: skip
        finally:
            signal.signal(signal.SIGINT, old_int)
            signal.signal(signal.SIGTERM, old_term)


def _environment(tree: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(tree), *filter(None, [env.get("PYTHONPATH")])])
    return env


def check_imports_from(tree: Path) -> None:
    """The children must run `tree`'s package, not an installed one: checked, not assumed."""
    result = subprocess.run(
        [sys.executable, "-c", "import authsession; print(authsession.__file__)"],
        cwd=tree, env=_environment(tree), capture_output=True, text=True, check=False,
    )  # fmt: skip
    where = Path(result.stdout.strip() or "?").resolve()
    if result.returncode != 0 or not where.is_relative_to(tree.resolve()):
        raise BenchmarkError(
            f"`import authsession` with PYTHONPATH={tree} loads {where}, not the tree's package: "
            f"{result.stderr.strip()[-500:]}"
        )


# --- one search -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Search:
    """One bounded search's report, as read from its first line."""

    configurations: int
    transitions: int
    seconds: float
    failure_found: bool
    #: CPU seconds (user + system) of the whole `explore` process, start-up included.
    cpu_seconds: float = math.nan

    @property
    def configurations_per_second(self) -> float:
        return self.configurations / self.seconds

    @property
    def transitions_per_second(self) -> float:
        return self.transitions / self.seconds

    @property
    def transitions_per_cpu_second(self) -> float:
        return self.transitions / self.cpu_seconds


def parse_report(text: str, where: str) -> Search:
    """The figures of an `explore` report's first line; a report without them, or with a figure
    that cannot be a rate's (no transitions, 0.00 s), is a `BenchmarkError` that shows it."""
    for line in text.splitlines():
        match = HEAD.search(line)
        if match is None:
            continue
        found = Search(int(match["configurations"]), int(match["transitions"]),
                       float(match["seconds"]), line.endswith("failure found"))  # fmt: skip
        if found.transitions <= 0 or found.configurations <= 0:
            raise BenchmarkError(f"{where}: the search explored nothing: {line}")
        if not (math.isfinite(found.seconds) and found.seconds > 0):
            raise BenchmarkError(f"{where}: the search took {found.seconds} s (too small to "
                                 f"time: raise --depth): {line}")  # fmt: skip
        return found
    shown = "\n".join(text.splitlines()[:12]) or "(nothing)"
    raise BenchmarkError(
        f"{where}: no line of the explore report reads 'N families, N configurations, N "
        "transitions, ..., S s (' — the report's format changed (authsession/cli/explore_verb.py); "
        f"update HEAD in benchmarks/explore.py. The report began:\n{shown}"
    )


def run_search(tree: Path, argv: list[str], where: str) -> Search:
    """`python -m authsession explore ARGV` on `tree`'s package; exit 0 (clean) or 1 (a failure
    found, reported on stderr) are reports, anything else stops the benchmark."""
    command = [sys.executable, "-m", "authsession", "explore", *argv]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, cwd=tree, env=_environment(tree), capture_output=True,
                            text=True, check=False)  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode not in (0, 1):
        tail = "\n".join(result.stderr.splitlines()[-15:])
        raise BenchmarkError(
            f"{where}: `{shlex.join(command)}` exited {result.returncode}:\n{tail}"
        )
    # A clean report is printed on stdout; after a failure it goes to stderr (the counterexample
    # takes stdout).
    found = parse_report(result.stdout if result.returncode == 0 else result.stderr, where)
    if not cpu > 0:
        raise BenchmarkError(f"{where}: no CPU time recorded for the search process")
    return replace(found, cpu_seconds=cpu)


def compare(baseline: Path, current: Path, argv: list[str], rounds: int) -> dict[str, list[Search]]:
    """Each tree's searches, rounds interleaved: baseline, current, baseline, current, ..."""
    runs: dict[str, list[Search]] = {"baseline": [], "current": []}
    for index in range(rounds):
        for name, tree in (("baseline", baseline), ("current", current)):
            runs[name].append(run_search(tree, argv, f"{name} tree, round {index + 1}"))
    return runs


def summary(searches: list[Search]) -> dict[str, Any]:
    return {
        "configurations": statistics.median_low(s.configurations for s in searches),
        "transitions": statistics.median_low(s.transitions for s in searches),
        # A bounded search is deterministic: rounds of one tree that differ are worth a look.
        "rounds_differ": len({(s.configurations, s.transitions) for s in searches}) > 1,
        "failure_found": any(s.failure_found for s in searches),
        "seconds": statistics.median(s.seconds for s in searches),
        "configurations_per_second": statistics.median(
            s.configurations_per_second for s in searches
        ),
        "transitions_per_second": statistics.median(s.transitions_per_second for s in searches),
        "cpu_seconds": statistics.median(s.cpu_seconds for s in searches),
        "transitions_per_cpu_second": statistics.median(
            s.transitions_per_cpu_second for s in searches
        ),
        "rounds": [asdict(s) for s in searches],
    }


# --- main -----------------------------------------------------------------------------------------


def _text(result: dict[str, Any]) -> list[str]:
    step = result["per_step"]
    lines = [
        f"per step (working tree; a seeded random walk of {result['steps']} events over the "
        f"alphabet, medians of {result['rounds']} rounds):",
        f"  {'':<18} {'ns/step':>9} {'÷ dict lookup':>14}",
    ]
    for name in ("dict lookup", "interpreter step", "SessionCore.step"):
        ns = step[name] * 1e9
        lines.append(f"  {name:<18} {ns:>9.1f} {step[name] / step['dict lookup']:>14.1f}")
    lines.append(
        f"  SessionCore.step ÷ interpreter step: "
        f"{step['SessionCore.step'] / step['interpreter step']:.2f}"
    )
    base, cur = result["baseline"], result["current"]
    lines += [
        f"search: python -m authsession explore {result['search']} "
        f"({result['rounds']} rounds per tree, interleaved; medians)",
        f"  {'tree':<26} {'configurations':>14} {'transitions':>12} {'seconds':>8} "
        f"{'configurations/s':>17} {'transitions/s':>14} {'CPU s':>7} {'transitions/CPU s':>18}",
    ]
    for label, tree in ((f"baseline {result['baseline_rev']}", base), ("current (working)", cur)):
        lines.append(
            f"  {label:<26} {tree['configurations']:>14} {tree['transitions']:>12} "
            f"{tree['seconds']:>8.2f} {tree['configurations_per_second']:>17.1f} "
            f"{tree['transitions_per_second']:>14.1f} {tree['cpu_seconds']:>7.2f} "
            f"{tree['transitions_per_cpu_second']:>18.1f}"
            + ("  (a failure found)" if tree["failure_found"] else "")
        )
    for label, tree in (("baseline", base), ("current", cur)):
        if tree["rounds_differ"]:
            lines.append(
                f"  note: the {label} tree's rounds explored spaces of different sizes (a "
                "deterministic search should not; see --json): counts shown are medians"
            )
    if (base["configurations"], base["transitions"]) != (cur["configurations"], cur["transitions"]):
        lines.append(
            "  note: the trees explore spaces of different sizes for the same flags; the ratios "
            "compare rates, not the time of one piece of work"
        )
    ratio, low, high = result["ratio"], *result["paired_transitions_ratio_range"]
    lines.append(
        f"ratio current/baseline: configurations/s x{ratio['configurations_per_second']:.2f}, "
        f"transitions/s x{ratio['transitions_per_second']:.2f} (round by round: "
        f"x{low:.2f} to x{high:.2f})"
    )
    lines.append(
        f"ratio current/baseline by the process's CPU time (start-up included): transitions/CPU s "
        f"x{ratio['transitions_per_cpu_second']:.2f}"
    )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE, metavar="REV",
                        help=f"the git revision to compare with (default {BASELINE})")  # fmt: skip
    parser.add_argument("--rounds", type=int, default=5, help="searches per tree (and per-step "
                        "rounds)")  # fmt: skip
    parser.add_argument("--depth", type=int, default=2, help="the search's --depth (its size)")
    parser.add_argument("--workers", type=int, default=1, help="the search's --workers")
    parser.add_argument("--search", default=DEFAULT_SEARCH, metavar="ARGS",
                        help=f"the explore flags besides --depth and --workers (default: "
                        f"{DEFAULT_SEARCH!r}); only flags both trees have")  # fmt: skip
    parser.add_argument("--steps", type=int, default=20_000, help="events per per-step round")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if args.rounds < 1 or args.depth < 1 or args.workers < 1 or args.steps < 1:
        parser.error("--rounds, --depth, --workers and --steps must be >= 1")
    argv = [*shlex.split(args.search), "--depth", str(args.depth), "--workers", str(args.workers)]
    try:
        step = per_step(args.steps, args.rounds)
        with baseline_tree(args.baseline) as (baseline, commit):
            for tree in (baseline, REPO):
                check_imports_from(tree)
            runs = compare(baseline, REPO, argv, args.rounds)
    except BenchmarkError as err:
        print(f"benchmarks/explore.py: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("benchmarks/explore.py: interrupted (no baseline worktree left behind)",
              file=sys.stderr)  # fmt: skip
        return 130
    base, cur = summary(runs["baseline"]), summary(runs["current"])
    result = {
        "baseline_rev": args.baseline,
        "baseline_commit": commit,
        "current_tree": str(REPO),
        "search": shlex.join(argv),
        "rounds": args.rounds,
        "steps": args.steps,
        "per_step": step,
        "baseline": base,
        "current": cur,
        "ratio": {
            key: cur[key] / base[key]
            for key in (
                "configurations_per_second",
                "transitions_per_second",
                "transitions_per_cpu_second",
            )
        },
    }
    # Each round's current rate over the same round's baseline rate: how far noise moved them.
    paired = [
        c.transitions_per_second / b.transitions_per_second
        for b, c in zip(runs["baseline"], runs["current"], strict=True)
    ]
    result["paired_transitions_ratio_range"] = [min(paired), max(paired)]
    print(json.dumps(result, indent=2) if args.json else "\n".join(_text(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
