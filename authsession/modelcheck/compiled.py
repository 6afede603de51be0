"""A next-state table compiled from the spec, and the machine-level explorer that runs on it.

Owns: `CompiledSpec` — every (state, event type, availability carried by the event, context
flags) mapped once to (rule fired, next state, next context flags) — and `explore_compiled()`,
which runs `authsession.core.explore.explore` with this table as its next-state function
instead of a `transitions` machine. The table is *derived* from a spec table
by reading its rules (`authsession.spec.analysis.select_rule`), never written by hand; the tests
check it against the `transitions` machine on every conformance vector and every explored
transition, so the two can never silently disagree.

The world cannot use it cheaply: `AuthSession` builds its own `SessionCore` (see docs/world.md,
"Model checker"), so the world-level checker steps the real runtime and this table serves the
machine-level exploration. Must not import adapters, runtime, world or CLI.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Final

from authsession.core.explore import Exploration, explore
from authsession.core.machine import FLAG_NAMES
from authsession.spec.analysis import select_rule
from authsession.spec.events import EVENT_CLASSES, MachineEvent, event_type
from authsession.spec.states import State
from authsession.spec.table import (
    AVAILABILITY_FIELD,
    ENTRY_CLEARS,
    EVENT_EFFECTS,
    EVENTS_CARRYING_AVAILABILITY,
    TABLE,
    Rule,
)

Flags = tuple[bool, ...]
#: (state, event type, the availability the event carries or None, flags before the event)
Key = tuple[State, str, bool | None, Flags]
Entry = tuple[Rule, State, Flags]


def _apply(flags: dict[str, bool], assignments: tuple[tuple[str, bool], ...]) -> None:
    for name, value in assignments:
        flags[name] = value


@dataclass(frozen=True)
class CompiledSpec:
    """`entries[(state, type, carried, flags)] -> (rule, next state, next flags)`: one dict lookup
    per step. Built for one table; `compile_spec(table)` builds it for a mutated one."""

    table: tuple[Rule, ...]
    entries: dict[Key, Entry]

    def step(self, state: State, flags: Flags, event: MachineEvent) -> Entry:
        etype = event.type
        # Not getattr with a default: a miss on a pydantic model is the slow path.
        carried = (
            getattr(event, AVAILABILITY_FIELD) if etype in EVENTS_CARRYING_AVAILABILITY else None
        )
        return self.entries[(state, etype, carried, flags)]


def compile_spec(table: tuple[Rule, ...] = TABLE) -> CompiledSpec:
    """Enumerate every key; the meaning of each entry is `SessionCore.step`'s, read from the
    table's rules (event field effects, first matching guard, entry clears, then `sets`)."""
    entries: dict[Key, Entry] = {}
    for state, cls in itertools.product(State, EVENT_CLASSES):
        etype = event_type(cls)
        carried: tuple[bool | None, ...] = (
            (False, True) if etype in EVENTS_CARRYING_AVAILABILITY else (None,)
        )
        for avail, before in itertools.product(carried, itertools.product((False, True), repeat=4)):
            flags = dict(zip(FLAG_NAMES, before, strict=True))
            if avail is not None:
                flags[AVAILABILITY_FIELD] = avail
            _apply(flags, EVENT_EFFECTS.get(etype, ()))
            rule = select_rule(state, etype, flags, table)
            if rule.dest is not None and rule.dest is not rule.source:
                for name in ENTRY_CLEARS.get(rule.dest, ()):
                    flags[name] = False
            _apply(flags, rule.sets)
            entries[(state, etype, avail, before)] = (
                rule,
                rule.target,
                tuple(flags[n] for n in FLAG_NAMES),
            )
    return CompiledSpec(table, entries)


COMPILED: Final = compile_spec()


def explore_compiled(
    spec: CompiledSpec = COMPILED, *, keep_transitions: bool = False
) -> Exploration:
    """`authsession.core.explore.explore` with this table as its next-state function."""
    return explore(stepper=spec.step, keep_transitions=keep_transitions)
