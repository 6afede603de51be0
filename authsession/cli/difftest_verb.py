"""`authsession difftest --port CMD [--sequences N] [--seed S] [--length L]` and
`authsession difftest --app CMD [--sequences N] [--seconds S] [--seed S] [--platform P]
[--out FILE]`.

Owns: the verb's arguments and output. No divergence: one summary line, exit 0. A divergence of a
port: the shrunk counterexample as a ready-to-save `authsession.vectors/1` document on stdout
(feed it to `vectors verify --vectors FILE --min-coverage 0`), one line describing it on stderr,
exit 1. A divergence of an app (a host): the shrunk scenario as an `authsession.scenario/1`
document — in `--out FILE`, else on stdout — and one line on stderr saying what differed first
(an adapter call, else a trace line), exit 1; `replay FILE --app CMD --diff-calls` shows the two
call sequences side by side. Generation and shrinking live in `authsession.conformance.difftest`
(ports) and `authsession.modelcheck.hostdiff` (apps).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from authsession.app.choice import AppChoice
from authsession.atomic import write_atomically
from authsession.cli.arguments import bounded, seconds
from authsession.conformance.difftest import difftest
from authsession.conformance.driver import DEFAULT_TIMEOUT, PortProcess
from authsession.conformance.vectors import VECTORS_SCHEMA, VectorSuite, render_suite
from authsession.errors import InvalidInputError
from authsession.modelcheck import hostdiff
from authsession.modelcheck.campaign import PLATFORMS
from authsession.modelcheck.world_model import quiet
from authsession.spec.table import TABLE
from authsession.world.app_process import DEFAULT_APP_TIMEOUT

#: `--sequences` of a port when not given (an app's is `hostdiff.DEFAULT_SCENARIOS`).
PORT_SEQUENCES = 200


def register(verbs: Any) -> None:
    parser: argparse.ArgumentParser = verbs.add_parser(
        "difftest",
        help="compare a port (--port) or an app's host (--app) with the reference on generated "
        "event sequences or world scenarios",
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--port", metavar="CMD", help="an authsession.port/1 command")
    target.add_argument(
        "--app",
        metavar="CMD",
        help="an authsession.app/1 command: its traces and adapter calls against the reference's",
    )
    parser.add_argument(
        "--sequences",
        type=bounded("--sequences"),
        default=None,
        metavar="N",
        help=f"event sequences (--port, default {PORT_SEQUENCES}) or world scenarios (--app, "
        f"default {hostdiff.DEFAULT_SCENARIOS:,})",
    )
    parser.add_argument("--seed", type=bounded("--seed"), default=0, metavar="S", help="default 0")
    parser.add_argument("--length", type=bounded("--length"), default=None, metavar="L",
                        help="events per sequence (--port only, default 20)")  # fmt: skip
    parser.add_argument("--timeout", type=seconds, default=None, metavar="SECONDS",
                        help=f"per answer from the port (--port only, default "
                        f"{DEFAULT_TIMEOUT:g})")  # fmt: skip
    parser.add_argument(
        "--seconds",
        type=bounded("--budget"),
        default=None,
        metavar="S",
        help=f"--app: stop drawing scenarios after this long (default "
        f"{hostdiff.DEFAULT_SECONDS:g}; shrinking a divergence takes up to "
        f"{hostdiff.SHRINK_SECONDS:g} s more)",
    )
    parser.add_argument(
        "--platform",
        action="append",
        choices=PLATFORMS,
        default=None,
        help="--app: draw scenarios of this platform (repeatable; default: every platform)",
    )
    parser.add_argument(
        "--insecure-classes",
        action="store_true",
        help="--app: draw the classes readable before the first unlock too",
    )
    parser.add_argument(
        "--out", type=Path, metavar="FILE", help="--app: write the shrunk scenario here"
    )
    parser.add_argument(
        "--app-timeout",
        type=seconds,
        default=DEFAULT_APP_TIMEOUT,
        metavar="SECONDS",
        help=f"per line of the app process (default {DEFAULT_APP_TIMEOUT:g})",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.app is not None:
        return run_app(args)
    for option, given in (
        ("--seconds", args.seconds),
        ("--platform", args.platform),
        ("--out", args.out),
        ("--insecure-classes", args.insecure_classes or None),
    ):
        if given is not None:
            raise InvalidInputError(option, "only with --app")
    sequences = args.sequences if args.sequences is not None else PORT_SEQUENCES
    length = args.length if args.length is not None else 20
    timeout = args.timeout if args.timeout is not None else DEFAULT_TIMEOUT
    with PortProcess(args.port, timeout=timeout) as port:
        result = difftest(port, sequences=sequences, seed=args.seed, length=length)
    if result.divergence is None:
        sys.stdout.write(result.summary(args.seed) + "\n")
        return 0
    suite = VectorSuite(
        schema_=VECTORS_SCHEMA, rows=len(TABLE), vectors=(result.divergence.vector(args.seed),)
    )
    sys.stdout.write(render_suite(suite))
    sys.stderr.write(f"authsession difftest: {result.divergence.describe()}\n")
    return 1


def run_app(args: argparse.Namespace) -> int:
    for option, given in (("--length", args.length), ("--timeout", args.timeout)):
        if given is not None:
            raise InvalidInputError(option, "only with --port")
    choice = AppChoice(args.app, args.app_timeout).check()
    if choice.in_process:
        raise InvalidInputError(
            "--app", "difftest compares adapter calls on the pipe: give a command, not a factory"
        )
    if args.out is not None and args.out.is_dir():
        raise InvalidInputError("--out", "is a directory")
    plan = hostdiff.Plan(
        scenarios=args.sequences if args.sequences is not None else hostdiff.DEFAULT_SCENARIOS,
        seconds=float(args.seconds) if args.seconds is not None else hostdiff.DEFAULT_SECONDS,
        seed=args.seed,
        platforms=tuple(dict.fromkeys(args.platform)) if args.platform else PLATFORMS,
        insecure=args.insecure_classes,
    )
    with quiet(), hostdiff.launchers(args.app, args.app_timeout) as (app, reference):
        result = hostdiff.hostdiff(app, reference, plan)
    found = result.divergence
    if found is None:
        sys.stdout.write(result.summary() + "\n")
        return 0
    text = json.dumps(found.document(), indent=2) + "\n"
    if args.out is not None:
        write_atomically(args.out, text)
        where = str(args.out)
    else:
        sys.stdout.write(text)
        where = "FILE"
    sys.stderr.write(
        f"authsession difftest: scenario {found.found_at} of seed {plan.seed} "
        f"({found.platform}, shrunk from {found.drawn_steps} to {len(found.steps)} steps): "
        f"{found.comparison.describe()}; `authsession replay {where} --app CMD --diff-calls` "
        "shows both sides\n"
    )
    return 1
