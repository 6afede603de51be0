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

from authsession._lazy import reexports

if TYPE_CHECKING:
    from authsession.adapters.revocation import MemoryOutbox as MemoryOutbox
    from authsession.conformance.recorder import TraceRecorder as TraceRecorder
    from authsession.invariants import Record as Record
    from authsession.invariants import Violation as Violation
    from authsession.invariants import check_records as check_records
    from authsession.invariants import credentials_in_hand_kept as credentials_in_hand_kept
    from authsession.invariants import deferred_work_kept as deferred_work_kept
    from authsession.invariants import logout_causes as logout_causes
    from authsession.invariants import logout_completes_and_revokes as logout_completes_and_revokes
    from authsession.invariants import no_stranded_user as no_stranded_user
    from authsession.invariants import no_use_while_unavailable as no_use_while_unavailable
    from authsession.invariants import no_zombie_session as no_zombie_session
    from authsession.invariants import observer_honest as observer_honest
    from authsession.invariants import observer_values_honest as observer_values_honest
    from authsession.invariants import reauth_only_when_confirmed as reauth_only_when_confirmed
    from authsession.invariants import secrets_in as secrets_in
    from authsession.invariants import security_never_lowered as security_never_lowered
    from authsession.invariants import transient_never_logs_out as transient_never_logs_out
    from authsession.invariants import wall_clock_jumps_harmless as wall_clock_jumps_harmless
    from authsession.testing.authenticator import ScriptedAuthenticator as ScriptedAuthenticator
    from authsession.testing.checks import assert_invariants as assert_invariants
    from authsession.testing.checks import assert_offered as assert_offered
    from authsession.testing.clock import ManualClock as ManualClock
    from authsession.testing.fixture_types import MakeAuthSession as MakeAuthSession
    from authsession.testing.fixture_types import MakeWorld as MakeWorld
    from authsession.testing.keychain import KeychainCall as KeychainCall
    from authsession.testing.keychain import MemoryKeychain as MemoryKeychain
    from authsession.testing.lease import LeaseBoard as LeaseBoard
    from authsession.testing.lease import MemoryLease as MemoryLease
    from authsession.testing.protected_data import FakeProtectedData as FakeProtectedData
    from authsession.testing.revoker import ScriptedRevoker as ScriptedRevoker
    from authsession.testing.session_app import SessionApp as SessionApp
    from authsession.testing.session_app import SessionParts as SessionParts
    from authsession.testing.snapshots import MemorySnapshotStore as MemorySnapshotStore
    from authsession.testing.statemachine import AuthSessionStateMachine as AuthSessionStateMachine
    from authsession.testing.strategies import contexts as contexts
    from authsession.testing.strategies import event_sequences as event_sequences
    from authsession.testing.strategies import machine_events as machine_events
    from authsession.testing.strategies import scenarios as scenarios
    from authsession.testing.strategies import states as states
    from authsession.testing.strategies import world_events as world_events
    from authsession.testing.world_check import assert_world_ok as assert_world_ok
    from authsession.testing.world_check import check_world as check_world
    from authsession.testing.world_machine import WorldStateMachine as WorldStateMachine
    from authsession.world.policies import App as App
    from authsession.world.policies import AppContext as AppContext

__getattr__, __dir__, __all__ = reexports(__name__)
