"""The Kotlin core's `authsession-port.jar`: it passes `vectors verify` and `difftest`, answers in
the reference's exact bytes, and accepts or refuses each line as the reference does — a refusal
being one stderr line naming the field, exit 2, the value never quoted."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from authsession.cli import main
from authsession.conformance.vectors import load_suite
from authsession.spec.events import EVENT_CLASSES, event_type
from authsession.spec.table import AVAILABILITY_FIELD, EVENTS_CARRYING_AVAILABILITY

CANARY = "CANARY-s3cr3t-7f2a"
REFERENCE = [sys.executable, "-m", "authsession", "port"]


def test_the_kotlin_port_passes_every_vector(
    kotlin_port: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["vectors", "verify", "--port", " ".join(kotlin_port)]) == 0
    out = capsys.readouterr().out
    assert "mismatch" not in out and "(100.0 %)" in out


def test_the_kotlin_port_passes_difftest(
    kotlin_port: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["difftest", "--port", " ".join(kotlin_port), "--sequences", "2000"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("difftest: no divergence in 2000 sequences")


def _answers(command: list[str], lines: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, input="".join(line + "\n" for line in lines),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_the_kotlin_port_answers_in_the_references_bytes(kotlin_port: list[str]) -> None:
    lines = []
    for vector in load_suite().vectors:
        initial = vector.initial
        lines.append(json.dumps({"reset": {"state": initial.state.value,
                                           "context": initial.full_context()}}))  # fmt: skip
        lines += [event.model_dump_json() for event in vector.events]
    kotlin, reference = _answers(kotlin_port, lines), _answers(REFERENCE, lines)
    assert reference.returncode == 0 and kotlin.returncode == 0, kotlin.stderr
    assert kotlin.stdout == reference.stdout
    assert kotlin.stdout.count("\n") == sum(len(v.events) for v in load_suite().vectors)


_TAG = sorted(EVENTS_CARRYING_AVAILABILITY)[0]
_NO_FIELDS = next(event_type(c) for c in EVENT_CLASSES if set(c.model_fields) == {"type"})


@pytest.mark.parametrize(
    "line",
    [
        json.dumps({"type": _TAG, AVAILABILITY_FIELD: True}),
        json.dumps({"type": _NO_FIELDS}),
        "   ",
        json.dumps({"reset": None}),
        json.dumps({"reset": {"state": "logged_in"}, "ignored": CANARY}),
        json.dumps({"type": _TAG, AVAILABILITY_FIELD: True, "note": "caf\u00e9 \u2603"}),
        # Refused by both:
        json.dumps({"reset": {"context": {AVAILABILITY_FIELD: "yes"}}}),
        json.dumps({"type": _TAG, AVAILABILITY_FIELD: 1}),
        json.dumps({"type": _TAG, AVAILABILITY_FIELD: CANARY}),
        json.dumps({"type": _TAG}),
        json.dumps({"type": _TAG, AVAILABILITY_FIELD: True, CANARY: 1}),
        json.dumps({"type": _NO_FIELDS, CANARY: 1}),
        json.dumps({"type": CANARY}),
        json.dumps({"kind": _TAG}),
        json.dumps([CANARY]),
        json.dumps(CANARY),
        "{" + CANARY,
        json.dumps({"reset": {"state": CANARY}}),
        json.dumps({"reset": {"context": {CANARY: True}}}),
        json.dumps({"reset": {CANARY: 1}}),
        json.dumps({"reset": 5}),
    ],
)
def test_a_line_is_accepted_or_refused_as_the_reference_does(
    kotlin_port: list[str], line: str
) -> None:
    kotlin, reference = _answers(kotlin_port, [line]), _answers(REFERENCE, [line])
    assert kotlin.returncode == reference.returncode, (kotlin.stderr, reference.stderr)
    assert kotlin.stdout == reference.stdout
    if reference.returncode != 0:
        assert kotlin.stderr.startswith("authsession-port: stdin:1: ")
        assert kotlin.stderr.count("\n") == 1 and CANARY not in kotlin.stderr


def test_bytes_that_are_not_utf8_are_one_line_and_exit_2(kotlin_port: list[str]) -> None:
    done = subprocess.run(kotlin_port, input=b'{"type": "\xff"}\n', capture_output=True,
                          timeout=120, check=False)  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == b"authsession-port: stdin:1: (line): not UTF-8\n"
