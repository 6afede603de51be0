"""Conformance vectors: generated from the spec, shipped in sync, covering every row."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from authsession.cli import main
from authsession.conformance.vectors import (
    VECTORS_SCHEMA,
    Initial,
    ReferenceTarget,
    build_suite,
    load_suite,
    render_suite,
    row_keys,
    run_reference,
    shipped_text,
    shortest_paths_to_rows,
    shortest_starts_and_paths,
    vector_from_events,
    verify,
)
from authsession.core.machine import build_machine
from authsession.spec import TABLE, State
from authsession.spec.events import AppLaunched, KeychainNotFound
from authsession.world.vectors import scenario_vectors

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_vectors_match_the_spec() -> None:
    examples = sorted((ROOT / "examples").glob("*.json"))
    assert shipped_text() == render_suite(build_suite(scenario_vectors(examples))), (
        "run `authsession vectors export authsession/conformance/data --examples examples` to "
        "regenerate"
    )


def _on(initial: Initial) -> tuple[str, frozenset[str]]:
    """A start as its state and the flags it sets: `{}` and all-false contexts are one start."""
    return initial.state.value, frozenset(k for k, v in initial.context.items() if v)


def test_every_row_is_covered_by_a_shortest_path() -> None:
    suite = load_suite()
    assert suite.schema_ == VECTORS_SCHEMA and suite.rows == len(TABLE)
    paths = shortest_starts_and_paths()
    assert set(paths) == set(TABLE)
    for rule, (initial, path) in paths.items():
        # Some vector starts where this path does — a fresh session, or a relaunch that resumed
        # a snapshot — with exactly this path, so it fires the row at the shortest depth.
        assert any(
            _on(v.initial) == _on(initial) and v.events[: len(path)] == path for v in suite.vectors
        ), rule
    assert set(shortest_paths_to_rows()) <= set(TABLE)
    report = verify(suite, ReferenceTarget())
    assert report.mismatches == () and report.rows_covered == frozenset(row_keys())
    assert report.coverage == 1.0


def test_vectors_are_language_neutral_json() -> None:
    document = json.loads(shipped_text())
    assert document["schema"] == "authsession.vectors/1"
    first = document["vectors"][0]
    assert set(first) == {"name", "covers", "initial", "events", "expected"}
    assert set(first["initial"]["context"]) == {
        "protected_data_available", "work_pending", "token_valid", "store_pending", "lease_held",
        "revocation_pending",
    }  # fmt: skip
    assert set(first["expected"][0]) == {"state", "commands", "reason"}
    assert len(first["events"]) == len(first["expected"])


def test_the_extra_vector_hook_adds_vectors_with_reference_expectations() -> None:
    extra = vector_from_events(
        "scenario:not-found-while-locked",
        [
            AppLaunched(protected_data_available=True),
            KeychainNotFound(protected_data_available=False),
        ],
    )
    suite = build_suite([extra])
    assert suite.vectors[-1] == extra
    assert extra.expected[-1].state is State.CREDENTIALS_UNAVAILABLE
    with pytest.raises(ValueError, match="duplicate vector name"):
        build_suite([extra, extra])


def test_a_mutated_reference_fails_the_shipped_vectors() -> None:
    mutant = tuple(
        dataclasses.replace(r, dest=State.LOGGED_OUT, reason="credentials_absent", commands=())
        if r.source is State.CHECKING_CREDENTIALS and r.event == "keychain_unavailable"
        else r
        for r in TABLE
    )
    suite = load_suite()
    report = verify(suite, ReferenceTarget(build_machine(mutant)))
    # Exactly the vectors that fire one of the mutated rows catch it (and at least one does).
    mutated = {r for r in TABLE if r not in mutant}
    hit = {v.name for v in suite.vectors if mutated & set(run_reference(v.initial, v.events)[1])}
    assert hit and {m.vector for m in report.mismatches} == hit
    assert all(m.observed.state is State.LOGGED_OUT for m in report.mismatches)


def test_export_writes_the_shipped_file_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out"
    assert main(["vectors", "export", str(target)]) == 0
    assert [p.name for p in target.iterdir()] == ["vectors.json"]
    assert (target / "vectors.json").read_text() == shipped_text()


def test_verify_reports_coverage_and_fails_below_the_minimum(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["vectors", "verify"]) == 0
    out = capsys.readouterr().out
    assert f"coverage {len(TABLE)}/{len(TABLE)} rows (100.0 %)" in out
    document = json.loads(shipped_text())
    document["vectors"] = document["vectors"][:1]
    small = tmp_path / "one.json"
    small.write_text(json.dumps(document))
    assert main(["vectors", "verify", "--vectors", str(small)]) == 1
    assert "rows not covered:" in capsys.readouterr().out
    assert main(["vectors", "verify", "--vectors", str(small), "--min-coverage", "0"]) == 0


def test_verify_reports_a_wrong_expectation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(shipped_text())
    document["vectors"][0]["expected"][0]["reason"] = "made_up"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    assert main(["vectors", "verify", "--vectors", str(bad)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"mismatch: {document['vectors'][0]['name']}: step 1: expected")


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.update(schema="authsession.vectors/9"), "bad.json:1: schema: Input should be"),
        (lambda d: d["vectors"][0]["expected"].pop(), "vectors.0: expected has"),
        (lambda d: d["vectors"][1]["events"][0].update(type="reboot"), "vectors.1.events.0.type:"),
        (lambda d: d["vectors"][0]["initial"]["context"].update(wifi=True),
         "vectors.0.initial.context: unknown flag"),
    ],
)  # fmt: skip
def test_a_malformed_vectors_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mutate: object, expected: str
) -> None:
    document = json.loads(shipped_text())
    mutate(document)  # type: ignore[operator]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    assert main(["vectors", "verify", "--vectors", str(bad)]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1, err


def test_an_unreadable_vectors_file_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["vectors", "verify", "--vectors", str(tmp_path / "missing.json")]) == 2
    assert "missing.json: (file): cannot read" in capsys.readouterr().err
    (tmp_path / "x.json").write_text("{")
    assert main(["vectors", "verify", "--vectors", str(tmp_path / "x.json")]) == 2
    assert "x.json:1: (file): not JSON" in capsys.readouterr().err


def test_every_named_scenario_is_in_the_shipped_suite() -> None:
    names = {v.name.split("#")[0] for v in load_suite().vectors if v.name.startswith("scenario:")}
    assert names == {f"scenario:{p.stem}" for p in (ROOT / "examples").glob("*.json")}


def test_a_relaunch_starts_its_own_vector() -> None:
    # F11 reboots; the background fetch launches a new process in Direct Boot, which defers the
    # work and completes it after ACTION_USER_UNLOCKED.
    f11 = [v for v in load_suite().vectors if v.name.startswith("scenario:f11-android")]
    assert len(f11) == 2
    assert f11[1].initial.state is State.STARTING
    assert "deferred_auth" in {o.state.value for o in f11[1].expected}
    commands = [c.type for o in f11[1].expected for c in o.commands]
    assert "perform_work" in commands
