"""The world running an app through `authsession.app/1`: the Python reference through the pipe is
byte-identical to in-process on every example and on a fleet sample, the in-process twin
(`module:factory`) works, explore reports the same coverage through the pipe, a broken app is
exit 2 with one line on every verb, and a canary secret never comes out."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from authsession.cli import main
from authsession.fleet.simulate import device_world, play
from authsession.fleet.usage import UsageModel, device_history
from authsession.world.app_process import AppLauncher

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
REFERENCE = f"{sys.executable} -m authsession app"
CANARY = "CANARY-secret-5e1d"
PROTECTION = {"ios": "when_unlocked", "android": "credential_encrypted", "memory": "when_unlocked"}


def bad(mode: str) -> str:
    return f"{sys.executable} {HERE / 'bad_app.py'} {mode}"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_reference_through_the_protocol_replays_every_example_byte_identically(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, in_process, err = cli(capsys, "replay", str(example))
    assert (code, err) == (0, "")
    code, piped, err = cli(capsys, "replay", str(example), "--app", REFERENCE)
    assert (code, err) == (0, "")
    assert piped == in_process


def test_compare_shows_the_app_as_one_more_column(capsys: pytest.CaptureFixture[str]) -> None:
    example = str(ROOT / "examples" / "f7-killed-mid-rotation.json")
    code, out, err = cli(capsys, "replay", example, "--compare", "--app", REFERENCE)
    assert (code, err) == (0, "")
    header = out.splitlines()[1].split()
    assert header[-2:] == ["reference", "app"]
    # The app's column says what the reference's says, row by row.
    for row in out.splitlines()[2:]:
        cells = row.split()
        if len(cells) >= 3 and cells[-2] in {"logged_in", "logged_out"} | set("0123456789"):
            assert cells[-1] == cells[-2], row


def _records_and_summary(
    factory: object, index: int, days: int
) -> tuple[list[tuple[object, ...]], str]:
    device = device_history(11, index, days, UsageModel())
    world = device_world(device, "app", factory)  # type: ignore[arg-type]
    try:
        play(world, device, days)
        return [dataclasses.astuple(r) for r in world.records], world.summary().model_dump_json()
    finally:
        world.close()


def test_a_fleet_sample_is_identical_through_the_protocol() -> None:
    """Eight devices (iOS and Android, with and without a passcode), three days each: every record
    the world keeps and its summary, in-process vs through the pipe."""
    from authsession.world.policies import ReferenceApp

    with AppLauncher(REFERENCE) as launcher:
        for index in range(8):
            expected = _records_and_summary(ReferenceApp, index, 3)
            assert _records_and_summary(launcher.factory, index, 3) == expected, index
            assert len(expected[0]) > 10
        # One OS process served every world process of the app (ready said reset); an
        # extension's run, alive while the app's is (issue 20's fleet), needs a second one.
        assert launcher.started <= 2


def test_simulate_gives_the_app_column_the_reference_figures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["simulate", "--devices", "12", "--days", "2", "--seed", "3", "--json", "--workers", "1"]
    code, out, err = cli(capsys, *args, "--policy", "reference", "--app", REFERENCE)
    assert (code, err) == (0, "")
    policies = json.loads(out)["policies"]
    assert policies["app"] == policies["reference"]
    assert policies["app"]["auth_requests"] > 0


def test_the_in_process_twin_replays_like_the_reference(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(HERE))
    example = str(ROOT / "examples" / "f5-transient-refresh-failure.json")
    _, in_process, _ = cli(capsys, "replay", example)
    code, twin, err = cli(capsys, "replay", example, "--app", "app_twin:reference")
    assert (code, err) == (0, "")
    assert twin == in_process


def test_the_in_process_twin_s_own_bug_is_an_app_error_not_a_crash(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(HERE))
    example = str(ROOT / "examples" / "gilt-background-fetch.json")
    code, out, err = cli(capsys, "replay", example, "--check", "--app", "app_twin:flaky")
    assert code == 1
    assert "app error: KeyError escaped the app on background_fetch" in err
    summary = json.loads(out.splitlines()[-1])["summary"]
    assert summary["app_errors"] >= 1


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("no_such_module_here:make", "--app: no module named 'no_such_module_here'"),
        ("app_twin:missing", "--app: module 'app_twin' has no 'missing'"),
        ("app_twin:not_a_factory", "--app: 'app_twin:not_a_factory' is not callable"),
        ("'unclosed", "--app: cannot parse command"),
    ],
)
def test_an_app_that_cannot_be_loaded_is_one_line_and_exit_2(
    value: str, problem: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(HERE))
    example = str(ROOT / "examples" / "f1-prewarm-before-first-unlock.json")
    code, out, err = cli(capsys, "replay", example, "--app", value)
    assert (code, out) == (2, "")
    (line,) = err.splitlines()
    assert problem in line


def _first_line_without_timing(out: str) -> str:
    first = out.splitlines()[0]
    head, _, tail = first.rpartition(" s (")
    return head.rsplit(", ", 1)[0] + tail.partition(")")[2]


@pytest.mark.parametrize(
    "bounds",
    [
        ("--platform", "memory", "--depth", "2", "--faults", "none"),
        ("--platform", "ios", "--depth", "1", "--faults", "keychain.*:kill_*,keychain.read:raise",
         "--protection", "when_unlocked", "--earlier", "none", "--passcode", "on"),
    ],
    ids=["memory", "ios-kills"],
)  # fmt: skip
def test_explore_through_the_protocol_reports_the_same_coverage(
    bounds: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    common = ("explore", *bounds, "--quirk", "off", "--rotating", "off", "--workers", "1")
    code, in_process, err = cli(capsys, *common)
    assert (code, err) == (0, "")
    code, piped, err = cli(capsys, *common, "--app", REFERENCE)
    assert (code, err) == (0, "")
    expected = _first_line_without_timing(in_process).replace("policy reference", "policy app")
    assert _first_line_without_timing(piped) == expected
    assert "table rows" in expected and "depth bound reached" in piped


# A broken app -------------------------------------------------------------------------------

MINI = {
    "schema": "authsession.scenario/1",
    "name": "mini",
    "platform": "memory",
    "steps": [{"event": "launch"}, {"event": "login", "user": "ada", "password": CANARY}],
}

BROKEN = [
    ("dies", "message 2: app exited with code 3 before answering (stderr: 'fatal: the app crashed"),
    ("hangs", "message 2: no answer within 1.5 s"),
    ("flood", "message 2: line longer than 2,097,152 bytes"),
    ("flood_messages", "message 10001: (line): more than 10,000 messages for one callback"),
    ("garbage", "message 2: (line): not JSON"),
    ("not_object", "message 2: (line): not a JSON object"),
    ("unknown_adapter", "message 2: adapter: unknown value"),
    ("bad_field", "message 2: state: Input should be 'logged_in'"),
    ("wrong_call_number", "message 2: call: numbered 2, expected 1"),
    ("wrong_done", "message 2: done: answers callback 6, expected 1"),
    ("ready_twice", "message 2: (line): 'ready' in the middle of a callback"),
    ("wrong_platform", "message 2: adapter: secitem is not offered on memory"),
    ("early", "message 2: "),
]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "authsession", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def _assert_one_line(result: subprocess.CompletedProcess[str], verb: str, problem: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"authsession {verb}: "), line
    assert problem in line, line
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("mode", "problem"), BROKEN, ids=[m for m, _ in BROKEN])
def test_a_broken_app_ends_a_replay_with_one_line_and_exit_2(
    mode: str, problem: str, tmp_path: Path
) -> None:
    scenario = tmp_path / "mini.json"
    scenario.write_text(json.dumps(MINI))
    result = _run("replay", str(scenario), "--app", bad(mode), "--app-timeout", "1.5")
    _assert_one_line(result, "replay", problem)
    assert f"{bad(mode)}:message" in result.stderr


@pytest.mark.parametrize("mode", ["dies", "garbage", "hangs"])
def test_a_broken_app_ends_simulate_with_one_line_and_exit_2(mode: str) -> None:
    result = _run(
        "simulate", "--devices", "3", "--days", "1", "--workers", "2", "--policy", "reference",
        "--app", bad(mode), "--app-timeout", "1.5",
    )  # fmt: skip
    _assert_one_line(result, "simulate", "message 2: ")


@pytest.mark.parametrize("mode", ["dies", "wrong_call_number"])
def test_a_broken_app_ends_explore_with_one_line_and_exit_2(mode: str, tmp_path: Path) -> None:
    out = tmp_path / "counterexample.json"
    result = _run(
        "explore", "--platform", "memory", "--depth", "2", "--faults", "none",
        "--app", bad(mode), "--app-timeout", "1.5", "--out", str(out),
    )  # fmt: skip
    _assert_one_line(result, "explore", "message 2: ")
    assert not out.exists()


def test_no_app_process_outlives_a_broken_run(tmp_path: Path) -> None:
    """The world ends the app's whole process group, also one that hangs."""
    scenario = tmp_path / "mini.json"
    scenario.write_text(json.dumps(MINI))
    marker = f"bad_app.py hangs {tmp_path.name}"
    command = f"{sys.executable} {HERE / 'bad_app.py'} hangs {tmp_path.name}"
    result = _run("replay", str(scenario), "--app", command, "--app-timeout", "1")
    assert result.returncode == 2
    left = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert marker not in left


# The canary ---------------------------------------------------------------------------------


@pytest.mark.parametrize("platform", ["ios", "android", "memory"])
def test_a_canary_secret_sent_through_the_protocol_never_comes_out(
    platform: str, tmp_path: Path
) -> None:
    scenario = tmp_path / "canary.json"
    scenario.write_text(
        json.dumps(
            {
                **MINI,
                "platform": platform,
                "protection": PROTECTION[platform],
                "preexisting_credentials": {
                    "user": "bob",
                    "password": CANARY + "-old",
                    "protection": PROTECTION[platform],
                },
                "steps": [
                    {"event": "launch"},
                    {"event": "logout"},
                    {"event": "login", "user": "ada", "password": CANARY},
                    {"event": "advance", "seconds": 7200},
                    {"event": "background_fetch"},
                ],
            }
        )
    )
    for args in (
        ("replay", str(scenario), "--app", REFERENCE),
        ("replay", str(scenario), "--compare", "--app", REFERENCE),
        ("replay", str(scenario), "--app", bad("dies_quoting")),
    ):
        result = _run(*args)
        assert result.stdout or result.stderr
        assert CANARY not in result.stdout
        assert CANARY not in result.stderr
    assert "'fatal: cannot handle" in result.stderr and '"password":"***"' in result.stderr


def test_the_app_s_stderr_is_free_while_it_works() -> None:
    """An app may log to stderr as much as it likes: only its last line is kept, for its death."""
    chatty = (
        f'sh -c \'{sys.executable} -c "import sys; [sys.stderr.write(\\"x\\" * 1000 + chr(10))'
        f" for _ in range(3000)]\" ; exec {REFERENCE}'"
    )
    example = ROOT / "examples" / "f2-not-found-while-locked.json"
    result = _run("replay", str(example), "--app", chatty)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert os.linesep not in result.stdout.splitlines()[0]
