"""`authsession.app/1` line by line: every message of docs/app-protocol.md is read by the models
and valid against the exported JSON Schema, real traffic is too, and malformed or out-of-order
lines are refused naming the field — by the world (reading the app) and by `authsession app`
(reading the world)."""

# ruff: noqa: E501  (the tables of malformed lines read best one line per case)

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from authsession.app import protocol as p

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "app-protocol.md"
APP = [sys.executable, "-m", "authsession", "app"]
HELLO = (
    '{"hello":{"schema":"authsession.app/1","platform":"memory",'
    '"protection":"after_first_unlock"}}\n'
)


def doc_blocks() -> list[tuple[str, list[str]]]:
    """The page's ```json DIRECTION blocks, in order, as their message lines."""
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```json (world-to-app|app-to-world)\n(.*?)```", text, re.DOTALL)
    return [(d, [line for line in b.splitlines() if line.strip()]) for d, b in blocks]


def doc_lines(direction: str) -> list[str]:
    return [line for d, lines in doc_blocks() if d == direction for line in lines]


def schema_for(direction: str) -> dict[str, Any]:
    schema = json.loads((ROOT / "docs" / "app-protocol.schema.json").read_text())
    return {**schema["properties"][direction], "$defs": schema["$defs"]}


def assert_valid(line: str, direction: str) -> None:
    jsonschema.validate(json.loads(line), schema_for(direction))


def test_every_app_message_of_the_page_is_read_and_valid_against_the_schema() -> None:
    lines = doc_lines("app-to-world")
    read = [p.read_app_line(line.encode()) for line in lines]
    for line in lines:
        assert_valid(line, "app_to_world")
    calls = {
        f"{c.adapter}.{c.op}" for c in read if not isinstance(c, p.Ready | p.StepReport | p.Done)
    }
    # The page shows every adapter call there is, and the three other kinds.
    assert calls == set(p.CALLS)
    assert {type(c) for c in read} >= {p.Ready, p.StepReport, p.Done}


def test_every_world_message_of_the_page_is_read_and_valid_against_the_schema() -> None:
    seen: set[type[Any]] = set()
    calls: dict[int, Any] = {}  # an answer answers the calls of the block before it
    for direction, lines in doc_blocks():
        if direction == "app-to-world":
            read = (p.read_app_line(line.encode()) for line in lines)
            calls = {c.call: c for c in read if hasattr(c, "call")}
            continue
        for line in lines:
            assert_valid(line, "world_to_app")
            data = json.loads(line)
            if "re" in data:
                message = p.read_answer(line.encode(), calls[data["re"]])
            else:
                message = p.read_callback(line.encode())
            seen.add(type(message))
    callbacks = set(p.Callback.__origin__.__args__)  # type: ignore[attr-defined]
    assert callbacks <= seen
    answers: set[type[Any]] = set()
    for _, answer in p.CALLS.values():
        answers |= set(getattr(getattr(answer, "__origin__", None), "__args__", (answer,)))
    assert answers - seen == set(), "an answer the page does not show"
    assert p.Hello in seen and p.Raised in seen


def test_every_data_of_the_page_is_valid_under_its_contract() -> None:
    """Item data is a credentials payload (with its secret) the reference adapter reads; snapshot
    data is a snapshot the reference loads (issue 22: the page's example had no secret)."""
    from authsession.adapters.keychain import Found
    from authsession.platforms.ios.adapter import _decode
    from authsession.runtime.snapshot import load_snapshot
    from authsession.testing.snapshots import MemorySnapshotStore

    items, snapshots = 0, 0
    for line in doc_lines("app-to-world") + doc_lines("world-to-app"):
        data = json.loads(line)
        found = [data.get("data")]
        for key in ("attributes", "query"):
            if isinstance(data.get(key), dict):
                found.append(data[key].get("data"))
        for value in filter(None, found):
            raw = base64.b64decode(value)
            if data.get("adapter") == "snapshots" or "ok" in data or raw.startswith(b'{"schema"'):
                store = MemorySnapshotStore()
                store.save(raw)
                assert load_snapshot(store) is not None
                snapshots += 1
            else:
                assert isinstance(_decode(raw), Found), raw
                items += 1
    assert items >= 3 and snapshots >= 1


def test_the_checked_in_schema_is_what_the_verb_prints() -> None:
    printed = subprocess.run([*APP, "--schema"], capture_output=True, text=True, check=True)
    assert printed.stdout == (ROOT / "docs" / "app-protocol.schema.json").read_text()
    assert json.loads(printed.stdout)["title"] == "authsession.app/1"


def test_real_traffic_of_an_ios_replay_is_valid_against_the_schema(tmp_path: Path) -> None:
    """Record both directions of a replay through the Python reference (a kill, a rotation, a
    prewarm): every line is valid against the schema of its direction."""
    world, app = tmp_path / "world.jsonl", tmp_path / "app.jsonl"
    command = f"sh -c 'tee {world} | {sys.executable} -m authsession app | tee {app}'"
    for example in ("f7-killed-mid-rotation", "f1-prewarm-before-first-unlock"):
        result = subprocess.run(
            [sys.executable, "-m", "authsession", "replay", f"examples/{example}.json",
             "--app", command],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    sent, answered = world.read_text().splitlines(), app.read_text().splitlines()
    assert len(sent) > 20 and len(answered) > 20
    for line in sent:
        assert_valid(line, "world_to_app")
    for line in answered:
        assert_valid(line, "app_to_world")
        p.read_app_line(line.encode())
    kinds = {next(iter(json.loads(line))) for line in answered}
    assert kinds == {"ready", "call", "step", "done"}


# The world reading the app ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (b"not json", "(line): not JSON"),
        (b"[1]", "(line): not a JSON object"),
        (b'{"call": 1, "done": 1}', "(line): expected exactly one of 'ready', 'call', 'step', 'done'"),
        (b'{"call": 1, "op": "read"}', "adapter: missing"),
        (b'{"call": 1, "adapter": "keychain"}', "op: missing"),
        (b'{"call": 1, "adapter": "camera", "op": "snap"}', "adapter: unknown value"),
        (b'{"call": 1, "adapter": "keychain", "op": "raed"}', "op: unknown value; did you mean 'read'?"),
        (b'{"call": 0, "adapter": "clock", "op": "wall"}', "call: Input should be greater than or equal to 1"),
        (b'{"call": "1", "adapter": "clock", "op": "wall"}', "call: Input should be a valid integer"),
        (b'{"call": 1, "adapter": "clock", "op": "wall", "extra": 1}', "(root): unknown field"),
        (b'{"call": 1, "adapter": "keychain", "op": "store", "account": "a", "secret": "s"}', "protection: Field required"),
        (b'{"call": 1, "adapter": "secitem", "op": "add", "attributes": {"data": "%%%"}}', "attributes.data: not base64"),
        (b'{"done": 1, "state": "happy"}', "state: Input should be"),
        (b'{"step": {"event": {"type": "app_launched"}, "source": "starting", "state": "logged_in", "reason": "x"}}', "step.event"),
        (b'{"done": 1, "state": "logged_in", "escaped": {"error": "a b", "injected": false}}', "escaped.error: String should match pattern"),
        (b'{"ready": {"name": ""}}', "ready.name: String should have at least 1 character"),
        (b'\xff\xfe', "(line): not UTF-8"),
    ],
)  # fmt: skip
def test_a_malformed_app_line_names_the_field(line: bytes, problem: str) -> None:
    with pytest.raises(p.ProtocolError) as caught:
        p.read_app_line(line)
    assert str(caught.value).startswith(problem), str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_problem_never_quotes_the_line() -> None:
    canary = "CANARY-7d1f"
    for line in (
        f'{{"call": 1, "adapter": "keychain", "op": "store", "account": "a", "secret": "{canary}", "protection": "nope"}}',
        f'{{"call": 1, "adapter": "{canary}", "op": "x"}}',
        f'{{"done": 1, "state": "{canary}"}}',
        f"{canary} not json",
    ):
        with pytest.raises(p.ProtocolError) as caught:
            p.read_app_line(line.encode())
        assert canary not in str(caught.value)


def test_secrets_are_hidden_in_a_repr_and_revealed_only_on_the_wire() -> None:
    line = p.LoginCallback(n=1, callback="login", user="ada", password="CANARY-91ab")
    assert "CANARY" not in repr(line) and "CANARY" not in str(line)
    assert b'"password":"CANARY-91ab"' in p.wire(line)
    assert p.secrets_of(line) == {"CANARY-91ab"}


# `authsession app` reading the world ------------------------------------------------------


def run_app(stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(APP, input=stdin, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("stdin", "line", "problem"),
    [
        ("nonsense\n", 1, "(line): not JSON"),
        ('{"n": 1, "callback": "launch", "mode": "foreground"}\n', 1, "hello: Field required"),
        (HELLO.replace("memory", "windows"), 1, "hello.platform: Input should be"),
        (HELLO.replace("authsession.app/1", "authsession.app/2"), 1, "hello.schema: Input should be"),
        (HELLO + '{"n": 2, "callback": "foreground"}\n', 2, "n: callback 2, expected 1"),
        (HELLO + '{"n": 1, "callback": "teleport"}\n', 2, "callback: unknown value"),
        (HELLO + '{"n": 1, "callback": "launch", "mode": "foreground"}\n{"re": 2, "data": null}\n', 3, "re: answers call 2, expected 1"),
        (HELLO + '{"n": 1, "callback": "launch", "mode": "foreground"}\n{"re": 1, "value": true}\n', 3, "data: Field required"),
    ],
)  # fmt: skip
def test_a_malformed_or_out_of_order_world_line_is_exit_2_naming_line_and_field(
    stdin: str, line: int, problem: str
) -> None:
    result = run_app(stdin)
    assert result.returncode == 2
    (error,) = result.stderr.splitlines()
    assert error.startswith(f"authsession app: stdin:{line}: {problem}"), error
    assert "Traceback" not in result.stderr


def test_the_reference_answers_hello_then_calls_and_steps_and_ends_quietly_with_the_world() -> None:
    stdin = (
        HELLO + '{"n": 1, "callback": "launch", "mode": "foreground"}\n'
        '{"re": 1, "data": null}\n'  # snapshots.load: a first launch
        '{"re": 2, "value": true}\n'  # protected_data.available
        '{"re": 3, "ok": true}\n'  # snapshots.save
    )  # ... and the world closes the pipe while the app waits for its fourth answer
    result = run_app(stdin)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = [p.read_app_line(line.encode()) for line in result.stdout.splitlines()]
    assert isinstance(lines[0], p.Ready) and lines[0].ready.reset
    calls = [f"{c.adapter}.{c.op}" for c in lines if isinstance(c, p._Call)]
    assert calls[:3] == ["snapshots.load", "protected_data.available", "snapshots.save"]
    assert [c.call for c in lines if isinstance(c, p._Call)] == list(range(1, len(calls) + 1))
    (step,) = [s.step for s in lines if isinstance(s, p.StepReport)]
    assert (step.source.value, step.state.value) == ("starting", "checking_credentials")
    assert not any(isinstance(line, p.Done) for line in lines)
