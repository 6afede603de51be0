"""The command line: outputs derived from the spec, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from authsession.cli import main
from authsession.spec import TABLE, State
from authsession.spec.export import to_mermaid


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "authsession", *args],
        input=stdin, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_spec_json_is_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "authsession.spec/1"
    assert len(document["transitions"]) == len(TABLE)
    assert {s["name"] for s in document["states"]} == {s.value for s in State}
    assert document["json_schema"]["machine_event"]["discriminator"]["propertyName"] == "type"


def test_spec_mermaid_is_a_state_diagram_of_every_state(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec", "--format", "mermaid"]) == 0
    out = capsys.readouterr().out
    assert out == to_mermaid()
    assert out.startswith("stateDiagram-v2\n")
    for state in State:
        assert f" {state.value} " in out or f"> {state.value}" in out


def test_spec_state_filter(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec", "--format", "json", "--state", "deferred_auth"]) == 0
    rows = json.loads(capsys.readouterr().out)["transitions"]
    assert rows and {r["source"] for r in rows} == {"deferred_auth"}


def test_unknown_state_is_one_line_and_exit_2() -> None:
    result = run("spec", "--state", "sleeping")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "--state: unknown state (expected one of logged_in," in result.stderr
    assert "sleeping" not in result.stderr  # what was typed could be a secret: never echoed
    assert "Traceback" not in result.stderr
    near = run("spec", "--state", "loged_in")
    assert "unknown state; did you mean 'logged_in'?" in near.stderr


def test_bad_usage_is_one_line_and_exit_2() -> None:
    result = run("spec", "--format", "xml")
    assert (result.returncode, result.stderr.count("\n")) == (2, 1)
    assert "--format" in result.stderr


def test_spec_output_is_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "spec.md"
    assert run("spec", "--output", str(target)).returncode == 0
    assert "| from | event |" in target.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["spec.md"]  # no temp file left behind
    bad = run("spec", "--output", str(target / "inside-a-file.md"))  # parent is a file
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_port_answers_each_event_with_state_commands_reason() -> None:
    events = [
        {"type": "app_launched", "protected_data_available": False},
        {"type": "work_requested", "protected_data_available": False},
        {"type": "protected_data_became_available"},
        {"reset": {}},
        {"type": "app_launched", "protected_data_available": True},
    ]
    result = run("port", stdin="".join(json.dumps(e) + "\n" for e in events))
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["state"] for a in answers] == [
        "credentials_unavailable", "deferred_auth", "checking_credentials", "checking_credentials",
    ]  # fmt: skip
    assert answers[1]["commands"] == [{"type": "defer_work"}]
    assert answers[2]["reason"] == "protected_data_available_resuming"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{"type": "reboot"}', "stdin:2: type: unknown value"),
        ('{"type": "app_launched", "protected_data_available": "yes"}', "stdin:2: app_launched."),
        ("not json", "stdin:2: (file): not JSON"),
        ('{"reset": {"state": "dreaming"}}', "stdin:2: reset.state:"),
        ('{"reset": {"context": {"wifi": true}}}', "stdin:2: reset.context: unknown flag"),
    ],
)
def test_port_bad_input_names_the_line_and_field(line: str, expected: str) -> None:
    result = run(
        "port", stdin='{"type": "work_requested", "protected_data_available": true}\n' + line + "\n"
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"authsession port: {expected}")
    assert result.stderr.count("\n") == 1
    assert len(result.stdout.splitlines()) == 1  # the good line was answered before stopping


def test_a_secret_sent_to_the_cli_is_never_echoed() -> None:
    canary = "canary-cli-9d41"
    result = run("port", stdin=json.dumps({"type": "login_requested", "password": canary}) + "\n")
    assert result.returncode == 2
    assert "login_requested: unknown field" in result.stderr  # names where …
    assert canary not in result.stderr + result.stdout  # … never the value
    # Nor a key: a secret pasted as a field name is not echoed either.
    result = run("port", stdin=json.dumps({"type": "login_requested", canary: 1}) + "\n")
    assert result.returncode == 2 and canary not in result.stderr + result.stdout
