"""A shipped hypothesis `RuleBasedStateMachine` that drives a whole simulated *world*.

Owns: `WorldStateMachine`, which plays random world events — boot, lock, unlock, launches
(prewarm included), terminations, foreground and background, fetches, logins, logouts, time,
wall-clock jumps, server outages and rejections, passcode removal, lasting faults, sibling
rotations — and injects faults, raises and kills at the calls a step makes, on one device + app +
keychain + server + clock, and after every step checks the world oracle
(`authsession.testing.check_world`: record-level invariants, spurious logouts, stranded users,
app errors). The app is a policy's or a team's own (`app`, a factory such as a `SessionApp`
subclass). On a failure — after hypothesis has shrunk it, the last one written — the steps so far
are written as a replayable `authsession.scenario/1` file (the model checker's counterexample
format, `modelcheck.space.Root.document`) and the failure names it. Subclass it to choose the
world (class attributes below) or to add rules. It imports the world and hypothesis (a dev
dependency): import it from tests only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from authsession.adapters.keychain import ProtectionClass
from authsession.atomic import write_atomically
from authsession.modelcheck.alphabet import injection_event
from authsession.modelcheck.space import Family, Root, space
from authsession.testing.world_check import check_world
from authsession.world import World
from authsession.world import scenario as sc
from authsession.world.faults import EFFECTS
from authsession.world.policies import App, AppContext


class WorldStateMachine(RuleBasedStateMachine):
    """Random events, faults, races and kills in one simulated world, judged after every step.

    Class attributes choose the world: `app` (your app factory, `(AppContext) -> App`, e.g. a
    `SessionApp` subclass; None: `policy`'s), `policy` (a name in `authsession.world.POLICIES`),
    `platform` (`ios | android | memory`), `protection` (the app's class; None: the platform
    default), `earlier` (an item an earlier app version stored under that class), `passcode`,
    `phase` (the device's at start), `quirk` (iOS -25300 while locked), `rotating` (the server
    rotates refresh tokens; sibling races come with it), `faults` (fault names or patterns, as
    `authsession explore --faults`; empty: no injected fault), `failures` (the directory a failing
    run's scenario is written to, as `<class name>.json`; None: none is written). `TestCase` is
    the unittest class pytest collects.
    """

    app: ClassVar[Callable[[AppContext], App] | None] = None

    platform: ClassVar[str] = "memory"
    policy: ClassVar[str] = "reference"
    protection: ClassVar[ProtectionClass | None] = None
    earlier: ClassVar[ProtectionClass | None] = None
    passcode: ClassVar[bool] = True
    phase: ClassVar[str] = "unlocked"
    quirk: ClassVar[bool] = False
    rotating: ClassVar[bool] = False
    faults: ClassVar[tuple[str, ...]] = ("all",)
    failures: ClassVar[Path | str | None] = Path(".hypothesis") / "authsession"

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
        # Through the class: a plain function stored as `app` must not become a bound method.
        app = type(self).app
        policy = None if app is not None else self.policy
        self.world = World(
            self.root.scenario(self.platform, (), policy),  # type: ignore[arg-type]
            policy,
            app=app,
        )

    def _feed(self, event: sc.WorldEvent) -> None:
        self.steps.append(event)
        self.world.feed(event)

    def document(self) -> dict[str, Any]:
        """The steps so far as a replayable `authsession.scenario/1` document (it names the
        policy, not a team's app: replay it with that app)."""
        policy = None if type(self).app is not None else self.policy
        return self.root.document(self.platform, self.steps, policy)  # type: ignore[arg-type]

    def replay_command(self, path: Path | str) -> str:
        """The command that reproduces the scenario at `path`."""
        app = type(self).app
        command = f"authsession replay {path} --check"
        if app is None:
            return command
        module, name = getattr(app, "__module__", "?"), getattr(app, "__qualname__", "?")
        if module == "__main__" or "<locals>" in name:
            return f"{command} --app MODULE:FACTORY (your app, importable)"
        return f"{command} --app {module}:{name}"

    def write_failure(self, failures: list[str]) -> Path | None:
        """Write the steps so far to `failures/<class name>.json` (atomically: a reader never
        sees half a scenario), saying what failed; the path, or None if `failures` is None."""
        if self.failures is None:
            return None
        name = type(self).__name__  # a class made in a test function: no "<locals>" in a file name
        document = self.document()
        document["name"] = name
        document["description"] = f"found by the state machine {name}: " + "; ".join(failures)
        directory = Path(self.failures)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{name}.json"
        write_atomically(path, json.dumps(document, indent=2) + "\n")
        return path

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
            # Hypothesis runs the shrunk example last: the file ends holding the shortest run.
            path = self.write_failure(failures)
            where = f"written to {path}" if path is not None else "FILE holding"
            raise AssertionError(
                "\n".join(failures)
                + f"\nreplay with `{self.replay_command(path or 'FILE')}`, {where}:\n"
                + json.dumps(self.document())
            )

    def teardown(self) -> None:
        self.world.close()
