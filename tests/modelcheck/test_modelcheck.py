"""The model checker: it finds nothing on the reference, finds a mutated spec's bug with a
replayable counterexample, and its compiled next-state table agrees with the `transitions`
machine."""

from __future__ import annotations

import dataclasses
import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import authsession.conformance
from authsession.cli import main
from authsession.core.machine import Context, SessionCore, build_machine
from authsession.modelcheck import explore_world
from authsession.modelcheck.compiled import compiled, explore_compiled
from authsession.modelcheck.world_model import ROW_OF
from authsession.spec.events import parse_event
from authsession.spec.states import State
from authsession.spec.table import TABLE, Rule

VECTORS = Path(authsession.conformance.__file__).parent / "data" / "vectors.json"


def test_rows_are_named_by_their_records() -> None:
    assert len(ROW_OF) == len(TABLE)


def test_reference_is_clean_to_a_small_depth() -> None:
    result = explore_world(platform="memory", depth=3)
    assert result.violations == [] and result.configurations > 50 and result.rows


def test_a_process_pool_explores_exactly_what_one_process_does() -> None:
    with ProcessPoolExecutor(max_workers=2) as pool:
        for policy in ("reference", "naive-gilt"):
            serial = explore_world(platform="ios", policy=policy, depth=3)
            pooled = explore_world(
                platform="ios", policy=policy, depth=3, executor=pool, batch_size=7
            )
            assert (pooled.configurations, pooled.edges, pooled.rows, pooled.violations) == (
                serial.configurations,
                serial.edges,
                serial.rows,
                serial.violations,
            )
            assert pooled.counterexample == serial.counterexample
    assert serial.counterexample is not None  # naive-gilt: the same shortest path, found twice


def test_the_whole_ios_space_keeps_every_invariant() -> None:
    """The package's claim, checked on every run: in every reachable (abstracted) configuration
    of an iOS device, app process, keychain and server, no event breaks an invariant or logs a
    user out spuriously — with an app extension's process waking at any point too (F8). (This
    search found two false reports of the world itself: a read in the grace period after a lock,
    and overdue timers blamed on a wall-clock jump.)"""
    with ProcessPoolExecutor(max_workers=2) as pool:
        result = explore_world(platform="ios", executor=pool, extension=True)
    assert result.violations == []
    assert result.exhausted
    assert result.configurations > 2000  # the app's space (~1,400) and an extension's runs


def _mutated() -> tuple[Rule, ...]:
    """Unavailable means no user: every row into an "unavailable" state ends the session."""
    unavailable = (State.CREDENTIALS_UNAVAILABLE, State.DEFERRED_AUTH)
    return tuple(
        dataclasses.replace(r, dest=State.LOGGED_OUT, reason="credentials_absent")
        if r.dest in unavailable and r.source not in unavailable
        else r
        for r in TABLE
    )


def test_mutated_spec_gives_a_replayable_counterexample(tmp_path: Path) -> None:
    machine = build_machine(_mutated())
    result = explore_world(platform="ios", depth=3, machine=machine)
    assert result.counterexample is not None
    assert len(result.counterexample["steps"]) <= 4
    path = tmp_path / "cx.json"
    path.write_text(json.dumps(result.counterexample))
    # The shipped reference passes it; the mutated machine's world breaks it.
    assert main(["replay", str(path), "--check"]) == 0
    from authsession.world import World, load_scenario

    world = World(load_scenario(path), machine=machine)
    run = world.run()
    world.close()
    assert run.summary.violations


def test_explore_verb_reports_and_writes_counterexamples(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["explore", "--depth", "2", "--platform", "memory"]) == 0
    assert "configurations" in capsys.readouterr().out
    out = tmp_path / "cx.json"
    assert main(["explore", "--policy", "naive-gilt", "--depth", "3", "--out", str(out)]) == 1
    assert main(["replay", str(out), "--policy", "naive-gilt", "--check"]) == 1
    capsys.readouterr()
    assert main(["explore", "--depth", "x"]) == 2
    assert main(["explore", "--policy", "nope"]) == 2
    assert main(["explore", "--workers", "0"]) == 2


def test_compiled_table_matches_machine_on_every_vector() -> None:
    data = json.loads((VECTORS).read_text())
    for vector in data["vectors"]:
        state = State(vector["initial"]["state"])
        context = Context(**vector["initial"]["context"])
        core = SessionCore(state, Context(**context.as_dict()))
        flags = tuple(context.as_dict().values())
        for raw in vector["events"]:
            event = parse_event(raw)
            taken = compiled().step(state, flags, event)
            state, flags = taken.state, taken.flags
            step = core.step(event)
            now = tuple(core.context.as_dict().values())
            assert (taken.rule, state, flags) == (core.last_rule, step.state, now), vector["name"]
        core.close()


def test_compiled_table_matches_machine_on_every_explored_transition() -> None:
    result = explore_compiled(keep_transitions=True)
    assert result.violations == () and result.edges > 1000
    for (state, flags, _), event, taken in result.transitions:
        core = SessionCore(state, Context(*flags))
        step = core.step(event)
        assert (core.last_rule, step.state, tuple(core.context.as_dict().values())) == (
            taken.rule,
            taken.state,
            taken.flags,
        )
        core.close()


def test_compiled_explorer_finds_the_mutation() -> None:
    from authsession.modelcheck.compiled import compile_spec

    result = explore_compiled(compile_spec(_mutated()))
    assert result.violations and result.counterexample


def test_android_space_holds_and_naive_gilt_fails_there() -> None:
    from authsession.modelcheck.world_model import explore_world

    reference = explore_world(platform="android", depth=2)
    assert reference.violations == []
    assert reference.configurations > 50
    naive = explore_world(platform="android", policy="naive-gilt", depth=3)
    assert naive.violations
