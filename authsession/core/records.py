"""Turns one core step into an invariant `Record`.

Owns: the single mapping from (event, the interpreter's `Transition`, availability) to `Record`,
used by the runtime, the exhaustive exploration and the trace checker. Must not import adapters
or runtime.
"""

from __future__ import annotations

from authsession.invariants import Record
from authsession.spec.events import MachineEvent
from authsession.spec.interpreter import EVENT_GUARD_FIELDS, Transition
from authsession.spec.table import AVAILABILITY_FIELD, EVENTS_CARRYING_AVAILABILITY


def record_of(
    index: int, event: MachineEvent, step: Transition, protected_data_available: bool
) -> Record:
    """The invariant `Record` of one step of the core: what the checks of `authsession.invariants`
    judge."""

    return Record(
        step=index,
        event=event.type,
        source=step.source,
        state=step.state,
        reason=step.reason,
        commands=tuple(command.type for command in step.commands),
        protected_data_available=protected_data_available,
        # Not getattr with a default: a miss on a pydantic model is slow, and this runs per step.
        event_protected_data_available=(
            getattr(event, AVAILABILITY_FIELD)
            if event.type in EVENTS_CARRYING_AVAILABILITY
            else None
        ),
        detail=step.detail,
        in_hand=step.in_hand,
        event_flags=_event_flags(event),
    )


_NONE: frozenset[str] = frozenset()


def _event_flags(event: MachineEvent) -> frozenset[str]:
    fields = EVENT_GUARD_FIELDS[event.type]
    if not fields:  # most events: nothing to look up on the (slow) pydantic model
        return _NONE
    return frozenset(name for name in fields if getattr(event, name))
