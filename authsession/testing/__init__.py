"""Testing your own auth flow: the package's public test API.

Owns nothing itself; re-exports, each name imported on first use (PEP 562) — the pytest plugin
imports this package in every test run, so importing it costs nothing until a name is used:

- fakes for every adapter Protocol: `ManualClock`, `MemoryKeychain` (and `KeychainCall`),
  `FakeProtectedData`, `ScriptedAuthenticator`, `ScriptedRevoker`, `MemoryOutbox`,
  `MemorySnapshotStore`;
- record-level checks (`authsession.invariants`, written once and used by every tool):
  `check_records` and one function per invariant, `secrets_in`, `security_never_lowered`,
  `Record`, `Violation`; and as test assertions `assert_invariants`, `assert_offered`;
- world-level checks (the world's oracle): `check_world`, `assert_world_ok`;
- hypothesis strategies: `machine_events`, `event_sequences`, `states`, `contexts`,
  `world_events`, `scenarios`; state machines to subclass: `AuthSessionStateMachine` (one
  session and fakes), `WorldStateMachine` (your app in the simulated world) — these import
  hypothesis, a test dependency;
- your client in the world: `App` and `AppContext` (the in-process app protocol), `SessionApp`
  and `SessionParts` (for a client that wraps `AuthSession`);
- `TraceRecorder`: writes your app's steps in the log format `authsession check-trace` reads;
- the fixtures' types: `MakeAuthSession`, `MakeWorld` (the fixtures are in `.plugin`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "ScriptedAuthenticator": "authsession.testing.authenticator",
    "ScriptedRevoker": "authsession.testing.revoker",
    "MemoryOutbox": "authsession.adapters.revocation",
    "ManualClock": "authsession.testing.clock",
    "KeychainCall": "authsession.testing.keychain",
    "MemoryKeychain": "authsession.testing.keychain",
    "FakeProtectedData": "authsession.testing.protected_data",
    "MemorySnapshotStore": "authsession.testing.snapshots",
    **dict.fromkeys(
        (
            "Record",
            "Violation",
            "check_records",
            "credentials_in_hand_kept",
            "deferred_work_kept",
            "logout_causes",
            "no_stranded_user",
            "no_use_while_unavailable",
            "no_zombie_session",
            "secrets_in",
            "security_never_lowered",
            "transient_never_logs_out",
            "wall_clock_jumps_harmless",
            "reauth_only_when_confirmed",
            "logout_completes_and_revokes",
            "observer_honest",
            "observer_values_honest",
        ),
        "authsession.invariants",
    ),
    "assert_invariants": "authsession.testing.checks",
    "assert_offered": "authsession.testing.checks",
    "assert_world_ok": "authsession.testing.world_check",
    "check_world": "authsession.testing.world_check",
    **dict.fromkeys(
        ("contexts", "event_sequences", "machine_events", "scenarios", "states", "world_events"),
        "authsession.testing.strategies",
    ),
    "AuthSessionStateMachine": "authsession.testing.statemachine",
    "WorldStateMachine": "authsession.testing.world_machine",
    "App": "authsession.world.policies",
    "AppContext": "authsession.world.policies",
    "SessionApp": "authsession.testing.session_app",
    "SessionParts": "authsession.testing.session_app",
    "TraceRecorder": "authsession.conformance.recorder",
    "MakeAuthSession": "authsession.testing.fixture_types",
    "MakeWorld": "authsession.testing.fixture_types",
    "LeaseBoard": "authsession.testing.lease",
    "MemoryLease": "authsession.testing.lease",
}

__all__ = [
    "App",
    "AppContext",
    "AuthSessionStateMachine",
    "FakeProtectedData",
    "KeychainCall",
    "LeaseBoard",
    "MakeAuthSession",
    "MakeWorld",
    "ManualClock",
    "MemoryKeychain",
    "MemoryLease",
    "MemoryOutbox",
    "MemorySnapshotStore",
    "Record",
    "ScriptedAuthenticator",
    "ScriptedRevoker",
    "SessionApp",
    "SessionParts",
    "TraceRecorder",
    "Violation",
    "WorldStateMachine",
    "assert_invariants",
    "assert_offered",
    "assert_world_ok",
    "check_records",
    "check_world",
    "contexts",
    "credentials_in_hand_kept",
    "deferred_work_kept",
    "event_sequences",
    "logout_causes",
    "logout_completes_and_revokes",
    "machine_events",
    "no_stranded_user",
    "no_use_while_unavailable",
    "no_zombie_session",
    "observer_honest",
    "observer_values_honest",
    "reauth_only_when_confirmed",
    "scenarios",
    "secrets_in",
    "security_never_lowered",
    "states",
    "transient_never_logs_out",
    "wall_clock_jumps_harmless",
    "world_events",
]

if TYPE_CHECKING:
    from authsession.adapters.revocation import MemoryOutbox
    from authsession.conformance.recorder import TraceRecorder
    from authsession.invariants import (
        Record,
        Violation,
        check_records,
        credentials_in_hand_kept,
        deferred_work_kept,
        logout_causes,
        logout_completes_and_revokes,
        no_stranded_user,
        no_use_while_unavailable,
        no_zombie_session,
        observer_honest,
        observer_values_honest,
        reauth_only_when_confirmed,
        secrets_in,
        security_never_lowered,
        transient_never_logs_out,
        wall_clock_jumps_harmless,
    )
    from authsession.testing.authenticator import ScriptedAuthenticator
    from authsession.testing.checks import assert_invariants, assert_offered
    from authsession.testing.clock import ManualClock
    from authsession.testing.fixture_types import MakeAuthSession, MakeWorld
    from authsession.testing.keychain import KeychainCall, MemoryKeychain
    from authsession.testing.lease import LeaseBoard, MemoryLease
    from authsession.testing.protected_data import FakeProtectedData
    from authsession.testing.revoker import ScriptedRevoker
    from authsession.testing.session_app import SessionApp, SessionParts
    from authsession.testing.snapshots import MemorySnapshotStore
    from authsession.testing.statemachine import AuthSessionStateMachine
    from authsession.testing.strategies import (
        contexts,
        event_sequences,
        machine_events,
        scenarios,
        states,
        world_events,
    )
    from authsession.testing.world_check import assert_world_ok, check_world
    from authsession.testing.world_machine import WorldStateMachine
    from authsession.world.policies import App, AppContext

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
