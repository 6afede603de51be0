"""Docs stay true: generated blocks match the spec, and every Python example runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from authsession.docsync import BLOCKS, stale_blocks

ROOT = Path(__file__).resolve().parents[1]
# The desktop page's example needs a live Secret Service; tests/desktop exercises the same calls.
# The iOS page's example is run by tests/platforms/test_forum_post.py; the testing page's, which
# import the client module it shows and are pytest tests, by tests/test_testing_docs.py.
EXAMPLE_PAGES = [ROOT / "README.md",
                 *sorted(p for p in (ROOT / "docs").glob("*.md") if p.name != "testing.md"),
                 ROOT / "docs" / "platforms" / "android.md"]  # fmt: skip


def test_generated_docs_match_the_spec() -> None:
    stale = stale_blocks(ROOT)
    assert stale == [], f"run `python -m authsession.docsync` to regenerate: {stale}"


def test_the_public_api_page_lists_exactly_what_the_namespaces_export() -> None:
    from authsession.apidoc import API_PATH, render

    assert (ROOT / API_PATH).read_text() == render(), "run `python -m authsession.apidoc`"


def test_every_public_class_and_function_says_what_it_is() -> None:
    from authsession.apidoc import render

    undocumented = [
        line.split("`")[1]
        for line in render().splitlines()
        if line.endswith("| — |") and "| constant |" not in line
    ]
    assert undocumented == []


def test_every_generated_block_is_present() -> None:
    for relative, blocks in BLOCKS.items():
        text = (ROOT / relative).read_text()
        for name in blocks:
            if name != "*":
                assert f"<!-- generated:{name} -->" in text, (relative, name)


def _examples() -> list[tuple[str, str]]:
    out = []
    for page in EXAMPLE_PAGES:
        for index, block in enumerate(re.findall(r"```python\n(.*?)```", page.read_text(), re.S)):
            out.append((f"{page.relative_to(ROOT)}#{index}", block))
    return out


@pytest.mark.parametrize(("where", "code"), _examples(), ids=[w for w, _ in _examples()])
def test_python_examples_run(where: str, code: str) -> None:
    exec(compile(code, where, "exec"), {"__name__": "__docs__"})


@pytest.mark.parametrize(("where", "code"), _examples(), ids=[w for w, _ in _examples()])
def test_python_examples_state_their_results_as_asserts(where: str, code: str) -> None:
    """An expected output in a comment is checked by nobody: examples assert what they show."""
    printed = [line for line in code.splitlines() if line.lstrip().startswith("print(")]
    assert printed == [], f"{where}: use assert instead of print + comment"
    checks = ("assert" in code, "def test_" in code, ".TestCase" in code)  # asserts, or a test
    assert any(checks), f"{where}: the example shows nothing a test can check"


def test_the_readme_counts_the_spec_as_it_is() -> None:
    from authsession.spec import EVENT_TYPES, State

    words = {10: "ten", 9: "nine", 11: "eleven", 12: "twelve"}
    text = " ".join((ROOT / "README.md").read_text().split())
    assert f"of {words.get(len(State), len(State))} states, {len(EVENT_TYPES)} events" in text
