"""Issue 12: no input text is ever echoed. A secret pasted where a key name, a policy, a choice or a
URL goes, or sent back by a server as its `error`, must not reach stderr, a log line, a repr or an
exception: errors name the field or position and offer a close *known* name only."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import SecretStr

from authsession import AuthSession
from authsession.adapters import Credentials
from authsession.adapters.authenticator import HttpAuthenticator, classify_error
from authsession.conformance.driver import parse_answer
from authsession.conformance.vectors import shipped_text
from authsession.runtime import FileSnapshotStore
from authsession.spec.export import FORMATS
from authsession.testing import (
    FakeProtectedData,
    ManualClock,
    MemoryKeychain,
    ScriptedAuthenticator,
)

from .conftest import ROOT, one_line_error

CLI = Callable[..., tuple[int, str, str]]
CANARY = "hunter2-canary-7f3a"
EXAMPLE = ROOT / "examples" / "f13-expired-is-not-signed-out.json"
LAUNCH = {"type": "app_launched", "protected_data_available": True}


def _scenario(where: str) -> object:
    document = json.loads(EXAMPLE.read_text())
    {"top": document, "device": document.setdefault("device", {}),
     "step": document["steps"][0]}[where][CANARY] = 1  # fmt: skip
    return document


def _vectors(where: str) -> object:
    document = json.loads(shipped_text())
    target = {"vector": document["vectors"][0], "context": document["vectors"][0]["initial"]
              ["context"], "event": document["vectors"][0]["events"][0]}[where]  # fmt: skip
    target[CANARY] = True
    return document


def _log(where: str) -> str:
    line: dict[str, object] = {"time": 0.0, "event": dict(LAUNCH), "state": "checking_credentials"}
    header: dict[str, object] = {"initial": {"state": "starting", "context": {}}}
    {"step": line, "event": line["event"],
     "context": header["initial"]}[where][CANARY] = True  # type: ignore[index]  # fmt: skip
    if where == "context":
        header["initial"] = {"state": "starting", "context": {CANARY: True}}
    return json.dumps(header) + "\n" + json.dumps(line) + "\n"


@pytest.mark.parametrize(
    ("verb", "text"),
    [
        (["replay"], lambda: json.dumps(_scenario("top"), indent=2)),
        (["replay"], lambda: json.dumps(_scenario("device"), indent=2)),
        (["replay"], lambda: json.dumps(_scenario("step"), indent=2)),
        (["vectors", "verify", "--vectors"], lambda: json.dumps(_vectors("vector"))),
        (["vectors", "verify", "--vectors"], lambda: json.dumps(_vectors("context"))),
        (["vectors", "verify", "--vectors"], lambda: json.dumps(_vectors("event"))),
        (["check-trace"], lambda: _log("step")),
        (["check-trace"], lambda: _log("event")),
        (["check-trace"], lambda: _log("context")),
        (["port"], lambda: json.dumps({**LAUNCH, CANARY: 1}) + "\n"),
        (["port"], lambda: json.dumps({"reset": {"context": {CANARY: "x"}}}) + "\n"),
        (["port"], lambda: json.dumps({"reset": {CANARY: 1}}) + "\n"),
    ],
    ids=[
        "scenario",
        "scenario-device",
        "scenario-step",
        "vector",
        "vector-context",
        "vector-event",
        "log-step",
        "log-event",
        "log-context",
        "port-event",
        "port-context",
        "port-reset",
    ],
)
def test_an_unknown_key_is_never_echoed(
    cli: CLI, tmp_path: Path, verb: list[str], text: Callable[[], str]
) -> None:
    path = tmp_path / "input.json"
    path.write_text(text())
    code, out, err = cli(*verb, str(path))
    assert code == 2 and one_line_error(err), err
    assert CANARY not in out + err
    assert "unknown field" in err or "unknown flag" in err


def test_a_close_known_name_is_suggested(cli: CLI, tmp_path: Path) -> None:
    document = json.loads(EXAMPLE.read_text())
    document["platfrom"] = document.pop("platform")
    path = tmp_path / "typo.json"
    path.write_text(json.dumps(document, indent=2))
    code, _, err = cli("replay", str(path))
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if '"platfrom"' in t)
    assert err == (
        f"authsession replay: {path}:{line}: (root): unknown field; did you mean 'platform'?\n"
    )
    code, _, err = cli("explore", "--policy", "referense")
    assert code == 2 and "did you mean 'reference'?" in err


def test_the_snapshot_warning_never_quotes_a_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "session.json"
    path.write_text(json.dumps({"version": 3, "state": "logged_in", CANARY: 1}))
    device = FakeProtectedData(available=True)
    with caplog.at_level(logging.DEBUG):
        session = AuthSession(
            keychain=MemoryKeychain(available=device.available, credentials=Credentials(
                account="ada", secret=SecretStr("pw"))),
            clock=ManualClock(), authenticator=ScriptedAuthenticator(), protected_data=device,
            store=FileSnapshotStore(path),
        )  # fmt: skip
    assert str(session.snapshot_error) == f"{path}:1: (root): unknown field"
    assert "snapshot ignored" in caplog.text and CANARY not in caplog.text


@pytest.mark.parametrize(
    "argv",
    [
        ["explore", "--policy", CANARY],
        ["replay", str(EXAMPLE), "--policy", CANARY],
        ["simulate", "--policy", CANARY],
        ["spec", "--format", CANARY],
        ["explore", "--platform", CANARY],
        [CANARY],
        ["spec", CANARY],
        ["spec", f"--{CANARY}"],
        ["spec", f"--output={CANARY}/x", CANARY],
        ["explore", "--depth", CANARY],
        ["difftest", "--port", "true", "--timeout", CANARY],
        ["difftest", "--port", "true", "--sequences", CANARY],
        ["spec", "--state", CANARY],
        ["vectors", CANARY],
        ["spec", "--form", CANARY],
        [f"--max-input-bytes={CANARY}", "spec"],
    ],
)
def test_a_secret_in_an_argument_is_never_echoed(cli: CLI, argv: list[str]) -> None:
    code, out, err = cli(*argv)
    assert code == 2 and one_line_error(err), err
    assert CANARY not in out + err


def test_argparse_errors_keep_their_help(cli: CLI) -> None:
    _, _, err = cli("spec", "--format", "jsn")
    assert "invalid choice; did you mean 'json'? (choose from " + ", ".join(FORMATS) + ")" in err
    _, _, err = cli("spec", "--ouptut", "x")
    assert "unrecognized arguments; did you mean '--output'?" in err
    _, _, err = cli("explore", "--depth", "x")
    assert "argument --depth: must be a whole number" in err


def test_url_userinfo_never_reaches_a_repr_or_an_error() -> None:
    authenticator = HttpAuthenticator(f"https://ada:{CANARY}@auth.example/token")
    assert repr(authenticator) == "HttpAuthenticator('https://***@auth.example/token')"
    for url in (f"ftp://ada:{CANARY}@auth.example/token", CANARY):
        with pytest.raises(ValueError, match="must start with http") as caught:
            HttpAuthenticator(url)
        assert CANARY not in str(caught.value)


@pytest.mark.parametrize(
    "answer",
    [
        f'{{"state": "{CANARY}", "commands": [], "reason": "x"}}',
        f"{CANARY} is not JSON",
        f'["{CANARY}"]',
        f'{{"state": "logged_in", "commands": [], "reason": "x", "{CANARY}": 1}}',
        f'{{"state": "logged_in", "commands": [{{"type": "{CANARY}"}}], "reason": "x"}}',
    ],
)
def test_a_port_answer_is_never_quoted(answer: str) -> None:
    # Found by the fuzz campaign: a port echoing what it was fed had it quoted in the error.
    with pytest.raises(ValueError, match=r"^(answer|state|commands|\(root\))") as caught:
        parse_answer(answer)
    assert CANARY not in str(caught.value)


def test_a_server_error_string_is_named_only_when_it_is_a_known_code() -> None:
    unknown = classify_error(400, json.dumps({"error": CANARY}).encode())
    assert CANARY not in repr(unknown) and unknown.detail == "http 400 (unknown OAuth error)"
    known = classify_error(400, json.dumps({"error": "invalid_grant"}).encode())
    assert known.detail == "http 400 invalid_grant" and known.kind == "rejected"
