"""The host's differential tester: an app process against the Python reference, call for call.

Owns: `observe()` (one scenario through an app with its `Transcript`, `transcript.py`),
`Comparison` and `compare()` (one scenario through the app, through the in-process reference for
the trace and through the reference app — `authsession app`, the same session behind the same
pipe — for the calls; the first divergence of either), `Plan` and
`hostdiff()` — seeded random scenarios over every platform, option and fault
(`paths.draw` over `space.every_family` of each platform, without envelope storage, which the
protocol does not carry), the first divergence shrunk to a minimal scenario (the shortest
diverging prefix, then greedy removal of single steps and of an armed fault with its step) —
and `side_by_side()`, the two call transcripts as two columns.
Must not import the CLI.
"""

from __future__ import annotations

import contextlib
import random
import shlex
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

from authsession.adapters.keychain import INSECURE_PROTECTION
from authsession.modelcheck.campaign import PLATFORMS
from authsession.modelcheck.paths import draw, is_injection
from authsession.modelcheck.space import Platform, Root, Space, every_family
from authsession.modelcheck.transcript import Labels, Transcript
from authsession.world import scenario as sc
from authsession.world.app_process import AppLauncher
from authsession.world.trace import to_jsonl
from authsession.world.world import World

#: The Python reference behind the pipe: what a host's calls are compared with.
REFERENCE_APP: Final = f"{shlex.quote(sys.executable)} -m authsession app"
#: The default budget: this many scenarios (every platform in turn), or this many seconds,
#: whichever ends first. The Python reference runs three times per scenario (in-process, behind
#: the pipe, and the host under test), ~0.1 s each on one core.
DEFAULT_SCENARIOS: Final = 1000
DEFAULT_SECONDS: Final = 600.0
#: Shrinking gets its own time: a 40-step walk needs a few hundred replays.
SHRINK_SECONDS: Final = 120.0
#: Armed faults: the share of a walk's steps preceded by one (as the default explore's walks).
FAULT_SHARE: Final = 0.2
#: Cells of `side_by_side`.
COLUMN: Final = 64


@dataclass
class Observed:
    """One scenario through one app: its trace (`authsession.trace/1`) and its transcript."""

    trace: str
    transcript: Transcript


def observe(scenario: sc.Scenario, launcher: AppLauncher, labels: Labels) -> Observed:
    """Run `scenario` with the app `launcher` starts, listening to every line."""
    transcript = Transcript(labels)
    launcher.listen(transcript.listen)
    world = World(scenario, "app", app=launcher.factory)
    try:
        run = world.run()
    finally:
        world.close()
        launcher.listen(None)
    return Observed(to_jsonl(run.lines, run.summary), transcript)


def reference_trace(scenario: sc.Scenario) -> str:
    """The in-process reference's trace of `scenario`."""
    world = World(scenario, "reference")
    try:
        run = world.run()
    finally:
        world.close()
    return to_jsonl(run.lines, run.summary)


@dataclass
class Comparison:
    """One scenario, the app against the reference: where they first differ (None: nowhere)."""

    app: Observed
    reference: Observed
    #: The in-process reference's trace.
    trace: str
    #: "calls" or "trace" (calls first: a call differs before the step it leads to).
    kind: str | None = None
    #: Index of the first differing transcript entry or trace line.
    index: int = 0
    #: The in-process trace differs from the app's and the reference app's alike (`compare`).
    world_differs: bool = False

    @property
    def diverged(self) -> bool:
        return self.kind is not None

    def describe(self) -> str:
        """One line (no secret: transcripts hold labels, traces hold none)."""
        if self.kind == "calls":
            mine = _at(self.app.transcript.entries, self.index)
            theirs = _at(self.reference.transcript.entries, self.index)
            return (
                f"calls differ at line {self.index + 1} of the transcript: the app "
                f"{_squeeze(mine)}, the reference {_squeeze(theirs)}"
            )
        if self.kind == "trace":
            mine = _at(self.app.trace.splitlines(), self.index)
            theirs = _at(self.trace.splitlines(), self.index)
            return (
                f"traces differ at line {self.index + 1}: the app {_squeeze(mine, 160)}, "
                f"the reference {_squeeze(theirs, 160)}"
            )
        return "no divergence"


def _at(lines: Sequence[str], index: int) -> str | None:
    return lines[index] if index < len(lines) else None


def _squeeze(entry: str | None, limit: int = 120) -> str:
    if entry is None:
        return "has nothing more"
    text = " ".join(entry.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _first_difference(left: Sequence[str], right: Sequence[str]) -> int | None:
    for index, (a, b) in enumerate(zip(left, right, strict=False)):
        if a != b:
            return index
    return None if len(left) == len(right) else min(len(left), len(right))


def compare(scenario: sc.Scenario, app: AppLauncher, reference: AppLauncher) -> Comparison:
    """`scenario` through `app`, through the reference app and in-process; the first divergence
    of the calls (app against reference app), else of the trace (app against in-process). A
    trace that differs from the in-process one exactly as the reference app's does is no
    divergence of the app's (`world_differs`): the world judges what it sees of any app behind
    the pipe (SecItem calls, not the adapter's results), and once in a while that is less."""
    labels = Labels()
    mine = observe(scenario, app, labels)
    theirs = observe(scenario, reference, labels)
    result = Comparison(mine, theirs, reference_trace(scenario))
    index = _first_difference(mine.transcript.entries, theirs.transcript.entries)
    if index is not None:
        result.kind, result.index = "calls", index
        return result
    index = _first_difference(mine.trace.splitlines(), result.trace.splitlines())
    if index is None:
        return result
    if mine.trace == theirs.trace:
        result.world_differs = True
        return result
    result.kind, result.index = "trace", index
    return result


def side_by_side(app: Transcript, reference: Transcript, *, app_name: str = "app") -> str:
    """The two transcripts as two columns, `!` where a line differs (`<`/`>`: one side has no
    such line), then the first differing line of each in full."""
    left, right = app.entries, reference.entries
    first = _first_difference(left, right)
    rows = [f"   {'#':>4}  {app_name:<{COLUMN}}  reference"]
    for index in range(max(len(left), len(right))):
        a, b = _at(left, index), _at(right, index)
        mark = " " if a == b else ("<" if b is None else ">" if a is None else "!")
        rows.append(f"{mark}  {index + 1:>4}  {_cell(a):<{COLUMN}}  {_cell(b)}".rstrip())
    if first is None:
        rows.append(f"the same {len(left)} lines ({app.calls} adapter calls)")
    else:
        rows.append(f"first difference at line {first + 1}:")
        rows.append(f"  {app_name}:       {_at(left, first) or '(nothing)'}".rstrip())
        rows.append(f"  reference: {_at(right, first) or '(nothing)'}".rstrip())
    return "\n".join(rows) + "\n"


def _cell(entry: str | None) -> str:
    if entry is None:
        return ""
    return entry if len(entry) <= COLUMN else entry[: COLUMN - 1] + "…"


# The search -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What `hostdiff` draws and for how long."""

    scenarios: int = DEFAULT_SCENARIOS
    seconds: float = DEFAULT_SECONDS
    seed: int = 0
    platforms: tuple[Platform, ...] = PLATFORMS
    fault_share: float = FAULT_SHARE
    shrink_seconds: float = SHRINK_SECONDS
    #: Draw the classes readable before the first unlock too (`spaces`).
    insecure: bool = False


@dataclass
class Divergence:
    """A scenario on which the app and the reference differ, shrunk."""

    platform: Platform
    root: Root
    steps: list[sc.WorldEvent]
    comparison: Comparison
    #: Scenario number (from 0) in the run that found it, and its steps before shrinking.
    found_at: int
    drawn_steps: int

    def document(self) -> dict[str, Any]:
        doc = self.root.document(self.platform, self.steps)
        doc["name"] = f"difftest-app-{self.platform}-{self.found_at}"
        doc["description"] = (
            f"found by `authsession difftest --app` (scenario {self.found_at}, "
            f"{self.drawn_steps} steps before shrinking): {self.comparison.kind} differ"
        )
        return doc


@dataclass
class HostDiffResult:
    plan: Plan
    scenarios: int = 0
    steps: int = 0
    calls: int = 0
    platforms: dict[str, int] = field(default_factory=dict)
    #: Scenarios the world judged differently behind the pipe, for the reference app too.
    world_differs: int = 0
    divergence: Divergence | None = None
    seconds: float = 0.0

    def summary(self) -> str:
        per = ", ".join(f"{n} {name}" for name, n in self.platforms.items())
        pipe = (
            f"; {self.world_differs} judged alike for the reference app behind the pipe but "
            "not in-process"
            if self.world_differs
            else ""
        )
        return (
            f"difftest --app: no divergence in {self.scenarios} scenarios ({per}; "
            f"{self.steps} world steps, {self.calls} adapter calls compared; seed "
            f"{self.plan.seed}, {self.seconds:.0f} s{pipe})"
        )


def spaces(platforms: Sequence[Platform], *, insecure: bool = False) -> tuple[Space, ...]:
    """Each platform's whole space (`every_family`), without envelope storage — the protocol
    does not carry it (an app stores however it stores; docs/app-protocol.md) — and, unless
    `insecure`, without the classes readable before the first unlock (configured or stored by an
    earlier version): the reference refuses them unless a scenario allows them, and a host may
    refuse them outright (the Swift package binds no deprecated `Always` class)."""
    out = []
    for platform in platforms:
        whole = replace(every_family(platform), envelope=(False,))
        if not insecure:
            whole = replace(
                whole,
                protections=tuple(c for c in whole.protections if c not in INSECURE_PROTECTION),
                preexisting=tuple(c for c in whole.preexisting if c not in INSECURE_PROTECTION),
            )
        out.append(whole)
    return tuple(out)


def drawn(plan: Plan, index: int, chosen: tuple[Space, ...]) -> tuple[Space, Root, list[Any]]:
    """Scenario number `index` of the run seeded `plan.seed` (the same every time)."""
    space = chosen[index % len(chosen)]
    rng = random.Random(f"hostdiff-{plan.seed}-{index}")
    root, steps = draw(rng, space, plan.fault_share)
    return space, root, steps


def scenario_of(platform: Platform, root: Root, steps: Sequence[sc.WorldEvent]) -> sc.Scenario:
    return sc.parse_scenario(root.document(platform, steps), "difftest")


Progress = Callable[[HostDiffResult], None]


def hostdiff(
    app: AppLauncher,
    reference: AppLauncher,
    plan: Plan = Plan(),
    *,
    progress: Progress | None = None,
) -> HostDiffResult:
    """Draw scenarios until the budget ends or the app diverges; shrink the divergence."""
    start = time.perf_counter()
    deadline = start + plan.seconds
    result = HostDiffResult(plan)
    chosen = spaces(plan.platforms, insecure=plan.insecure)
    for index in range(plan.scenarios):
        if time.perf_counter() > deadline:
            break
        space, root, steps = drawn(plan, index, chosen)
        comparison = compare(scenario_of(space.platform, root, steps), app, reference)
        result.scenarios += 1
        result.steps += len(steps)
        result.calls += comparison.reference.transcript.calls
        result.platforms[space.platform] = result.platforms.get(space.platform, 0) + 1
        result.world_differs += comparison.world_differs
        if progress is not None:
            progress(result)
        if comparison.diverged:
            found = Divergence(space.platform, root, list(steps), comparison, index, len(steps))
            cutoff = time.perf_counter() + plan.shrink_seconds
            result.divergence = shrink(found, app, reference, deadline=cutoff)
            break
    result.seconds = time.perf_counter() - start
    return result


def shrink(
    found: Divergence, app: AppLauncher, reference: AppLauncher, *, deadline: float | None = None
) -> Divergence:
    """`found` with as few steps as still diverge: the shortest diverging prefix, then greedy
    removal of single steps and of pairs (an armed fault with the step it strikes)."""

    def diverges(steps: list[sc.WorldEvent]) -> Comparison | None:
        if not steps or all(is_injection(e) for e in steps):
            return None
        comparison = compare(scenario_of(found.platform, found.root, steps), app, reference)
        return comparison if comparison.diverged else None

    def late() -> bool:
        return deadline is not None and time.perf_counter() > deadline

    best, verdict = list(found.steps), found.comparison
    for end in range(1, len(best) + 1):
        if late():
            break
        trial = diverges(best[:end])
        if trial is not None:
            best, verdict = best[:end], trial
            break
    changed = True
    while changed and not late():
        changed = False
        i = len(best) - 1
        while i >= 0 and not late():
            for width in (2, 1):
                start = i - width + 1
                if start < 0:
                    continue
                attempt = best[:start] + best[i + 1 :]
                trial = diverges(attempt)
                if trial is not None:
                    best, verdict, changed = attempt, trial, True
                    i = start
                    break
            i -= 1
    return replace(found, steps=best, comparison=verdict)


@contextlib.contextmanager
def launchers(command: str, timeout: float) -> Iterator[tuple[AppLauncher, AppLauncher]]:
    """The app's launcher and the reference app's, both ended when the block ends."""
    with (
        AppLauncher(command, timeout=timeout) as app,
        AppLauncher(REFERENCE_APP, timeout=timeout, source="authsession app") as reference,
    ):
        yield app, reference
