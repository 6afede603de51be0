"""Random fault-injected walks through the model checker's space: R1 as a number.

Owns: `walk_counts` — a seeded run of random world steps from the explorer's roots, over its
alphabet, with a random fault, raise or kill armed before a share of the steps (at any of the
first three calls of a kind), judged by the world oracle — and `WalkTally`, what it counts per
policy (world steps, faults that struck, spurious logouts, stranded users, app errors, invariant
violations). Every policy walks the *same* walks (a walk is drawn before any world runs). Where
the explorer is exhaustive but bounded, a walk is unbounded in depth but sampled.
Must not import the CLI.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields
from typing import Final

from authsession.modelcheck.alphabet import injection_event
from authsession.modelcheck.space import Platform, Root, Space, every_family, families_of
from authsession.modelcheck.world_model import quiet
from authsession.world import scenario as sc
from authsession.world.faults import EFFECTS
from authsession.world.world import World

PLATFORMS: Final[tuple[Platform, ...]] = ("ios", "android", "memory")
_CALLS: Final = tuple((call, effect) for call, effects in EFFECTS.items() for effect in effects)


@dataclass
class WalkTally:
    """Counts over some walks of one policy (mergeable across workers)."""

    walks: int = 0
    steps: int = 0
    faults_struck: int = 0
    spurious_logouts: int = 0
    stranded_users: int = 0
    app_errors: int = 0
    #: Issue 21's findings: a session signed out of still honouring a token, work with a
    #: revoked token.
    tokens_honoured_after_logout: int = 0
    work_with_revoked_tokens: int = 0
    violations: int = 0

    def merge(self, other: WalkTally) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def draw_walk(
    rng: random.Random, chosen: Space, length: int, fault_share: float
) -> tuple[Root, list[sc.WorldEvent]]:
    """One walk: a root of a random family, then `length` world steps, a share of them armed
    with a fault first (the arming events come on top of `length`)."""
    family = rng.choice(families_of(chosen))
    root = rng.choice(chosen.roots(family))
    alphabet = chosen.alphabet(family)
    steps: list[sc.WorldEvent] = []
    for _ in range(length):
        if rng.random() < fault_share:
            call, effect = rng.choice(_CALLS)
            steps.append(injection_event(call, rng.randint(1, 3), effect))
        steps.append(rng.choice(alphabet))
    return root, steps


def run_walk(root: Root, platform: Platform, steps: list[sc.WorldEvent], policy: str) -> WalkTally:
    world = World(root.scenario(platform, (), policy), policy)
    try:
        for event in steps:
            world.feed(event)
        summary = world.summary()
    finally:
        world.close()
    return WalkTally(
        walks=1,
        steps=sum(1 for e in steps if not _injection(e)),
        faults_struck=summary.faults_injected,
        spurious_logouts=summary.spurious_logouts,
        stranded_users=summary.stranded_users,
        app_errors=summary.app_errors,
        tokens_honoured_after_logout=summary.tokens_honoured_after_logout,
        work_with_revoked_tokens=summary.work_with_revoked_tokens,
        violations=len(summary.violations),
    )


def _injection(event: sc.WorldEvent) -> bool:
    return isinstance(event, sc.Kill) or (isinstance(event, sc.Fault) and not event.lasting)


def walk_counts(
    seed: int,
    walks: range,
    policies: tuple[str, ...],
    *,
    length: int = 50,
    fault_share: float = 0.2,
) -> dict[str, WalkTally]:
    """Walks number `walks` of the run seeded `seed` (each on a platform chosen by its number),
    under every policy. Module level and deterministic: one unit of parallel work."""
    out = {policy: WalkTally() for policy in policies}
    spaces = {p: every_family(p) for p in PLATFORMS}
    with quiet():
        _walks(seed, walks, policies, length, fault_share, out, spaces)
    return out


def _walks(
    seed: int,
    walks: range,
    policies: tuple[str, ...],
    length: int,
    fault_share: float,
    out: dict[str, WalkTally],
    spaces: dict[Platform, Space],
) -> None:
    for index in walks:
        rng = random.Random(f"walk-{seed}-{index}")
        platform = PLATFORMS[index % len(PLATFORMS)]
        root, steps = draw_walk(rng, spaces[platform], length, fault_share)
        for policy in policies:
            out[policy].merge(run_walk(root, platform, steps, policy))
