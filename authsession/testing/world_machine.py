"""A shipped hypothesis `RuleBasedStateMachine` that drives a whole simulated *world*.

Owns: `WorldStateMachine`, which plays random world events — boot, lock, unlock, launches,
terminations, foreground and background, fetches, logins, logouts, time, wall-clock jumps, server
outages and rejections, passcode removal, lasting faults, sibling rotations — and injects faults,
raises and kills at the calls a step makes, on one device + app + keychain + server + clock, and
after every step checks the world oracle (`authsession.testing.check_world`: record-level
invariants 1-8, spurious logouts, stranded users, app errors). On a failure it names the
replayable `authsession.scenario/1` document of the steps so far. Subclass it to choose the world
(class attributes below) or to add rules. It imports the world and hypothesis (a dev dependency):
import it from tests only.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from authsession.adapters.keychain import ProtectionClass
from authsession.modelcheck.space import Family, Root, injection_event, space
from authsession.testing.world_check import check_world
from authsession.world import World
from authsession.world import scenario as sc
from authsession.world.faults import EFFECTS


class WorldStateMachine(RuleBasedStateMachine):
    """Random events, faults, races and kills in one simulated world, judged after every step.

    Class attributes choose the world: `platform` (`ios | android | memory`), `policy` (a name in
    `authsession.world.POLICIES`), `protection` (the app's class; None: the platform default),
    `earlier` (an item an earlier app version stored under that class), `passcode`, `phase` (the
    device's at start), `quirk` (iOS -25300 while locked), `rotating` (the server rotates
    refresh tokens), `faults` (fault names or patterns, as `authsession explore --faults`; empty:
    no injected fault). `TestCase` is the unittest class pytest collects.
    """

    platform: ClassVar[str] = "memory"
    policy: ClassVar[str] = "reference"
    protection: ClassVar[ProtectionClass | None] = None
    earlier: ClassVar[ProtectionClass | None] = None
    passcode: ClassVar[bool] = True
    phase: ClassVar[str] = "unlocked"
    quirk: ClassVar[bool] = False
    rotating: ClassVar[bool] = False
    faults: ClassVar[tuple[str, ...]] = ("all",)

    def __init__(self) -> None:
        super().__init__()
        chosen = space(
            self.platform,  # type: ignore[arg-type]
            faults=self.faults or ("none",),
            fault_budget=10**6,
        )
        family = Family(self.passcode, self.protection, self.earlier, self.quirk, self.rotating)
        self.root = Root(
            self.passcode,
            self.phase,  # type: ignore[arg-type]
            self.protection,
            self.earlier,
            self.quirk,
            self.rotating,
        )
        self.alphabet = chosen.alphabet(family)
        self.injectable = sorted(
            (call, effect)
            for call, effects in EFFECTS.items()
            for effect in effects
            if f"{call}:{effect}" in chosen.faults
        )
        self.steps: list[sc.WorldEvent] = []
        self.world = World(self.root.scenario(self.platform, (), self.policy), self.policy)  # type: ignore[arg-type]

    def _feed(self, event: sc.WorldEvent) -> None:
        self.steps.append(event)
        self.world.feed(event)

    def document(self) -> dict[str, Any]:
        """The steps so far as a replayable `authsession.scenario/1` document."""
        return self.root.document(self.platform, self.steps, self.policy)  # type: ignore[arg-type]

    # Rules ------------------------------------------------------------------------------------
    @rule(data=st.data())
    def world_event(self, data: st.DataObject) -> None:
        """Anything that can happen to the device, the user, the server or the clock."""
        self._feed(data.draw(st.sampled_from(self.alphabet), label="event"))

    @rule(data=st.data(), nth=st.integers(min_value=1, max_value=3))
    def faulty_step(self, data: st.DataObject, nth: int) -> None:
        """A step in which the `nth` call of one kind fails, raises or dies (if it comes)."""
        if not self.injectable:
            return
        call, effect = data.draw(st.sampled_from(self.injectable), label="fault")
        self._feed(injection_event(call, nth, effect))
        self._feed(data.draw(st.sampled_from(self.alphabet), label="event"))

    # Checks -----------------------------------------------------------------------------------
    @invariant()
    def world_is_ok(self) -> None:
        failures = check_world(self.world)
        if failures:
            raise AssertionError(
                "\n".join(failures)
                + "\nreplay with `authsession replay FILE --check`, FILE holding:\n"
                + json.dumps(self.document())
            )

    def teardown(self) -> None:
        self.world.close()
