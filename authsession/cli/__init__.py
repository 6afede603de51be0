"""The `authsession` command line.

Owns: argument parsing, the exit-code contract (0 success, 1 a check found violations, 2 bad
input or usage) and the rule that bad input gives one line on stderr naming the source, the field
and the problem — never a traceback, never a secret, never a half-written file.
Must not hold logic of its own: each verb calls the library.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from authsession.cli import (
    check_trace_verb,
    difftest_verb,
    explore_verb,
    port_verb,
    replay_verb,
    simulate_verb,
    spec_verb,
    vectors_verb,
)
from authsession.errors import InvalidInputError

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse prints usage plus the error on two lines; the contract is one line.
        sys.stderr.write(f"{self.prog}: error: {' '.join(message.split())}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="authsession",
        description="Reference sign-in session: unavailable never means no user.",
    )
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    spec_verb.register(verbs)
    port_verb.register(verbs)
    replay_verb.register(verbs)
    vectors_verb.register(verbs)
    difftest_verb.register(verbs)
    check_trace_verb.register(verbs)
    explore_verb.register(verbs)
    simulate_verb.register(verbs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except InvalidInputError as err:
        sys.stderr.write(f"authsession {args.verb}: {err}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    return code
