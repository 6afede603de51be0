"""`authsession port`: the reference core speaking the `authsession.port/1` protocol.

Owns: reading machine events (one JSON object per line, or `{"reset": {...}}`) from a file or
stdin and answering each with `{"state", "commands", "reason"}`. Ports are compared against this;
porters also use it to compute expected outputs. Bad input stops with `SOURCE:LINE: field: problem`.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from pydantic import BaseModel, ConfigDict, ValidationError

from authsession.core.machine import Context, SessionCore
from authsession.errors import InvalidInputError, describe_validation_error
from authsession.spec.events import parse_event
from authsession.spec.states import INITIAL_STATE, State


class Reset(BaseModel):
    """Start a new sequence, optionally from another state and context."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    state: State = INITIAL_STATE
    context: dict[str, bool] = {}


def register(verbs: Any) -> None:
    parser: argparse.ArgumentParser = verbs.add_parser(
        "port", help="run the reference core as an authsession.port/1 process (JSON lines)"
    )
    parser.add_argument(
        "input", nargs="?", type=argparse.FileType("r"), default=sys.stdin, help="default: stdin"
    )
    parser.set_defaults(run=run)


def new_core(reset: Reset, source: str) -> SessionCore:
    known = set(Context.__slots__)
    unknown = sorted(set(reset.context) - known)
    if unknown:
        raise InvalidInputError(source, f"reset.context: unknown flag {unknown[0]!r}")
    return SessionCore(reset.state, Context(**reset.context))


def run(args: argparse.Namespace) -> int:
    stream: TextIO = args.input
    name = "stdin" if stream is sys.stdin else stream.name
    core = SessionCore()
    try:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            source = f"{name}:{number}"
            try:
                payload = json.loads(line)
            except json.JSONDecodeError as err:
                raise InvalidInputError(source, f"not JSON ({err.msg})") from None
            if isinstance(payload, dict) and "reset" in payload:
                try:
                    reset = Reset.model_validate(payload["reset"] or {})
                except ValidationError as err:
                    raise InvalidInputError(
                        source, "reset." + describe_validation_error(err)
                    ) from None
                core.close()
                core = new_core(reset, source)
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
    return 0
