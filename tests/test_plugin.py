"""The pytest plugin, the hypothesis strategies and the shipped state machine."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from authsession import AuthSession, State
from authsession.core import SessionCore
from authsession.invariants import Record
from authsession.spec.events import EVENT_TYPES, MachineEvent
from authsession.testing import FakeProtectedData, ManualClock, MemoryKeychain, assert_invariants
from authsession.testing.statemachine import AuthSessionStateMachine
from authsession.testing.strategies import contexts, event_sequences, machine_events, states


def test_the_plugin_fixtures_are_wired_together(
    auth_session: AuthSession,
    protected_data: FakeProtectedData,
    memory_keychain: MemoryKeychain,
    manual_clock: ManualClock,
) -> None:
    auth_session.launch()
    auth_session.login("ada", "pw")
    assert memory_keychain.has_item
    protected_data.lock()
    assert not memory_keychain.available  # one lock switch for keychain and signal
    manual_clock.advance(7200)
    auth_session.request_work("fetch")
    assert auth_session.state is State.DEFERRED_AUTH
    assert_invariants(auth_session)


def _is_fixture(value: object) -> bool:
    return (
        hasattr(value, "_fixture_function") or type(value).__name__ == "FixtureFunctionDefinition"
    )


def test_plugin_fixtures_do_not_claim_generic_names() -> None:
    import authsession.testing.plugin as plugin

    fixtures = {name for name, value in vars(plugin).items() if _is_fixture(value)}
    assert {"auth_session", "make_auth_session", "manual_clock", "memory_keychain",
            "auth_world"} <= fixtures  # fmt: skip
    assert not fixtures & {"session", "clock", "keychain", "device", "server", "world"}


def test_the_plugin_module_holds_fixtures_only() -> None:
    import authsession.testing.plugin as plugin

    public = {
        name
        for name, value in vars(plugin).items()
        if not name.startswith("_") and getattr(value, "__module__", None) == plugin.__name__
    }
    assert public and all(_is_fixture(getattr(plugin, name)) for name in public), public


def test_every_public_testing_name_resolves_and_is_listed() -> None:
    import authsession.testing as testing

    exported = set(testing.__all__)
    assert {"check_records", "assert_invariants", "assert_offered", "check_world",
            "assert_world_ok", "world_events", "scenarios", "TraceRecorder", "SessionApp",
            "App", "AppContext", "WorldStateMachine", "MemoryKeychain"} <= exported  # fmt: skip
    for name in sorted(exported):
        assert getattr(testing, name) is not None, name
    assert set(dir(testing)) >= exported
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        testing.nope  # noqa: B018


def test_loading_the_plugin_imports_nothing_heavy() -> None:
    """Every pytest run in an environment with the package installed loads the plugin: it must
    not import pydantic, transitions, hypothesis or any module of the package beyond the
    package `__init__`s it sits in (benchmarks/footprint.py measures the time)."""
    code = (
        "import sys, authsession.testing.plugin\n"
        "heavy = ('pydantic', 'transitions', 'hypothesis', 'authsession')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == str(
        ["authsession", "authsession._lazy", "authsession.testing", "authsession.testing.plugin"]
    )


_PROBE = """
import sys


def _loaded():
    roots = ("authsession", "pydantic", "transitions", "hypothesis")
    return sorted(name for name in sys.modules if name.split(".")[0] in roots)


def test_1_no_fixture(pytestconfig):
    assert pytestconfig.pluginmanager.has_plugin("authsession")  # loaded from its entry point
    print("LOADED", _loaded())


def test_2_a_fixture(auth_session):
    print("LOADED", _loaded())
"""


def test_a_pytest_run_imports_nothing_heavy_until_a_fixture_is_used(tmp_path: Path) -> None:
    """In a pytest run of a project that never uses the plugin (the plugin loaded from its entry
    point, as installing the package does), nothing of the package beyond the plugin's own
    modules and no pydantic or transitions is imported; the probe sees them once a test uses a
    fixture."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # no project config, no conftest
    (tmp_path / "test_probe.py").write_text(_PROBE)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "test_probe.py"],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    # pytest's progress dots share the lines the probe prints.
    before, after = (
        ast.literal_eval(seen) for seen in re.findall(r"LOADED (\[.*?\])", result.stdout)
    )
    plugin_only = ["authsession", "authsession._lazy", "authsession.testing",
                   "authsession.testing.plugin"]  # fmt: skip
    assert before == plugin_only
    assert {"authsession.runtime", "authsession.spec", "pydantic", "transitions"} <= set(after)


def test_assert_invariants_lists_every_violation() -> None:
    bad = Record(0, "keychain_unavailable", State.CHECKING_CREDENTIALS, State.LOGGED_OUT,
                 "credentials_absent", (), False, False)  # fmt: skip
    with pytest.raises(AssertionError, match=r"invariant violation\(s\):\n  step 0: invariant 1"):
        assert_invariants([bad])


@settings(max_examples=50, deadline=None)
@given(machine_events(), event_sequences(max_size=5), states(), contexts())
def test_strategies_draw_from_the_spec(
    event: MachineEvent, events: list[MachineEvent], state: State, context: object
) -> None:
    assert event.type in EVENT_TYPES and len(events) <= 5
    core = SessionCore(state, context)  # type: ignore[arg-type]
    core.step(event)


def test_strategies_can_be_narrowed_and_reject_unknown_types() -> None:
    @settings(max_examples=10)
    @given(machine_events("retry_due", "token_expired"))
    def check(event: MachineEvent) -> None:
        assert event.type in {"retry_due", "token_expired"}

    check()
    with pytest.raises(ValueError, match="unknown event type 'reboot'"):
        machine_events("reboot")
    assert st.lists(machine_events()).example is not None


TestReferenceStateMachine = AuthSessionStateMachine.TestCase
TestReferenceStateMachine.settings = settings(
    max_examples=30, stateful_step_count=30, deadline=None
)
