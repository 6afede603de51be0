"""The Swift package (`swift/`): it builds with warnings as errors, its own tests pass (the shipped
vectors run natively), and its `authsession-port` passes `vectors verify` and `difftest`, answers
in the reference's exact bytes and refuses malformed lines like the reference."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from authsession.cli import main
from authsession.conformance.vectors import load_suite
from authsession.spec.events import EVENT_CLASSES, event_type
from authsession.spec.table import AVAILABILITY_FIELD, EVENTS_CARRYING_AVAILABILITY

CANARY = "CANARY-s3cr3t-7f2a"


ROOT = Path(__file__).resolve().parents[2]


def test_the_swift_package_tests_pass(
    swift_runner: Callable[[Sequence[str], Path], subprocess.CompletedProcess[str]],
    swift_port: Path,
) -> None:
    result = swift_runner(["test"], ROOT / "swift")
    executed = re.findall(r"Executed (\d+) tests?, with (\d+) failures?", result.stdout)
    assert executed, result.stdout[-2000:]
    total, failures = map(int, executed[-1])
    assert failures == 0 and total >= 14, executed[-1]


def test_the_swift_sources_are_formatted(swift: str) -> None:
    # The generated file included: the generator writes swift-format's own layout.
    # And the example team package whose files the docs show (Examples/*/Package.swift, sources).
    package = ROOT / "swift"
    sources = sorted(str(p) for p in package.glob("*/*/*.swift"))
    examples = sorted(str(p) for p in package.glob("Examples/*/*/*/*.swift"))
    manifests = sorted(str(p) for p in package.glob("Examples/*/Package.swift"))
    assert examples and manifests
    result = subprocess.run(
        [swift, "format", "lint", "--strict", "--configuration", str(package / ".swift-format"),
         str(package / "Package.swift"), *sources, *manifests, *examples],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert len(sources) >= 10
    assert result.returncode == 0, result.stderr[-3000:]


def test_the_swift_port_passes_every_vector(
    swift_port: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["vectors", "verify", "--port", str(swift_port)]) == 0
    out = capsys.readouterr().out
    assert "mismatch" not in out and "(100.0 %)" in out


def test_the_swift_port_passes_difftest(
    swift_port: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["difftest", "--port", str(swift_port), "--sequences", "2000"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("difftest: no divergence in 2000 sequences")


def _answers(command: list[str], lines: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, input="".join(line + "\n" for line in lines),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


REFERENCE = [sys.executable, "-m", "authsession", "port"]


def test_the_swift_port_answers_in_the_references_bytes(swift_port: Path) -> None:
    lines = []
    for vector in load_suite().vectors:
        initial = vector.initial
        lines.append(json.dumps({"reset": {"state": initial.state.value,
                                           "context": initial.full_context()}}))  # fmt: skip
        lines += [event.model_dump_json() for event in vector.events]
    swift_run, reference = _answers([str(swift_port)], lines), _answers(REFERENCE, lines)
    assert reference.returncode == 0 and swift_run.returncode == 0, swift_run.stderr
    assert swift_run.stdout == reference.stdout
    assert swift_run.stdout.count("\n") == sum(len(v.events) for v in load_suite().vectors)


_TAG = sorted(EVENTS_CARRYING_AVAILABILITY)[0]
_NO_FIELDS = next(event_type(c) for c in EVENT_CLASSES if set(c.model_fields) == {"type"})


@pytest.mark.parametrize(
    "line",
    [
        json.dumps({"type": _TAG, AVAILABILITY_FIELD: True}),
        json.dumps({"type": _NO_FIELDS}),
        "   ",
        json.dumps({"reset": None}),
        json.dumps({"reset": {"context": {AVAILABILITY_FIELD: "yes"}}}),  # lax in the reference
        json.dumps({"reset": {"state": "logged_in"}, "ignored": CANARY}),
        # Refused by both:
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
def test_a_line_is_accepted_or_refused_as_the_reference_does(swift_port: Path, line: str) -> None:
    swift_run, reference = _answers([str(swift_port)], [line]), _answers(REFERENCE, [line])
    assert swift_run.returncode == reference.returncode, (swift_run.stderr, reference.stderr)
    assert swift_run.stdout == reference.stdout
    if reference.returncode != 0:
        assert swift_run.stderr.startswith("authsession-port: stdin:1: ")
        assert swift_run.stderr.count("\n") == 1 and CANARY not in swift_run.stderr
