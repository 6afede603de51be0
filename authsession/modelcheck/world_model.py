"""The world-level model checker: breadth-first search over abstracted world configurations.

Owns: `explore_world()` with its statistics and
coverage (table rows fired, faults injected per call), and the shortest counterexample as an
`authsession.scenario/1` document. The space itself (roots, alphabet, faults, bounds) is
`authsession.modelcheck.space`; what makes two concrete worlds "the same configuration" is
`authsession.modelcheck.abstraction`.

Each family of roots (`space.Family`) is searched on its own — no configuration of one family
is a configuration of another — so families are the unit of parallel work. Within a family,
each configuration's world is frozen once and thawed for each of its edges
(`authsession.modelcheck.clone`): one step per edge instead of a replay of the whole path.
Every edge is judged by the world oracle (`authsession.oracle.failures`). Faults are injected
at the calls a step actually makes: each edge is first taken without a fault, and the calls it
made (`World.faults.calls`) are where the selected faults are then tried, one per step.
An app given with `--app` (`authsession.app.choice`: a process speaking `authsession.app/1`, or
an in-process factory) cannot be pickled: its configurations are reached again by replaying
their path from the root instead (replays are deterministic), and its `fingerprint` is what
merges them.
Must not import the CLI.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

from transitions import Machine

from authsession.app.choice import APP_COLUMN, AppChoice, AppFactory
from authsession.core.machine import MACHINE
from authsession.invariants import Record, work_pending_after
from authsession.modelcheck.abstraction import ROW_OF as ROW_OF
from authsession.modelcheck.abstraction import Key
from authsession.modelcheck.abstraction import abstract as abstract
from authsession.modelcheck.abstraction import row_indices as row_indices
from authsession.modelcheck.abstraction import rows_of as rows_of
from authsession.modelcheck.alphabet import injection_event, label
from authsession.modelcheck.clone import Frozen, freeze, thaw
from authsession.modelcheck.space import Family, Platform, Root, Space, space
from authsession.spec.table import TABLE, Rule
from authsession.world import scenario as sc
from authsession.world.policies import POLICIES
from authsession.world.world import World


@functools.lru_cache(maxsize=1024)
def _scenario(root: Root, platform: Platform, policy: str | None) -> sc.Scenario:
    """A root's scenario (frozen: one parse serves every edge out of the root)."""
    return root.scenario(platform, (), policy)


@dataclass
class FamilyResult:
    """One family's search: its size, coverage, and the first (shortest) failure if any."""

    family: Family
    configurations: int = 0
    edges: int = 0
    rows: set[int] = field(default_factory=set)
    injected: Counter[tuple[str, str]] = field(default_factory=Counter)
    seconds: float = 0.0
    cut: bool = False
    max_depth: int = 0
    failures: list[str] = field(default_factory=list)
    counterexample: dict[str, Any] | None = None
    depth_found: int | None = None
    #: How harmful the recorded failure is (`authsession.oracle.harm`: 0 a user hurt).
    harm: int | None = None
    #: Edges that failed (the search goes on past them, not through them).
    failing_edges: int = 0
    #: Alphabet event (its `label`) -> edges it was applied on.
    applied: Counter[str] = field(default_factory=Counter)


@dataclass
class WorldExploration:
    platform: Platform
    policy: str
    depth: int | None
    configurations: int = 0
    edges: int = 0
    rows: set[Rule] = field(default_factory=set)
    seconds: float = 0.0
    exhausted: bool = False
    violations: list[str] = field(default_factory=list)
    counterexample: dict[str, Any] | None = None
    max_depth: int = 0
    families: int = 0
    failed_families: int = 0
    #: (call, effect) -> edges on which that injected fault struck.
    injected: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: The world steps of the counterexample (faults arming a step are not counted).
    counterexample_depth: int | None = None
    #: How harmful the counterexample's failure is (`authsession.oracle.harm`).
    harm: int | None = None
    failing_edges: int = 0
    #: Alphabet event (its `label`, e.g. `server:rate_limited`) -> edges it was applied on.
    applied: Counter[str] = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return self.configurations / self.seconds if self.seconds > 0 else 0.0


Progress = Callable[[WorldExploration, int], None]


def _enabled(event: sc.WorldEvent, world: World, budget_left: bool, siblings: int) -> bool:
    """Events that would break a bound, or provably change nothing (the same configuration,
    no record, so no failure), are not tried here."""
    match event:
        case sc.Fault(lasting=True):
            return budget_left and not world.faults.lasting  # one lasting fault at a time
        case sc.ClearFaults():
            return bool(world.faults.lasting)
        case sc.SiblingRacesNextRefresh():
            return world.server.siblings_pending < siblings
        case sc.DuringNextRefresh():
            # One interleaving armed at a time, from the fault budget; it strikes a refresh.
            return budget_left and not world.server.in_flight and world.server.has_accounts
        case sc.ResourceUnauthorized():
            return world.resource_refusals == 0 and world.app is not None
        case sc.RemovePasscode():
            return world.device.has_passcode()
        case sc.Server(mode=mode):
            return world.server.mode != mode
        case sc.Network(online=online):
            return world.server.online != online
        case sc.Background():
            return world.foreground
        case sc.Terminate():
            return world.app is not None
        case sc.WallClockJump():
            return world.app is not None  # wall time is abstracted away; no app, no record
        case sc.RevocationHint() | sc.LogoutElsewhere():
            return world.server.has_accounts  # nobody signed in yet: nothing to revoke or hint
    return True


def _owed(records: Iterable[Record], owed: bool) -> bool:
    for r in records:
        owed = work_pending_after(r, owed)
    return owed


@dataclass(frozen=True)
class _Node:
    """A configuration to expand: its world (frozen), how it was reached, and the events of the
    alphabet enabled in it."""

    #: The world, pickled (None: an `--app` world, reached again by replaying `path`).
    frozen: Frozen | None
    root: Root
    path: tuple[sc.WorldEvent, ...]
    depth: int
    owed: bool
    events: tuple[sc.WorldEvent, ...]
    #: Faults (injections, kills, lasting faults) used on the path so far.
    faults: int


_QUIET_LOCK = threading.Lock()
_quiet_depth = 0
_quiet_saved = logging.NOTSET


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """The runtime logs each injected raise it absorbs as a warning: thousands per search.
    Searches may overlap (threads, nesting): the first in saves the level, the last out restores
    it, so no interleaving leaves the package's logger muted after every search ended."""
    global _quiet_depth, _quiet_saved
    logger = logging.getLogger("authsession")
    with _QUIET_LOCK:
        if _quiet_depth == 0:
            _quiet_saved = logger.level
            logger.setLevel(logging.ERROR)
        _quiet_depth += 1
    try:
        yield
    finally:
        with _QUIET_LOCK:
            _quiet_depth -= 1
            if _quiet_depth == 0:
                logger.setLevel(_quiet_saved)


def _search_family(
    space_: Space,
    family: Family,
    policy: str,
    depth: int | None,
    machine: Machine | None,
    keep_going: bool = False,
    app: AppFactory | None = None,
) -> FamilyResult:
    with quiet():
        return _bfs(space_, family, policy, depth, machine, keep_going, app)


def _bfs(
    space_: Space,
    family: Family,
    policy: str,
    depth: int | None,
    machine: Machine | None,
    keep_going: bool,
    app: AppFactory | None = None,
) -> FamilyResult:
    """Breadth-first search of one family, stopping at its first failure (the shortest, in
    world steps; ties go to the first configuration, event and call in search order)."""
    result = FamilyResult(family)
    start = time.perf_counter()
    keep = (MACHINE,) if machine is None else (MACHINE, machine)
    # Configuration -> the fewest faults any path to it used. Reached again with as many or
    # more, it has nothing new: fewer faults used leave at least the same successors.
    seen: dict[Key, int] = {}
    layer: list[_Node] = []
    alphabet = space_.alphabet(family)

    budget = space_.fault_budget
    named = None if app is not None else policy  # an app's counterexample names no policy

    def begin(root: Root) -> World:
        return World(_scenario(root, space_.platform, named), policy, machine=machine, app=app)

    def restore(parent: _Node) -> World:
        if parent.frozen is not None:
            return thaw(parent.frozen)
        world = begin(parent.root)
        for event in parent.path:
            world.feed(event)
        return world

    def node(world: World, root: Root, path: tuple[sc.WorldEvent, ...], depth: int,
             owed: bool, faults: int) -> _Node:  # fmt: skip
        events = tuple(e for e in alphabet if _enabled(e, world, faults < budget, space_.siblings))
        # A root is built again from its scenario (cheaper than a thaw); an app's world is
        # reached again by replaying its path.
        frozen = freeze(world, keep=keep) if app is None and depth > 0 else None
        return _Node(frozen, root, path, depth, owed, events, faults)

    for root in space_.roots(family):
        world = begin(root)
        key = abstract(world, False)
        if key not in seen:
            seen[key] = 0
            layer.append(node(world, root, (), 0, False, 0))
        world.close()

    def judge(parent: _Node, world: World, path: tuple[sc.WorldEvent, ...],
              new: list[Record], faulted: bool) -> _Node | None:  # fmt: skip
        result.edges += 1
        result.applied[label(path[-1])] += 1
        result.rows.update(row_indices(new))
        for fired in world.faults.fired:
            result.injected[fired] += 1
        failed = world.failures()
        if failed:
            result.failing_edges += 1
            harm = world.harm()
            if result.harm is None or (harm is not None and harm < result.harm):
                # The most harmful failure first, the shortest (BFS order) among those.
                result.failures, result.harm = failed, harm
                result.depth_found = parent.depth + 1
                result.counterexample = parent.root.document(space_.platform, path, named)
            if harm == 0 and not keep_going:
                raise _Failed  # a user was hurt: nothing more harmful can be found
            return None
        owed = _owed(new, parent.owed)
        faults = parent.faults + faulted
        key = abstract(world, owed)
        if seen.get(key, faults + 1) <= faults:
            return None
        seen[key] = faults
        result.max_depth = max(result.max_depth, parent.depth + 1)
        if depth is not None and parent.depth + 1 >= depth:
            # A leaf of the bounded search: never expanded, so never frozen.
            return _Node(None, parent.root, path, parent.depth + 1, owed, (), faults)
        return node(world, parent.root, path, parent.depth + 1, owed, faults)

    while layer and (keep_going or result.harm != 0):
        if depth is not None and layer[0].depth >= depth:
            result.cut = True  # successors exist beyond the bound: the space is not exhausted
            break
        following: list[_Node] = []
        try:
            for parent in layer:
                following.extend(_expand(parent, space_, judge, restore))
        except _Failed:
            break
        layer = following
    result.configurations = len(seen)
    result.seconds = time.perf_counter() - start
    return result


class _Failed(Exception):
    """The edge just judged failed: the family's search is over."""


Judge = Callable[[_Node, World, tuple[sc.WorldEvent, ...], list[Record], bool], "_Node | None"]


def _expand(
    parent: _Node, space_: Space, judge: Judge, restore: Callable[[_Node], World]
) -> Iterator[_Node]:
    """Every edge out of `parent`: each enabled event without a fault, then — while the path's
    fault budget lasts — with each selected fault at each call that step made (`judge` raises
    `_Failed` on a failing edge). `restore` gives a fresh copy of the parent's world."""
    inject = parent.faults < space_.fault_budget
    for event in parent.events:
        world = restore(parent)
        new = world.feed(event)
        calls = tuple(world.faults.calls) if inject else ()
        lasting = isinstance(event, sc.Fault | sc.DuringNextRefresh)
        child = judge(parent, world, (*parent.path, event), new, lasting)
        world.close()
        if child is not None:
            yield child
        for call, nth, effect in space_.injections(calls):
            armed = injection_event(call, nth, effect)
            world = restore(parent)
            world.feed(armed)
            new = world.feed(event)
            child = judge(parent, world, (*parent.path, armed, event), new, True)
            world.close()
            if child is not None:
                yield child


def _family_job(
    space_: Space,
    family: Family,
    policy: str,
    depth: int | None,
    keep_going: bool,
    app: AppChoice | None = None,
) -> FamilyResult:
    """One unit of parallel work (module level: picklable). The shipped spec only: a mutated
    machine is explored in-process. An app is opened by the worker, for this family."""
    if app is None:
        return _search_family(space_, family, policy, depth, None, keep_going)
    with app.opened() as factory:
        return _search_family(space_, family, policy, depth, None, keep_going, factory)


def _gather(
    result: WorldExploration,
    found: Iterable[FamilyResult],
    families: int,
    start: float,
    progress: Progress | None,
) -> tuple[FamilyResult | None, bool]:
    """Add up the families' results as they come; the shortest failure, and whether any family
    was cut by the depth bound."""
    best: FamilyResult | None = None
    cut = False
    for done, family_result in enumerate(found, start=1):
        result.configurations += family_result.configurations
        result.edges += family_result.edges
        result.rows |= {TABLE[i] for i in family_result.rows}
        result.injected.update(family_result.injected)
        result.applied.update(family_result.applied)
        result.max_depth = max(result.max_depth, family_result.max_depth)
        result.failing_edges += family_result.failing_edges
        cut |= family_result.cut
        if family_result.failures:
            result.failed_families += 1
            if best is None or _worse(family_result, best):
                best = family_result
        if progress is not None:
            result.seconds = time.perf_counter() - start
            progress(result, families - done)
    return best, cut


def _worse(a: FamilyResult, b: FamilyResult) -> bool:
    """`a` is the better report: more harmful, or as harmful and shorter."""
    return (a.harm if a.harm is not None else 3, a.depth_found or 0) < (
        b.harm if b.harm is not None else 3,
        b.depth_found or 0,
    )


def explore_world(
    *,
    platform: Platform = "ios",
    policy: str = "reference",
    depth: int | None = None,
    machine: Machine | None = None,
    space_: Space | None = None,
    progress: Progress | None = None,
    executor: Executor | None = None,
    extension: bool = False,
    keep_going: bool = False,
    app: AppChoice | None = None,
) -> WorldExploration:
    """Search every family of `space_` (default: the platform's whole space with every fault)
    breadth-first, each to its first failure; report the shortest failure over all families
    (ties: the first family in `space_.families()` order) — the same whatever the executor.
    `executor` searches families in parallel (e.g. a process pool); a `machine` (mutated spec)
    always runs in this process: it cannot be sent to a worker. `keep_going`: do not stop a
    family at its first failure; search on past failing edges (not through them), to measure
    the whole space and count `failing_edges`. `app`: explore this app instead of a policy
    (its column name, `app`, is the policy reported)."""
    if app is not None:
        policy = APP_COLUMN
    elif policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}")
    chosen = space_ if space_ is not None else space(platform, extension=extension)
    result = WorldExploration(chosen.platform, policy, depth)
    start = time.perf_counter()
    families = chosen.families()
    result.families = len(families)
    with contextlib.ExitStack() as stack:
        if executor is not None and machine is None:
            futures = [
                executor.submit(_family_job, chosen, f, policy, depth, keep_going, app)
                for f in families
            ]
            found: Iterable[FamilyResult] = (future.result() for future in futures)
        else:
            # One app (one launcher, its processes reset between worlds) for every family.
            factory = None if app is None else stack.enter_context(app.opened())
            found = (
                _search_family(chosen, f, policy, depth, machine, keep_going, factory)
                for f in families
            )
        best, cut = _gather(result, found, len(families), start, progress)
    if best is not None:
        result.violations = best.failures
        result.harm = best.harm
        result.counterexample_depth = best.depth_found
        result.counterexample = best.counterexample
        assert result.counterexample is not None
        who = f"--app {app.value}" if app is not None else f"--policy {policy}"
        result.counterexample["description"] = (
            f"found by `authsession explore --platform {chosen.platform} {who}`: "
            + "; ".join(best.failures)
        )
    # Exhausted: every family searched to the end (past its failures, with `keep_going`).
    result.exhausted = not cut and (keep_going or best is None)
    result.seconds = time.perf_counter() - start
    return result
