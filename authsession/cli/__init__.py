"""The `authsession` command line.

Owns: argument parsing, the exit-code contract (0 success, 1 a check found violations, 2 bad
input or usage, 130 interrupted) and the rule that bad input gives one line on stderr naming the
source, the field and the problem — never a traceback, never the input's own text (an argparse
error names the option and the closest known name, not the value), never a half-written file; the
input limits (`--max-input-bytes` and family, before the verb) in effect while a verb runs; and
Ctrl-C: one line, exit 130, nothing partial written (writes are atomic), child processes ended
(each verb's `with` blocks end its port or pool on the way out).
Must not hold logic of its own: each verb calls the library.
"""

from __future__ import annotations

import argparse
import ast
import functools
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from authsession.app.errors import AppProcessError
from authsession.cli import (
    app_verb,
    check_trace_verb,
    difftest_verb,
    explore_verb,
    port_verb,
    replay_verb,
    simulate_verb,
    spec_verb,
    vectors_verb,
)
from authsession.cli.arguments import bounded
from authsession.errors import InvalidInputError, did_you_mean
from authsession.inputs import DEFAULT_LIMITS, Limits, limits_in_effect

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command ended by Ctrl-C

_CHOICE = re.compile(r"invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)$", re.DOTALL)
_TYPED = re.compile(r"invalid (?P<type>\w+) value: .*$", re.DOTALL)
_UNRECOGNIZED = re.compile(r"^unrecognized arguments: .*$", re.DOTALL)
_AMBIGUOUS = re.compile(r"^ambiguous option: .*? could match (?P<options>.*)$", re.DOTALL)
_EXPLICIT = re.compile(r"ignored explicit argument .*$", re.DOTALL)
_KIND = {"int": "must be a whole number", "float": "must be a number"}


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors that never quote what was typed."""

    _given: list[str]

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self._given = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        # argparse prints usage plus the error on two lines; the contract is one line.
        sys.stderr.write(f"{self.prog}: error: {' '.join(self._quiet(message).split())}\n")
        raise SystemExit(EXIT_BAD_INPUT)

    def _known(self) -> list[str]:
        """Every option and choice of this parser and the verbs below it (the root reports a
        verb's unrecognized arguments)."""
        names: list[str] = []
        for action in self._actions:
            names += action.option_strings
            if isinstance(action.choices, dict):  # the verbs: their own options count too
                for name, verb in action.choices.items():
                    names.append(str(name))
                    names += verb._known() if isinstance(verb, _Parser) else []
            elif action.choices is not None:
                names += [str(c) for c in action.choices]
        return list(dict.fromkeys(names))

    def _quiet(self, message: str) -> str:
        if choice := _CHOICE.search(message):
            try:
                given = str(ast.literal_eval(choice["value"]))
            except (ValueError, SyntaxError):
                given = ""
            names = re.findall(r"'([^']*)'", choice["choices"]) or choice["choices"].split(", ")
            hint = did_you_mean(given, names)
            message = message[: choice.start()] + f"invalid choice{hint} (choose from "
            message += ", ".join(names) + ")"
        elif typed := _TYPED.search(message):
            kind = _KIND.get(typed["type"], f"must be a valid {typed['type']}")
            message = message[: typed.start()] + kind
        elif _UNRECOGNIZED.search(message):
            extra = [a for a in self._given if a not in self._known()]
            flags = [a for a in extra if a.startswith("-")]
            hint = did_you_mean(flags[0].split("=")[0], self._known()) if flags else ""
            message = "unrecognized argument" + ("s" if len(extra) != 1 else "") + hint
        elif ambiguous := _AMBIGUOUS.search(message):
            message = f"ambiguous option (could match {ambiguous['options']})"
        elif explicit := _EXPLICIT.search(message):
            message = message[: explicit.start()] + "takes no value"
        return self._redact(message)

    def _redact(self, message: str) -> str:
        """The last fence: any word typed on the command line that is not one of ours and still
        appears in the message is cut out (an error text we did not foresee)."""
        ours = set(self._known()) | set(self.prog.split())
        for given in sorted(set(self._given) - ours, key=len, reverse=True):
            if len(given) >= 3 and not given.isdigit() and given in message:
                message = message.replace(given, "…")
        return message


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="authsession",
        description="Reference sign-in session: unavailable never means no user.",
    )
    limits = parser.add_argument_group("input limits (before the verb)")
    for option, default, what in (
        ("--max-input-bytes", DEFAULT_LIMITS.file_bytes, "bytes of one input file"),
        ("--max-line-bytes", DEFAULT_LIMITS.line_bytes, "bytes of one JSON Lines line"),
        ("--max-json-depth", DEFAULT_LIMITS.depth, "nesting of JSON arrays and objects"),
        ("--max-json-digits", DEFAULT_LIMITS.int_digits, "digits of one JSON integer"),
    ):
        limits.add_argument(
            option, type=bounded(option), default=default, metavar="N",
            help=f"{what} (default {default:,})",
        )  # fmt: skip
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    spec_verb.register(verbs)
    port_verb.register(verbs)
    replay_verb.register(verbs)
    vectors_verb.register(verbs)
    difftest_verb.register(verbs)
    check_trace_verb.register(verbs)
    explore_verb.register(verbs)
    simulate_verb.register(verbs)
    app_verb.register(verbs)
    return parser


@functools.cache
def _parser() -> argparse.ArgumentParser:
    # Building it costs ~20 ms (argparse looks up translations for every help string); a parser
    # holds no state between parses, so `main` called many times in a process (the test suite,
    # the fuzz campaign) builds it once.
    return build_parser()


def _limits(args: argparse.Namespace) -> Limits:
    return Limits(
        file_bytes=args.max_input_bytes,
        line_bytes=args.max_line_bytes,
        depth=args.max_json_depth,
        int_digits=args.max_json_digits,
    )


def main(argv: Sequence[str] | None = None) -> int:
    verb = ""
    try:
        try:
            args = _parser().parse_args(argv)
        except SystemExit as done:  # --help, or a usage error already printed as one line
            return done.code if isinstance(done.code, int) else EXIT_OK
        verb = f" {args.verb}"
        with limits_in_effect(_limits(args)):
            code: Any = args.run(args)
        return int(code)
    except (InvalidInputError, AppProcessError) as err:
        sys.stderr.write(f"authsession{verb}: {err}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        # A progress line may be half drawn on a terminal; the message gets a line of its own.
        start = "\n" if sys.stderr.isatty() else ""
        sys.stderr.write(f"{start}authsession{verb}: interrupted\n")
        return EXIT_INTERRUPTED
