"""Keeps the generated parts of the docs (and the generated Swift and Kotlin cores) equal to what
they say.

Owns: which generated blocks live in which file, the marker syntax `<!-- generated:NAME -->` …
`<!-- /generated:NAME -->`, and the renderers of blocks that need more than the spec (the
reference port's answers, a vector, the vectors' JSON Schema). `python -m authsession.docsync`
rewrites them; the test suite calls `stale_blocks()` and fails on any drift. A tool, not part of
the spec layer: it writes files. Must not import the CLI, the runtime or the world.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Final

from authsession.app.protocol import schema_text as app_schema
from authsession.atomic import write_atomically
from authsession.conformance.vectors import (
    Initial,
    ReferenceTarget,
    VectorSuite,
    load_suite,
    render_suite,
    run_reference,
    verify,
)
from authsession.spec.events import AppLaunched, MachineEvent, WorkRequested
from authsession.spec.export import states_markdown, to_json, to_markdown, to_mermaid
from authsession.spec.host import host_markdown
from authsession.spec.kotlin_export import KOTLIN_CORE_PATH, to_kotlin
from authsession.spec.swift_export import SWIFT_CORE_PATH, to_swift
from authsession.spec.taxonomy import taxonomy_markdown

#: The port example: a launch on a locked phone, then a background fetch.
_PORT_EXAMPLE: tuple[MachineEvent, ...] = (
    AppLaunched(protected_data_available=False),
    WorkRequested(protected_data_available=False),
)


def port_example() -> str:
    """`authsession port` on the example input, exactly as it answers."""
    lines = " ".join(f"'{e.model_dump_json()}'" for e in _PORT_EXAMPLE)
    answers = [o.describe() for o in run_reference(Initial(), _PORT_EXAMPLE)[0]]
    command = f"$ printf '%s\\n' {lines} \\\n    | authsession port"
    return "```console\n" + command + "\n" + "\n".join(answers) + "\n```\n"


def verify_example() -> str:
    """What `vectors verify` prints for the shipped suite on a conforming port."""
    report = verify(load_suite(), ReferenceTarget())
    command = '$ authsession vectors verify --port "node tests/ports/js/port.js docs/spec.json"'
    return "```console\n" + command + "\n" + report.summary() + "\n```\n"


def vector_example() -> str:
    """The first vector of the shipped suite, as the file holds it."""
    suite = load_suite()
    one = suite.model_copy(update={"vectors": suite.vectors[:1]})
    return "```json\n" + render_suite(one) + "```\n"


def vectors_schema() -> str:
    """The JSON Schema of an `authsession.vectors/1` file."""
    return json.dumps(VectorSuite.model_json_schema(by_alias=True), indent=2) + "\n"


#: file (relative to the repository root) -> block name -> renderer; "*" is the whole file.
BLOCKS: Final[dict[str, dict[str, Callable[[], str]]]] = {
    "docs/spec.md": {
        "states": states_markdown,
        "transitions": to_markdown,
        "diagram": lambda: "```mermaid\n" + to_mermaid() + "```\n",
        "error_taxonomy": taxonomy_markdown,
    },
    "docs/spec.json": {"*": to_json},
    "docs/porting.md": {
        "port_example": port_example,
        "verify_example": verify_example,
        "vector_example": vector_example,
        "host_rules": host_markdown,
    },
    "docs/vectors.schema.json": {"*": vectors_schema},
    "docs/app-protocol.schema.json": {"*": app_schema},
    SWIFT_CORE_PATH: {"*": to_swift},
    KOTLIN_CORE_PATH: {"*": to_kotlin},
}


def _block(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"(<!-- generated:{re.escape(name)} -->\n)(.*?)(<!-- /generated:{re.escape(name)} -->)",
        re.DOTALL,
    )


def render_file(path: Path, blocks: dict[str, Callable[[], str]]) -> str:
    """The file's text with every generated block re-rendered."""
    if "*" in blocks:
        return blocks["*"]()
    text = path.read_text(encoding="utf-8")
    for name, render in blocks.items():
        pattern = _block(name)
        if not pattern.search(text):
            raise ValueError(f"{path}: missing marker <!-- generated:{name} -->")
        text = pattern.sub(lambda m, r=render: m.group(1) + r() + m.group(3), text)  # type: ignore[misc]
    return text


def stale_blocks(root: Path) -> list[str]:
    """Files under `root` whose generated content differs from the spec."""
    stale = []
    for relative, blocks in BLOCKS.items():
        path = root / relative
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if render_file(path, blocks) != current:
            stale.append(relative)
    return stale


def main(argv: list[str] | None = None) -> int:
    root = Path(argv[0] if argv else ".")
    for relative, blocks in BLOCKS.items():
        path = root / relative
        write_atomically(path, render_file(path, blocks))
    sys.stdout.write("regenerated: " + ", ".join(BLOCKS) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
