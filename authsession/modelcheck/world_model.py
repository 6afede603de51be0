"""The world-level model checker: breadth-first search over abstracted world configurations.

Owns: the finite world-event alphabet, the initial configurations, the abstraction function
`abstract()` (what makes two concrete worlds "the same configuration" — see docs/world.md, "Model
checker"), `explore_world()` with its statistics, and the shortest counterexample as an
`authsession.scenario/1` document. Worlds are not copyable (closures over the device), so each new
edge is explored by replaying its event path from the initial configuration (measured against
`copy.deepcopy`, see docs/performance.md). Must not import the CLI.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from pydantic import SecretStr
from transitions import Machine

from authsession.invariants import Record, work_pending_after
from authsession.spec.table import TABLE, Rule
from authsession.world import scenario as sc
from authsession.world.policies import POLICIES
from authsession.world.world import World

Platform = Literal["ios", "android", "memory"]
Phase = Literal["before_first_unlock", "locked", "unlocked"]

#: The user who signs in during exploration, and a password that is not a secret (it only ever
#: exists in the generated scenario, which must be replayable).
USER: Final = "ada"
PASSWORD: Final = "correct horse battery staple"
#: The durations `advance` takes: shorter than the iOS class-key grace (15 s is just past it),
#: the default token lifetime, and twice it.
DURATIONS: Final = (15.0, 3600.0, 7200.0)
WALL_JUMPS: Final = (2 * 86_400.0, -2 * 86_400.0)
#: Counts (pending work, retry attempts) are capped: "none" or "some" is what the spec decides on
#: (`work_pending` is a flag; a retry is due or not), so a cap of 1 keeps the space small.
CAP: Final = 1
PHASES: Final[tuple[Phase, ...]] = ("before_first_unlock", "locked", "unlocked")


def world_alphabet(platform: Platform, *, extension: bool = False) -> tuple[sc.WorldEvent, ...]:
    """Every world event the checker applies in every configuration; `extension` adds an app
    extension's process sharing the keychain item (F8): a space about 1.6 times larger."""
    events: list[sc.WorldEvent] = [
        sc.Boot(event="boot"),
        sc.Unlock(event="unlock"),
        sc.Lock(event="lock"),
        *(sc.Launch(event="launch", mode=m) for m in ("foreground", "background", "prewarm")),
        sc.Terminate(event="terminate"),
        sc.Foreground(event="foreground"),
        sc.Background(event="background"),
        sc.BackgroundFetch(event="background_fetch"),
        sc.Login(event="login", user=USER, password=SecretStr(PASSWORD)),
        sc.Logout(event="logout"),
        *(sc.Advance(event="advance", seconds=s) for s in DURATIONS),
        *(sc.WallClockJump(event="wall_clock_jump", seconds=s) for s in WALL_JUMPS),
        *(sc.Server(event="server", mode=m) for m in ("ok", "reject", "down")),
        *(sc.Network(event="network", online=o) for o in (True, False)),
    ]
    if extension:
        events.append(sc.ExtensionWake(event="extension_wake"))
    if platform == "android":
        events.append(sc.InvalidateKeys(event="invalidate_keys"))
    return tuple(events)


@dataclass(frozen=True)
class Root:
    """An initial configuration: the device's passcode and phase."""

    passcode: bool
    phase: Phase

    def scenario(self, platform: Platform, steps: Iterable[sc.WorldEvent] = ()) -> sc.Scenario:
        return sc.parse_scenario(self.document(platform, steps), "explore")

    def document(self, platform: Platform, steps: Iterable[sc.WorldEvent]) -> dict[str, Any]:
        name = f"explore-{platform}-{'passcode' if self.passcode else 'no-passcode'}-{self.phase}"
        return {
            "schema": sc.SCENARIO_SCHEMA,
            "name": name,
            "description": "found by `authsession explore`",
            "device": {"passcode": self.passcode, "phase": self.phase},
            "platform": platform,
            "steps": [_step_json(e) for e in steps],
        }


def _step_json(event: sc.WorldEvent) -> dict[str, Any]:
    data: dict[str, Any] = event.model_dump(mode="json")
    if isinstance(event, sc.Login):
        data["password"] = event.password.get_secret_value()  # replayable on purpose (see USER)
    return data


def roots() -> tuple[Root, ...]:
    return tuple(Root(p, ph) for p in (True, False) for ph in PHASES)


def _bucket(seconds: float) -> int:
    """Time left on a timer, as what the alphabet's durations can tell apart."""
    for i, limit in enumerate((0.0, *DURATIONS)):
        if seconds <= limit:
            return i
    return len(DURATIONS) + 1


Key = tuple[Any, ...]


def abstract(world: World, owed: bool) -> Key:
    """The configuration's identity. Reads a few private fields on purpose: this is the one
    place that must see the whole world at once, and it only reads."""
    device = world.device
    protection = world._app_protection()
    now = world.clock.monotonic()
    app = world.app
    app_key: Key = ("none",)
    if app is not None:
        session = getattr(app, "session", None)
        if session is not None:  # the reference logic (reference, always)
            timers = tuple(
                sorted((name, _bucket(deadline - now)) for name, deadline in session.timers.items())
            )
            app_key = (session.fingerprint(), timers)
        else:  # the naive apps
            deadline = getattr(app, "_token_deadline", None)
            app_key = (
                app.state,
                None if deadline is None else _bucket(deadline - now),
                min(len(getattr(app, "_pending", ())), CAP),
            )
    keychain = world._keychain
    stored = world.snapshots.load()
    snapshot: Key | None = None
    if stored is not None:
        # Only what a relaunch restores (`SessionSnapshot.restored_state`, the work labels, the
        # account); the saved context is diagnostics and `sequence` counts saves.
        data = json.loads(stored)
        snapshot = (
            bool(data.get("logout_tombstone")),
            min(len(data.get("pending_work") or ()), CAP),
            data.get("account") is not None,
        )
    deferred = sum(1 for label in world._requested if label not in world.completed)
    return (
        device.unlocked(),
        device.available(protection),
        world._storage_readable(),
        device.exposed(),
        app is not None,
        world.foreground,
        app_key,
        # No wrapper yet means no process has touched the keychain: nothing stored, nothing lost.
        (False, False, False)
        if keychain is None
        else (keychain.exists, keychain.lost, keychain.usable),
        tuple(sorted(world.storage._values.items())),
        snapshot,
        world.server.mode,
        world.server.online,
        bool(world.server._passwords),
        min(deferred, CAP),
        owed,
    )


ROW_OF: Final[dict[tuple[Any, ...], Rule]] = {
    (r.source, r.event, r.target, r.reason, tuple(c.type for c in r.commands)): r for r in TABLE
}


def rows_of(records: Iterable[Record]) -> set[Rule]:
    """The table rows these records fired. (source, event, target, reason, commands) names one
    row (a test checks it), so no hook inside the core is needed."""
    out = set()
    for r in records:
        rule = ROW_OF.get((r.source, r.event, r.state, r.reason, r.commands))
        if rule is not None:
            out.add(rule)
    return out


@dataclass
class WorldExploration:
    platform: Platform
    policy: str
    depth: int | None
    configurations: int = 0
    edges: int = 0
    rows: set[Rule] = field(default_factory=set)
    seconds: float = 0.0
    exhausted: bool = False
    violations: list[str] = field(default_factory=list)
    counterexample: dict[str, Any] | None = None
    max_depth: int = 0

    @property
    def rate(self) -> float:
        return self.configurations / self.seconds if self.seconds > 0 else 0.0


Progress = Callable[[WorldExploration, int], None]


@functools.cache
def _scenario(root: Root, platform: Platform) -> sc.Scenario:
    return root.scenario(platform)


def _run(
    root: Root,
    platform: Platform,
    policy: str,
    path: list[sc.WorldEvent],
    machine: Machine | None,
) -> tuple[World, list[Record]]:
    """Replay `path` in a fresh world; return it (still open) and the last event's records."""
    world = World(_scenario(root, platform), policy, machine=machine)
    new: list[Record] = []
    for event in path:
        new = world.feed(event)
    return world, new


@dataclass(frozen=True)
class Edge:
    """What one explored transition found: the target configuration's key (None when it broke
    an invariant), the table rows it fired, and what it broke."""

    key: Key | None
    rows: frozenset[int]
    broken: tuple[str, ...]


_ROW_INDEX: Final[dict[Rule, int]] = {rule: i for i, rule in enumerate(TABLE)}


def _edge(
    root: Root, platform: Platform, policy: str, path: list[sc.WorldEvent], machine: Machine | None
) -> Edge:
    world, new = _run(root, platform, policy, path, machine)
    try:
        rows = frozenset(_ROW_INDEX[r] for r in rows_of(new) if r in _ROW_INDEX)
        summary = world.summary()
        broken = list(summary.violations)
        if summary.spurious_logouts:
            broken.append(f"{summary.spurious_logouts} spurious logout(s)")
        if broken:
            return Edge(None, rows, tuple(broken))
        owed = False
        for r in world.records:
            owed = work_pending_after(r, owed)
        return Edge((root.passcode, abstract(world, owed)), rows, ())
    finally:
        world.close()


def _edges(
    platform: Platform, policy: str, batch: list[tuple[Root, list[sc.WorldEvent]]]
) -> list[Edge]:
    """One unit of parallel work (module level: picklable). The shipped spec only: a mutated
    machine is explored in-process."""
    return [_edge(root, platform, policy, path, None) for root, path in batch]


def explore_world(
    *,
    platform: Platform = "ios",
    policy: str = "reference",
    depth: int | None = None,
    machine: Machine | None = None,
    alphabet: tuple[sc.WorldEvent, ...] | None = None,
    initial: tuple[Root, ...] | None = None,
    progress: Progress | None = None,
    executor: Executor | None = None,
    batch_size: int = 64,
    extension: bool = False,
) -> WorldExploration:
    """Breadth-first search from every root, one depth layer at a time; stop at the first
    violation in (configuration, event) order — the shortest path, and the same one whatever
    the executor. `executor` evaluates a layer's edges in batches (e.g. a process pool); its
    results are merged in order, so the search and its result are those of the serial run.
    A `machine` (mutated spec) always runs in this process: it cannot be sent to a worker."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}")
    events = alphabet if alphabet is not None else world_alphabet(platform, extension=extension)
    result = WorldExploration(platform, policy, depth)
    start = time.perf_counter()
    seen: set[Key] = set()
    cut = False
    layer: list[tuple[Root, list[sc.WorldEvent]]] = []
    for root in initial if initial is not None else roots():
        world, _ = _run(root, platform, policy, [], machine)
        key = (root.passcode, abstract(world, False))
        world.close()
        if key not in seen:
            seen.add(key)
            layer.append((root, []))
    remote = executor is not None and machine is None
    while layer:
        if depth is not None and len(layer[0][1]) >= depth:
            cut = True  # successors exist beyond the bound: the space is not exhausted
            break
        todo = [(root, [*path, event]) for root, path in layer for event in events]
        if remote:
            assert executor is not None
            batches = [todo[i : i + batch_size] for i in range(0, len(todo), batch_size)]
            futures = [executor.submit(_edges, platform, policy, b) for b in batches]
            found: Iterable[Edge] = (edge for f in futures for edge in f.result())
        else:
            found = (_edge(root, platform, policy, path, machine) for root, path in todo)
        following: list[tuple[Root, list[sc.WorldEvent]]] = []
        for (root, path), edge in zip(todo, found, strict=False):
            result.edges += 1
            result.rows |= {TABLE[i] for i in edge.rows}
            if edge.broken:
                if remote:
                    for future in futures:
                        future.cancel()  # the rest of the layer cannot change the answer
                result.violations = list(edge.broken)
                result.counterexample = root.document(platform, path)
                result.counterexample["description"] = (
                    f"found by `authsession explore --policy {policy}`: " + "; ".join(edge.broken)
                )
                break
            if edge.key not in seen:
                assert edge.key is not None
                seen.add(edge.key)
                result.max_depth = max(result.max_depth, len(path))
                following.append((root, path))
        if result.violations:
            break
        layer = following
        if progress is not None:
            result.configurations = len(seen)
            result.seconds = time.perf_counter() - start
            progress(result, len(layer))
    result.configurations = len(seen)
    result.exhausted = not cut and not result.violations
    result.seconds = time.perf_counter() - start
    return result
