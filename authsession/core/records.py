"""Turns one core step into an invariant `Record`.

Owns: the single mapping from (event, the interpreter's `Transition`, availability) to `Record`,
used by the runtime, the exhaustive exploration, the trace checker and the world (for an app's
reported steps); the one place a step becomes a `Record`. Must not import adapters
or runtime.
"""

from __future__ import annotations

from authsession.invariants import Record
from authsession.spec.events import MachineEvent
from authsession.spec.interpreter import EVENT_GUARD_FIELDS, Transition
from authsession.spec.states import State
from authsession.spec.table import AVAILABILITY_FIELD, EVENTS_CARRYING_AVAILABILITY


def record_of(
    index: int, event: MachineEvent, step: Transition, protected_data_available: bool
) -> Record:
    """The invariant `Record` of one step of the core: what the checks of `authsession.invariants`
    judge."""
    return reported_record(
        index,
        event,
        source=step.source,
        state=step.state,
        reason=step.reason,
        commands=tuple(command.type for command in step.commands),
        protected_data_available=protected_data_available,
        detail=step.detail,
        in_hand=step.in_hand,
    )


def reported_record(
    index: int,
    event: MachineEvent | str,
    *,
    source: State,
    state: State,
    reason: str,
    commands: tuple[str, ...],
    protected_data_available: bool,
    detail: str | None = None,
    in_hand: bool = False,
    carried: bool | None = None,
) -> Record:
    """The `Record` of a step someone reports (the core, an app over `authsession.app/1`, or a
    simulated app that names its events): the event's own fields — the availability it carries,
    its true flags — are read here only. An event given by name carries `carried`, no flags."""
    if isinstance(event, str):
        return Record(
            index, event, source, state, reason, commands, protected_data_available, carried,
            detail, in_hand, _NONE,
        )  # fmt: skip
    return Record(
        step=index,
        event=event.type,
        source=source,
        state=state,
        reason=reason,
        commands=commands,
        protected_data_available=protected_data_available,
        # Not getattr with a default: a miss on a pydantic model is slow, and this runs per step.
        event_protected_data_available=(
            getattr(event, AVAILABILITY_FIELD)
            if event.type in EVENTS_CARRYING_AVAILABILITY
            else None
        ),
        detail=detail,
        in_hand=in_hand,
        event_flags=_event_flags(event),
    )


_NONE: frozenset[str] = frozenset()


def _event_flags(event: MachineEvent) -> frozenset[str]:
    fields = EVENT_GUARD_FIELDS[event.type]
    if not fields:  # most events: nothing to look up on the (slow) pydantic model
        return _NONE
    return frozenset(name for name in fields if getattr(event, name))
