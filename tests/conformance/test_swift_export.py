"""The Swift core's generated half: equal to what the spec renders, derived from the data (a changed
spec changes it and still builds, formatted, with the hand-written Swift untouched), its `detail`
rule equal to the Python core's, and refusals in one line."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, StrictBool

from authsession.cli import main
from authsession.core.explore import event_alphabet
from authsession.core.machine import Context, SessionCore
from authsession.spec.events import KeychainNotFound
from authsession.spec.interpreter import assignments, guard_holds
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
        f"{SWIFT_CORE_PATH} drifted from the spec: run `python -m authsession.docsync`"
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
    #: Its guard bit and `permanent`'s do not fit on the `case` line: swift-format's break.
    by_administrator: StrictBool = False


class KeychainNotFoundWithClass(KeychainNotFound):
    """An existing event given a defaulted boolean field."""

    stricter_class_available: StrictBool = True


_ADMIN = "by_administrator"


class ShowLockScreen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    type: Literal["show_lock_screen"] = "show_lock_screen"
    style: Literal["modal", "banner"]


def changed_spec() -> SwiftSpec:
    """The package's spec plus a state, a flag, an event with defaulted fields (two of them guard
    fields), a guard field on an existing event, a command with a field, and rows using all of
    them, event-field guards included (the ignore rows recomputed as the spec defines them)."""
    spec = SwiftSpec.current()
    flags = {**spec.flags, "account_locked": "The server locked the account."}
    guard_fields = {**spec.guard_fields, "account_locked": ("permanent", _ADMIN),
                    "keychain_not_found": ("stricter_class_available",)}  # fmt: skip
    locked = (("account_locked", True),)
    rows = (
        *spec.rows,
        Rule(State.LOGGED_IN, "account_locked", NewState.LOCKED_OUT, "account_locked",  # type: ignore[arg-type]
             (ShowLockScreen(style="modal"),),  # type: ignore[arg-type]
             when=("protected_data_available", "!permanent"), sets=locked),
        Rule(State.LOGGED_IN, "account_locked", NewState.LOCKED_OUT, "account_locked_for_good",  # type: ignore[arg-type]
             (ShowLockScreen(style="banner"),),  # type: ignore[arg-type]
             when=("permanent", "protected_data_available"), sets=locked),
        Rule(State.LOGGED_IN, "account_locked", None, "lock_noted",
             when=("!protected_data_available",)),
        Rule(NewState.LOCKED_OUT, "account_locked", None, "administrator_confirmed",  # type: ignore[arg-type]
             when=(_ADMIN,)),
        Rule(NewState.LOCKED_OUT, "keychain_not_found", None, "stricter_class_unavailable",  # type: ignore[arg-type]
             when=("!stricter_class_available",)),
        Rule(NewState.LOCKED_OUT, "logout_requested", State.LOGGED_OUT, "user_logout"),  # type: ignore[arg-type]
    )  # fmt: skip
    states = (*spec.states, NewState.LOCKED_OUT)
    events = (*(KeychainNotFoundWithClass if e is KeychainNotFound else e for e in spec.events),
              AccountLocked)  # fmt: skip
    ignored = []
    for state in states:
        for event in (e.model_fields["type"].default for e in events):
            guards = [r.when for r in rows if r.source == state and r.event == event]
            names = (*flags, *guard_fields.get(event, ()))
            if not all(any(guard_holds(g, values) for g in guards)
                       for values in assignments(names)):  # fmt: skip
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
        guard_fields=guard_fields,
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
        'case permanent = "permanent"',  # guard fields, in the order the events name them
        'case stricterClassAvailable = "stricter_class_available"',
        "case .accountLocked: [.permanent, .byAdministrator]",
        "case .keychainNotFound: [.stricterClassAvailable]",
        "case .keychainNotFound(_, let v1): EventField.stricterClassAvailable.bit(v1)",
        "case .accountLocked(_, let v1, _, let v3):",
        "when: [.on(field: .permanent), .on(.protectedDataAvailable)],",
        "when: [.off(field: .stricterClassAvailable)],",
        "case showLockScreen(style: ShowLockScreenStyle)",
        'permanent: fields.optional("permanent", default: false, strict: true)',
        'weather: fields.optional("weather", default: nil, strict: false)',
        "case .accountLocked(let v0, _, _, _): v0",  # carries availability
        ".accountLocked: [.off(.tokenValid)],",  # its effect
        ".lockedOut: [.workPending, .tokenValid],",  # entry clears
        "commands: [.showLockScreen(style: .modal)],",
        "sets: [.on(.accountLocked)],",
        ".accountLocked(",
        "case keychainNotFound(protectedDataAvailable: Bool, stricterClassAvailable: Bool = true)",
    ):
        assert line in source, line
    assert source != to_swift()


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda s: replace(s, rows=(*s.rows, Rule(State.LOGGED_IN, "token_expired", None, "x",
                                                    when=("sleepy",)))),
         "row logged_in.token_expired: unknown guard 'sleepy'"),
        # A field of another event is no field of this one.
        (lambda s: replace(s, rows=(*s.rows, Rule(State.LOGGED_IN, "keychain_found", None, "x",
                                                    when=("!rotated",)))),
         "row logged_in.keychain_found: unknown guard '!rotated'"),
        (lambda s: replace(s, rows=(*s.rows, Rule(State.LOGGED_IN, "token_expired", None, "x",
                                                    sets=(("rotated", True),)))),
         "row logged_in.token_expired: unknown flag 'rotated'"),
        (lambda s: replace(s, guard_fields={**s.guard_fields,
                                            "keychain_secret_lost": ("cause",)}),
         "keychain_secret_lost: guard field 'cause' is no boolean field"),
        (lambda s: replace(s, guard_fields={**s.guard_fields, "dance": ()}),
         "guard fields of 'dance': unknown event"),
        (lambda s: replace(s, flags={f"flag_{i}": "" for i in range(63)},
                           availability_field="flag_0"),
         "more than 64 context flags and event guard fields"),
        (lambda s: replace(s, rows=(*s.rows, Rule(State.LOGGED_IN, "dance", None, "x"))),
         "row logged_in.dance: unknown event"),
        (lambda s: replace(s, events=(*s.events, _with_int_field())),
         "Counted.attempts: type <class 'int'> has no Swift wire codec"),
        (lambda s: replace(s, availability_field="token_valid"),
         "app_foregrounded: carries availability but has no boolean 'token_valid'"),
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


def test_a_guard_name_both_a_flag_and_a_field_of_the_event_is_the_field() -> None:
    # As the interpreter reads a guard: the event's own field shadows a context flag of that name.
    spec = changed_spec()
    rows = (Rule(State.LOGGED_OUT, "account_locked", None, "x", when=("!permanent",)),
            Rule(State.LOGGED_OUT, "token_expired", None, "y", when=("permanent",)))  # fmt: skip
    spec = replace(spec, flags={**spec.flags, "permanent": "A flag named like a field."},
                   rows=(*spec.rows, *rows))  # fmt: skip
    source = to_swift(spec)
    assert 'Row(.loggedOut, .accountLocked, when: [.off(field: .permanent)], reason: "x")' in source
    assert 'Row(.loggedOut, .tokenExpired, when: [.on(.permanent)], reason: "y")' in source


def _lint(swift: str, source: Path) -> None:
    result = subprocess.run(
        [swift, "format", "lint", "--strict", "--configuration", str(ROOT / "swift/.swift-format"),
         str(source)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]


def test_a_spec_without_event_field_guards_compiles(tmp_path: Path, swift: str) -> None:
    # Swift gives no raw type to an enum without cases: the generator spells `EventField` out then.
    spec = SwiftSpec.current()
    fields = {name for names in spec.guard_fields.values() for name in names}
    rows = tuple(r for r in spec.rows if not {lit.lstrip("!") for lit in r.when} & fields)
    sources = tmp_path / "AuthSessionCore"
    shutil.copytree(ROOT / "swift/Sources/AuthSessionCore", sources)
    generated = sources / "Spec.generated.swift"
    generated.write_text(to_swift(replace(spec, guard_fields={}, rows=rows)))
    assert "public enum EventField: SpecName {" in generated.read_text()
    _lint(swift, generated)
    result = subprocess.run(
        [str(Path(swift).with_name("swiftc")), "-typecheck", "-warnings-as-errors",
         "-module-name", "AuthSessionCore", *map(str, sorted(sources.glob("*.swift")))],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]


def test_a_changed_spec_builds_and_runs_by_regeneration_alone(
    tmp_path: Path, swift: str, swift_port_builder: Callable[[Path], Path]
) -> None:
    # The hand-written Swift untouched, only the generated file replaced: the file is in
    # swift-format's layout, the port builds with warnings as errors and speaks the changed spec
    # (new state, flag, fields and defaults, guards on the event's own fields).
    package = tmp_path / "swift"
    shutil.copytree(ROOT / "swift", package, ignore=shutil.ignore_patterns(".build", ".swiftpm"))
    generated = package / SWIFT_CORE_PATH.removeprefix("swift/")
    generated.write_text(to_swift(changed_spec()))
    _lint(swift, generated)
    port = swift_port_builder(package)
    signed_in = {"reset": {"state": "logged_in", "context": {"protected_data_available": True,
                                                             "token_valid": True}}}  # fmt: skip
    lines = [
        signed_in,
        {"type": "account_locked", "protected_data_available": True},
        {"type": "keychain_not_found", "protected_data_available": True},
        {"type": "keychain_not_found", "protected_data_available": True,
         "stricter_class_available": False},
        {"type": "account_locked", "protected_data_available": True, "by_administrator": True},
        {"type": "logout_requested", "protected_data_available": True},
        signed_in,
        {"type": "account_locked", "protected_data_available": True, "permanent": True},
        {"type": "account_locked", "protected_data_available": True, "by_administrator": False},
        {"reset": {"context": {"account_locked": True}}},
        {"type": "account_locked", "protected_data_available": False, "permanent": True,
         "weather": "rainy"},
        {"type": "account_locked", "protected_data_available": True, "permanent": 1},
        {"type": "logout_requested", "protected_data_available": True},
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
        {**locked_out, "reason": "stricter_class_unavailable"},
        {**locked_out, "reason": "administrator_confirmed"},
        {"state": "logged_out", "commands": [], "reason": "user_logout"},
        {"state": "locked_out", "commands": [{"type": "show_lock_screen", "style": "banner"}],
         "reason": "account_locked_for_good"},
        locked_out,
        {"state": "starting", "commands": [], "reason": "ignored"},
    ]  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == "authsession-port: stdin:12: account_locked.permanent: not a boolean\n"
