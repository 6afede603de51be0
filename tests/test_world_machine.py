"""The shipped world-level state machine: it catches what the world oracle catches, and a clean
world passes it. Runs are derandomized, so each outcome is the same on every run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from authsession.cli import main
from authsession.testing.world_machine import WorldStateMachine

FAST = settings(
    max_examples=40,
    stateful_step_count=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


class CleanMemoryWorld(WorldStateMachine):
    """The reference on the memory device with no injected fault: the model checker exhausts
    this space clean on today's code (docs/reliability.md)."""

    faults = ()


TestCleanMemoryWorld = CleanMemoryWorld.TestCase
TestCleanMemoryWorld.settings = FAST


class GiltOnIOS(WorldStateMachine):
    platform = "ios"
    policy = "naive-gilt"
    faults = ()


def test_the_machine_catches_a_naive_policy_with_a_replayable_scenario(tmp_path: Path) -> None:
    class Gilt(GiltOnIOS):
        failures = tmp_path

    with pytest.raises(AssertionError) as caught:
        run_state_machine_as_test(Gilt, settings=FAST)
    message = str(caught.value)
    path = tmp_path / f"{Gilt.__name__}.json"
    assert f"replay with `authsession replay {path} --check`, written to {path}" in message
    document = json.loads(path.read_text())
    assert document["steps"] == json.loads(message.rsplit("\n", 1)[1])["steps"]
    assert document["policy"] == "naive-gilt"
    assert main(["replay", str(path), "--check"]) == 1


def test_no_file_is_written_when_told_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Quiet(GiltOnIOS):
        failures = None

    monkeypatch.chdir(tmp_path)
    with pytest.raises(AssertionError, match="replay with `authsession replay FILE --check`"):
        run_state_machine_as_test(Quiet, settings=FAST)
    assert list(tmp_path.iterdir()) == []


class FaultyReferenceWorld(WorldStateMachine):
    """Every fault, the reference: on today's code a raising callback wedges the session
    (issue 10's fifth failure) and more; clean once the table decides everything."""


def test_the_reference_survives_every_fault_the_machine_injects() -> None:
    run_state_machine_as_test(FaultyReferenceWorld, settings=FAST)
