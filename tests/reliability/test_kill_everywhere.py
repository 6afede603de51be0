"""Kill the app between any two steps of any example: the snapshot brings it back to the same end.

The world's `terminate` loses the process's memory; the reference restores from its snapshot
store (which holds no secret) on the next launch. Invariants 3 and 5 across a relaunch, measured.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from authsession.world import load_scenario, replay
from authsession.world import scenario as sc
from authsession.world.world import World

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))


#: After the last step, time for any retry the relaunch restarted to fire (a kill may cost one
#: backoff: the relaunched process starts its schedule again; the longest first delay is 60 s).
SETTLE = sc.Advance(event="advance", seconds=300)


def _settled(scenario: sc.Scenario) -> sc.Scenario:
    return scenario.model_copy(update={"steps": [*scenario.steps, SETTLE]})


def _killed_at(scenario: sc.Scenario, index: int) -> tuple[sc.Scenario, bool]:
    """The scenario with a kill before step `index`, and whether the process then held
    credentials it had not stored (the server's answer, kept in memory while the class was
    locked): a kill loses those under any client, so the end may differ — never spuriously."""
    # The OS kills the app, then it is relaunched in the situation it was in: in the foreground
    # if the user had it open, else in the background (as a fetch or push would).
    world = World(scenario.model_copy(update={"steps": []}), "reference")
    for event in scenario.steps[:index]:
        world.feed(event)
    mode = "foreground" if world.foreground else "background"
    held = bool(world.standing()[1])
    world.close()
    kill = [sc.Terminate(event="terminate"), sc.Launch(event="launch", mode=mode)]
    steps = [*scenario.steps[:index], *kill, *scenario.steps[index:]]
    return scenario.model_copy(update={"steps": steps}), held


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_kill_at_any_step_changes_nothing_that_matters(path: Path) -> None:
    scenario = load_scenario(path)
    baseline = replay(_settled(scenario), "reference").summary
    # Kills before the first launch would only launch the app early; start after it.
    for index in range(1, len(scenario.steps) + 1):
        with_kill, held = _killed_at(scenario, index)
        killed = replay(_settled(with_kill), "reference").summary
        where = f"{path.stem}, killed before step {index}"
        assert killed.final_state == baseline.final_state or held, where
        # No deferred work lost (an ended user owes nothing).
        assert killed.deferred_pending == 0 or killed.logouts, where
        assert killed.spurious_logouts == 0, where
        assert killed.violations == [], where
        assert killed.deferred_completed >= baseline.deferred_completed, where
