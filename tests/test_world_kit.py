"""The world kit for users' own tests: the `auth_world` fixture and hypothesis scenarios."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, settings

from authsession.testing.strategies import scenarios
from authsession.world import World, replay
from authsession.world import scenario as sc


def test_auth_world_fixture_runs_a_story(auth_world: Callable[..., World]) -> None:
    world = auth_world(
        [
            {"event": "launch"},
            {"event": "login", "user": "ada", "password": "pw"},
            {"event": "background"},
            {"event": "lock"},
            {"event": "advance", "seconds": 7200},
            {"event": "background_fetch"},
        ],
        platform="android",
    )
    assert world.last_state == "deferred_auth"
    world.feed(sc.Unlock(event="unlock"))
    assert world.last_state == "logged_in"
    assert world.summary().deferred_completed == 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_steps=25))
def test_the_reference_survives_any_generated_day(scenario: sc.Scenario) -> None:
    summary = replay(scenario, "reference").summary
    assert summary.violations == []
    assert summary.spurious_logouts == 0
    assert summary.keychain_reads_while_unavailable == 0
    assert summary.exposure_seconds == 0


def test_hypothesis_finds_a_short_scenario_that_defeats_naive_gilt() -> None:
    from hypothesis import find

    found = find(
        scenarios(platforms=("ios",), max_steps=8),
        lambda s: replay(s, "naive-gilt").summary.spurious_logouts > 0,
        settings=settings(max_examples=2000, deadline=None),
    )
    assert len(found.steps) <= 2 + 6  # launch + login, then a handful of world events
    assert replay(found, "reference").summary.spurious_logouts == 0
