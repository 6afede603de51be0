"""`authsession difftest --app CMD` and `replay --app CMD --diff-calls` (issue 22): a seeded host
bug of each class — a wrong backoff, a missing second sample, timers out of order, the snapshot
loaded late — is found within the default budget and shrunk; the reference app passes; both
sides' calls are compared with every secret labelled, never shown; bad input is one line and
exit 2."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest

from authsession.cli import main
from authsession.modelcheck import hostdiff, transcript
from authsession.world import scenario as sc
from authsession.world.world import World

ROOT = Path(__file__).resolve().parents[2]
SEEDED = ROOT / "tests" / "app" / "seeded_hosts.py"
REFERENCE = f"{shlex.quote(sys.executable)} -m authsession app"
CANARY = "CANARY-s3cr3t-7f2a"


def seeded(bug: str) -> str:
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(SEEDED))} {bug}"


@pytest.mark.parametrize(
    ("bug", "first"),
    [
        ("wrong-backoff", "done state="),  # the retry deadline in `done.deadlines` differs
        ("no-second-sample", "protected_data.available"),  # the sample after the read
        ("timers-out-of-order", ""),
        ("snapshot-late", "snapshots.load"),
    ],
)
def test_a_seeded_host_bug_is_found_within_the_default_budget_and_shrunk(
    bug: str, first: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "divergence.json"
    assert main(["difftest", "--app", seeded(bug), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "calls differ" in captured.err and "--diff-calls" in captured.err
    assert first in captured.err
    document = json.loads(out.read_text())
    scenario = sc.parse_scenario(document, str(out))
    assert 1 <= len(scenario.steps) <= 3, document["steps"]
    # The file replays: the two call sequences side by side, differing; the reference agrees
    # with itself on it.
    assert main(["replay", str(out), "--app", seeded(bug), "--diff-calls"]) == 1
    shown = capsys.readouterr().out
    assert "\n!" in shown and "first difference at line" in shown
    assert main(["replay", str(out), "--app", REFERENCE, "--diff-calls"]) == 0
    assert "the traces are the same" in capsys.readouterr().out


def test_the_reference_app_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["difftest", "--app", REFERENCE, "--sequences", "45", "--seed", "3"]) == 0
    line = capsys.readouterr().out
    assert line.startswith("difftest --app: no divergence in 45 scenarios (15 ios, 15 android, ")


def test_the_same_seed_draws_the_same_scenarios() -> None:
    plan = hostdiff.Plan(seed=11)
    chosen = hostdiff.spaces(plan.platforms)
    once = [hostdiff.drawn(plan, i, chosen)[1:] for i in range(6)]
    again = [hostdiff.drawn(plan, i, chosen)[1:] for i in range(6)]
    assert once == again
    assert [s.platform for s in chosen] == ["ios", "android", "memory"]
    # No envelope storage (the protocol does not carry it), no class readable before the first
    # unlock unless asked for.
    assert all(s.envelope == (False,) for s in chosen)
    assert all("always" not in str(s.protections) for s in chosen)
    assert "always" in str(hostdiff.spaces(("ios",), insecure=True)[0].protections)


def _login_scenario(tmp_path: Path) -> Path:
    path = tmp_path / "login.json"
    path.write_text(json.dumps({
        "schema": "authsession.scenario/1", "name": "canary", "platform": "ios",
        "device": {"passcode": True, "phase": "unlocked"},
        "preexisting_credentials": {"user": "ada", "password": CANARY + "-stored",
                                    "protection": "when_unlocked"},
        "server": {"rotating": True},
        "steps": [{"event": "launch", "mode": "foreground"}, {"event": "logout"},
                  {"event": "login", "user": "ada", "password": CANARY},
                  {"event": "advance", "seconds": 7200}, {"event": "background_fetch"}],
    }))  # fmt: skip
    return path


def test_no_secret_reaches_the_side_by_side_only_labels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _login_scenario(tmp_path)
    assert main(["replay", str(path), "--app", seeded("snapshot-late"), "--diff-calls"]) == 1
    captured = capsys.readouterr()
    assert CANARY not in captured.out + captured.err
    assert "password=<secret-" in captured.out
    # The whole transcripts: the typed password, the stored one, the tokens, each a label — the
    # same on both sides — and item data decoded with its secret masked.
    with hostdiff.launchers(seeded("snapshot-late"), 10.0) as (app, reference):
        comparison = hostdiff.compare(sc.load_scenario(path), app, reference)
    entries = comparison.app.transcript.entries + comparison.reference.transcript.entries
    assert not any(CANARY in entry for entry in entries)
    assert any('"secret": "<secret-' in entry for entry in entries)
    sent = [e.strip() for e in comparison.app.transcript.entries if "server.authenticate" in e]
    assert sent and sent == [
        e.strip() for e in comparison.reference.transcript.entries if "server.authenticate" in e
    ]
    assert all("secret=<secret-" in e for e in sent)


def test_labels_are_shared_by_both_sides() -> None:
    labels = transcript.Labels()
    assert labels.of("a") == "<secret-1>" and labels.of("b") == "<secret-2>"
    assert labels.of("a") == "<secret-1>"
    assert labels.data(b'{"secret": "b"}') == '{"secret": "<secret-2>"}'
    assert labels.data(b"\xff\xfe") == "<data-1>" == labels.data(b"\xff\xfe")


def test_an_extension_is_never_on_screen() -> None:
    """The Swift app's first finding by `difftest --app`: the world let an extension read an
    access-controlled item because the *app* was on screen; its process has no screen, so the
    item answers -25308 — for the in-process reference too."""
    scenario = sc.parse_scenario({
        "schema": "authsession.scenario/1", "name": "extension", "platform": "ios",
        "device": {"passcode": True, "phase": "unlocked"},
        "preexisting_credentials": {"user": "ada", "password": "pw", "protection": "when_unlocked"},
        "access_control": "user_presence",
        "steps": [{"event": "foreground"}, {"event": "extension_wake"}],
    }, "test")  # fmt: skip
    world = World(scenario, "reference")
    try:
        world.run()
        (_, records), *_ = world.extension_runs
    finally:
        world.close()
    assert [r.event for r in records][:2] == ["app_launched", "keychain_unavailable"]


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--app", REFERENCE, "--length", "3"], "--length: only with --port"),
        (["--app", REFERENCE, "--timeout", "3"], "--timeout: only with --port"),
        (["--port", REFERENCE, "--out", "x.json"], "--out: only with --app"),
        (["--port", REFERENCE, "--seconds", "3"], "--seconds: only with --app"),
        (["--app", "tests.app.app_twin:reference"], "give a command, not a factory"),
        (["--app", "'unclosed"], "cannot parse command"),
        (["--app", REFERENCE, "--port", REFERENCE], "not allowed with"),
        (["--app", REFERENCE, "--platform", "windows"], "--platform"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    args: list[str], problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["difftest", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and problem in captured.err


def test_a_broken_app_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    broken = f"{shlex.quote(sys.executable)} -c 'import sys; sys.exit(3)'"
    assert main(["difftest", "--app", broken, "--sequences", "2"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert "exited with code 3" in captured.err


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--diff-calls"], "--diff-calls: needs --app CMD"),
        (["--diff-calls", "--app", REFERENCE, "--check"], "not with --compare"),
        (["--diff-calls", "--app", "tests.app.app_twin:reference"], "give a command"),
    ],
)
def test_diff_calls_refuses_what_it_cannot_do(
    args: list[str], problem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["replay", str(_login_scenario(tmp_path)), *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and problem in captured.err
