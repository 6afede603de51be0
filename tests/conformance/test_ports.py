"""Ports under test: a wrong one is caught, a JavaScript one passes, broken ones are exit 2."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from authsession.cli import main
from authsession.conformance.driver import PortProcess, parse_answer
from authsession.conformance.vectors import Initial, Vector, load_suite, run_reference
from authsession.spec.events import AppLaunched
from authsession.spec.states import State

ROOT = Path(__file__).resolve().parents[2]
PORTS = ROOT / "tests" / "ports"
PY = shlex.quote(sys.executable)
WRONG = f"{PY} {shlex.quote(str(PORTS / 'wrong_port.py'))}"
JS = f"node {shlex.quote(str(PORTS / 'js' / 'port.js'))} {shlex.quote(str(ROOT / 'docs' / 'spec.json'))}"  # noqa: E501
needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")


def broken(mode: str, after: int = 0) -> str:
    return f"{PY} {shlex.quote(str(PORTS / 'broken_port.py'))} {mode} {after}"


# The deliberately wrong port ---------------------------------------------------------------------


def test_difftest_catches_unavailable_means_no_user_with_a_tiny_counterexample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["difftest", "--port", WRONG, "--sequences", "50", "--seed", "3"]) == 1
    captured = capsys.readouterr()
    document = json.loads(captured.out)  # ready to save: a vectors document
    (vector,) = document["vectors"]
    assert len(vector["events"]) <= 5
    assert vector["events"][-1]["type"] == "keychain_unavailable"
    assert vector["expected"][-1]["state"] in {"credentials_unavailable", "deferred_auth"}
    assert "the port says" in captured.err and captured.err.count("\n") == 1
    # The saved counterexample is a regression vector: the reference passes, the port fails.
    saved = tmp_path / "counterexample.json"
    saved.write_text(captured.out)
    assert main(["vectors", "verify", "--vectors", str(saved), "--min-coverage", "0"]) == 0
    assert main(["vectors", "verify", "--vectors", str(saved), "--min-coverage", "0",
                 "--port", WRONG]) == 1  # fmt: skip


def _states_before(vector: Vector) -> list[State]:
    outcomes = run_reference(vector.initial, vector.events)[0]
    return [vector.initial.state, *(o.state for o in outcomes[:-1])]


def test_vectors_verify_catches_the_wrong_port(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vectors", "verify", "--port", WRONG]) == 1
    out = capsys.readouterr().out.splitlines()
    mismatches = [line for line in out if line.startswith("mismatch: ")]
    # The wrong port differs exactly where the reference meets keychain_unavailable while
    # checking or authenticating: one mismatch line per such vector, and there are some.
    suite = load_suite()
    wrong_here = {State.CHECKING_CREDENTIALS, State.AUTHENTICATING}
    expected = [
        v.name
        for v in suite.vectors
        if any(
            e.type == "keychain_unavailable" and state in wrong_here
            for e, state in zip(v.events, _states_before(v), strict=True)
        )
    ]
    assert expected and len(mismatches) == len(expected)
    assert all("keychain_unavailable" in line and '"logged_out"' in line for line in mismatches)


def test_difftest_is_deterministic_for_a_seed(capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for _ in range(2):
        # Enough sequences that the seed meets a divergence whatever the event alphabet holds
        # (a new enum value shifts every random choice after it).
        main(["difftest", "--port", WRONG, "--sequences", "500", "--seed", "11", "--length", "8"])
        outputs.append(capsys.readouterr().out)
    # The same seed finds the same divergence and shrinks it to the same vector.
    assert outputs[0] == outputs[1] and '"vectors"' in outputs[0]


# A correct port in another language --------------------------------------------------------------


@needs_node
def test_the_javascript_port_passes_every_vector(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vectors", "verify", "--port", JS]) == 0
    out = capsys.readouterr().out
    assert "mismatch" not in out and "(100.0 %)" in out


@needs_node
def test_the_javascript_port_passes_difftest(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["difftest", "--port", JS, "--sequences", "300", "--seed", "1"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("difftest: no divergence in 300 sequences")


def test_the_reference_as_a_port_passes() -> None:
    port = f"{PY} -m authsession port"
    assert main(["vectors", "verify", "--port", port]) == 0
    assert main(["difftest", "--port", port, "--sequences", "30"]) == 0


# Ports that break the protocol ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("verb", "mode", "after", "problem"),
    [
        # The shipped suite's first vector has one step: the port breaks on the second vector.
        ("vectors", "crash", 1, "sequence 2 step 1: port exited with code 3 before answering "
                                "(stderr: 'port.swift:42: Fatal error: unexpectedly found nil')"),
        ("difftest", "crash", 1, "sequence 1 step 2: port exited with code 3 before answering "
                                 "(stderr: 'port.swift:42: Fatal error: unexpectedly found nil')"),
        ("vectors", "silent_exit", 0,
         "sequence 1 step 1: port exited with code 0 before answering"),
        ("difftest", "garbage", 1,
         "sequence 1 step 2: answer is not JSON (Expecting value, column 1)"),
        ("vectors", "hang", 1, "sequence 2 step 1: no answer within 3 s"),
        ("difftest", "hang", 1, "sequence 1 step 2: no answer within 3 s"),
        ("vectors", "unknown_state", 0, "sequence 1 step 1: state: unknown state"),
        ("difftest", "missing_field", 0, "sequence 1 step 1: reason: Field required"),
    ],
)  # fmt: skip
def test_a_broken_port_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], verb: str, mode: str, after: int, problem: str
) -> None:
    command = broken(mode, after)
    args = ["vectors", "verify"] if verb == "vectors" else ["difftest", "--sequences", "3"]
    # 3 s: a Python port's start-up alone can take over a second on a loaded machine, and the
    # timeout counts from the moment its first answer is due.
    assert main([*args, "--port", command, "--timeout", "3"]) == 2
    err = capsys.readouterr().err
    assert err == f"authsession {verb}: {command}:{problem}\n"


def test_a_broken_port_never_shows_a_traceback() -> None:
    command = broken("crash", 0)
    result = subprocess.run(
        [sys.executable, "-m", "authsession", "difftest", "--port", command],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert ":sequence 1 step 1: port exited with code 3" in result.stderr


@pytest.mark.parametrize(
    ("command", "problem"),
    [
        ("/nonexistent/port", "/nonexistent/port: cannot start: No such file or directory"),
        ("", "--port: empty command"),
        ("node 'unbalanced", "--port: cannot parse command: No closing quotation"),
    ],
)
def test_a_port_that_cannot_start_is_exit_2(
    capsys: pytest.CaptureFixture[str], command: str, problem: str
) -> None:
    assert main(["vectors", "verify", "--port", command]) == 2
    assert capsys.readouterr().err == f"authsession vectors: {problem}\n"


def test_bad_numbers_are_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["difftest", "--port", WRONG, "--sequences", "0"]) == 2
    assert "--sequences: must be between 1 and 1,000,000" in capsys.readouterr().err
    assert main(["difftest", "--port", WRONG, "--timeout", "0"]) == 2


def test_the_driver_runs_sequences_and_keeps_answers_in_order() -> None:
    with PortProcess(f"{PY} -m authsession port") as port:
        first = port.run(1, Initial(), [AppLaunched(protected_data_available=False)])
        second = port.run(2, Initial(), [AppLaunched(protected_data_available=True)])
    assert first[0].state.value == "credentials_unavailable"
    assert second[0].state.value == "checking_credentials"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("[]", "answer is not a JSON object but an array"),
        ('{"state": "loged_in", "commands": [], "reason": "x"}',
         "state: unknown state; did you mean 'logged_in'?"),
        ('{"state": "logged_in", "commands": [{"type": "dance"}], "reason": "x"}',
         "commands.0.type: unknown value"),
        ('{"state": "logged_in", "commands": [], "reason": "x", "extra": 1}',
         "(root): unknown field"),
    ],
)  # fmt: skip
def test_answers_are_validated(line: str, problem: str) -> None:
    with pytest.raises(ValueError, match=r"^") as info:
        parse_answer(line)
    assert str(info.value) == problem
