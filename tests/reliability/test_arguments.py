"""Issue 12: every numeric argument has an upper bound, checked before any work: `difftest --length
100000000` built the whole sequence in memory, and `--workers 2048` meant ~6 GB of processes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from authsession.cli import build_parser
from authsession.cli.arguments import BOUNDS, WORKERS_PER_CORE, cores

from .conftest import one_line_error

CLI = Callable[..., tuple[int, str, str]]

#: Where each bounded option is used: a command line that reaches it.
USES: dict[str, list[list[str]]] = {
    "--devices": [["simulate"]],
    "--days": [["simulate"]],
    "--sequences": [["difftest", "--port", "true"]],
    "--length": [["difftest", "--port", "true"]],
    "--depth": [["explore"]],
    "--fault-budget": [["explore"]],
    "--siblings": [["explore"]],
    "--seed": [["difftest", "--port", "true"], ["simulate"], ["explore"]],
    "--budget": [["explore"]],
    "--walks": [["explore"]],
    "--max-input-bytes": [[]],
    "--max-line-bytes": [[]],
    "--max-json-depth": [[]],
    "--max-json-digits": [[]],
}


def _at(prefix: list[str], option: str, value: int) -> list[str]:
    argv = [f"{option}={value}"]
    return [*argv, "spec"] if not prefix else [*prefix, *argv]


@pytest.mark.parametrize("option", list(BOUNDS))
def test_each_bound_is_enforced_at_both_ends(cli: CLI, option: str) -> None:
    low, high = BOUNDS[option]
    for prefix in USES[option]:
        for value in (low - 1, high + 1):
            code, _out, err = cli(*_at(prefix, option, value))
            assert code == 2 and one_line_error(err), err
            assert f"argument {option}: must be between {low:,} and {high:,}" in err
        # The bounds themselves are accepted (parsing only: the work would take a while).
        for value in (low, high):
            build_parser().parse_args(_at(prefix, option, value))


def test_every_bounded_option_is_used_somewhere() -> None:
    assert set(USES) == set(BOUNDS)


@pytest.mark.parametrize("verb", [["explore"], ["simulate"]])
def test_workers_are_capped_at_a_small_multiple_of_the_cores(cli: CLI, verb: list[str]) -> None:
    ceiling = WORKERS_PER_CORE * cores()
    code, _, err = cli(*verb, "--workers", "2048")
    assert code == 2 and one_line_error(err)
    assert f"--workers: must be between 1 and {ceiling}" in err
    assert build_parser().parse_args([*verb, "--workers", str(ceiling)]).workers == ceiling


@pytest.mark.parametrize("value", ["x", "1.5", "9" * 5000, "", "0x10"])
def test_a_number_that_is_not_a_whole_number_is_one_line(cli: CLI, value: str) -> None:
    code, _, err = cli("simulate", f"--devices={value}")
    assert code == 2 and one_line_error(err)
    assert "argument --devices: must be a whole number" in err
