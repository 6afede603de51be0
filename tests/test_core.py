"""The `transitions` machine means exactly what the table says, for one session or many."""

from __future__ import annotations

from dataclasses import fields

import pytest

from authsession.core import MACHINE, Context, SessionCore
from authsession.core.explore import event_alphabet
from authsession.errors import InvalidInputError
from authsession.spec import State
from authsession.spec.events import AppLaunched, KeychainNotFound, WorkRequested, parse_event
from authsession.spec.interpreter import all_contexts
from authsession.spec.interpreter import step as interpret
from authsession.spec.table import CONTEXT_FLAGS


@pytest.mark.parametrize("state", list(State))
def test_machine_agrees_with_the_interpreter_for_every_event_and_context(state: State) -> None:
    """The `transitions` machine is derived from the table; the interpreter *is* its meaning.
    Every state x every flag combination x every event variant: same row, state, commands,
    reason, detail, and the same context after."""
    for context in all_contexts():
        for event in event_alphabet():
            core = SessionCore(state, Context(**context))
            step = core.step(event)
            meant = interpret(state, context, event)
            assert core.last_rule == meant.rule
            assert (step.state, step.commands, step.reason, step.detail, step.in_hand) == (
                meant.state,
                meant.commands,
                meant.reason,
                meant.detail,
                meant.in_hand,
            )
            assert core.context.as_dict() == meant.context


def test_one_machine_drives_every_session() -> None:
    before = list(MACHINE.models)
    cores = [SessionCore() for _ in range(50)]
    cores[0].step(AppLaunched(protected_data_available=False))
    assert cores[0].current is State.CREDENTIALS_UNAVAILABLE
    assert cores[1].current is State.STARTING  # sessions share rules, not state
    restored = SessionCore(State.LOGGED_IN, Context(protected_data_available=True))
    assert restored.step(AppLaunched(protected_data_available=True)).source is State.LOGGED_IN
    # The machine keeps no reference to a session: nothing leaks however many sessions ran.
    assert MACHINE.models == before
    assert not hasattr(cores[0], "app_launched")  # no per-model convenience bindings


def test_not_found_while_locked_is_not_absence() -> None:
    core = SessionCore()
    core.step(AppLaunched(protected_data_available=True))
    step = core.step(KeychainNotFound(protected_data_available=False))
    assert step.state is State.CREDENTIALS_UNAVAILABLE
    assert core.user_present == "unknown"


def test_bad_events_raise_a_typed_one_line_error() -> None:
    with pytest.raises(InvalidInputError, match=r"^event: type: unknown value$"):
        parse_event({"type": "reboot"})
    with pytest.raises(InvalidInputError, match="protected_data_available"):
        parse_event({"type": "app_launched", "protected_data_available": "maybe"})
    event = {"type": "work_requested", "protected_data_available": True}
    assert parse_event(event) == WorkRequested(protected_data_available=True)


def test_context_fields_are_the_spec_flags_in_order() -> None:
    """`as_tuple` is what snapshots compare and the compiled table keys on: same flags, same order
    as the spec's `CONTEXT_FLAGS`, whatever values they hold."""
    assert [f.name for f in fields(Context)] == list(CONTEXT_FLAGS)
    for bits in range(16):
        values = {name: bool(bits >> i & 1) for i, name in enumerate(CONTEXT_FLAGS)}
        ctx = Context(**values)
        assert ctx.as_tuple() == tuple(values.values()) == tuple(ctx.as_dict().values())


def test_an_unknown_event_type_is_not_echoed_but_a_near_miss_is_named() -> None:
    """Whatever lands in `type` could be a secret pasted into the wrong field."""
    with pytest.raises(InvalidInputError) as err:
        parse_event({"type": "canary-secret-9f1e"})
    assert "canary" not in str(err.value)
    with pytest.raises(InvalidInputError, match=r"did you mean 'app_launched'\?$"):
        parse_event({"type": "app_lanched", "protected_data_available": True})
