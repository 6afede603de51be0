"""The table is well formed: total, unambiguous, no dead rows, honest about logouts."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from authsession.core.explore import explore
from authsession.spec import (
    COMMAND_ADAPTER,
    COMMAND_CLASSES,
    EVENT_CLASSES,
    EVENT_TYPES,
    LOGOUT_REASONS,
    MACHINE_EVENT_ADAPTER,
    TABLE,
    USER_PRESENT,
    State,
)
from authsession.spec.interpreter import (
    assignments,
    guard_holds,
    guard_names,
    select_rule,
    table_problems,
)
from authsession.spec.states import SIGNED_OUT_STATES
from authsession.spec.table import IGNORE_REASONS


def test_required_state_names_exist() -> None:
    names = {s.value for s in State}
    assert {"logged_in", "credentials_unavailable", "deferred_auth", "logged_out"} <= names


def test_logout_reasons_are_exactly_the_three_of_the_contract() -> None:
    assert {"user_logout", "server_rejected", "credentials_absent"} == LOGOUT_REASONS


def test_the_table_has_no_problems() -> None:
    """Guards name a context flag or a boolean field of their event, `sets` name flags, and no
    two rows of one pair can fire together."""
    assert table_problems() == []


def test_an_event_field_named_like_a_flag_is_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    from authsession.spec import interpreter

    fields = {**interpreter.EVENT_GUARD_FIELDS, "auth_accepted": ("rotated", "token_valid")}
    monkeypatch.setattr(interpreter, "EVENT_GUARD_FIELDS", fields)
    assert any("'token_valid' has the name of a context flag" in p for p in table_problems())


def test_table_problems_are_reported() -> None:
    """The check itself can fail: an unknown guard, an unknown flag, two rows firing at once."""
    first = TABLE[0]
    bad = (
        replace(first, when=("no_such_flag",)),
        replace(first, sets=(("no_such_flag", True),)),
        replace(first, when=()),  # overlaps the original row
        *TABLE,
    )
    problems = table_problems(bad)
    assert any("unknown guard 'no_such_flag'" in p for p in problems)
    assert any("sets unknown flag" in p for p in problems)
    assert any("rows fire" in p for p in problems)


def test_each_pair_has_exactly_one_outcome_in_every_context() -> None:
    """`select_rule` picks the one row whose guards hold, or the event's ignore row: every state x
    event x assignment of the guards it reads (one test: a case per pair added nothing)."""
    for state, event in itertools.product(State, EVENT_TYPES):
        rows = [r for r in TABLE if r.source is state and r.event == event]
        for values in assignments(guard_names(event)):
            matching = [r for r in rows if guard_holds(r.when, values)]
            assert len(matching) <= 1, f"ambiguous guards for {state}/{event}: {matching}"
            chosen = select_rule(state, event, values)
            expected = matching[0] if matching else None
            if expected is not None:
                assert chosen == expected, (state, event, values)
            else:
                assert chosen.reason == IGNORE_REASONS[event], (state, event, values)
                assert (chosen.source, chosen.target) == (state, state), (state, event, values)


def test_every_row_fires_somewhere_in_the_reachable_space() -> None:
    result = explore()
    dead = [r for r in TABLE if r not in result.rules_fired]
    assert dead == []
    assert result.states_reached == frozenset(State)


def test_rows_that_end_a_possible_user_carry_a_logout_reason() -> None:
    for rule in TABLE:
        ends_user = rule.target in SIGNED_OUT_STATES and rule.source not in SIGNED_OUT_STATES
        if ends_user and USER_PRESENT[rule.source] != "no":
            assert rule.reason in LOGOUT_REASONS, rule


def test_not_found_ends_the_session_only_when_protected_data_is_available() -> None:
    for rule in TABLE:
        if rule.event == "keychain_not_found" and rule.target is State.LOGGED_OUT:
            assert "protected_data_available" in rule.when, rule


@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda c: c.__name__)
def test_events_round_trip_through_json(cls: type) -> None:
    fields = {n: f for n, f in cls.model_fields.items() if n != "type"}  # type: ignore[attr-defined]
    values = {n: (True if f.annotation is bool else "aead_bad_tag") for n, f in fields.items()}
    event = cls(**values)
    again = MACHINE_EVENT_ADAPTER.validate_json(event.model_dump_json())
    assert again == event
    assert hash(again) == hash(event)  # frozen, usable as table keys


def test_json_schema_names_every_event_and_command() -> None:
    events = MACHINE_EVENT_ADAPTER.json_schema()["discriminator"]["mapping"]
    commands = COMMAND_ADAPTER.json_schema()["discriminator"]["mapping"]
    assert set(events) == set(EVENT_TYPES)
    assert set(commands) == {c.model_fields["type"].default for c in COMMAND_CLASSES}


def test_every_error_the_package_raises_on_purpose_is_an_authsession_error() -> None:
    """One base to catch. Not errors of the package: `ProcessKilled` (the world ends an app's stack
    with it, and it must get through every `except Exception`), `atomic.NotAFileError` (an
    `OSError`, translated where it is caught; `atomic` imports nothing of the package) and the
    Android simulator's
    stand-ins for Java's exceptions (`AndroidException` and its subclasses: the platform's)."""
    import importlib
    import inspect
    import pkgutil

    import authsession
    from authsession.errors import AuthSessionError

    optional = {"authsession.platforms.desktop.keyring_adapter", "authsession.fleet.plot"}
    found = []
    for info in pkgutil.walk_packages(authsession.__path__, "authsession."):
        if info.name in optional or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            # Private ones (`_FieldProblem`) never leave their module.
            if (
                cls.__module__ == info.name
                and issubclass(cls, BaseException)
                and cls.__name__[0] != "_"
            ):
                found.append(cls)
    from authsession.platforms.android.api import AndroidException

    strays = [
        c.__qualname__ for c in found if not issubclass(c, AuthSessionError | AndroidException)
    ]
    # `NotAFileError` is an `OSError` the CLI turns into a one-line `InvalidInputError`;
    # `InjectedFault` stands for any exception a third-party adapter may raise (the world's
    # fault injection) and `ResourceUnauthorized` for an app's HTTP client's 401 on its own work:
    # neither must look like one of ours, nor `LeaseStorageUnavailable` (an `OSError`: shared
    # storage that cannot be read, as a third-party lease would raise) — nor must
    # `AdapterRaised`, its twin on the far side of the app protocol (an adapter call answered
    # `raised`). Like `ProcessKilled`, the app protocol's `AppProcessError` (a broken app
    # process: exit 2 from any depth), `Restart` and `WorldEnded` (the reference abandons a
    # callback) must get through every `except Exception`.
    app_protocol = ["AdapterRaised", "AppProcessError", "Restart", "WorldEnded"]
    # `NoSignal` and `NoRevocation` are what the world's platform throws at an app process that
    # asks for something this world does not offer; the app sees them as `raised`, like a fault.
    ours = ["InjectedFault", "LeaseStorageUnavailable", "NotAFileError", "ProcessKilled"]
    ours += ["NoRevocation", "NoSignal"]
    assert sorted(strays) == sorted([*ours, "ResourceUnauthorized", *app_protocol])
    assert len(found) > 10


def test_the_package_exports_what_it_lazily_imports() -> None:
    import authsession

    assert "__version__" in authsession.__all__
    for name in set(authsession.__all__) - {"__version__"}:
        assert getattr(authsession, name).__name__ == name
