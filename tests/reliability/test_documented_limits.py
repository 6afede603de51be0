"""Issue 12: every limit is listed in docs/reliability.md with its value (what happens at each is
said there, next to it)."""

from __future__ import annotations

import pytest

from authsession.adapters.authenticator import MAX_REPLY_BYTES
from authsession.cli.arguments import BOUNDS, WORKERS_PER_CORE
from authsession.conformance import driver
from authsession.inputs import CEILINGS, DEFAULT_LIMITS
from authsession.runtime.snapshot import MAX_SNAPSHOT_BYTES

from .conftest import ROOT

RELIABILITY = (ROOT / "docs" / "reliability.md").read_text()

LIMITS: list[tuple[str, str]] = [
    *((option, f"{low:,} to {high:,}") for option, (low, high) in BOUNDS.items()),
    ("--max-input-bytes", f"{DEFAULT_LIMITS.file_bytes:,}"),
    ("--max-line-bytes", f"{DEFAULT_LIMITS.line_bytes:,}"),
    ("--max-json-depth", f"{DEFAULT_LIMITS.depth:,}"),
    ("--max-json-digits", f"{DEFAULT_LIMITS.int_digits:,}"),
    ("--max-json-depth", f"{CEILINGS['depth']:,}"),
    ("--workers", f"{WORKERS_PER_CORE} times the usable cores"),
    ("--timeout", f"{driver.MAX_TIMEOUT:g}"),
    ("MAX_ANSWER_BYTES", f"{driver.MAX_ANSWER_BYTES:,}"),
    ("STDERR_TAIL_BYTES", f"{driver.STDERR_TAIL_BYTES:,}"),
    ("QUEUED_ANSWERS", f"{driver.QUEUED_ANSWERS:,}"),
    ("EXIT_GRACE", f"{driver.EXIT_GRACE:g}"),
    ("MAX_SNAPSHOT_BYTES", f"{MAX_SNAPSHOT_BYTES:,}"),
    ("MAX_REPLY_BYTES", f"{MAX_REPLY_BYTES:,}"),
]


@pytest.mark.parametrize(("name", "value"), LIMITS)
def test_every_limit_is_documented_with_its_value(name: str, value: str) -> None:
    rows = [line for line in RELIABILITY.splitlines() if line.startswith(f"| `{name}`")]
    assert rows, f"docs/reliability.md has no row for {name}"
    assert any(value in row for row in rows), f"{name}: {value} not in {rows}"
