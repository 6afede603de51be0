"""The default search: every family combination the world has, exhaustively to a depth, and beyond
it by seeded random deep walks across the same combinations (swarm testing), within a budget.

Owns: `campaign_space()` (a platform's whole space: every configured class, earlier class,
passcode, quirk, rotation, reuse grace, envelope and access control, with the extension's wake
and the update variants in the alphabet), `Plan` and `run_campaign()` — phase one searches every
family breadth-first to `Plan.depth` (every root, every event, every fault at every call a step
makes) for at most `Plan.exhaustive_share` of the budget; phase two draws walks until the budget
ends: each walk a family and a root at random, a
random half of the alphabet (swarm testing: a walk that never locks finds what locking hides),
4 to 40 steps, a fault armed before a fifth of them (`paths.draw`) — and a failure is cut down to
the steps it needs (`paths.shrink`). The most harmful failure found is the one reported (a user
signed out, stranded or owed work; then an app error; then an invariant broken with nobody
hurt), the shortest among those; the search stops at the first failure that hurt a user.
Deterministic for a given `Plan` and number of walks; the budget only decides how many walks run.
Must not import the CLI.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field, replace
from typing import Any, Final

from transitions import Machine

from authsession.app.choice import APP_COLUMN, AppChoice
from authsession.modelcheck.paths import (
    Coverage,
    Failure,
    depth_of,
    draw,
    replay_path,
    shrink,
)
from authsession.modelcheck.space import (
    TWINS,
    Family,
    Platform,
    Root,
    Space,
    every_family,
)
from authsession.modelcheck.world_model import (
    FamilyResult,
    _family_job,
    _search_family,
    quiet,
)
from authsession.world import scenario as sc

PLATFORMS: Final[tuple[Platform, ...]] = ("ios", "android", "memory")
#: Walks a worker runs between two looks at the clock.
CHUNK: Final = 16


#: The default search's spaces: every family of each platform.
campaign_space = every_family


@dataclass(frozen=True)
class Plan:
    """What the default search covers and for how long."""

    platforms: tuple[Platform, ...] = PLATFORMS
    #: Seconds for the whole search (the exhaustive phase included).
    budget: float = 240.0
    #: The share of the budget the exhaustive phase may take at most: on a loaded machine it is
    #: cut there, so the walks — what reaches depth, and most rows — always get the rest.
    exhaustive_share: float = 0.6
    #: The exhaustive phase's depth, in world steps.
    depth: int = 1
    seed: int = 0
    #: Walks at most (None: as many as the budget allows).
    walks: int | None = None
    fault_share: float = 0.2
    #: Search on past a failure that hurt a user (measure the whole budget).
    keep_going: bool = False
    #: Narrowed spaces (None: `campaign_space` of each platform).
    spaces: tuple[Space, ...] | None = None

    def chosen(self) -> tuple[Space, ...]:
        return self.spaces or tuple(campaign_space(p) for p in self.platforms)


@dataclass
class CampaignResult:
    plan: Plan
    policy: str
    coverage: Coverage = field(default_factory=Coverage)
    failure: Failure | None = None
    #: The exhaustive phase searched every family to `plan.depth` (not cut by the budget).
    exhaustive_done: bool = False
    seconds: float = 0.0


def _better(new: Failure | None, old: Failure | None) -> bool:
    return new is not None and (old is None or new.rank() < old.rank())


# -- phase one: every family, breadth-first to a depth --------------------------------------
def _family_failure(platform: Platform, found: FamilyResult) -> Failure | None:
    doc = found.counterexample
    if doc is None or found.harm is None:
        return None
    steps = list(sc.parse_scenario(doc, "explore").steps)
    root = _root_of(found.family, doc["device"]["phase"])
    depth = found.depth_found or len(steps)
    return Failure(platform, root, steps, found.failures, found.harm, depth, "exhaustive")


def _root_of(family: Family, phase: Any) -> Root:
    return Root(family.passcode, phase, family.protection, family.preexisting, family.quirk,
                family.rotating, family.grace, family.envelope, family.access_control,
                family.reuse)  # fmt: skip


def _covered(platform: Platform, found: FamilyResult) -> Coverage:
    out = Coverage(configurations=found.configurations, edges=found.edges, rows=set(found.rows))
    out.families[platform] += 1
    out.injected.update(found.injected)
    out.applied.update(found.applied)
    out.max_depth = found.max_depth
    out.failing = found.failing_edges
    return out


def _walk_chunk(
    seed: int,
    indices: range,
    spaces: tuple[Space, ...],
    policy: str,
    fault_share: float,
    app: AppChoice | None,
    machine: Machine | None = None,
) -> tuple[Coverage, Failure | None]:
    """Walks number `indices` of the run seeded `seed` (module level: a unit of parallel work)."""
    with contextlib.ExitStack() as stack:
        stack.enter_context(quiet())
        factory = None if app is None else stack.enter_context(app.opened())
        coverage, worst = Coverage(), None
        for index in indices:
            rng = random.Random(f"campaign-{seed}-{index}")
            chosen = spaces[index % len(spaces)]
            root, steps = draw(rng, chosen, fault_share)
            failures, harm = replay_path(
                chosen.platform, root, steps, policy, app=factory, machine=machine,
                coverage=coverage,
            )  # fmt: skip
            coverage.walks += 1
            depth = depth_of(steps)
            coverage.walk_steps += depth
            coverage.longest_walk = max(coverage.longest_walk, depth)
            if harm is not None:
                coverage.failing += 1
                found = Failure(chosen.platform, root, steps, failures, harm, depth, "walk")
                if _better(found, worst):
                    worst = found
                if harm == 0:
                    break
        return coverage, worst


# -- the campaign --------------------------------------------------------------------------
Progress = Callable[[CampaignResult, str], None]


def run_campaign(
    plan: Plan,
    *,
    policy: str = "reference",
    app: AppChoice | None = None,
    executor: Executor | None = None,
    machine: Machine | None = None,
    progress: Progress | None = None,
) -> CampaignResult:
    """Phase one, then phase two, each until the budget ends or a user is hurt; the failure
    found is shrunk (in this process) before it is reported."""
    start = time.perf_counter()
    deadline = start + plan.budget
    name = APP_COLUMN if app is not None else policy
    result = CampaignResult(plan, name)
    spaces = plan.chosen()
    if machine is not None:
        executor = None  # a mutated machine cannot be sent to a worker
    for chosen in spaces:
        result.coverage.families_total[chosen.platform] = len(_without_twins(chosen).families())

    def offer(found: Failure | None) -> bool:
        """Keep `found` if it is worse than what we have; True: stop (a user was hurt)."""
        if _better(found, result.failure):
            result.failure = found
        return result.failure is not None and result.failure.harm == 0 and not plan.keep_going

    exhaustive_deadline = start + plan.budget * plan.exhaustive_share
    stop = _exhaustive(plan, spaces, name, app, executor, machine, exhaustive_deadline, result,
                       offer, progress)  # fmt: skip
    if not stop and (plan.walks is None or plan.walks > 0):
        _walks(plan, spaces, name, app, executor, machine, deadline, result, offer, progress)
    if result.failure is not None:
        with contextlib.ExitStack() as stack:
            factory = None if app is None else stack.enter_context(app.opened())
            # Shrinking gets a share of its own: a long walk is worth minutes of nobody's time.
            cutoff = time.perf_counter() + max(30.0, plan.budget / 8)
            result.failure = shrink(
                result.failure, name, app=factory, machine=machine, deadline=cutoff
            )
    result.seconds = time.perf_counter() - start
    return result


def _exhaustive(
    plan: Plan,
    spaces: tuple[Space, ...],
    name: str,
    app: AppChoice | None,
    executor: Executor | None,
    machine: Machine | None,
    deadline: float,
    result: CampaignResult,
    offer: Callable[[Failure | None], bool],
    progress: Progress | None,
) -> bool:
    """Phase one; True if it found a failure that hurt a user (the search is over)."""
    jobs = _interleaved([(s, f) for f in _without_twins(s).families()] for s in spaces)
    stopped, done = False, 0
    for chosen, found in _run_jobs(jobs, plan, name, app, executor, machine, deadline):
        done += 1
        result.coverage.merge(_covered(chosen.platform, found))
        stopped = offer(_family_failure(chosen.platform, found))
        if progress is not None:
            progress(result, f"exhaustive {done}/{len(jobs)} families")
        if stopped:
            break
    result.exhaustive_done = done == len(jobs) and not stopped
    return stopped


def _without_twins(chosen: Space) -> Space:
    """The exhaustive phase's bound (`space.TWINS`): a ThisDeviceOnly class is searched through
    its twin, which behaves the same but on a restore (the walks draw both)."""
    kept = tuple(c for c in chosen.protections if c not in TWINS)
    return replace(chosen, protections=kept) if kept else chosen


def _interleaved(groups: Iterator[list[tuple[Space, Family]]] | Any) -> list[tuple[Space, Family]]:
    """Families of every platform in turn, so a budget that runs out cuts each alike."""
    lists = [list(g) for g in groups]
    out: list[tuple[Space, Family]] = []
    for i in range(max((len(g) for g in lists), default=0)):
        out.extend(g[i] for g in lists if i < len(g))
    return out


def _run_jobs(
    jobs: list[tuple[Space, Family]],
    plan: Plan,
    name: str,
    app: AppChoice | None,
    executor: Executor | None,
    machine: Machine | None,
    deadline: float,
) -> Iterator[tuple[Space, FamilyResult]]:
    if executor is None:
        with contextlib.ExitStack() as stack:
            factory = None if app is None else stack.enter_context(app.opened())
            for chosen, family in jobs:
                if time.perf_counter() > deadline:
                    return
                yield chosen, _search_family(chosen, family, name, plan.depth, machine,
                                             False, factory)  # fmt: skip
        return
    pending: list[tuple[Space, Future[FamilyResult]]] = [
        (chosen, executor.submit(_family_job, chosen, family, name, plan.depth, False, app))
        for chosen, family in jobs
    ]
    interrupted = False
    try:
        for chosen, future in pending:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return
            yield chosen, future.result()
    except GeneratorExit:
        raise
    except BaseException:
        # Ctrl-C or a broken pool: the pool's own teardown ends the workers and their futures
        # (cancelling them here first races its manager thread, which then prints a traceback).
        interrupted = True
        raise
    finally:
        if not interrupted:
            for _, future in pending:
                future.cancel()


def _walks(
    plan: Plan,
    spaces: tuple[Space, ...],
    policy: str,
    app: AppChoice | None,
    executor: Executor | None,
    machine: Machine | None,
    deadline: float,
    result: CampaignResult,
    offer: Callable[[Failure | None], bool],
    progress: Progress | None,
) -> None:
    limit = plan.walks
    next_index = 0

    def chunk() -> range | None:
        nonlocal next_index
        if limit is not None and next_index >= limit:
            return None
        end = next_index + CHUNK if limit is None else min(limit, next_index + CHUNK)
        out, next_index = range(next_index, end), end
        return out

    def take(coverage: Coverage, found: Failure | None) -> bool:
        result.coverage.merge(coverage)
        if progress is not None:
            progress(result, f"{result.coverage.walks} walks")
        return offer(found)

    if executor is None:
        while time.perf_counter() < deadline and (indices := chunk()) is not None:
            if take(*_walk_chunk(plan.seed, indices, spaces, policy, plan.fault_share, app,
                                 machine)):  # fmt: skip
                return
        return
    in_flight: list[Future[tuple[Coverage, Failure | None]]] = []
    try:
        while True:
            while len(in_flight) < 4 and time.perf_counter() < deadline:
                indices = chunk()
                if indices is None:
                    break
                in_flight.append(executor.submit(_walk_chunk, plan.seed, indices, spaces, policy,
                                                 plan.fault_share, app))  # fmt: skip
            if not in_flight:
                return
            if take(*in_flight.pop(0).result()):
                return
    except BaseException:
        in_flight.clear()  # as above: the pool's teardown ends them
        raise
    finally:
        for future in in_flight:
            future.cancel()
