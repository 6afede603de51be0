"""Issue 12: every input bounded. Hostile files and streams give one line `SOURCE:LINE: field:
problem` and exit 2 — never a traceback, never a crash loop, never a memory blow-up — through the
one input layer (`authsession.inputs`) that every verb and the snapshot loader read through."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import SecretStr

from authsession import AuthSession, State
from authsession.adapters import Credentials
from authsession.runtime import FileSnapshotStore
from authsession.testing import (
    FakeProtectedData,
    ManualClock,
    MemoryKeychain,
    ScriptedAuthenticator,
)

from .conftest import MIB, ROOT, Finished, one_line_error

CLI = Callable[..., tuple[int, str, str]]
HUGE_INT = "9" * 5000  # Python's json: ValueError past 4,300 digits (not a JSONDecodeError)
DEEP = "[" * 100_000 + "]" * 100_000  # Python's json: RecursionError
EXAMPLE = ROOT / "examples" / "f13-expired-is-not-signed-out.json"
LAUNCH = {"type": "app_launched", "protected_data_available": True}


# Why: "a snapshot holding an integer of more than 4,300 digits makes AuthSession(...) raise on
# every start" ------------------------------------------------------------------------------------


def _session(path: Path) -> AuthSession:
    device = FakeProtectedData(available=True)
    keychain = MemoryKeychain(
        available=device.available, credentials=Credentials(account="ada", secret=SecretStr("pw"))
    )
    return AuthSession(
        keychain=keychain,
        clock=ManualClock(),
        authenticator=ScriptedAuthenticator(),
        protected_data=device,
        store=FileSnapshotStore(path),
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"version": 2, "state": "logged_in", "sequence": ' + HUGE_INT + "}", "integer longer"),
        ('{"version": 2, "state": "logged_in", "account": ' + DEEP + "}", "nested deeper"),
        ('{"version": ' + HUGE_INT + "}", "integer longer"),
    ],
    ids=["huge-int", "deep", "huge-version"],
)
def test_a_hostile_snapshot_starts_fresh_instead_of_a_crash_loop(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "session.json"
    path.write_text(text)
    session = _session(path)  # this raised ValueError (or RecursionError) on every start
    assert str(session.snapshot_error).startswith(f"{path}:1: (file): {problem}")
    session.launch()
    assert session.state is State.LOGGED_IN  # the keychain still knows the user
    again = _session(path)  # the bad file was replaced: the next start is clean
    assert again.snapshot_error is None


# Why: "deeply nested JSON and > 4,300-digit integers given to replay, check-trace, port, vectors
# verify" gave tracebacks -------------------------------------------------------------------------


def _hostile_scenario(kind: str) -> str:
    document = json.loads(EXAMPLE.read_text())
    text = json.dumps(document, indent=2)
    marker = '"seconds": 28800'
    return text.replace(marker, '"seconds": ' + (HUGE_INT if kind == "int" else DEEP))


def _hostile_log(kind: str) -> str:
    value = HUGE_INT if kind == "int" else DEEP
    good = json.dumps({"time": 0.0, "event": LAUNCH, "state": "checking_credentials"})
    return good + "\n" + '{"time": 1, "event": ' + value + ', "state": "logged_in"}\n'


def _hostile_events(kind: str) -> str:
    value = HUGE_INT if kind == "int" else DEEP
    return json.dumps(LAUNCH) + "\n" + '{"type": "work_requested", "x": ' + value + "}\n"


def _hostile_vectors(kind: str) -> str:
    value = HUGE_INT if kind == "int" else DEEP
    return '{\n  "schema": "authsession.vectors/1",\n  "rows": ' + value + ',\n  "vectors": []\n}\n'


@pytest.mark.parametrize("kind", ["int", "deep"])
@pytest.mark.parametrize(
    ("verb", "build"),
    [
        (["replay"], _hostile_scenario),
        (["check-trace"], _hostile_log),
        (["port"], _hostile_events),
        (["vectors", "verify", "--vectors"], _hostile_vectors),
    ],
    ids=["replay", "check-trace", "port", "vectors"],
)
def test_hostile_json_is_one_line_naming_file_and_line_for_every_verb(
    cli: CLI, tmp_path: Path, verb: list[str], build: Callable[[str], str], kind: str
) -> None:
    path = tmp_path / "input.json"
    text = build(kind)
    path.write_text(text)
    line = next(i for i, t in enumerate(text.split("\n"), start=1) if "9999" in t or "[[[" in t)
    code, _out, err = cli(*verb, str(path))
    assert code == 2 and one_line_error(err), err
    problem = "integer longer than 100 digits" if kind == "int" else "nested deeper than 64 levels"
    assert f"{path}:{line}: (file): {problem}" in err


def test_port_reading_a_non_utf8_file_names_the_line(cli: CLI, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_bytes(json.dumps(LAUNCH).encode() + b'\n{"type": "\xff"}\n')
    code, out, err = cli("port", str(path))
    assert code == 2 and one_line_error(err)
    assert err == f"authsession port: {path}:2: (file): not UTF-8 (bad byte at column 11)\n"
    assert len(out.splitlines()) == 1  # the good line was answered first


@pytest.mark.parametrize("verb", [["replay"], ["check-trace"], ["vectors", "verify", "--vectors"]])
def test_a_non_utf8_file_is_one_line_for_every_file_verb(
    cli: CLI, tmp_path: Path, verb: list[str]
) -> None:
    path = tmp_path / "input.json"
    if verb == ["check-trace"]:  # JSON Lines: line 1 must be a whole step
        first = json.dumps({"time": 0.0, "event": LAUNCH, "state": "checking_credentials"})
        path.write_bytes(first.encode() + b'\n{"x": "caf\xe9"}\n')
    else:
        path.write_bytes(b'{\n"x": "caf\xe9"}\n')
    code, _, err = cli(*verb, str(path))
    assert code == 2 and one_line_error(err)
    assert f"{path}:2: (file): not UTF-8" in err


# Why: "check-trace /dev/zero; a 50 MB scenario needs ~0.9 GB before it is rejected" -------------


def test_an_endless_input_is_rejected_at_the_size_cap_with_bounded_memory(
    cli_process: Callable[..., Finished],
) -> None:
    result = cli_process("check-trace", "/dev/zero", memory=256 * MIB, timeout=30)
    assert result.returncode == 2 and one_line_error(result.stderr), result.stderr
    assert "/dev/zero: (file): larger than 16,777,216 bytes" in result.stderr


def test_a_50_mb_scenario_is_rejected_before_it_is_read(
    cli_process: Callable[..., Finished], tmp_path: Path
) -> None:
    path = tmp_path / "big.json"
    with path.open("w") as handle:
        handle.write('{"schema": "authsession.scenario/1", "name": "big", "steps": [')
        handle.write('{"event": "lock"}, ' * (50 * MIB // 19))
        handle.write('{"event": "lock"}]}')
    result = cli_process("replay", str(path), memory=256 * MIB, timeout=30)
    assert result.returncode == 2 and one_line_error(result.stderr), result.stderr
    assert f"{path}: (file): larger than 16,777,216 bytes" in result.stderr


def test_a_huge_length_is_refused_before_a_sequence_is_built(
    cli_process: Callable[..., Finished],
) -> None:
    # `difftest --length 100000000` built the whole sequence in memory.
    result = cli_process(
        "difftest", "--port", "sleep 60", "--length", "100000000", memory=256 * MIB, timeout=30
    )
    assert result.returncode == 2 and one_line_error(result.stderr), result.stderr
    assert "--length: must be between 1 and 10,000" in result.stderr


@pytest.mark.parametrize("verb", [["explore", "--depth", "0"], ["simulate", "--devices", "1"]])
def test_workers_are_capped(cli: CLI, verb: list[str]) -> None:
    # 2,048 workers took ~6 GB for a 2-device run.
    code, _, err = cli(*verb, "--workers", "2048")
    assert code == 2 and one_line_error(err)
    assert "argument --workers: must be between 1 and " in err


def test_the_limits_are_overridable_before_the_verb(cli: CLI, tmp_path: Path) -> None:
    code, _, err = cli("--max-input-bytes", "100", "replay", str(EXAMPLE))
    assert code == 2 and "larger than 100 bytes" in err
    code, _, err = cli("--max-json-depth", "1", "replay", str(EXAMPLE))
    line = EXAMPLE.read_text().splitlines().index('  "steps": [') + 1
    assert code == 2 and f"{EXAMPLE}:{line}: (file): nested deeper than 1 levels" in err
    # A 2 MiB log line (a long reason) is over the default line cap, and fine above it.
    log = tmp_path / "long.jsonl"
    reason = "x" * (2 * MIB)
    log.write_text(json.dumps({"time": 0.0, "event": LAUNCH, "state": "checking_credentials",
                               "reason": reason}) + "\n")  # fmt: skip
    code, _, err = cli("check-trace", str(log))
    assert code == 2 and f"{log}:1: (file): line longer than 1,048,576 bytes" in err
    code, out, _ = cli("--max-line-bytes", str(4 * MIB), "check-trace", str(log))
    assert code == 1 and "1 steps" in out  # read and judged (the made-up reason is a finding)
    code, _, err = cli("--max-input-bytes", str(2**40), "replay", str(EXAMPLE))
    assert code == 2 and one_line_error(err) and "--max-input-bytes: must be between" in err


def test_a_stream_line_is_capped_without_reading_it_whole(
    cli_process: Callable[..., Finished],
) -> None:
    endless = b"[" + b"1," * (8 * MIB)  # no newline: one 16 MB line
    result = cli_process("port", stdin=endless, memory=256 * MIB)
    assert result.returncode == 2 and one_line_error(result.stderr)
    assert "stdin:1: (file): line longer than 1,048,576 bytes" in result.stderr


def test_a_directory_or_a_missing_file_is_one_line(cli: CLI, tmp_path: Path) -> None:
    for verb in (["replay"], ["check-trace"], ["port"], ["vectors", "verify", "--vectors"]):
        code, _, err = cli(*verb, str(tmp_path))
        assert code == 2 and err.endswith(f"{tmp_path}: (file): is a directory\n"), err
        code, _, err = cli(*verb, str(tmp_path / "missing"))
        assert code == 2 and "missing: (file): cannot read: No such file or directory" in err


# Why: "check-trace splits lines with splitlines(): a valid log with a raw U+2028 is rejected and
# \r shifts line numbers" --------------------------------------------------------------------------


def test_json_lines_split_on_newline_only(cli: CLI, tmp_path: Path) -> None:
    first = json.dumps({"time": 0.0, "event": LAUNCH, "state": "checking_credentials"})
    # A lone \r between tokens is JSON whitespace; U+2028, U+0085, \x0b, \x0c are JSON string
    # characters. str.splitlines() breaks at every one of them.
    first = first.replace(", ", ",\r", 1)
    second = json.dumps(
        {"time": 1.0, "event": {"type": "keychain_found", "protected_data_available": True},
         "state": "authenticating",
         "reason": "made up \u2028 \x85 \x0b \x0c here"}, ensure_ascii=False,
    )  # fmt: skip
    log = tmp_path / "app.jsonl"
    log.write_text(first + "\n" + second + "\r\n" + '{"time": "x"}\n', encoding="utf-8")
    code, out, err = cli("check-trace", str(log))
    assert code == 2 and one_line_error(err)
    assert err.startswith(f"authsession check-trace: {log}:3: ")  # not shifted
    log.write_text(first + "\n" + second + "\n", encoding="utf-8")
    code, out, err = cli("check-trace", str(log))
    assert (code, err) == (1, "")  # both lines parsed; line 2's made-up reason is the finding
    assert out.splitlines()[0].startswith(f"{log}:2: keychain_found in checking_credentials")


# Every failure names its line ---------------------------------------------------------------------


def test_a_user_name_longer_than_a_snapshot_holds_is_bad_input(cli: CLI, tmp_path: Path) -> None:
    # Found by the fuzz campaign: the session's snapshot refused the account id with a
    # ValidationError that escaped `replay` as a traceback.
    document = json.loads(EXAMPLE.read_text())
    document["steps"][1]["user"] = "u" * 1001
    path = tmp_path / "long-user.json"
    path.write_text(json.dumps(document))
    code, _, err = cli("replay", str(path))
    assert code == 2 and one_line_error(err)
    assert f"{path}:1: step 1: user: String should have at most 1000 characters" in err


def test_a_schema_error_in_a_multi_line_file_names_its_line(cli: CLI, tmp_path: Path) -> None:
    document = json.loads(EXAMPLE.read_text())
    document["steps"][3]["seconds"] = -1
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, indent=2))
    code, _, err = cli("replay", str(path))
    assert code == 2 and one_line_error(err)
    text = path.read_text().splitlines()
    line = next(i for i, t in enumerate(text, start=1) if '"seconds": -1' in t)
    assert err.startswith(f"authsession replay: {path}:{line}: step 3: seconds: ")


def test_the_snapshot_warning_names_file_line_and_field(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "session.json"
    path.write_text('{\n  "version": 3,\n  "state": "gone"\n}\n')
    with caplog.at_level(logging.WARNING):
        _session(path)
    assert f"{path}:3: state: Input should be" in caplog.text
