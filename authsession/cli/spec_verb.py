"""`authsession spec`: print (or write) the spec as JSON, Markdown, Mermaid, JSON Schema or the
Swift or Kotlin core's generated source.

Owns: the verb's arguments. Rendering lives in `authsession.spec.export` (Swift:
`authsession.spec.swift_export`, Kotlin: `authsession.spec.kotlin_export`).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from authsession.cli.outputs import output_file, write_output
from authsession.errors import InvalidInputError, did_you_mean
from authsession.spec.codegen import ExportError
from authsession.spec.export import FORMATS, render
from authsession.spec.states import State


def register(verbs: Any) -> None:
    parser: argparse.ArgumentParser = verbs.add_parser(
        "spec",
        help="print the spec's transition table, diagram, JSON export, JSON Schema, or Swift or "
        "Kotlin core",
    )
    parser.add_argument("--format", choices=FORMATS, default="markdown")
    parser.add_argument(
        "--state",
        action="append",
        metavar="NAME",
        help="only transitions out of this state (repeatable)",
    )
    parser.add_argument("--output", type=output_file, metavar="FILE",
                        help="write here (atomically; a regular file or a new path) instead of "
                        "stdout")  # fmt: skip
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    states = None
    if args.state and args.format in ("swift", "kotlin"):
        raise InvalidInputError(
            "--state", f"the {args.format} format is a whole core: it takes no --state"
        )
    if args.state:
        known = {s.value: s for s in State}
        unknown = [name for name in args.state if name not in known]
        if unknown:
            raise InvalidInputError(
                "--state",
                # Not the given text (it could be a secret pasted into the wrong place).
                f"unknown state{did_you_mean(unknown[0], known)} (expected one of "
                f"{', '.join(known)})",
            )
        states = frozenset(known[name] for name in args.state)
    try:
        text = render(args.format, states)
    except ExportError as err:
        raise InvalidInputError("spec", str(err)) from None
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_output(args.output, text)
    return 0
