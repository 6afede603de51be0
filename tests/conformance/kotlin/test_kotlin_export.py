"""The Kotlin core's generated half: equal to what the spec renders (drift-tested like the Swift
one), derived from the data — a changed spec changes it, and still builds and runs with the
hand-written Kotlin untouched —, and what Kotlin cannot express refused in one line."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from authsession.cli import main
from authsession.spec.codegen import SpecData
from authsession.spec.kotlin_export import (
    KOTLIN_CORE_PATH,
    KotlinExportError,
    constant,
    member,
    string,
    to_kotlin,
    type_name,
)
from authsession.spec.states import State
from authsession.spec.table import Rule

from ..test_swift_export import changed_spec
from .conftest import ROOT, build


def test_the_checked_in_kotlin_core_is_what_the_spec_renders(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["spec", "--format", "kotlin"]) == 0
    rendered = capsys.readouterr().out
    checked_in = (ROOT / KOTLIN_CORE_PATH).read_text(encoding="utf-8")
    assert rendered == checked_in, (
        f"{KOTLIN_CORE_PATH} drifted from the spec: run `python -m authsession.docsync`"
    )


def test_the_kotlin_core_is_byte_stable_and_in_the_shared_subset() -> None:
    source = to_kotlin()
    assert source == to_kotlin()
    # No trailing comma (Kotlin 1.4+), no `data object` (1.9+), no `entries` (1.9+).
    assert ",\n    )" not in source and ",\n)" not in source
    assert "data object" not in source and ".entries" not in source


def test_the_kotlin_format_takes_no_state_filter(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec", "--format", "kotlin", "--state", "logged_in"]) == 2
    assert capsys.readouterr().err == (
        "authsession spec: --state: the kotlin format is a whole core: it takes no --state\n"
    )


def test_a_changed_spec_changes_the_generated_core() -> None:
    source = to_kotlin(changed_spec())
    for line in (
        '    LOCKED_OUT("locked_out");',
        '    ACCOUNT_LOCKED("account_locked", listOf(EventField.PERMANENT, '
        "EventField.BY_ADMINISTRATOR));",
        '    KEYCHAIN_NOT_FOUND("keychain_not_found", '
        "listOf(EventField.STRICTER_CLASS_AVAILABLE)),",
        "        override val guardBits: Long get() = EventField.PERMANENT.bit(permanent) or "
        "EventField.BY_ADMINISTRATOR.bit(byAdministrator)",
        "    data class ShowLockScreen(val style: ShowLockScreenStyle) : Command() {",
        '                    fields.optional("permanent", BoolCodec.STRICT, false),',
        'fields.optional("weather", Nullable(EnumCodec(Weather.values())), null),',
        "        override val carriedAvailability: Boolean? get() = protectedDataAvailable",
        "        EventType.ACCOUNT_LOCKED to listOf(FlagValue(Flag.TOKEN_VALID, false))",
        "        State.LOCKED_OUT to listOf(Flag.WORK_PENDING, Flag.TOKEN_VALID)",
        "commands = listOf(Command.ShowLockScreen(ShowLockScreenStyle.MODAL)),",
        "sets = listOf(FlagValue(Flag.ACCOUNT_LOCKED, true)),",
        "guard = listOf(GuardLiteral.off(EventField.STRICTER_CLASS_AVAILABLE)),",
    ):
        assert line in source, line
    assert source != to_kotlin()


def test_long_lists_are_split_into_small_functions() -> None:
    # Each list function holds at most 40 elements: no JVM method nears 64 KiB as rows are added.
    spec = SpecData.current()
    many = tuple(Rule(State.LOGGED_IN, "token_expired", None, f"r{i}", when=("token_valid",))
                 for i in range(95))  # fmt: skip
    source = to_kotlin(replace(spec, rows=many, ignored=()))
    assert "    val ROWS: List<Row> = rows0() + rows1() + rows2()\n" in source
    assert "private fun rows3()" not in source


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda s: replace(s, rows=(*s.rows, Rule(State.LOGGED_IN, "token_expired", None, "x",
                                                    when=("sleepy",)))),
         "row logged_in.token_expired: unknown guard 'sleepy'"),
        (lambda s: replace(s, flags={**s.flags, "work-pending": "clash"}),
         "flag 'work-pending': same Kotlin name 'WORK_PENDING' as 'work_pending'"),
        (lambda s: replace(s, guard_fields={**s.guard_fields, "dance": ()}),
         "guard fields of 'dance': unknown event"),
    ],
)  # fmt: skip
def test_what_kotlin_cannot_express_is_refused_in_one_line(change: Any, problem: str) -> None:
    with pytest.raises(KotlinExportError) as info:
        to_kotlin(change(SpecData.current()))
    assert str(info.value) == problem


@pytest.mark.parametrize(
    ("wire", "kotlin"),
    [(constant, "LOGGED_IN"), (type_name, "LoggedIn"), (member, "loggedIn")],
)
def test_kotlin_names(wire: Any, kotlin: str) -> None:
    assert wire("logged_in") == kotlin


def test_kotlin_names_and_strings_escape_what_kotlin_reads_specially() -> None:
    assert member("in") == "`in`" and member("3rd_try") == "_3rdTry" and constant("3rd") == "_3RD"
    assert string('say "$x" \\ é') == '"say \\"\\$x\\" \\\\ \\u00e9"'


def test_a_changed_spec_builds_and_runs_by_regeneration_alone(kotlin_toolchain: Any) -> None:
    # The hand-written core untouched, only the generated file replaced: the port builds with
    # warnings as errors and speaks the changed spec (new state, flag, fields and defaults,
    # guards on the event's own fields).
    port: Path = build.build_core(to_kotlin(changed_spec()), kotlin_toolchain)
    signed_in = {"reset": {"state": "logged_in", "context": {"protected_data_available": True,
                                                             "token_valid": True}}}  # fmt: skip
    lines = [
        signed_in,
        {"type": "account_locked", "protected_data_available": True},
        {"type": "keychain_not_found", "protected_data_available": True,
         "stricter_class_available": False},
        {"type": "account_locked", "protected_data_available": True, "by_administrator": True},
        {"type": "logout_requested", "protected_data_available": True},
        signed_in,
        {"type": "account_locked", "protected_data_available": True, "permanent": True},
        {"reset": {"context": {"account_locked": True}}},
        {"type": "account_locked", "protected_data_available": False, "permanent": True,
         "weather": "rainy"},
        {"type": "account_locked", "protected_data_available": True, "permanent": 1},
        {"type": "logout_requested", "protected_data_available": True},
    ]  # fmt: skip
    result = subprocess.run(
        [kotlin_toolchain.java, "-jar", str(port)],
        input="".join(json.dumps(line) + "\n" for line in lines),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    locked_out = {"state": "locked_out", "commands": [], "reason": "ignored"}
    assert answers == [
        {"state": "locked_out", "commands": [{"type": "show_lock_screen", "style": "modal"}],
         "reason": "account_locked"},
        {**locked_out, "reason": "stricter_class_unavailable"},
        {**locked_out, "reason": "administrator_confirmed"},
        {"state": "logged_out", "commands": [], "reason": "user_logout"},
        {"state": "locked_out", "commands": [{"type": "show_lock_screen", "style": "banner"}],
         "reason": "account_locked_for_good"},
        {"state": "starting", "commands": [], "reason": "ignored"},
    ]  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == "authsession-port: stdin:10: account_locked.permanent: not a boolean\n"
