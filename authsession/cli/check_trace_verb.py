"""`authsession check-trace LOG.jsonl [--schema]`: judge an app's own session log by the spec.

Owns: the verb's arguments and output — one line `LOG:LINE: problem` per finding, then a summary;
exit 1 on any finding, 2 on a malformed line. The checking lives in
`authsession.conformance.tracecheck`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from authsession.conformance.tracecheck import check_log, trace_log_json_schema
from authsession.errors import InvalidInputError


def register(verbs: Any) -> None:
    parser: argparse.ArgumentParser = verbs.add_parser(
        "check-trace", help="check an app's log of machine events and observed states"
    )
    parser.add_argument(
        "log", nargs="?", type=Path, help="JSON Lines: {time, event, state[, reason]}"
    )
    parser.add_argument("--schema", action="store_true", help="print the log line JSON Schema")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.schema:
        sys.stdout.write(json.dumps(trace_log_json_schema(), indent=2) + "\n")
        return 0
    if args.log is None:
        raise InvalidInputError("log", "a log file is required (or --schema)")
    steps, findings = check_log(args.log)
    for finding in findings:
        sys.stdout.write(f"{args.log}:{finding.line}: {finding.message}\n")
    lines = {f.line for f in findings}
    sys.stdout.write(
        f"{args.log}: {steps} steps, {len(findings)} problem{'s' if len(findings) != 1 else ''}"
        f" on {len(lines)} line{'s' if len(lines) != 1 else ''}\n"
    )
    return 1 if findings else 0
