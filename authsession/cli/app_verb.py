"""`authsession app`: the Python reference as an `authsession.app/1` process.

Owns: the verb — speak the app protocol on stdin/stdout (what `--app "authsession app"` runs, and
what a team's own client is compared against), or `--schema`: print the protocol's JSON Schema.
A malformed world line is exit 2 with `stdin:LINE: field: problem`. The protocol is
`authsession.app.protocol`, the process `authsession.app.reference`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from authsession.app.protocol import schema_text
from authsession.app.reference import serve


def register(verbs: Any) -> None:
    parser: argparse.ArgumentParser = verbs.add_parser(
        "app",
        help="run the reference session as an authsession.app/1 process (JSON lines on stdio)",
    )
    parser.add_argument(
        "--schema", action="store_true", help="print the protocol's JSON Schema and exit"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.schema:
        sys.stdout.write(schema_text())
        return 0
    return serve(sys.stdin.buffer, sys.stdout.buffer)
