"""The Kotlin sources keep to the subset that kotlinc 1.3 (Debian's, which builds them here) and
current Kotlin 2.x both accept, each file says what it owns, and `src/android` — the only lines
bound to the Android SDK, never compiled here — stays small. docs/porting.md lists the same
avoided features with the reason for each; this test is their mechanical half (the other half is
kotlinc 1.3 with `-Werror`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT

SOURCES = sorted((ROOT / "kotlin" / "src").rglob("*.kt"))

#: (pattern, why it is avoided) — each also listed in docs/porting.md.
AVOIDED = [
    (r",\s*\n\s*[)\]>]", "trailing commas: Kotlin 1.4+"),
    (r"\bdata object\b", "`data object`: Kotlin 1.9+"),
    (r"\bsealed interface\b", "`sealed interface`: Kotlin 1.5+"),
    (r"\bfun interface\b", "`fun interface`: Kotlin 1.4+"),
    (r"\bvalue class\b|@JvmInline", "value classes: Kotlin 1.5+"),
    (r"\.entries\b", "`entries`: Kotlin 1.9+ (use `values()`)"),
    (r"\bU(Int|Long|Short|Byte)\b", "unsigned types: experimental in 1.3"),
    (r"@OptIn\b", "`@OptIn`: Kotlin 1.3.70+"),
    (r"\.(toUpperCase|toLowerCase|capitalize|decapitalize)\(",
     "case conversions: deprecated in 1.5, errors in 2.1"),
    (r"\.(uppercase|lowercase|uppercaseChar|lowercaseChar)\(", "case conversions: Kotlin 1.5+"),
    (r"\.code\b|\bChar\(", "`Char.code` / `Char(Int)`: Kotlin 1.5+ (use `c - '\\u0000'`)"),
    (r"\b(removeFirst|removeLast)\(", "`removeFirst`: Kotlin 1.4+, and a member of JDK 21 lists"),
    (r"\b(sumOf|maxOrNull|minOrNull|buildList|buildMap|appendLine|readln)\b",
     "collection and text helpers of Kotlin 1.4+"),
    (r"\b(sumBy|appendln)\b", "deprecated in 1.4/1.5 and gone later"),
]  # fmt: skip


def test_there_are_sources() -> None:
    assert len(SOURCES) >= 25


@pytest.mark.parametrize(("pattern", "why"), AVOIDED, ids=[w.split(":")[0] for _, w in AVOIDED])
def test_no_source_uses_an_avoided_feature(pattern: str, why: str) -> None:
    found = [f"{path.relative_to(ROOT)}:{text[: m.start()].count(chr(10)) + 1}"
             for path in SOURCES for text in [path.read_text(encoding="utf-8")]
             for m in re.finditer(pattern, text)]  # fmt: skip
    assert not found, f"{why}: {found}"


def test_the_avoided_features_are_documented() -> None:
    porting = (ROOT / "docs" / "porting.md").read_text(encoding="utf-8")
    for _, why in AVOIDED:
        assert why.split(":")[0] in porting, why


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT / "kotlin")))
def test_every_file_starts_with_what_it_owns(path: Path) -> None:
    header = path.read_text(encoding="utf-8").split("\npackage ")[0]
    assert header.startswith("// ") and header.count("\n// ") >= 2, path


def test_only_src_android_touches_the_android_sdk() -> None:
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        bound = re.search(r"^import (android|androidx)\.", text, re.MULTILINE) is not None
        assert bound == ("src/android/" in path.as_posix()), path
        if bound:
            assert "NOT COMPILED HERE" in text.split("\npackage ")[0]
    android = [p for p in SOURCES if "src/android/" in p.as_posix()]
    assert sum(len(p.read_text().splitlines()) for p in android) < 300
