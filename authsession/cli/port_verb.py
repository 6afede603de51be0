"""`authsession port`: the reference core speaking the `authsession.port/1` protocol.

Owns: reading machine events (one JSON object per line, or `{"reset": {...}}`) from a file or
stdin and answering each with `{"state", "commands", "reason"}`. Ports are compared against this;
porters also use it to compute expected outputs. Bad input stops with `SOURCE:LINE: field: problem`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from authsession.conformance.vectors import Initial
from authsession.core.machine import SessionCore
from authsession.errors import InvalidInputError, describe_validation_error
from authsession.inputs import open_input, stream_json_lines
from authsession.spec.events import parse_event


def register(verbs: Any) -> None:
    parser: argparse.ArgumentParser = verbs.add_parser(
        "port", help="run the reference core as an authsession.port/1 process (JSON lines)"
    )
    parser.add_argument(
        "input", nargs="?", type=Path, default=None, help="JSON Lines (default, or -: stdin)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    stream, name = open_input(args.input, sys.stdin)
    core = SessionCore()
    try:
        # Line by line as they come (a port answers each event before the next arrives), each
        # line bounded by --max-line-bytes, split on "\n" only.
        for number, payload in stream_json_lines(stream, name):
            source = f"{name}:{number}"
            if isinstance(payload, dict) and "reset" in payload:
                try:
                    # `Initial` checks context keys before their values: an unknown key is
                    # named by a close known flag only, never quoted.
                    reset = Initial.model_validate(payload["reset"] or {})
                except ValidationError as err:
                    raise InvalidInputError(
                        source, "reset." + describe_validation_error(err, known=_RESET_NAMES)
                    ) from None
                core.close()
                core = reset.core()
                continue
            event = parse_event(payload, source=source)
            step = core.step(event)
            answer = {
                "state": step.state.value,
                "commands": [c.model_dump(mode="json") for c in step.commands],
                "reason": step.reason,
            }
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()
    finally:
        core.close()
        if stream is not getattr(sys.stdin, "buffer", None):
            stream.close()
    return 0


_RESET_NAMES = frozenset(["state", "context"])
