"""Judging a world run in a test: the world oracle as one call.

Owns: `check_world` (every failure of a simulated world run: broken invariants, spurious
logouts, stranded users, app errors — `authsession.oracle.failures`) and `assert_world_ok`,
which fails the test listing them. The same verdict `authsession replay --check`, `explore` and
`simulate` reach. Must not import the world or the runtime (it reads what a run reports), so
`authsession.testing` can re-export it without an import cycle.
"""

from __future__ import annotations

from typing import Protocol, cast

from authsession import oracle


class _Live(Protocol):
    """A `World` (or anything that can summarize itself)."""

    def summary(self) -> oracle.Judged: ...


class _Finished(Protocol):
    """A finished run (`authsession.world.ScenarioRun`)."""

    @property
    def summary(self) -> oracle.Judged: ...


def check_world(run: _Live | _Finished | oracle.Judged) -> list[str]:
    """Every failure of a world run, one line each (empty: the run is clean). Pass a `World`
    (judged as it is now), a finished `ScenarioRun`, or its `Summary`."""
    summary = getattr(run, "summary", run)
    if callable(summary):
        summary = summary()
    return oracle.failures(cast(oracle.Judged, summary))


def assert_world_ok(run: _Live | _Finished | oracle.Judged) -> None:
    """Fail the test, listing every failure, if the world run broke an invariant, logged a user
    out spuriously, stranded a user or let an app error escape.

    >>> from authsession.world import parse_scenario, replay
    >>> run = replay(parse_scenario({"schema": "authsession.scenario/1", "name": "ok",
    ...     "steps": [{"event": "launch"}, {"event": "lock"}]}, "doctest"))
    >>> assert_world_ok(run)
    """
    failures = check_world(run)
    if failures:
        raise AssertionError(
            f"{len(failures)} world failure(s):\n" + "\n".join(f"  {line}" for line in failures)
        )
