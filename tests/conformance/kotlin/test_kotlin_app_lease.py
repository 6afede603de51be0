"""The Kotlin app with the refresh lease in the world: the scenarios where a second process of the
app shares the keychain item — every example that wakes an extension or races a sibling, played
on Android (the examples are iOS's; the Kotlin app speaks Android's item-level keychain), and
issue 20's sequence (the app's refresh reached the server and rotated the token; the extension
wakes before the answer is stored) on a strict server and on one that revokes the family on
reuse — replay through `authsession-app.jar`, which plays both processes (the hello's `role`),
to the reference's trace byte for byte, with nobody signed out; and a bounded Android explore
with the extension and the lease's faults covers what the reference covers, with the same
outcome."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from authsession.cli import main

from .conftest import ROOT
from .test_kotlin_app import _explored, _replay

SHARED = sorted(
    p
    for p in (ROOT / "examples").glob("*.json")
    if any(
        s["event"] in ("extension_wake", "sibling_races_next_refresh")
        or s.get("meanwhile") == "extension_wake"
        for s in json.loads(p.read_text())["steps"]
    )
)
ISSUE_20 = [
    {"event": "launch", "mode": "foreground"},
    {"event": "login", "user": "ada", "password": "correct horse battery staple"},
    {"event": "background"},
    {"event": "advance", "seconds": 3700},
    {"event": "during_next_refresh", "meanwhile": "extension_wake", "reached_server": True},
    {"event": "background_fetch"},
    {"event": "advance", "seconds": 60},
    {"event": "foreground"},
    {"event": "background_fetch"},
]


def _on_android(scenario: dict[str, Any]) -> dict[str, Any]:
    played = {k: v for k, v in scenario.items() if k != "defeats"}
    return {**played, "platform": "android", "name": f"{scenario['name']}-android"}


SCENARIOS = [
    *(_on_android(json.loads(p.read_text())) for p in SHARED),
    *(
        {
            "schema": "authsession.scenario/1",
            "name": f"issue-20-{name}-android",
            "platform": "android",
            "server": server,
            "steps": ISSUE_20,
        }
        for name, server in (
            ("strict", {"rotating": True}),
            ("reuse-detection", {"rotating": True, "reuse_detection": True}),
        )
    ),
]


def test_the_shared_examples_are_there() -> None:
    assert len(SHARED) >= 3


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s["name"])
def test_a_second_process_replays_to_the_references_trace_with_the_lease(
    scenario: dict[str, Any],
    kotlin_app: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / f"{scenario['name']}.json"
    path.write_text(json.dumps(scenario))
    kotlin_trace, kotlin = _replay([str(path), "--app", kotlin_app], capsys)
    trace, reference = _replay([str(path), "--policy", "reference"], capsys)
    assert kotlin == reference
    assert kotlin_trace == trace  # byte-identical to the reference's trace
    assert reference["spurious_logouts"] == 0 and reference["final_state"] == "logged_in"
    if scenario["name"].startswith("issue-20"):
        assert '"lease_busy"' in trace  # the extension waited for the app's lease


def test_a_bounded_android_explore_with_the_extension_and_lease_faults_matches_the_reference(
    kotlin_app: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "explore",
        "--platform",
        "android",
        "--depth",
        "2",
        "--workers",
        "1",
        "--extension",
        "--protection",
        "credential_encrypted",
        "--earlier",
        "none",
        "--rotating",
        "both",
        "--faults",
        "lease:*,*:kill_*",
    ]
    assert main([*args, "--app", kotlin_app]) == 0
    kotlin = capsys.readouterr().out.splitlines()[0]
    assert main(args) == 0
    reference = capsys.readouterr().out.splitlines()[0]
    assert "failure found" not in kotlin and "depth bound reached" in kotlin
    assert _explored(kotlin) == _explored(reference)
