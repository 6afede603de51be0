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
from authsession.cli.explore_report import bfs_report, campaign_report
from authsession.cli.outputs import output_file, write_output
from authsession.cli.pool import worker_pool
from authsession.errors import InvalidInputError
from authsession.modelcheck import Space, WorldExploration, explore_world, space
from authsession.modelcheck.campaign import PLATFORMS, CampaignResult, Plan, run_campaign
from authsession.modelcheck.space import CLASSES, AccessControlName, Platform, select_events
from authsession.world import POLICIES

#: The default search's seconds: with the report and the pool, it ends within 5 minutes.
DEFAULT_BUDGET = 240

_SWITCH = {"on": (True,), "off": (False,), "both": (False, True)}


def register(verbs: Any) -> None:
    parser: argparse.ArgumentParser = verbs.add_parser(
        "explore",
        help="explore the simulated world's configurations with injected faults, checking every "
        "invariant and the world oracle",
    )
    parser.add_argument(
        "--budget", type=bounded("--budget"), default=DEFAULT_BUDGET, metavar="SECONDS",
        help=f"the default search's time: every family exhaustively to --search-depth, then "
        f"swarm walks (default {DEFAULT_BUDGET})",
    )  # fmt: skip
    parser.add_argument("--seed", type=bounded("--seed"), default=0,
                        help="the walks' seed (default 0)")  # fmt: skip
    parser.add_argument("--walks", type=bounded("--walks"), default=None, metavar="N",
                        help="walks at most (default: as many as the budget allows)")  # fmt: skip
    parser.add_argument("--search-depth", type=bounded("--depth"), default=1, metavar="N",
                        help="the default search's exhaustive depth (default 1)")  # fmt: skip
    parser.add_argument(
        "--depth", type=bounded("--depth"), default=None,
        help="a breadth-first search of the chosen space to this depth, no walks, no budget",
    )  # fmt: skip
    parser.add_argument(
        "--exhaustive", action="store_true",
        help="a breadth-first search of the chosen space until it is exhausted (no budget)",
    )  # fmt: skip
    parser.add_argument("--policy", type=policy, default=None, metavar="NAME",
                        help="default reference: " + ", ".join(POLICIES))  # fmt: skip
    parser.add_argument("--platform", choices=("ios", "android", "memory"), default=None,
                        help="default: every platform (ios with --depth/--exhaustive)")  # fmt: skip
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
    parser.add_argument("--grace", choices=tuple(_SWITCH), default=None,
                        help="a rotating server that honours a rotated-away token for a minute "
                        "(default both; off with --depth/--exhaustive)")  # fmt: skip
    parser.add_argument("--reuse-detection", choices=tuple(_SWITCH), default=None,
                        help="a rotating server that revokes the family on a rotated-away "
                        "token (default both; off with --depth/--exhaustive)")  # fmt: skip
    parser.add_argument("--envelope", choices=tuple(_SWITCH), default=None,
                        help="credential_storage envelope: a key item and a sealed file "
                        "(default both; off with --depth/--exhaustive)")  # fmt: skip
    parser.add_argument(
        "--access-control",
        action="append",
        choices=typing.get_args(AccessControlName),
        help="iOS access control on the item (repeatable; default every one; none with "
        "--depth/--exhaustive)",
    )
    parser.add_argument("--update-variants", action="store_true",
                        help="also an app_update signed by a new team (iOS; always in the "
                        "default search)")  # fmt: skip
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
        help="also wake an app extension sharing the keychain item (F8; always in the default "
        "search)",
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="search on past a failure that hurt a user (report the most harmful, shortest; "
        "count the rest)",
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


def searched(args: argparse.Namespace) -> bool:
    """A breadth-first search (`--depth`, `--exhaustive`) rather than the default one."""
    return args.depth is not None or args.exhaustive


def platforms(args: argparse.Namespace) -> tuple[Platform, ...]:
    if args.platform is not None:
        return (args.platform,)
    return ("ios",) if searched(args) else PLATFORMS


def chosen_space(args: argparse.Namespace, platform: Platform | None = None) -> Space:
    """The space the arguments name on `platform` (default: the first chosen); every problem is
    one `InvalidInputError`. Dimensions left unset take every value in the default search, and
    today's narrower defaults in a breadth-first one."""
    platform = platform or platforms(args)[0]
    wide = not searched(args)
    if platform == "memory" and args.protection is not None:
        raise InvalidInputError("--protection", "the memory platform has one class")
    if platform == "android" and args.quirk not in (None, "off"):
        raise InvalidInputError("--quirk", "no -25300-while-locked report exists for android")
    every_control: tuple[AccessControlName, ...] = typing.get_args(AccessControlName)
    default_controls = every_control if wide and platform == "ios" else ("none",)
    controls = tuple(dict.fromkeys(args.access_control or default_controls))
    if platform != "ios" and controls != ("none",):
        raise InvalidInputError("--access-control", "access control is an iOS item attribute")
    grace = args.grace or ("both" if wide else "off")
    reuse = args.reuse_detection or ("both" if wide else "off")
    if args.rotating == "off" and args.grace not in (None, "off"):
        raise InvalidInputError("--grace", "a reuse grace needs a rotating server (--rotating)")
    if args.rotating == "off" and args.reuse_detection not in (None, "off"):
        raise InvalidInputError("--reuse-detection", "reuse detection needs a rotating server")
    if args.rotating == "off":
        grace = reuse = "off"
    try:
        events = None if args.events is None else select_events(platform, args.events.split(","))
    except ValueError as err:
        raise InvalidInputError("--events", str(err)) from None
    protections = _classes(platform, args.protection, "--protection", none_ok=False)
    if protections is None and wide and platform != "memory":
        protections = CLASSES[platform]  # twins too: the walks draw them (the search does not)
    try:
        return space(
            platform,
            protections=protections,
            preexisting=_classes(platform, args.earlier, "--earlier", none_ok=True),
            passcodes=_SWITCH[args.passcode],
            quirks=None if args.quirk is None else _SWITCH[args.quirk],
            rotating=_SWITCH[args.rotating],
            faults=args.faults.split(","),
            extension=args.extension or wide,
            fault_budget=args.fault_budget,
            siblings=args.siblings,
            grace=_SWITCH[grace],
            envelope=_SWITCH[args.envelope or ("both" if wide else "off")],
            access_control=controls,
            reuse=_SWITCH[reuse],
            update_variants=args.update_variants or wide,
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


def _campaign_progress(result: CampaignResult, where: str) -> None:
    sys.stderr.write(f"\r{where}, {result.coverage.edges + result.coverage.walk_steps} steps   ")
    sys.stderr.flush()


def command(args: argparse.Namespace) -> str:
    """The explore command that names this search (what a counterexample records)."""
    who = f"--app {shlex.quote(args.app)}" if args.app is not None else f"--policy {args.policy}"
    parts = ["authsession explore"]
    if args.platform is not None:
        parts.append(f"--platform {args.platform}")
    parts.append(who)
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
    elif args.exhaustive:
        parts.append("--exhaustive")
    else:
        parts.append(f"--budget {args.budget} --seed {args.seed}")
        if args.walks is not None:
            parts.append(f"--walks {args.walks}")
        if args.search_depth != 1:
            parts.append(f"--search-depth {args.search_depth}")
    if args.extension:
        parts.append("--extension")
    for option in ("grace", "envelope", "reuse_detection"):
        if getattr(args, option) is not None:
            parts.append(f"--{option.replace('_', '-')} {getattr(args, option)}")
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
    if args.depth is not None and args.exhaustive:
        raise InvalidInputError("--exhaustive", "searches without a depth bound: drop --depth")
    app = None if args.app is None else AppChoice(args.app, args.app_timeout).check()
    args.policy = args.policy or "reference"
    spaces = tuple(chosen_space(args, p) for p in platforms(args))
    tty = sys.stderr.isatty()
    with worker_pool(args.workers if args.workers is not None else cores()) as pool:
        if searched(args):
            result = explore_world(
                platform=spaces[0].platform, policy=args.policy, depth=args.depth,
                space_=spaces[0], progress=_progress if tty else None, executor=pool,
                keep_going=args.keep_going, app=app,
            )  # fmt: skip
            lines, document, failures = bfs_report(result, spaces[0], keep_going=args.keep_going)
        else:
            plan = Plan(
                platforms=tuple(s.platform for s in spaces), budget=float(args.budget),
                depth=args.search_depth, seed=args.seed, walks=args.walks,
                keep_going=args.keep_going, spaces=spaces,
            )  # fmt: skip
            found = run_campaign(plan, policy=args.policy, app=app, executor=pool,
                                 progress=_campaign_progress if tty else None)  # fmt: skip
            lines, document, failures = campaign_report(found)
    if tty:
        sys.stderr.write("\n")
    if document is None:
        sys.stdout.write("\n".join(lines) + "\n")
        return 0
    sys.stderr.write("\n".join(lines) + "\n")
    document["description"] = f"found by `{command(args)}`: " + "; ".join(failures)
    text = json.dumps(document, indent=2) + "\n"
    if args.out is not None:
        write_output(args.out, text)
        sys.stderr.write(f"counterexample written to {args.out}\n")
    else:
        sys.stdout.write(text)
    return 1
