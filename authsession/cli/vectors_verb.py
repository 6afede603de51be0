"""`authsession vectors export DIR [--examples DIR]` and `authsession vectors verify [--port CMD]
[--vectors FILE]`.

Owns: the verb's arguments and output — `export` writes the shipped suite (the same vectors
wherever it runs; `--examples` regenerates it from the spec and that directory's scenarios, which
must exist), `verify` one line per mismatching vector, then a summary with row coverage; exit 1 on
a mismatch or coverage below `--min-coverage`. Generation, loading and running
live in `authsession.conformance`; the port protocol in `authsession.conformance.driver`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from authsession.cli.arguments import percent, seconds
from authsession.cli.outputs import check_output, output_directory, write_output
from authsession.conformance.driver import DEFAULT_TIMEOUT, PortProcess
from authsession.conformance.vectors import (
    DATA_FILE,
    Mismatch,
    ReferenceTarget,
    Target,
    VectorSuite,
    VerifyReport,
    build_suite,
    load_suite,
    render_suite,
    row_keys,
    shipped_text,
    verify,
)
from authsession.errors import InvalidInputError
from authsession.world.vectors import scenario_vectors


def register(verbs: Any) -> None:
    parser: argparse.ArgumentParser = verbs.add_parser(
        "vectors", help="export the conformance vectors, or verify the reference or a port"
    )
    actions = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
    export = actions.add_parser("export", help=f"write {DATA_FILE} (authsession.vectors/1)")
    export.add_argument("directory", type=output_directory, help="created if missing")
    export.add_argument("--examples", type=Path, metavar="DIR",
                        help="regenerate from the spec and these scenarios (the repository's "
                        "examples/) instead of writing the shipped suite")  # fmt: skip
    export.set_defaults(run=run_export)
    check = actions.add_parser("verify", help="run the vectors; exit 1 on a mismatch")
    check.add_argument("--port", metavar="CMD", help="an authsession.port/1 command (default: "
                       "the reference core in process)")  # fmt: skip
    check.add_argument("--vectors", type=Path, metavar="FILE", help="default: the shipped suite")
    check.add_argument("--timeout", type=seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                       help=f"per answer from the port (default {DEFAULT_TIMEOUT:g})")  # fmt: skip
    check.add_argument("--min-coverage", type=percent, default=100.0, metavar="PERCENT",
                       help="exit 1 below this share of rows covered (default 100)")  # fmt: skip
    check.set_defaults(run=run_verify)


def run_export(args: argparse.Namespace) -> int:
    target = args.directory / DATA_FILE
    if args.directory.is_dir():
        check_output(target)  # refuse a symlink, FIFO, device or directory before any work
    if args.examples is None:
        # The suite as shipped: generated from the spec and every named scenario at release, so
        # it is the same wherever this runs (the scenarios are not installed with the package).
        text, suite = shipped_text(), load_suite()
    else:
        scenarios = sorted(args.examples.glob("*.json")) if args.examples.is_dir() else []
        if not scenarios:
            raise InvalidInputError("--examples", f"{args.examples}: no scenario files (*.json)")
        suite = build_suite(scenario_vectors(scenarios))
        text = render_suite(suite)
    try:
        args.directory.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InvalidInputError(str(args.directory), f"cannot create: {err.strerror}") from None
    write_output(target, text)
    sys.stdout.write(f"wrote {target} ({len(suite.vectors)} vectors)\n")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    suite = load_suite(args.vectors)
    if args.port is None:
        report = _verify(suite, ReferenceTarget())
    else:
        with PortProcess(args.port, timeout=args.timeout) as port:
            report = _verify(suite, port)
    sys.stdout.write(report.summary() + "\n")
    low = 100 * report.coverage < args.min_coverage
    if low:
        missing = sorted(_all_rows() - report.rows_covered)
        sys.stdout.write(f"rows not covered: {', '.join(missing)}\n")
    return 1 if report.mismatches or low else 0


def _verify(suite: VectorSuite, target: Target) -> VerifyReport:
    def show(mismatch: Mismatch) -> None:
        sys.stdout.write(f"mismatch: {mismatch}\n")

    return verify(suite, target, on_mismatch=show)


def _all_rows() -> frozenset[str]:
    return frozenset(row_keys())
