"""Argument types of the command line: every number bounded, every name checked, nothing echoed.

Owns: `BOUNDS` (the documented range of each numeric option: what it costs grows with it, so each
has a ceiling far above any useful value and far below what exhausts a machine), the argparse
`type=` functions that enforce them before any work starts (`bounded`, `seconds`, `percent`,
`workers`, `policy`), and the core count the `--workers` ceiling is a multiple of. An error names
the option and the allowed range or the closest known name — never the value given, which could be
a secret pasted into the wrong place. Must not import a verb.
"""

from __future__ import annotations

import argparse
import math
import os
from collections.abc import Callable
from typing import Final

from authsession.conformance.driver import MAX_TIMEOUT, check_timeout
from authsession.errors import InvalidInputError, did_you_mean
from authsession.inputs import CEILINGS
from authsession.world import POLICIES
from authsession.world.app_process import DEFAULT_APP_TIMEOUT

#: `--workers` may be at most this many times the usable cores (more only adds memory: each
#: worker holds a copy of the world, ~3 MB, and 2,048 of them took ~6 GB).
WORKERS_PER_CORE: Final = 4

#: option → (lowest, highest) accepted value.
BOUNDS: Final[dict[str, tuple[int, int]]] = {
    "--devices": (1, 1_000_000),
    "--days": (1, 3_650),
    "--sequences": (1, 1_000_000),
    "--length": (1, 10_000),  # each sequence is built in memory and written to the port at once
    "--depth": (0, 1_000),  # the breadth-first search exhausts every space long before
    "--fault-budget": (0, 10),  # faults on one path: each one multiplies the space
    "--siblings": (0, 10),  # sibling rotations armed at once
    "--seed": (0, 2**64 - 1),
    "--budget": (1, 86_400),  # seconds a default `explore` searches for (a day at most)
    "--walks": (0, 100_000_000),
    "--max-input-bytes": (1, CEILINGS["file_bytes"]),
    "--max-line-bytes": (1, CEILINGS["line_bytes"]),
    "--max-json-depth": (1, CEILINGS["depth"]),
    "--max-json-digits": (1, CEILINGS["int_digits"]),
}


def cores() -> int:
    """Cores this process may run on (the affinity mask, where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _integer(text: str, option: str) -> int:
    # At most 30 characters: `int()` of a 5,000-digit string is a ValueError of its own, and no
    # bound here needs more than 20 digits.
    try:
        if len(text) > 30:
            raise ValueError
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a whole number") from None


def bounded(option: str) -> Callable[[str], int]:
    """The argparse type of a numeric option in `BOUNDS`."""
    low, high = BOUNDS[option]

    def parse(text: str) -> int:
        value = _integer(text, option)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low:,} and {high:,}")
        return value

    parse.__name__ = "integer"
    return parse


def seconds(text: str) -> float:
    """A per-answer timeout: a finite number of seconds in (0, `MAX_TIMEOUT`]."""
    try:
        value = float(text) if len(text) <= 30 else math.nan
    except ValueError:
        value = math.nan
    try:
        return check_timeout(value)
    except InvalidInputError:
        raise argparse.ArgumentTypeError(
            f"must be a finite number of seconds above 0 and at most {MAX_TIMEOUT:g}"
        ) from None


def percent(text: str) -> float:
    try:
        value = float(text) if len(text) <= 30 else math.nan
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 <= value <= 100):
        raise argparse.ArgumentTypeError("must be a number from 0 to 100")
    return value


def workers(text: str) -> int:
    """`--workers`: 1 to `WORKERS_PER_CORE` times the usable cores."""
    value = _integer(text, "--workers")
    ceiling = WORKERS_PER_CORE * cores()
    if not 1 <= value <= ceiling:
        raise argparse.ArgumentTypeError(
            f"must be between 1 and {ceiling} ({WORKERS_PER_CORE} per core, {cores()} cores)"
        )
    return value


def add_app_options(parser: argparse.ArgumentParser, what: str) -> None:
    """`--app` and `--app-timeout`, the same on every verb that runs the world."""
    parser.add_argument(
        "--app",
        metavar="CMD|module:factory",
        help=f'{what}: a command speaking authsession.app/1 (e.g. "authsession app"), or a '
        "Python factory (AppContext) -> App given as module.path:name",
    )
    parser.add_argument(
        "--app-timeout",
        type=seconds,
        default=DEFAULT_APP_TIMEOUT,
        metavar="SECONDS",
        help=f"per line of the app process (default {DEFAULT_APP_TIMEOUT:g})",
    )


def policy(text: str) -> str:
    """A policy name from `authsession.world.POLICIES`."""
    if text not in POLICIES:
        raise argparse.ArgumentTypeError(
            f"unknown policy{did_you_mean(text, POLICIES)} (expected one of {', '.join(POLICIES)})"
        )
    return text
