"""docs/testing.md runs: each Python example is a test module run by pytest through the installed
plugin (no conftest), and the check-trace example's output is what the CLI prints."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from authsession.cli import main

PAGE = Path(__file__).resolve().parents[1] / "docs" / "testing.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", PAGE.read_text(), re.S)


def test_every_python_example_passes_under_pytest_with_the_plugin(tmp_path: Path) -> None:
    blocks = _blocks("python")
    assert len(blocks) >= 4
    for index, block in enumerate(blocks):
        (tmp_path / f"test_example_{index}.py").write_text(block)
    # An empty ini file pins the rootdir here, away from this repository's conftest and config.
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    collected = re.search(r"(\d+) passed", result.stdout)
    assert collected is not None and int(collected.group(1)) >= len(blocks), result.stdout


def test_the_check_trace_example_prints_what_the_page_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (log,) = _blocks("jsonl")
    (expected,) = _blocks("text")
    (tmp_path / "app.jsonl").write_text(log)
    monkeypatch.chdir(tmp_path)
    assert main(["check-trace", "app.jsonl"]) == 1
    assert capsys.readouterr().out == expected
