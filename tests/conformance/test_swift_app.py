"""The Swift app (`swift/`'s `authsession-app`: the Swift host `AuthSession` and its iOS keychain
adapter, speaking `authsession.app/1`) in the world, judged like the Python reference: every
example replays to the reference's trace byte for byte, the examples that exercise the refresh
lease (kills, extensions, retries) see the Swift app send the reference app's lines — every adapter
call, the lease's and the signal's samples included, in the same order — a fleet sample gives the
reference's
column, a bounded explore covers what the reference covers with the same outcome, and a
malformed world line ends it with one stderr line (no secret in it) and exit 2."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from authsession.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
CANARY = "CANARY-s3cr3t-7f2a"

#: What the oracle judges: the Swift app must be as clean as the reference on each.
JUDGED = ("spurious_logouts", "stranded_users", "violations", "app_errors", "escapes")


def _replay(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[str, dict[str, object]]:
    """The trace `replay` prints, and its summary."""
    assert main(["replay", *args]) == 0
    out = capsys.readouterr().out
    summary: dict[str, object] = json.loads(out.splitlines()[-1])["summary"]
    return out, summary


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_every_example_replays_to_the_references_summary(
    example: Path, swift_app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    swift_trace, swift = _replay([str(example), "--app", str(swift_app)], capsys)
    trace, reference = _replay([str(example), "--policy", "reference"], capsys)
    for key in JUDGED:
        if reference[key] in (0, []):
            assert swift[key] == reference[key], key
    assert swift == reference
    assert swift_trace == trace  # byte-identical to the reference's trace


#: Examples whose processes take, wait for and give back the refresh lease (two processes, kills,
#: retries while another process holds it).
LEASED = [ROOT / "examples" / f"{name}.json" for name in (
    "f6-concurrent-rotation", "f7-killed-mid-rotation", "f8-extension-rotates-first",
    "matrix-rust-sdk-6794-extension-rotates-mid-refresh", "auth0-swift-490-killed-mid-renewal",
    "ringcentral-509-captive-portal-200", "supabase-swift-707-cancelled-refresh",
)]  # fmt: skip


def _said(app: str, example: Path, logs: Path) -> list[str]:
    """What each OS process of `app` wrote to the world while `example` replayed (one
    transcript per process, sorted: the world may run two at once), `ready`'s name left out and
    whole numbers written alike (`3570.0` is `3570`)."""
    logs.mkdir()
    tee = f'{app} | tee "$(mktemp {logs}/XXXXXX)"'
    assert main(["replay", str(example), "--app", f"sh -c '{tee}'"]) == 0

    def plain(value: object) -> object:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, dict):
            return {k: "-" if k == "name" else plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return sorted(
        json.dumps([plain(json.loads(line)) for line in log.read_text().splitlines()])
        for log in logs.iterdir()
    )


@pytest.mark.parametrize("example", LEASED, ids=lambda path: path.stem)
def test_the_swift_app_makes_the_reference_apps_calls(
    example: Path, swift_app: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reference = f"{sys.executable} -m authsession app"
    swift = _said(str(swift_app), example, tmp_path / "swift")
    python = _said(reference, example, tmp_path / "python")
    capsys.readouterr()
    assert any('"adapter": "lease"' in transcript for transcript in python)
    assert swift == python


def test_a_fleet_sample_gives_the_references_column(
    swift_app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["simulate", "--devices", "12", "--days", "2", "--seed", "7", "--workers", "1"]
    assert main([*args, "--json", "--app", str(swift_app)]) == 0
    policies = json.loads(capsys.readouterr().out)["policies"]
    assert policies["app"]["device_days"] == 24
    assert policies["app"]["deferred_completed"] > 0
    assert policies["app"] == policies["reference"]


EXPLORED = [
    # iOS: a class migration from an earlier version, rotation, a failing read (the SecItem level).
    ["--platform", "ios", "--protection", "after_first_unlock", "--earlier", "when_unlocked",
     "--passcode", "on", "--quirk", "on", "--rotating", "on", "--faults", "keychain.read:fail"],
    # iOS: a kill before or after every kind of call (the app abandons the callback mid-call).
    ["--platform", "ios", "--protection", "when_unlocked", "--earlier", "none",
     "--passcode", "on", "--quirk", "on", "--rotating", "on", "--faults", "*:kill_*"],
    # iOS: an item written with an access control (the SecItem attribute, -25293, biometry).
    ["--platform", "ios", "--protection", "when_unlocked", "--earlier", "none",
     "--passcode", "on", "--quirk", "on", "--rotating", "on",
     "--access-control", "biometry_current_set"],
    # Android: the item-level keychain.
    ["--platform", "android", "--protection", "credential_encrypted", "--earlier", "none",
     "--rotating", "on", "--faults", "keychain.read:fail,authenticator:fail"],
]  # fmt: skip


def _explored(line: str) -> str:
    """The summary line without who was explored and how fast."""
    line = re.sub(r"policy \S+, ", "", line)
    return re.sub(r"[\d.]+ s \([\d.]+ configurations/s\), ", "", line)


@pytest.mark.parametrize("family", EXPLORED, ids=lambda args: f"{args[1]}-{args[-1]}")
def test_a_bounded_explore_finds_nothing_and_covers_what_the_reference_covers(
    family: list[str], swift_app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["explore", "--depth", "2", "--workers", "1", *family]
    assert main([*args, "--app", str(swift_app)]) == 0
    swift = capsys.readouterr().out.splitlines()[0]
    assert main(args) == 0
    reference = capsys.readouterr().out.splitlines()[0]
    assert "failure found" not in swift and "depth bound reached" in swift
    assert _explored(swift) == _explored(reference)


@pytest.mark.parametrize(
    ("lines", "field"),
    [
        ([f"not json {CANARY}"], "(line)"),
        (['{"n": 1, "callback": "launch", "mode": "foreground"}'], "hello"),
        (
            [
                '{"hello": {"platform": "memory", "protection": "when_unlocked"}}',
                f'{{"n": 2, "callback": "login", "user": "ada", "password": "{CANARY}"}}',
            ],
            "n",
        ),
        (
            ['{"hello": {"platform": "ios", "protection": "when_unlocked", "access_control": 1}}'],
            "hello.access_control",
        ),
        (
            ['{"hello": {"platform": "ios", "protection": "when_unlocked", "app_version": 0}}'],
            "hello.app_version",
        ),
        (
            ['{"hello": {"platform": "ios", "protection": "when_unlocked", "biometry": true}}'],
            "hello.biometry",
        ),
        (
            ['{"hello": {"platform": "ios", "protection": "when_unlocked", "role": "widget"}}'],
            "hello.role",
        ),
    ],
    ids=[
        "not-json",
        "no-hello",
        "out-of-order",
        "bad-access-control",
        "bad-app-version",
        "unknown-hello-key",
        "bad-role",
    ],
)
def test_a_malformed_world_line_is_one_stderr_line_and_exit_2(
    lines: list[str], field: str, swift_app: Path
) -> None:
    result = subprocess.run(
        [str(swift_app)], input="".join(line + "\n" for line in lines),
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    (message,) = result.stderr.splitlines()
    assert f"stdin:{len(lines)}: {field}: " in message
    assert CANARY not in result.stderr + result.stdout
    if field.startswith("hello."):
        assert result.stdout == ""  # a malformed hello is never answered `ready`


def test_the_swift_app_passes_difftest_app_with_its_default_budget(
    swift_app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 22: the Swift host matches the Python reference call for call — every adapter call,
    its arguments and order, and every trace — on the default budget of `difftest --app` (1,000
    seeded scenarios over every platform, option and fault; ~50 s)."""
    assert main(["difftest", "--app", str(swift_app)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("difftest --app: no divergence in 1000 scenarios (334 ios, 333 android")
