"""`authsession simulate`: how many users each policy logs out, over a simulated fleet.

Owns: the verb's arguments (all checked before any work starts: sizes, policy names, the plot
path), the text table, the `--json` document, the optional plot, the progress display on a
terminal, and the verdict: exit 1 when the reference policy has any spurious logout, stranded
user, app error or invariant violation (named on stderr) — and so does the `app` column (`--app`:
an app run on the same histories). The simulation lives in `authsession.fleet`.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from authsession.app.choice import AppChoice
from authsession.cli.arguments import (
    WORKERS_PER_CORE,
    add_app_options,
    bounded,
    cores,
    policy,
    workers,
)
from authsession.cli.outputs import output_file
from authsession.cli.pool import worker_pool
from authsession.errors import InvalidInputError
from authsession.fleet import DEFAULT_POLICIES, FleetResult, simulate

MAX_DEVICE_DAYS = 10_000_000


def register(verbs: Any) -> None:
    parser: argparse.ArgumentParser = verbs.add_parser(
        "simulate", help="compare policies over many simulated devices and days"
    )
    parser.add_argument("--devices", type=bounded("--devices"), default=100, metavar="N")
    parser.add_argument("--days", type=bounded("--days"), default=7, metavar="N")
    parser.add_argument("--policy", action="append", type=policy, metavar="NAME",
                        help="repeatable")  # fmt: skip
    parser.add_argument("--seed", type=bounded("--seed"), default=0, metavar="S")
    parser.add_argument("--platform", choices=("ios", "android"), default=None,
                        help="only the devices of this platform (e.g. for an app that speaks "
                        "Android's item-level keychain only)")  # fmt: skip
    parser.add_argument("--workers", type=workers, default=None, metavar="N",
                        help=f"processes (default: cores; at most {WORKERS_PER_CORE} per "
                        "core)")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print the JSON document")
    parser.add_argument("--plot", type=output_file, metavar="FILE",
                        help="write a PNG or SVG comparison (matplotlib)")  # fmt: skip
    add_app_options(parser, "also run this app on the same histories, as the column 'app'")
    parser.set_defaults(run=run)


def _validate(args: argparse.Namespace) -> list[str]:
    # Each number was bounded, each policy name checked and the plot path checked (a regular file
    # or a new path in a writable directory) by its argparse type; what is left spans options.
    if args.devices * args.days > MAX_DEVICE_DAYS:
        raise InvalidInputError(
            "--devices/--days", f"{args.devices * args.days} device-days is over {MAX_DEVICE_DAYS}"
        )
    policies = args.policy or list(DEFAULT_POLICIES)
    if args.plot is not None:
        if args.plot.suffix.lower() not in (".png", ".svg"):
            raise InvalidInputError(str(args.plot), "plot must end in .png or .svg")
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise InvalidInputError(
                "--plot", "needs matplotlib: pip install 'authsession[plot]'"
            ) from None
    return list(dict.fromkeys(policies))


def run(args: argparse.Namespace) -> int:
    policies = _validate(args)
    app = None if args.app is None else AppChoice(args.app, args.app_timeout).check()
    show = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show:
            width = 30
            filled = width * done // total
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} devices")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()

    with worker_pool(args.workers or cores(), serial=False) as pool:
        result = simulate(
            devices=args.devices,
            days=args.days,
            policies=policies,
            seed=args.seed,
            executor=pool,
            progress=progress,
            app=app,
            platform=args.platform,
        )
    if args.plot is not None:
        from authsession.fleet.plot import write_plot

        try:
            write_plot(result, args.plot)
        except OSError as err:
            raise InvalidInputError(str(args.plot), f"cannot write: {err.strerror}") from None
    if args.json:
        sys.stdout.write(json.dumps(result.model_dump(mode="json"), indent=2) + "\n")
    else:
        sys.stdout.write(table(result))
    failures = result.reference_failures()
    for line in failures:
        sys.stderr.write(line + "\n")
    return 1 if failures else 0


ROWS = (
    ("spurious logouts / 1000 device-days", "spurious_logouts_per_1000_device_days", "{:.1f}"),
    ("spurious logouts", "spurious_logouts", "{}"),
    ("stranded users", "stranded_users", "{}"),
    ("app errors", "app_errors", "{}"),
    ("tokens honoured after sign-out", "tokens_honoured_after_logout", "{}"),
    ("work with a revoked token", "work_with_revoked_tokens", "{}"),
    ("forced re-sign-ins", "forced_resignins", "{}"),
    ("secret readable while locked (h)", "exposure_seconds", "h"),
    ("deferred work done", "deferred_completed", "{}"),
    ("deferred latency median (min)", "deferred_latency_median_s", "min"),
    ("deferred latency p95 (min)", "deferred_latency_p95_s", "min"),
    ("keychain reads while unavailable", "keychain_reads_while_unavailable", "{}"),
    ("auth requests while unavailable", "auth_requests_while_unavailable", "{}"),
    ("invariant violations", "invariant_violations", "{}"),
)


def _cell(value: object, fmt: str) -> str:
    if value is None:
        return "—"
    if fmt == "h":
        return f"{float(value) / 3600:.0f}"  # type: ignore[arg-type]
    if fmt == "min":
        return f"{float(value) / 60:.0f}"  # type: ignore[arg-type]
    return fmt.format(value)


def table(result: FleetResult) -> str:
    names = list(result.policies)
    rows = [["", *names]]
    for label, field, fmt in ROWS:
        rows.append([label, *(_cell(getattr(result.policies[n], field), fmt) for n in names)])
    widths = [max(len(r[c]) for r in rows) for c in range(len(names) + 1)]
    head = f"{result.devices} devices x {result.days} days, seed {result.seed}"
    lines = [head]
    for r in rows:
        cells = [
            r[0].ljust(widths[0]),
            *(c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True)),
        ]
        lines.append("  ".join(cells))
    return "\n".join(lines) + "\n"
