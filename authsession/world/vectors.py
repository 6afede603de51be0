"""Conformance vectors from the named world scenarios (`examples/`).

Owns: replaying a scenario under the reference policy and cutting what its session core received
into one vector per app process — a relaunch starts a new sequence from the state and context the
snapshot restores. Ports then face the seed stories and catalogued failures event by event, not
only the shortest paths to each table row. It lives with the world, not in `conformance` (which
must not import the runtime or the world): it is the world that knows a scenario. Must not import
the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from authsession.conformance.vectors import Initial, Vector, vector_from_events
from authsession.runtime.snapshot import load_snapshot
from authsession.world import scenario as sc
from authsession.world.policies import ReferenceApp
from authsession.world.world import World

#: World events that end the app process.
_KILLS = (sc.Terminate, sc.Boot)


def scenario_vectors(paths: Iterable[Path]) -> tuple[Vector, ...]:
    out: list[Vector] = []
    for path in sorted(paths):
        out.extend(_vectors_of(path))
    return tuple(out)


def _vectors_of(path: Path) -> list[Vector]:
    scenario = sc.load_scenario(path)
    world = World(scenario, "reference")
    vectors: list[Vector] = []
    app: ReferenceApp | None = None
    initial = Initial()

    def flush() -> None:
        if app is not None and app.session.history:
            events = [entry.event for entry in app.session.history]
            name = f"scenario:{path.stem}#{len(vectors)}"
            vectors.append(vector_from_events(name, events, initial))

    try:
        for event in scenario.steps:
            if world.app is None:
                snapshot = load_snapshot(world.snapshots)
                upcoming = (
                    Initial()
                    if snapshot is None
                    else Initial(
                        state=snapshot.restored_state(),
                        context={"work_pending": bool(snapshot.pending_work)},
                    )
                )
            if isinstance(event, _KILLS):
                flush()
                app = None
            before = world.app
            world.feed(event)
            if world.app is not None and world.app is not before:
                assert isinstance(world.app, ReferenceApp)
                app, initial = world.app, upcoming
        flush()
    finally:
        world.close()
    return vectors
