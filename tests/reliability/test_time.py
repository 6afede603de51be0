"""All time comes from the Clock adapter: no module of the package but `adapters/clock.py` reads
`time.time`, `time.monotonic` (or their `_ns` forms) or `datetime.now`/`utcnow`."""

from __future__ import annotations

import ast
from pathlib import Path

import authsession

PACKAGE = Path(authsession.__file__).parent
ALLOWED = {"adapters/clock.py"}
BANNED_TIME = {"time", "monotonic", "time_ns", "monotonic_ns"}
BANNED_DATETIME = {"now", "utcnow", "today"}


def clock_reads(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module in {"time", "datetime"}:
            names = {a.name for a in node.names}
            banned = BANNED_TIME if node.module == "time" else {"datetime"}
            if names & banned:
                found.append(f"line {node.lineno}: from {node.module} import {sorted(names)}")
        if isinstance(node, ast.Attribute):
            base = node.value
            base_name = base.id if isinstance(base, ast.Name) else None
            if base_name == "time" and node.attr in BANNED_TIME:
                found.append(f"line {node.lineno}: time.{node.attr}")
            if node.attr in BANNED_DATETIME and (
                base_name in {"datetime", "date"}
                or (isinstance(base, ast.Attribute) and base.attr in {"datetime", "date"})
            ):
                found.append(f"line {node.lineno}: datetime.{node.attr}")
    return found


def test_the_scanner_sees_every_form() -> None:
    source = (
        "import time, datetime\nfrom time import monotonic\n"
        "time.time(); time.monotonic_ns(); datetime.datetime.now(); datetime.date.today()\n"
        "f = time.monotonic\n"
    )
    assert len(clock_reads(source)) == 6


def test_only_the_clock_adapter_reads_the_clock() -> None:
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in ALLOWED:
            continue
        reads = clock_reads(path.read_text(encoding="utf-8"))
        if reads:
            offenders[relative] = reads
    assert offenders == {}
