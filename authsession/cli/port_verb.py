"""`authsession port`: the reference core speaking the `authsession.port/1` protocol.

Owns: the verb's arguments and its stdio — bounded lines from a file or stdin in, one answer line
out per event. What a line means is `authsession.conformance.reference_port`. Ports are compared
against this; porters also use it to compute expected outputs. Bad input stops with
`SOURCE:LINE: field: problem`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from authsession.conformance.reference_port import ReferencePort
from authsession.inputs import open_input, stream_json_lines


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
    port = ReferencePort()
    try:
        # Line by line as they come (a port answers each event before the next arrives), each
        # line bounded by --max-line-bytes, split on "\n" only.
        for number, payload in stream_json_lines(stream, name):
            answer = port.handle(payload, f"{name}:{number}")
            if answer is not None:
                sys.stdout.write(json.dumps(answer) + "\n")
                sys.stdout.flush()
    finally:
        port.close()
        if stream is not getattr(sys.stdin, "buffer", None):
            stream.close()
    return 0
