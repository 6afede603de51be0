"""Issue 12, docs against behaviour: the model checker's starting configurations are what
docs/world.md says (it said six; `explore --depth 0` reports 4 on iOS), and `vectors export`
writes the whole suite wherever it runs (outside the repository it wrote 55 of 74 vectors)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from authsession.conformance.vectors import load_suite, shipped_text

from .conftest import ROOT, Finished

WORLD = (ROOT / "docs" / "world.md").read_text()


def test_explore_depth_0_reports_the_documented_starting_configurations(
    cli: Callable[..., tuple[int, str, str]],
) -> None:
    table = re.findall(r"^\| `(\w+)` \| (\d+) \| (\d+) \|$", WORLD, re.MULTILINE)
    assert {platform for platform, _, _ in table} == {"ios", "android", "memory"}
    for platform, families, distinct in table:
        code, out, _ = cli("explore", "--depth", "0", "--platform", platform, "--workers", "1")
        assert code == 0, out
        assert f": {families} families, {distinct} configurations, 0 transitions" in out, out


def test_vectors_export_outside_the_repository_writes_the_whole_suite(
    cli_process: Callable[..., Finished], tmp_path: Path
) -> None:
    result = cli_process("vectors", "export", "out", cwd=tmp_path)  # no ./examples here
    assert result.returncode == 0, result.stderr
    written = (tmp_path / "out" / "vectors.json").read_text()
    assert written == shipped_text()
    assert result.stdout == f"wrote out/vectors.json ({len(load_suite().vectors)} vectors)\n"


def test_regenerating_needs_an_existing_examples_directory(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    code, _, err = cli("vectors", "export", str(tmp_path), "--examples", str(tmp_path / "none"))
    assert code == 2 and "--examples: " in err and "no scenario files" in err
    assert not (tmp_path / "vectors.json").exists()
