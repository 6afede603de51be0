"""One path through the world: drawing a swarm walk, replaying it, shrinking a failing one.

Owns: `Failure` (where a failing path starts, its steps, what failed, how much it hurt),
`Coverage` (what a search covered, mergeable across workers), `draw()` (one swarm walk of a
space: a family and a root, a random half of the alphabet, 4 to 40 steps, a fault armed before a
share of them), `replay_path()` (run a path, counting what it covers) and `shrink()` (the
shortest failing prefix, then greedy removal of single steps and of an armed fault with its step).
The campaign (`campaign.py`) and the host's differential tester (`hostdiff.py`) both use them.
Must not import the CLI.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from transitions import Machine

from authsession.app.choice import AppFactory
from authsession.modelcheck.alphabet import injection_event, label
from authsession.modelcheck.space import Platform, Root, Space, families_of
from authsession.modelcheck.world_model import quiet, row_indices
from authsession.world import scenario as sc
from authsession.world.faults import EFFECTS
from authsession.world.world import World

#: Walk lengths, in world steps (armed faults come on top).
WALK_STEPS: Final = (4, 40)


@dataclass
class Failure:
    """A failing path: where it starts, its steps, what failed, how much it hurt."""

    platform: Platform
    root: Root
    steps: list[sc.WorldEvent]
    failures: list[str]
    harm: int
    #: World steps (an armed fault and the step it strikes count as one).
    depth: int
    found_by: str

    def rank(self) -> tuple[int, int]:
        return self.harm, self.depth

    def document(self, policy: str | None) -> dict[str, Any]:
        return self.root.document(self.platform, self.steps, policy)


@dataclass
class Coverage:
    """What a search covered, mergeable across workers and phases."""

    families: Counter[Platform] = field(default_factory=Counter)
    families_total: Counter[Platform] = field(default_factory=Counter)
    configurations: int = 0
    edges: int = 0
    rows: set[int] = field(default_factory=set)
    injected: Counter[tuple[str, str]] = field(default_factory=Counter)
    applied: Counter[str] = field(default_factory=Counter)
    max_depth: int = 0
    walks: int = 0
    walk_steps: int = 0
    longest_walk: int = 0
    failing: int = 0

    def merge(self, other: Coverage) -> None:
        self.families.update(other.families)
        self.configurations += other.configurations
        self.edges += other.edges
        self.rows |= other.rows
        self.injected.update(other.injected)
        self.applied.update(other.applied)
        self.max_depth = max(self.max_depth, other.max_depth)
        self.walks += other.walks
        self.walk_steps += other.walk_steps
        self.longest_walk = max(self.longest_walk, other.longest_walk)
        self.failing += other.failing


def draw(rng: random.Random, chosen: Space, fault_share: float) -> tuple[Root, list[sc.WorldEvent]]:
    """One swarm walk of `chosen`: a family and a root, a random half of the alphabet, 4 to 40
    steps, a fault armed before a share of them (at one of the first three calls of a kind)."""
    family = rng.choice(families_of(chosen))
    root = rng.choice(chosen.roots(family))
    alphabet = chosen.alphabet(family)
    kept = [e for e in alphabet if rng.random() < 0.5] or [rng.choice(alphabet)]
    injections = [
        (call, effect)
        for call, effects in EFFECTS.items()
        for effect in effects
        if f"{call}:{effect}" in chosen.faults
    ]
    steps: list[sc.WorldEvent] = []
    for _ in range(rng.randint(*WALK_STEPS)):
        if injections and rng.random() < fault_share:
            call, effect = rng.choice(injections)
            steps.append(injection_event(call, rng.randint(1, 3), effect))
        steps.append(rng.choice(kept))
    return root, steps


def is_injection(event: sc.WorldEvent) -> bool:
    return isinstance(event, sc.Kill) or (isinstance(event, sc.Fault) and not event.lasting)


def depth_of(steps: Sequence[sc.WorldEvent]) -> int:
    return sum(1 for e in steps if not is_injection(e))


def replay_path(
    platform: Platform,
    root: Root,
    steps: Sequence[sc.WorldEvent],
    policy: str,
    *,
    app: AppFactory | None = None,
    machine: Machine | None = None,
    coverage: Coverage | None = None,
) -> tuple[list[str], int | None]:
    """Run `steps` from `root`; the failures and their harm (None: clean)."""
    named = None if app is not None else policy
    world = World(root.scenario(platform, (), named), policy, machine=machine, app=app)
    try:
        for event in steps:
            records = world.feed(event)
            if coverage is not None:
                coverage.rows.update(row_indices(records))
                coverage.injected.update(world.faults.fired)
                if not is_injection(event):
                    coverage.applied[label(event)] += 1
        return world.failures(), world.harm()
    finally:
        world.close()


def shrink(
    failure: Failure,
    policy: str,
    *,
    app: AppFactory | None = None,
    machine: Machine | None = None,
    deadline: float | None = None,
) -> Failure:
    """The failure with as few steps as keep it failing as harmfully: the shortest failing
    prefix, then greedy removal of single steps and of an armed fault with the step it arms."""

    def fails(steps: list[sc.WorldEvent]) -> tuple[list[str], int | None] | None:
        failures, harm = replay_path(failure.platform, failure.root, steps, policy, app=app,
                                     machine=machine)  # fmt: skip
        return (failures, harm) if harm is not None and harm <= failure.harm else None

    best = list(failure.steps)
    verdict: tuple[list[str], int | None] = (failure.failures, failure.harm)
    with quiet():
        for end in range(1, len(best) + 1):
            if deadline is not None and time.perf_counter() > deadline:
                break
            found = fails(best[:end])
            if found is not None:
                best, verdict = best[:end], found
                break
        changed = True
        while changed and (deadline is None or time.perf_counter() < deadline):
            changed = False
            i = len(best) - 1
            while i >= 0:
                for width in (2, 1):
                    start = i - width + 1
                    if start < 0:
                        continue
                    trial = best[:start] + best[i + 1 :]
                    found = fails(trial) if trial else None
                    if found is not None:
                        best, verdict, changed = trial, found, True
                        i = start
                        break
                i -= 1
    harm = verdict[1] if verdict[1] is not None else failure.harm
    return Failure(failure.platform, failure.root, best, verdict[0], harm, depth_of(best),
                   failure.found_by)  # fmt: skip
