"""Hypothesis strategies for machine events, event sequences and core configurations.

Owns: strategies over the spec's own vocabulary — every event type with every value of its fields
(the explorer's alphabet), sequences of them, states and contexts — so property tests of a flow,
a port or a mutated table draw from exactly what the machine can be told. Shrinking goes towards
earlier alphabet entries and shorter sequences. Imports hypothesis (a dev dependency): import this
module from tests only. Must not import the runtime.
"""

from __future__ import annotations

from hypothesis import strategies as st

from authsession.core.explore import event_alphabet
from authsession.core.machine import Context
from authsession.spec.events import EVENT_TYPES, MachineEvent
from authsession.spec.states import State
from authsession.spec.table import CONTEXT_FLAGS


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
    return st.sampled_from(list(State))


def contexts() -> st.SearchStrategy[Context]:
    """Any assignment of the four context flags."""
    return st.fixed_dictionaries({name: st.booleans() for name in CONTEXT_FLAGS}).map(
        lambda flags: Context(**flags)
    )
