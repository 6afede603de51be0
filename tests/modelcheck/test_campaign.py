"""The default search (issue 19): every family, exhaustively to depth 1, then swarm walks; the
most harmful failure first, shrunk; deterministic for a seed and a number of walks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from authsession.cli import main
from authsession.modelcheck.campaign import Plan, run_campaign
from authsession.modelcheck.paths import Failure, draw, replay_path, shrink
from authsession.modelcheck.space import every_family, families_of
from authsession.world import load_scenario, replay

#: Small enough for the suite; the default run is 240 s (docs/reliability.md has its figures).
SMALL = Plan(platforms=("memory",), budget=60.0, walks=150)


def test_every_family_combination_is_searched() -> None:
    families = {p: len(families_of(every_family(p))) for p in ("ios", "android", "memory")}
    assert families["ios"] > 1000 and families["android"] >= 80 and families["memory"] >= 40
    ios = families_of(every_family("ios"))
    # The combination issue 19's first bug needed: an earlier class with access control.
    assert any(f.preexisting is not None and f.access_control != "none" for f in ios)
    assert any(f.reuse and f.grace and f.envelope for f in ios)


def test_the_reference_is_clean_and_the_report_says_what_was_covered() -> None:
    result = run_campaign(SMALL)
    assert result.failure is None
    c = result.coverage
    assert result.exhaustive_done and sum(c.families.values()) == c.families_total["memory"]
    assert c.walks == 150 and c.walk_steps > 150 * 4 and c.longest_walk <= 40
    assert len(c.rows) > 30 and c.injected and c.applied


def test_the_same_seed_and_walks_search_the_same_paths() -> None:
    first, second = run_campaign(SMALL), run_campaign(SMALL)
    assert (first.coverage.edges, first.coverage.walk_steps, first.coverage.rows) == (
        second.coverage.edges,
        second.coverage.walk_steps,
        second.coverage.rows,
    )


def test_a_naive_policy_is_caught_with_a_harmful_shrunk_counterexample(tmp_path: Path) -> None:
    result = run_campaign(SMALL, policy="naive-gilt")
    failure = result.failure
    assert failure is not None and failure.harm == 0  # a user was hurt, not only a rule broken
    assert len(failure.steps) <= 6
    path = tmp_path / "cx.json"
    path.write_text(json.dumps(failure.document("naive-gilt")))
    assert (
        replay(load_scenario(path)).summary.spurious_logouts
        + replay(load_scenario(path)).summary.stranded_users
        >= 1
    )


def test_shrinking_keeps_the_failure_and_drops_the_rest() -> None:
    import random

    chosen = every_family("memory")
    for index in range(200):
        root, steps = draw(random.Random(f"shrink-{index}"), chosen, 0.2)
        failures, harm = replay_path("memory", root, steps, "naive-gilt")
        if harm == 0:
            break
    else:
        pytest.fail("no harmful walk among 200 of naive-gilt")
    found = Failure("memory", root, steps, failures, harm, len(steps), "walk")
    small = shrink(found, "naive-gilt")
    assert len(small.steps) < len(steps) and small.harm == 0
    assert replay_path("memory", root, small.steps, "naive-gilt")[1] == 0


def test_the_verb_runs_the_default_search_within_its_budget(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["explore", "--platform", "memory", "--budget", "60", "--walks", "40",
                 "--workers", "1"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0, out
    assert "exhaustive to depth 1" in out and "walks: 40" in out and "clean:" in out
