"""Hypothesis strategies for machine events, event sequences, core configurations and worlds.

Owns: strategies over the spec's own vocabulary — every event type with every value of its fields
(the explorer's alphabet), sequences of them, states and contexts — so property tests of a flow,
a port or a mutated table draw from exactly what the machine can be told — and world events and
whole scenarios (locks, reboots, prewarm, kills, network, clock jumps interleaved with use), for
testing flows in the simulated world. Shrinking goes towards
earlier alphabet entries and shorter sequences. Imports hypothesis (a dev dependency): import this
module from tests only. Must not import the runtime.
"""

from __future__ import annotations

from hypothesis import strategies as st
from pydantic import SecretStr

from authsession.core.explore import event_alphabet
from authsession.core.machine import Context
from authsession.spec.events import EVENT_TYPES, MachineEvent
from authsession.spec.states import State
from authsession.spec.table import CONTEXT_FLAGS
from authsession.world import scenario as sc


def machine_events(*types: str) -> st.SearchStrategy[MachineEvent]:
    """Any machine event (or only those of the given `types`), with every field value possible.

    >>> from hypothesis import find
    >>> find(machine_events("retry_due"), lambda e: e.protected_data_available).type
    'retry_due'
    """
    unknown = sorted(set(types) - set(EVENT_TYPES))
    if unknown:
        raise ValueError(f"unknown event type {unknown[0]!r}")
    alphabet = [e for e in event_alphabet() if not types or e.type in types]
    return st.sampled_from(alphabet)


def event_sequences(
    *, min_size: int = 0, max_size: int = 30, types: tuple[str, ...] = ()
) -> st.SearchStrategy[list[MachineEvent]]:
    """Lists of machine events, to feed a `SessionCore` or a port from any configuration."""
    return st.lists(machine_events(*types), min_size=min_size, max_size=max_size)


def states() -> st.SearchStrategy[State]:
    """A hypothesis strategy for any state of the spec."""

    return st.sampled_from(list(State))


def contexts() -> st.SearchStrategy[Context]:
    """Any assignment of the four context flags."""
    return st.fixed_dictionaries({name: st.booleans() for name in CONTEXT_FLAGS}).map(
        lambda flags: Context(**flags)
    )


#: World events a user's day is made of; logins carry a fixed, obviously fake password.
_WORLD_EVENTS: tuple[sc.WorldEvent, ...] = (
    sc.Unlock(event="unlock"),
    sc.Lock(event="lock"),
    sc.Foreground(event="foreground"),
    sc.Background(event="background"),
    sc.BackgroundFetch(event="background_fetch"),
    sc.Terminate(event="terminate"),
    sc.Launch(event="launch", mode="background"),
    sc.Launch(event="launch", mode="prewarm"),
    sc.Boot(event="boot"),
    sc.Logout(event="logout"),
    sc.Network(event="network", online=False),
    sc.Network(event="network", online=True),
    sc.Server(event="server", mode="down"),
    sc.Server(event="server", mode="ok"),
    sc.WallClockJump(event="wall_clock_jump", seconds=-2 * 86_400),
    sc.WallClockJump(event="wall_clock_jump", seconds=2 * 86_400),
)


def world_events() -> st.SearchStrategy[sc.WorldEvent]:
    """One world event: device, app lifecycle, network, server, clock — or time passing."""
    advance = st.sampled_from([5.0, 15.0, 600.0, 3_600.0, 8 * 3_600.0]).map(
        lambda seconds: sc.Advance(event="advance", seconds=seconds)
    )
    return st.one_of(st.sampled_from(_WORLD_EVENTS), advance)


def scenarios(
    *, platforms: tuple[str, ...] = ("ios", "android", "memory"), max_steps: int = 30
) -> st.SearchStrategy[sc.Scenario]:
    """Whole `authsession.scenario/1` scenarios: a device, then a signed-in user living a
    random stretch of days. Shrinks towards fewer steps and the first platform."""
    login = sc.Login(event="login", user="ada", password=SecretStr("strategy-password"))
    start = [sc.Launch(event="launch", mode="foreground"), login]

    def build(platform: str, passcode: bool, steps: list[sc.WorldEvent]) -> sc.Scenario:
        return sc.Scenario.model_validate(
            {
                "schema": "authsession.scenario/1",
                "name": "generated",
                "platform": platform,
                "device": {"passcode": passcode},
                "steps": [*start, *steps],
            }
        )

    return st.builds(
        build,
        st.sampled_from(platforms),
        st.booleans(),
        st.lists(world_events(), max_size=max_steps),
    )
