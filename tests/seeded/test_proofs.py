"""Every seeded bug's proof: the checker fails it with the bug and passes it without (for a bug
that blinds the checker: reports it without the bug and misses it with), and the catalogue holds
what issue 19 asks of it. A proof is one replay: milliseconds."""

from __future__ import annotations

import json

import pytest

from authsession.app.choice import AppChoice, load_factory
from authsession.core.machine import MACHINE
from authsession.modelcheck.clone import freeze, thaw
from authsession.testing import check_world
from authsession.world import World, load_scenario, replay

from .catalogue import BY_NAME, CONTROL, SEEDED, SeededBug, seeded


def _verdict(bug: SeededBug, *, with_bug: bool) -> list[str]:
    """The checker's failures on the bug's proof, with the bug in (or without it: the control
    client, or no patch)."""
    with seeded(bug, control=not with_bug) as choice:
        app = None if choice is None else load_factory(choice.value)
        return check_world(replay(load_scenario(bug.proof), app=app))


def _seen(failures: list[str], expect: str) -> bool:
    return any(expect in line for line in failures)


def _marks(bug: SeededBug) -> list[pytest.MarkDecorator]:
    if bug.awaits is None:
        return []
    return [pytest.mark.xfail(reason=f"awaits {bug.awaits}", strict=True)]


@pytest.mark.parametrize(
    "bug", [pytest.param(b, id=b.name, marks=_marks(b)) for b in SEEDED if not b.blinds]
)
def test_the_proof_fails_with_the_bug_and_passes_without(bug: SeededBug) -> None:
    with_bug = _verdict(bug, with_bug=True)
    assert _seen(with_bug, bug.expect), with_bug
    assert _verdict(bug, with_bug=False) == []


@pytest.mark.parametrize("bug", [pytest.param(b, id=b.name) for b in SEEDED if b.blinds])
def test_a_bug_that_blinds_the_checker_hides_a_failure_it_reports_without(bug: SeededBug) -> None:
    without = _verdict(bug, with_bug=False)
    assert _seen(without, bug.expect), without
    with_bug = _verdict(bug, with_bug=True)
    missed = [line for line in without if bug.expect in line and line not in with_bug]
    assert missed, with_bug


@pytest.mark.parametrize("bug", [pytest.param(b, id=b.name) for b in SEEDED if b.patch])
def test_a_patch_is_undone_on_exit(bug: SeededBug) -> None:
    assert bug.patch is not None
    before = _verdict(bug, with_bug=False)
    with bug.patch():
        pass
    assert _verdict(bug, with_bug=False) == before


@pytest.mark.parametrize("bug", [pytest.param(b, id=b.name) for b in SEEDED])
def test_a_seeded_world_is_cloned_faithfully(bug: SeededBug) -> None:
    """The model checker pickles worlds and thaws one per edge (a world under a patch; clients
    are kept picklable too, as docs/testing.md asks): the patched methods must survive it (a bound
    method pickles as its owner and its name), and the thawed copy must run on as the original."""
    with seeded(bug) as choice:
        app = None if choice is None else load_factory(choice.value)
        scenario = load_scenario(bug.proof)
        world, copy = World(scenario, app=app), None
        try:
            for index, event in enumerate(scenario.steps):
                world.feed(event)
                if index == len(scenario.steps) // 2:
                    copy = thaw(freeze(world, keep=(MACHINE,)))
                elif copy is not None:
                    copy.feed(event)
            assert copy is not None
            assert check_world(copy) == check_world(world)
        finally:
            world.close()
            if copy is not None:
                copy.close()


def test_the_control_runs_each_client_proof_exactly_as_the_reference() -> None:
    control = load_factory(CONTROL)
    for bug in SEEDED:
        if bug.app is None:
            continue
        scenario = load_scenario(bug.proof)
        assert replay(scenario, app=control).lines == replay(scenario).lines, bug.name


def test_the_catalogue_has_what_issue_19_asks() -> None:
    layers = [bug.layer for bug in SEEDED]
    assert layers.count("team-client") >= 14
    assert len(layers) - layers.count("team-client") >= 8
    assert {"host", "adapter", "world", "oracle"} <= set(layers)
    assert len(BY_NAME) == len(SEEDED)  # names are unique
    assert len({bug.app for bug in SEEDED if bug.app}) == layers.count("team-client")
    assert len({bug.patch for bug in SEEDED if bug.patch}) == len(SEEDED) - layers.count(
        "team-client"
    )


@pytest.mark.parametrize("bug", [pytest.param(b, id=b.name) for b in SEEDED])
def test_each_entry_is_complete_and_its_proof_is_a_scenario_of_its_platform(
    bug: SeededBug,
) -> None:
    assert (bug.app is None) != (bug.patch is None)
    assert (bug.layer == "team-client") == (bug.app is not None)
    assert bug.description and "\n" not in bug.description
    assert bug.expect
    if bug.app is not None:
        assert AppChoice(bug.app).in_process and bug.app != CONTROL
        load_factory(bug.app)
    document = json.loads(bug.proof.read_text())
    assert document["schema"] == "authsession.scenario/1"
    assert document["name"] == bug.proof.stem == bug.name
    assert load_scenario(bug.proof).platform == bug.platform
