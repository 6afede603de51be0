"""The Swift core's generated half: equal to what the spec renders, derived from the data (a changed
spec changes it), its `detail` rule equal to the Python core's, and refusals in one line."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Literal

import pytest
from authsession.spec.analysis import guard_holds
from pydantic import BaseModel, ConfigDict, StrictBool

from authsession.cli import main
from authsession.core.explore import event_alphabet
from authsession.core.machine import Context, SessionCore
from authsession.spec.events import KeychainNotFound
from authsession.spec.states import State
from authsession.spec.swift_export import (
    SWIFT_CORE_PATH,
    SwiftExportError,
    SwiftSpec,
    detail_field,
    lower_camel,
    to_swift,
)
from authsession.spec.table import Rule

ROOT = Path(__file__).resolve().parents[2]


def test_the_checked_in_swift_core_is_what_the_spec_renders(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["spec", "--format", "swift"]) == 0
    rendered = capsys.readouterr().out
    checked_in = (ROOT / SWIFT_CORE_PATH).read_text(encoding="utf-8")
    assert rendered == checked_in, (
        f"{SWIFT_CORE_PATH} drifted from the spec: run `python -m authsession.spec.docsync`"
    )


def test_the_swift_core_is_byte_stable() -> None:
    assert to_swift() == to_swift()


def test_the_swift_format_takes_no_state_filter(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec", "--format", "swift", "--state", "logged_in"]) == 2
    assert capsys.readouterr().err == (
        "authsession spec: --state: the swift format is a whole core: it takes no --state\n"
    )


def test_the_reported_detail_is_the_python_cores() -> None:
    # The generator's rule (the event's one StrEnum field) against what the reference reports,
    # for every event variant: if the core starts reporting something else, this fails.
    for event in event_alphabet():
        step = SessionCore(State.CHECKING_CREDENTIALS, Context()).step(event)
        field = detail_field(type(event))
        expected = None if field is None else getattr(event, field).value
        assert step.detail == expected, event


# A changed spec: what the lead's redesign may add -------------------------------------------------


class Weather(StrEnum):
    SUNNY = "sunny"
    RAINY = "rainy"


class NewState(StrEnum):
    LOCKED_OUT = "locked_out"


class AccountLocked(BaseModel):
    """The server locked the account."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    type: Literal["account_locked"] = "account_locked"
    protected_data_available: StrictBool
    permanent: StrictBool = False
    weather: Weather | None = None


class KeychainNotFoundWithClass(KeychainNotFound):
    """An existing event given a defaulted boolean field."""

    stricter_class_available: StrictBool = True


class ShowLockScreen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    type: Literal["show_lock_screen"] = "show_lock_screen"
    style: Literal["modal", "banner"]


def changed_spec() -> SwiftSpec:
    """The package's spec plus a state, a flag, an event with defaulted fields, a command with a
    field, and rows using all of them (the ignore rows recomputed as the spec defines them)."""
    spec = SwiftSpec.current()
    flags = {**spec.flags, "account_locked": "The server locked the account."}
    rows = (
        *spec.rows,
        Rule(State.LOGGED_IN, "account_locked", NewState.LOCKED_OUT, "account_locked",  # type: ignore[arg-type]
             (ShowLockScreen(style="modal"),),  # type: ignore[arg-type]
             when=("protected_data_available",), sets=(("account_locked", True),)),
        Rule(State.LOGGED_IN, "account_locked", None, "lock_noted",
             when=("!protected_data_available",)),
        Rule(NewState.LOCKED_OUT, "logout_requested", State.LOGGED_OUT, "user_logout"),  # type: ignore[arg-type]
    )  # fmt: skip
    states = (*spec.states, NewState.LOCKED_OUT)
    events = (*(KeychainNotFoundWithClass if e is KeychainNotFound else e for e in spec.events),
              AccountLocked)  # fmt: skip
    names = tuple(flags)
    contexts = [dict(zip(names, values, strict=True))
                for values in itertools.product((False, True), repeat=len(names))]  # fmt: skip
    ignored = []
    for state in states:
        for event in (e.model_fields["type"].default for e in events):
            guards = [r.when for r in rows if r.source == state and r.event == event]
            if not all(any(guard_holds(g, ctx) for g in guards) for ctx in contexts):
                ignored.append(Rule(state, event, None, "ignored"))  # type: ignore[arg-type]
    return replace(
        spec,
        states=states,
        user_present={**spec.user_present, NewState.LOCKED_OUT: "no"},
        state_descriptions={
            **spec.state_descriptions,
            NewState.LOCKED_OUT: "Locked by the server.",
        },
        flags=flags,
        events=events,
        commands=(*spec.commands, ShowLockScreen),
        rows=rows,
        ignored=tuple(ignored),
        effects={**spec.effects, "account_locked": (("token_valid", False),)},
        entry_clears={**spec.entry_clears, NewState.LOCKED_OUT: ("work_pending", "token_valid")},
        carrying_availability=spec.carrying_availability | {"account_locked"},
    )


def test_a_changed_spec_changes_the_generated_core() -> None:
    source = to_swift(changed_spec())
    for line in (
        'case lockedOut = "locked_out"',
        'case accountLocked = "account_locked"',
        "case accountLocked(protectedDataAvailable: Bool, permanent: Bool = false, "
        "weather: Weather? = nil)",
        "case showLockScreen(style: ShowLockScreenStyle)",
        'permanent: fields.optional("permanent", default: false, strict: true)',
        'weather: fields.optional("weather", default: nil, strict: false)',
        "case .accountLocked(let v0, _, _): v0",  # carries availability
        ".accountLocked: [.off(.tokenValid)],",  # its effect
        ".lockedOut: [.workPending, .tokenValid],",  # entry clears
        "commands: [.showLockScreen(style: .modal)],",
        "sets: [.on(.accountLocked)],",
        ".accountLocked(protectedDataAvailable: true, permanent: true, weather: .rainy),",
        "case keychainNotFound(protectedDataAvailable: Bool, stricterClassAvailable: Bool = true)",
    ):
        assert line in source, line
    assert source != to_swift()


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda s: replace(s, rows=(*s.rows, Rule(State.LOGGED_IN, "token_expired", None, "x",
                                                    when=("sleepy",)))),
         "row logged_in.token_expired: unknown flag 'sleepy'"),
        (lambda s: replace(s, rows=(*s.rows, Rule(State.LOGGED_IN, "dance", None, "x"))),
         "row logged_in.dance: unknown event"),
        (lambda s: replace(s, events=(*s.events, _with_int_field())),
         "Counted.attempts: type <class 'int'> has no Swift wire codec"),
        (lambda s: replace(s, availability_field="token_valid"),
         "app_launched: carries availability but has no boolean 'token_valid'"),
        (lambda s: replace(s, flags={**s.flags, "work-pending": "clash"}),
         "flag 'work-pending': same Swift name 'workPending' as 'work_pending'"),
    ],
)  # fmt: skip
def test_what_swift_cannot_express_is_refused_in_one_line(change: object, problem: str) -> None:
    with pytest.raises(SwiftExportError) as info:
        to_swift(change(SwiftSpec.current()))  # type: ignore[operator]
    assert str(info.value) == problem


def _with_int_field() -> type[BaseModel]:
    class Counted(BaseModel):
        type: Literal["counted"] = "counted"
        attempts: int

    return Counted


@pytest.mark.parametrize(
    ("wire", "swift"),
    [("logged_in", "loggedIn"), ("default", "`default`"), ("3rd_try", "_3rdTry"),
     ("aead_bad_tag", "aeadBadTag")],
)  # fmt: skip
def test_swift_names(wire: str, swift: str) -> None:
    assert lower_camel(wire) == swift


def test_a_changed_spec_builds_and_runs_by_regeneration_alone(
    tmp_path: Path, swift_port_builder: Callable[[Path], Path]
) -> None:
    # The hand-written Swift untouched, only the generated file replaced: the port builds with
    # warnings as errors and speaks the changed spec (new state, flag, fields and defaults).
    package = tmp_path / "swift"
    shutil.copytree(ROOT / "swift", package, ignore=shutil.ignore_patterns(".build", ".swiftpm"))
    (package / SWIFT_CORE_PATH.removeprefix("swift/")).write_text(to_swift(changed_spec()))
    port = swift_port_builder(package)
    lines = [
        {"reset": {"state": "logged_in", "context": {"protected_data_available": True,
                                                      "token_valid": True}}},
        {"type": "account_locked", "protected_data_available": True},
        {"type": "keychain_not_found", "protected_data_available": True},
        {"type": "keychain_not_found", "protected_data_available": True,
         "stricter_class_available": False},
        {"type": "logout_requested"},
        {"reset": {"context": {"account_locked": True}}},
        {"type": "account_locked", "protected_data_available": False, "permanent": True,
         "weather": "rainy"},
        {"type": "account_locked", "protected_data_available": True, "permanent": 1},
        {"type": "logout_requested"},
    ]  # fmt: skip
    result = subprocess.run(
        [str(port)], input="".join(json.dumps(line) + "\n" for line in lines),
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    locked_out = {"state": "locked_out", "commands": [], "reason": "ignored"}
    assert answers == [
        {"state": "locked_out", "commands": [{"type": "show_lock_screen", "style": "modal"}],
         "reason": "account_locked"},
        locked_out,
        locked_out,
        {"state": "logged_out", "commands": [], "reason": "user_logout"},
        {"state": "starting", "commands": [], "reason": "ignored"},
    ]  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == "authsession-port: stdin:8: account_locked.permanent: not a boolean\n"
