"""A next-state table compiled from the spec's interpreter, and the machine-level explorer on it.

Owns: `CompiledSpec` — every (state, event variant, context flags) mapped once to the
interpreter's `Transition` — and `explore_compiled()`, which runs the one path search
(`authsession.core.explore.explore`) with this table as its next-state function. The table is
*derived* by calling `authsession.spec.interpreter.step` on every key, never written by hand, so
it means what the interpreter means; the tests check it against the `transitions` machine on
every conformance vector and every explored transition.
Must not import adapters, runtime, world or CLI.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

from authsession.core.explore import Exploration, event_alphabet, explore
from authsession.spec.events import MachineEvent
from authsession.spec.interpreter import (
    EVENT_GUARD_FIELDS,
    FLAG_NAMES,
    Flags,
    Transition,
    step,
)
from authsession.spec.states import State
from authsession.spec.table import AVAILABILITY_FIELD, EVENTS_CARRYING_AVAILABILITY, TABLE, Rule

#: What of an event the step depends on: its type, the availability it carries (or None), the
#: values of the boolean fields guards may read, and a lost secret's cause (or None).
Variant = tuple[str, bool | None, tuple[bool, ...], str | None]
Key = tuple[State, Variant, Flags]


def variant(event: MachineEvent) -> Variant:
    etype = event.type
    carried = getattr(event, AVAILABILITY_FIELD) if etype in EVENTS_CARRYING_AVAILABILITY else None
    fields = tuple(bool(getattr(event, name)) for name in EVENT_GUARD_FIELDS[etype])
    cause = getattr(event, "cause", None)
    return etype, carried, fields, None if cause is None else str(cause.value)


@dataclass(frozen=True)
class CompiledSpec:
    """`entries[(state, variant, flags)] -> Transition`: one dict lookup per step. Built for one
    table; `compile_spec(table)` builds it for a mutated one."""

    table: tuple[Rule, ...]
    entries: dict[Key, Transition]

    def step(self, state: State, flags: Flags, event: MachineEvent) -> Transition:
        return self.entries[(state, variant(event), flags)]


def compile_spec(table: tuple[Rule, ...] = TABLE) -> CompiledSpec:
    """Enumerate every key and ask the interpreter."""
    entries: dict[Key, Transition] = {}
    for state, event, flags in itertools.product(
        State, event_alphabet(), itertools.product((False, True), repeat=len(FLAG_NAMES))
    ):
        context = dict(zip(FLAG_NAMES, flags, strict=True))
        entries[(state, variant(event), flags)] = step(state, context, event, table)
    return CompiledSpec(table, entries)


@cache
def compiled() -> CompiledSpec:
    """The shipped spec's table, built on first use (about a second: 7,000 interpreter steps)."""
    return compile_spec()


def explore_compiled(
    spec: CompiledSpec | None = None, *, keep_transitions: bool = False
) -> Exploration:
    """The one path search with this table as its next-state function."""
    table = spec if spec is not None else compiled()
    return explore(stepper=table.step, keep_transitions=keep_transitions)
