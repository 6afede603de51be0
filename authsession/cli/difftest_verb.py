"""`authsession difftest --port CMD [--sequences N] [--seed S] [--length L]`.

Owns: the verb's arguments and output. No divergence: one summary line, exit 0. A divergence: the
shrunk counterexample as a ready-to-save `authsession.vectors/1` document on stdout (feed it to
`vectors verify --vectors FILE --min-coverage 0`), one line describing it on stderr, exit 1.
Generation and shrinking live in `authsession.conformance.difftest`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from authsession.cli.arguments import bounded, seconds
from authsession.conformance.difftest import difftest
from authsession.conformance.driver import DEFAULT_TIMEOUT, PortProcess
from authsession.conformance.vectors import VECTORS_SCHEMA, VectorSuite, render_suite
from authsession.spec.table import TABLE


def register(verbs: Any) -> None:
    parser: argparse.ArgumentParser = verbs.add_parser(
        "difftest", help="compare a port with the reference on generated event sequences"
    )
    parser.add_argument(
        "--port", metavar="CMD", required=True, help="an authsession.port/1 command"
    )
    parser.add_argument("--sequences", type=bounded("--sequences"), default=200, metavar="N",
                        help="default 200")  # fmt: skip
    parser.add_argument("--seed", type=bounded("--seed"), default=0, metavar="S", help="default 0")
    parser.add_argument("--length", type=bounded("--length"), default=20, metavar="L",
                        help="events per sequence (default 20)")  # fmt: skip
    parser.add_argument("--timeout", type=seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"per answer from the port (default {DEFAULT_TIMEOUT:g})")  # fmt: skip
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with PortProcess(args.port, timeout=args.timeout) as port:
        result = difftest(port, sequences=args.sequences, seed=args.seed, length=args.length)
    if result.divergence is None:
        sys.stdout.write(result.summary(args.seed) + "\n")
        return 0
    suite = VectorSuite(
        schema_=VECTORS_SCHEMA, rows=len(TABLE), vectors=(result.divergence.vector(args.seed),)
    )
    sys.stdout.write(render_suite(suite))
    sys.stderr.write(f"authsession difftest: {result.divergence.describe()}\n")
    return 1
