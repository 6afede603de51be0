"""The Kotlin app (`kotlin/`'s `authsession-app.jar`: the Kotlin host speaking `authsession.app/1`)
in the world, judged like the Python reference: every Android and platform-neutral (`memory`)
example replays to the reference's trace byte for byte, a fleet sample of Android histories gives
the reference's column, bounded explores of Android families cover what the reference covers
with the same outcome, and a malformed world line ends it with one stderr line (no secret in it)
and exit 2."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from authsession.cli import main

from .conftest import ROOT

CANARY = "CANARY-s3cr3t-7f2a"
#: The examples the app can play: Android's item-level keychain and the platform-neutral one (an
#: iOS scenario needs the SecItem level, which is the Swift package's).
APPLICABLE = ("android", "memory")
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.json")
                  if json.loads(p.read_text()).get("platform") in APPLICABLE)  # fmt: skip
JUDGED = ("spurious_logouts", "stranded_users", "violations", "app_errors", "escapes")


def _replay(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[str, dict[str, object]]:
    assert main(["replay", *args]) == 0
    out = capsys.readouterr().out
    summary: dict[str, object] = json.loads(out.splitlines()[-1])["summary"]
    return out, summary


def test_the_android_examples_are_there() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_every_applicable_example_replays_to_the_references_trace(
    example: Path, kotlin_app: str, capsys: pytest.CaptureFixture[str]
) -> None:
    kotlin_trace, kotlin = _replay([str(example), "--app", kotlin_app], capsys)
    trace, reference = _replay([str(example), "--policy", "reference"], capsys)
    for key in JUDGED:
        if reference[key] in (0, []):
            assert kotlin[key] == reference[key], key
    assert kotlin == reference
    assert kotlin_trace == trace  # byte-identical to the reference's trace


def test_a_fleet_sample_of_android_histories_gives_the_references_column(
    kotlin_app: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["simulate", "--devices", "30", "--days", "3", "--seed", "7", "--workers", "1",
            "--platform", "android", "--policy", "reference"]  # fmt: skip
    assert main([*args, "--json", "--app", kotlin_app]) == 0
    policies = json.loads(capsys.readouterr().out)["policies"]
    assert policies["app"]["device_days"] >= 30  # at least ten Android phones
    assert policies["app"]["deferred_completed"] > 0
    assert policies["app"]["spurious_logouts"] == 0
    assert policies["app"] == policies["reference"]


EXPLORED = [
    # Read and server failures, a rotating server.
    ["--protection", "credential_encrypted", "--earlier", "none", "--rotating", "on",
     "--faults", "keychain.read:fail,authenticator:fail"],
    # A kill before or after every kind of call (the app abandons the callback mid-call).
    ["--protection", "credential_encrypted", "--earlier", "none", "--rotating", "both",
     "--faults", "*:kill_*"],
    # An item an earlier version kept in device-encrypted storage; adapters that throw.
    ["--protection", "credential_encrypted", "--earlier", "device_encrypted", "--rotating", "off",
     "--faults", "keychain.*:raise,keychain.store:fail"],
]  # fmt: skip


def _explored(line: str) -> str:
    """The summary line without who was explored and how fast."""
    line = re.sub(r"policy \S+, ", "", line)
    return re.sub(r"[\d.]+ s \([\d.]+ configurations/s\), ", "", line)


@pytest.mark.parametrize("family", EXPLORED, ids=lambda args: f"{args[3]}-{args[-1]}")
def test_a_bounded_android_explore_finds_nothing_and_covers_what_the_reference_covers(
    family: list[str], kotlin_app: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["explore", "--platform", "android", "--depth", "2", "--workers", "1", *family]
    assert main([*args, "--app", kotlin_app]) == 0
    kotlin = capsys.readouterr().out.splitlines()[0]
    assert main(args) == 0
    reference = capsys.readouterr().out.splitlines()[0]
    assert "failure found" not in kotlin and "depth bound reached" in kotlin
    assert _explored(kotlin) == _explored(reference)


@pytest.mark.parametrize(
    ("lines", "field"),
    [
        ([f"not json {CANARY}"], "(line)"),
        (['{"n": 1, "callback": "launch", "mode": "foreground"}'], "hello"),
        (
            [
                '{"hello": {"platform": "android", "protection": "credential_encrypted"}}',
                f'{{"n": 2, "callback": "login", "user": "ada", "password": "{CANARY}"}}',
            ],
            "n",
        ),
        (['{"hello": {"platform": "ios", "protection": "when_unlocked"}}'], "hello.platform"),
        (
            ['{"hello": {"platform": "android", "protection": "credential_encrypted", '
             '"app_version": 0}}'],
            "hello.app_version",
        ),
        (
            ['{"hello": {"platform": "android", "protection": "credential_encrypted", '
             '"biometry": true}}'],
            "hello.biometry",
        ),
        (
            [
                '{"hello": {"platform": "android", "protection": "credential_encrypted"}}',
                '{"n": 1, "callback": "launch", "mode": "foreground"}',
                '{"re": 1, "value": null, "data": null}',
                '{"re": 2, "value": "yes"}',
            ],
            "value",
        ),
    ],
    ids=["not-json", "no-hello", "out-of-order", "ios", "bad-app-version", "unknown-hello-key",
         "bad-answer"],
)  # fmt: skip
def test_a_malformed_world_line_is_one_stderr_line_and_exit_2(
    lines: list[str], field: str, kotlin_app: str
) -> None:
    result = subprocess.run(
        shlex.split(kotlin_app), input="".join(line + "\n" for line in lines),
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    (message,) = result.stderr.splitlines()
    assert message.startswith("authsession-kotlin-app: ")
    assert f"stdin:{len(lines)}: {field}: " in message
    assert CANARY not in result.stderr + result.stdout
    if field.startswith("hello."):
        assert result.stdout == ""  # a malformed hello is never answered `ready`


def test_the_kotlin_app_passes_difftest_app_with_its_default_budget(
    kotlin_app: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 22: the Kotlin host matches the Python reference call for call on the default
    budget of `difftest --app` (1,000 seeded scenarios; the app speaks Android and memory;
    ~55 s)."""
    args = ["difftest", "--app", kotlin_app, "--platform", "android", "--platform", "memory"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "difftest --app: no divergence in 1000 scenarios (500 android, 500 memory"
    )
