"""Keeps the generated parts of `docs/` equal to what the spec renders.

Owns: which generated blocks live in which doc file, and the marker syntax
`<!-- generated:NAME -->` … `<!-- /generated:NAME -->`. `python -m authsession.spec.docsync`
rewrites them; the test suite calls `stale_blocks()` and fails on any drift.
Must not import the core, adapters or runtime.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Final

from authsession.atomic import write_atomically
from authsession.spec.export import states_markdown, to_json, to_markdown, to_mermaid
from authsession.spec.swift_export import SWIFT_CORE_PATH, to_swift
from authsession.spec.taxonomy import taxonomy_markdown

#: file (relative to the repository root) -> block name -> renderer; "*" is the whole file.
BLOCKS: Final[dict[str, dict[str, Callable[[], str]]]] = {
    "docs/spec.md": {
        "states": states_markdown,
        "transitions": to_markdown,
        "diagram": lambda: "```mermaid\n" + to_mermaid() + "```\n",
        "error_taxonomy": taxonomy_markdown,
    },
    "docs/spec.json": {"*": to_json},
    SWIFT_CORE_PATH: {"*": to_swift},
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
