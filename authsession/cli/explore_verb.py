"""`authsession explore`: the world-level model checker.

Owns: the verb's arguments — the platform, the policy, which part of the space (protection
classes, an earlier version's item, passcode, the -25300 quirk, a rotating server and its reuse
grace, envelope storage, iOS access control, which world events, the faults and the fault budget,
a depth bound) — all checked before the search starts (`--out` included);
the report (families, configurations, transitions, table rows covered, faults injected per call,
events applied, the bounds, seconds); the progress line on a terminal's stderr; writing the shortest
counterexample as an `authsession.scenario/1` file (atomically to `--out`, else to stdout); exit 1
on a failure; the process pool for `--workers`; `--app` explores an app instead of a policy (a
depth bound is allowed; coverage is reported the same way). The search lives in
`authsession.modelcheck`.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import typing
from collections import Counter
from typing import Any

from authsession.adapters.keychain import ProtectionClass
from authsession.app.choice import AppChoice
from authsession.cli.arguments import (
    WORKERS_PER_CORE,
    add_app_options,
    bounded,
    cores,
    policy,
    workers,
)
from authsession.cli.outputs import output_file, write_output
from authsession.cli.pool import worker_pool
from authsession.errors import InvalidInputError
from authsession.modelcheck import BOUNDS, FAULTS, Space, WorldExploration, explore_world, space
from authsession.modelcheck.space import CLASSES, AccessControlName, select_events
from authsession.spec.table import TABLE
from authsession.world import POLICIES
from authsession.world.faults import EFFECTS

_SWITCH = {"on": (True,), "off": (False,), "both": (False, True)}


def register(verbs: Any) -> None:
    parser: argparse.ArgumentParser = verbs.add_parser(
        "explore",
        help="explore the simulated world's configurations with injected faults, checking every "
        "invariant and the world oracle",
    )
    parser.add_argument(
        "--depth", type=bounded("--depth"), default=None,
        help="longest path, in world steps (default: none, i.e. until the space is exhausted)",
    )  # fmt: skip
    parser.add_argument("--policy", type=policy, default=None, metavar="NAME",
                        help="default reference: " + ", ".join(POLICIES))  # fmt: skip
    parser.add_argument("--platform", choices=("ios", "android", "memory"), default="ios")
    parser.add_argument("--out", type=output_file, metavar="FILE",
                        help="write the counterexample scenario here (checked before the "
                        "search)")  # fmt: skip
    parser.add_argument(
        "--protection",
        action="append",
        metavar="CLASS",
        help="the app's configured class (repeatable; default: every class of the platform)",
    )
    parser.add_argument(
        "--earlier",
        action="append",
        metavar="CLASS|none",
        help="an item an earlier app version stored under CLASS, or none (repeatable; "
        "default: none and every other class)",
    )
    parser.add_argument("--passcode", choices=tuple(_SWITCH), default="both")
    parser.add_argument(
        "--quirk",
        choices=tuple(_SWITCH),
        default=None,
        help="iOS -25300 answered while locked (default: both on iOS and memory)",
    )
    parser.add_argument("--rotating", choices=tuple(_SWITCH), default="both")
    parser.add_argument("--grace", choices=tuple(_SWITCH), default="off",
                        help="a rotating server that honours a rotated-away token for a minute "
                        "(default off)")  # fmt: skip
    parser.add_argument("--envelope", choices=tuple(_SWITCH), default="off",
                        help="credential_storage envelope: a key item and a sealed file "
                        "(default off)")  # fmt: skip
    parser.add_argument(
        "--access-control",
        action="append",
        choices=typing.get_args(AccessControlName),
        help="iOS access control on the item (repeatable; default none)",
    )
    parser.add_argument("--update-variants", action="store_true",
                        help="also an app_update signed by a new team (iOS)")  # fmt: skip
    parser.add_argument("--no-restore", action="store_true",
                        help="leave restore_to_new_device out of the alphabet")  # fmt: skip
    parser.add_argument(
        "--events",
        default=None,
        metavar="NAMES",
        help="comma-separated world events to apply, by name or label (launch, "
        "launch:background, server:rate_limited, during_next_refresh:suspend, ...); default: "
        "every one (the report lists the labels)",
    )
    parser.add_argument(
        "--faults",
        default="all",
        metavar="PATTERNS",
        help="comma-separated fault names or patterns (all, none, keychain.*:fail, *:raise, "
        "*:kill_*, keychain.read:lasting, sibling ...); see docs/world.md",
    )
    parser.add_argument(
        "--fault-budget",
        type=bounded("--fault-budget"),
        default=1,
        metavar="N",
        help="injected faults, kills and lasting faults on one path (default 1)",
    )
    parser.add_argument(
        "--siblings",
        type=bounded("--siblings"),
        default=2,
        metavar="N",
        help="sibling rotations armed at one time, each racing one refresh (default 2)",
    )
    parser.add_argument(
        "--extension",
        action="store_true",
        help="also wake an app extension sharing the keychain item (F8); a larger space",
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="search the whole space past failures (report the shortest; count the rest)",
    )
    parser.add_argument(
        "--workers",
        type=workers,
        default=None,
        help=f"processes searching families of roots (default: cores; 1: this process; "
        f"at most {WORKERS_PER_CORE} per core)",
    )
    add_app_options(parser, "explore this app instead of a policy")
    parser.set_defaults(run=run)


def _classes(platform: str, names: list[str] | None, option: str, *, none_ok: bool) -> Any:
    if names is None:
        return None
    allowed = {c.value: c for c in CLASSES[platform]}
    out: list[ProtectionClass | None] = []
    for name in names:
        if none_ok and name == "none":
            out.append(None)
        elif name in allowed:
            out.append(allowed[name])
        else:
            raise InvalidInputError(
                option, f"{name!r} is not a {platform} protection class ({', '.join(allowed)})"
            )
    return tuple(dict.fromkeys(out))


def chosen_space(args: argparse.Namespace) -> Space:
    """The space the arguments name; every problem is one `InvalidInputError`."""
    platform = args.platform
    if args.platform == "memory" and args.protection is not None:
        raise InvalidInputError("--protection", "the memory platform has one class")
    if args.platform == "android" and args.quirk not in (None, "off"):
        raise InvalidInputError("--quirk", "no -25300-while-locked report exists for android")
    controls = tuple(dict.fromkeys(args.access_control or ("none",)))
    if platform != "ios" and controls != ("none",):
        raise InvalidInputError("--access-control", "access control is an iOS item attribute")
    if args.grace != "off" and args.rotating == "off":
        raise InvalidInputError("--grace", "a reuse grace needs a rotating server (--rotating)")
    try:
        events = None if args.events is None else select_events(platform, args.events.split(","))
    except ValueError as err:
        raise InvalidInputError("--events", str(err)) from None
    try:
        faults = args.faults.split(",")
        return space(
            platform,
            protections=_classes(platform, args.protection, "--protection", none_ok=False),
            preexisting=_classes(platform, args.earlier, "--earlier", none_ok=True),
            passcodes=_SWITCH[args.passcode],
            quirks=None if args.quirk is None else _SWITCH[args.quirk],
            rotating=_SWITCH[args.rotating],
            faults=faults,
            extension=args.extension,
            fault_budget=args.fault_budget,
            siblings=args.siblings,
            grace=_SWITCH[args.grace],
            envelope=_SWITCH[args.envelope],
            access_control=controls,
            update_variants=args.update_variants,
            restore=not args.no_restore,
            events=events,
        )
    except ValueError as err:
        raise InvalidInputError("--faults", str(err)) from None


def _progress(result: WorldExploration, queued: int) -> None:
    sys.stderr.write(
        f"\r{result.configurations} configurations, {result.edges} transitions, "
        f"{queued} families to go, {result.seconds:.0f} s"
    )
    sys.stderr.flush()


def injected_per_call(injected: Counter[tuple[str, str]]) -> list[str]:
    """One line per call: how many explored transitions each fault struck on."""
    return [
        f"{call}: " + ", ".join(f"{effect} {injected.get((call, effect), 0)}" for effect in effects)
        for call, effects in EFFECTS.items()
    ]


def report(result: WorldExploration, chosen: Space, *, keep_going: bool = False) -> list[str]:
    lasting = sorted(n for n in chosen.faults if n.endswith(":lasting"))
    faults = "none" if not chosen.faults else f"{len(chosen.faults)} of {len(FAULTS)}"
    head = (
        f"platform {result.platform}{' + extension' if chosen.extension else ''}, policy "
        f"{result.policy}, depth {'none' if result.depth is None else result.depth}, "
        f"faults {faults} (budget {chosen.fault_budget}): "
        f"{result.families} families, {result.configurations} configurations, "
        f"{result.edges} transitions, {len(result.rows)}/{len(TABLE)} table rows, "
        f"{result.seconds:.2f} s ({result.rate:.0f} configurations/s), "
        + ("space exhausted" if result.exhausted else "depth bound reached")
    )
    lines = [head, "faults injected (transitions on which each struck):"]
    lines += [f"  {line}" for line in injected_per_call(result.injected)]
    if lasting:
        lines.append(f"  lasting: {', '.join(lasting)}")
    if "sibling" in chosen.faults:
        lines.append(f"  sibling rotations racing a refresh: up to {chosen.siblings} armed")
    lines.append("events applied (transitions on which each was the step):")
    lines.append("  " + ", ".join(f"{name} {n}" for name, n in sorted(result.applied.items())))
    lines.append("bounds: " + "; ".join(BOUNDS))
    if result.failing_edges and keep_going:
        lines.append(
            f"failing transitions: {result.failing_edges} in {result.failed_families} of "
            f"{result.families} families"
        )
    return lines


def command(args: argparse.Namespace) -> str:
    """The explore command that names this search (what a counterexample records)."""
    who = f"--app {shlex.quote(args.app)}" if args.app is not None else f"--policy {args.policy}"
    parts = ["authsession explore", f"--platform {args.platform}", who]
    parts += [f"--protection {c}" for c in args.protection or ()]
    parts += [f"--earlier {c}" for c in args.earlier or ()]
    parts += [f"--passcode {args.passcode}", f"--rotating {args.rotating}"]
    if args.quirk is not None:
        parts.append(f"--quirk {args.quirk}")
    parts += [f"--faults {args.faults}", f"--fault-budget {args.fault_budget}"]
    if args.siblings != 2:
        parts.append(f"--siblings {args.siblings}")
    if args.depth is not None:
        parts.append(f"--depth {args.depth}")
    if args.extension:
        parts.append("--extension")
    for option in ("grace", "envelope"):
        if getattr(args, option) != "off":
            parts.append(f"--{option} {getattr(args, option)}")
    parts += [f"--access-control {c}" for c in args.access_control or ()]
    if args.update_variants:
        parts.append("--update-variants")
    if args.no_restore:
        parts.append("--no-restore")
    if args.events is not None:
        parts.append(f"--events {args.events}")
    return " ".join(parts)


def run(args: argparse.Namespace) -> int:
    # Every argument (--out included) was checked by its argparse type, and the space here: a
    # bad one is exit 2 before the search, not a traceback after it with the counterexample lost.
    if args.app is not None and args.policy is not None:
        raise InvalidInputError("--app", "explores an app instead of a policy: drop --policy")
    app = None if args.app is None else AppChoice(args.app, args.app_timeout).check()
    args.policy = args.policy or "reference"
    chosen = chosen_space(args)
    tty = sys.stderr.isatty()
    with worker_pool(args.workers if args.workers is not None else cores()) as pool:
        result = explore_world(
            platform=args.platform,
            policy=args.policy,
            depth=args.depth,
            space_=chosen,
            progress=_progress if tty else None,
            executor=pool,
            keep_going=args.keep_going,
            app=app,
        )
    if tty:
        sys.stderr.write("\n")
    lines = report(result, chosen, keep_going=args.keep_going)
    if result.counterexample is None:
        sys.stdout.write("\n".join(lines) + "\n")
        return 0
    lines[0] = lines[0].rsplit(", ", 1)[0] + ", failure found"
    steps = len(result.counterexample["steps"])
    lines.append(
        f"shortest counterexample: {steps} step{'s' if steps != 1 else ''}, "
        f"{result.counterexample_depth} deep (an "
        "injected fault or kill and the step it strikes count as one):"
    )
    lines += [f"  {line}" for line in result.violations]
    sys.stderr.write("\n".join(lines) + "\n")
    result.counterexample["description"] = f"found by `{command(args)}`: " + "; ".join(
        result.violations
    )
    text = json.dumps(result.counterexample, indent=2) + "\n"
    if args.out is not None:
        write_output(args.out, text)
        sys.stderr.write(f"counterexample written to {args.out}\n")
    else:
        sys.stdout.write(text)
    return 1
