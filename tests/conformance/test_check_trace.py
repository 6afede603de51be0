"""check-trace: an app's log judged line by line; malformed lines are exit 2 with the line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from authsession.cli import main


def write(tmp_path: Path, *lines: object) -> Path:
    path = tmp_path / "app.jsonl"
    text = "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines)
    path.write_text(text)
    return path


def step(t: float, event: dict[str, object], state: str, reason: str | None = None) -> object:
    line: dict[str, object] = {"time": t, "event": event, "state": state}
    if reason is not None:
        line["reason"] = reason
    return line


LAUNCH_LOCKED = {"type": "app_launched", "protected_data_available": False}
WORK_LOCKED = {"type": "work_requested", "protected_data_available": False}


def test_a_log_that_follows_the_spec_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = write(
        tmp_path,
        step(0.0, LAUNCH_LOCKED, "credentials_unavailable"),
        "",
        step(1.0, WORK_LOCKED, "deferred_auth", "work_deferred_until_protected_data"),
        step(2.0, {"type": "protected_data_became_available"}, "checking_credentials"),
    )
    assert main(["check-trace", str(log)]) == 0
    assert capsys.readouterr().out == f"{log}: 3 steps, 0 problems on 0 lines\n"


def test_every_wrong_line_is_reported_and_the_replay_follows_the_app(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = write(
        tmp_path,
        {"initial": {"state": "logged_in", "context": {"protected_data_available": True}}},
        step(0.0, WORK_LOCKED, "logged_out"),  # line 2: expired token + locked → signed out
        step(1.0, {"type": "login_requested"}, "signing_in"),  # fine, given logged_out
        step(2.0, {"type": "auth_accepted"}, "logged_in", "welcome_back"),  # wrong reason
    )
    assert main(["check-trace", str(log)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"{log}:2: work_requested in logged_in: the spec gives deferred_auth "
        "(session_expired_credentials_unavailable), the app logged logged_out"
    )
    assert f"{log}:2: invariant 1: logout with reason 'unlogged' on work_requested" in out
    assert out[-2].startswith(f"{log}:4: auth_accepted in signing_in: the spec gives logged_in")
    assert out[-1] == f"{log}: 3 steps, {len(out) - 1} problems on 2 lines"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("not json", "2: (file): not JSON"),
        ('{"time": 1, "event": {"type": "reboot"}, "state": "logged_in"}',
         "2: event.type: unknown value"),
        ('{"time": 1, "event": {"type": "login_requested"}, "state": "limbo"}', "2: state: Input"),
        ('{"event": {"type": "login_requested"}, "state": "signing_in"}',
         "2: time: Field required"),
        ('{"time": "1", "event": {"type": "login_requested"}, "state": "signing_in"}',
         "2: time: Input should be a valid number"),
        ('{"initial": {"state": "logged_in"}}', "2: initial: only allowed as the first line"),
        ("[1]", "2: (root): expected a JSON object"),
    ],
)  # fmt: skip
def test_malformed_lines_are_exit_2_with_file_line_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, problem: str
) -> None:
    log = write(tmp_path, step(0.0, LAUNCH_LOCKED, "credentials_unavailable"), line)
    assert main(["check-trace", str(log)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"authsession check-trace: {log}:{problem}") and err.count("\n") == 1


def test_schema_and_missing_file(tmp_path: Path) -> None:
    schema = subprocess.run(
        [sys.executable, "-m", "authsession", "check-trace", "--schema"],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    document = json.loads(schema)
    assert "TraceStep" in document["$defs"] and "TraceHeader" in document["$defs"]
    assert main(["check-trace", str(tmp_path / "nope.jsonl")]) == 2
    assert main(["check-trace"]) == 2
