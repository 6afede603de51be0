"""The world's side of `authsession.app/1` answers what an in-process app meets: a keychain item
the iOS simulator returns with an attribute the protocol does not carry (`access_control` unset)
is still read, and a 401 on the app's work is its work handler throwing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from authsession.cli import main

ROOT = Path(__file__).resolve().parents[2]
REFERENCE_APP = f"{sys.executable} -m authsession app"


def _summary(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    main(["replay", *args])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    summary: dict[str, object] = json.loads(last)["summary"]
    return summary


def test_an_item_read_back_through_the_protocol_reads_as_in_process(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The simulator returns `access_control: None` with every item; the protocol's attributes
    # have no such key, and the world answered the read `raised` (a stranded user in f2).
    scenario = str(ROOT / "examples" / "f2-not-found-while-locked.json")
    in_process = _summary([scenario, "--policy", "reference"], capsys)
    through_pipe = _summary([scenario, "--app", REFERENCE_APP], capsys)
    assert through_pipe == in_process


def test_a_401_on_the_apps_work_is_the_work_handler_raising(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The resource server's 401 reaches an app process as its work handler throwing (`raised`),
    # not as a world error that leaves the app waiting for an answer while the next callback
    # arrives (which broke the protocol: "done: answers callback 4, expected 5").
    scenario = str(ROOT / "examples" / "openmetadata-30763-resource-server-401.json")
    summary = _summary([scenario, "--app", REFERENCE_APP], capsys)
    assert (summary["spurious_logouts"], summary["stranded_users"], summary["violations"]) == (
        0,
        0,
        [],
    )
    assert summary["final_state"] == "logged_in"
