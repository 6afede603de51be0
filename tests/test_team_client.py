"""A team's own client, judged by the kit: the sample `InboxAuth` (tests/inbox_client.py, written
like an app's code) built by the session fixture factory, run in the simulated world through
`SessionApp` and the `auth_world` fixture, stormed by a `WorldStateMachine` subclass — and each
of the mistakes a team makes in such a layer caught by the world's oracle, the shortest run
written as a scenario that reproduces it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from inbox_client import (
    CONFIG,
    ForgetfulInboxApp,
    HastyInboxApp,
    InboxApp,
    InboxAuth,
    StrictInboxApp,
)

from authsession import SessionConfig, State
from authsession.testing import (
    FakeProtectedData,
    MakeAuthSession,
    MakeWorld,
    ManualClock,
    MemoryKeychain,
    SessionApp,
    WorldStateMachine,
    assert_invariants,
    assert_offered,
    assert_world_ok,
    check_world,
)
from authsession.testing.session_app import LOGOUT_NOT_ASKED
from authsession.world import load_scenario, parse_scenario, replay

FAST = settings(
    max_examples=40,
    stateful_step_count=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
SIGN_IN: list[dict[str, Any]] = [
    {"event": "launch", "mode": "foreground"},
    {"event": "login", "user": "ada", "password": "correct horse battery staple"},
]
#: A locked night: the token expires, a background fetch arrives, the phone is unlocked.
NIGHT: list[dict[str, Any]] = [
    *SIGN_IN,
    {"event": "lock"},
    {"event": "advance", "seconds": 7200},
    {"event": "background_fetch"},
    {"event": "unlock"},
    {"event": "foreground"},
]
#: The app is relaunched in the background an hour after the phone was locked.
LOCKED_RELAUNCH: list[dict[str, Any]] = [
    *SIGN_IN,
    {"event": "terminate"},
    {"event": "lock"},
    {"event": "advance", "seconds": 3600},
    {"event": "launch", "mode": "background"},
]
#: Prewarmed while locked, suspended, unlocked without being told, then opened.
PREWARMED: list[dict[str, Any]] = [
    *SIGN_IN,
    {"event": "terminate"},
    {"event": "lock"},
    {"event": "advance", "seconds": 60},
    {"event": "launch", "mode": "prewarm"},
    {"event": "advance", "seconds": 60},
    {"event": "unlock"},
    {"event": "foreground"},
]
#: A background fetch while locked, the app not running.
LOCKED_FETCH: list[dict[str, Any]] = [
    *SIGN_IN,
    {"event": "terminate"},
    {"event": "lock"},
    {"event": "advance", "seconds": 3600},
    {"event": "background_fetch"},
]


# The client in a unit test: the fixture factory takes the team's parts ----------------------
def test_the_client_builds_its_session_with_the_fixture_factory(
    make_auth_session: MakeAuthSession,
    protected_data: FakeProtectedData,
    manual_clock: ManualClock,
    memory_keychain: MemoryKeychain,
) -> None:
    inbox = InboxAuth(make_auth_session)  # the team's config and callbacks, the fakes for the rest
    assert inbox.session.config == CONFIG and inbox.session.keychain is memory_keychain
    inbox.did_finish_launching()
    assert inbox.screen == "sign_in"
    assert inbox.sign_in("ada", "correct horse battery staple")
    assert not inbox.sign_in("ada", "again")  # not offered while signed in: the step says so
    manual_clock.advance(7200)
    protected_data.lock()
    inbox.perform_fetch("inbox")
    assert inbox.screen == "waiting_for_unlock" and inbox.synced == []
    protected_data.unlock()
    inbox.protected_data_did_become_available()
    assert inbox.screen == "inbox" and inbox.synced == ["inbox"]
    assert_invariants(inbox.session)


def test_the_factory_takes_any_part_and_closes_what_it_made(
    make_auth_session: MakeAuthSession, memory_keychain: MemoryKeychain
) -> None:
    own_keychain = MemoryKeychain()
    done: list[str] = []
    session = make_auth_session(
        keychain=own_keychain,
        config=SessionConfig(history_limit=50, seed=3),
        work_handler=lambda label, _token: done.append(label),
    )
    assert session.keychain is own_keychain and session.keychain is not memory_keychain
    assert session.config.history_limit == 50
    session.launch()
    assert_offered(session.login("ada", "pw"))
    session.request_work("sync")
    assert done == ["sync"] and own_keychain.has_item and not memory_keychain.has_item


def test_assert_offered_fails_a_call_the_state_does_not_offer(
    make_auth_session: MakeAuthSession,
) -> None:
    session = make_auth_session()
    session.launch()
    with pytest.raises(AssertionError, match="logged_out does not offer it"):
        assert_offered(session.logout())
    assert assert_offered(session.login("ada", "pw")).state is State.SIGNING_IN


# The client in the world ---------------------------------------------------------------------
def test_the_client_lives_a_locked_night_in_the_world(auth_world: MakeWorld) -> None:
    world = auth_world(NIGHT, app=InboxApp, platform="ios")
    assert_world_ok(world)
    app = world.app
    assert isinstance(app, InboxApp)
    assert app.client.synced == ["background_fetch@4"] and app.client.screen == "inbox"
    # The team's settings, the scenario's protection class and a deterministic backoff.
    config = app.session.config
    assert config.retry_base == CONFIG.retry_base and config.protection.value == "when_unlocked"
    assert config.seed == 0


@pytest.mark.parametrize("steps", [LOCKED_RELAUNCH, PREWARMED, LOCKED_FETCH, NIGHT])
@pytest.mark.parametrize("platform", ["ios", "android"])
def test_the_client_passes_where_its_mistakes_fail(
    auth_world: MakeWorld, steps: list[dict[str, Any]], platform: str
) -> None:
    assert_world_ok(auth_world(steps, app=InboxApp, platform=platform))


@pytest.mark.parametrize(
    ("app", "steps", "found"),
    [
        (
            HastyInboxApp,
            LOCKED_RELAUNCH,
            f"spurious logout: {LOGOUT_NOT_ASKED} on logout_requested",
        ),
        (ForgetfulInboxApp, PREWARMED, "stranded user: still credentials_unavailable"),
        (StrictInboxApp, LOCKED_FETCH, "app error: RuntimeError escaped the app"),
    ],
)
def test_the_oracle_catches_each_mistake_of_a_team_client(
    auth_world: MakeWorld, app: type[SessionApp], steps: list[dict[str, Any]], found: str
) -> None:
    failures = check_world(auth_world(steps, app=app, platform="ios"))
    assert any(found in line for line in failures), failures
    with pytest.raises(AssertionError, match="world failure"):
        assert_world_ok(auth_world(steps, app=app, platform="ios"))


def test_a_logout_the_user_asked_for_is_the_users(auth_world: MakeWorld) -> None:
    world = auth_world([*NIGHT, {"event": "logout"}], app=InboxApp, platform="ios")
    assert_world_ok(world)
    assert [(out.reason) for out in world.summary().logouts] == ["user_logout"]
    unasked = auth_world(LOCKED_RELAUNCH, app=HastyInboxApp, platform="ios")
    assert any(r.reason == LOGOUT_NOT_ASKED and r.is_logout for r in unasked.records)
    assert any(v.startswith("step 5: invariant 1") for v in unasked.violations())


def test_a_client_without_a_session_attribute_is_named() -> None:
    class Opaque(SessionApp):
        def make_client(self, parts: Any) -> Any:
            return object()

    scenario = parse_scenario(
        {"schema": "authsession.scenario/1", "name": "t", "steps": SIGN_IN}, "test"
    )
    with pytest.raises(TypeError, match=r"override SessionApp\.session_of"):
        replay(scenario, app=Opaque)


# The client under a state machine ------------------------------------------------------------
class InboxWorld(WorldStateMachine):
    """The team's client on iOS with every fault, raise and kill the machine injects."""

    app = InboxApp
    platform = "ios"


TestInboxWorld = InboxWorld.TestCase
TestInboxWorld.settings = FAST


class HastyInboxWorld(WorldStateMachine):
    app = HastyInboxApp
    platform = "ios"
    faults = ()


def test_a_failing_client_is_shrunk_to_a_scenario_that_reproduces_it(tmp_path: Path) -> None:
    class Hasty(HastyInboxWorld):
        failures = tmp_path

    with pytest.raises(AssertionError) as caught:
        run_state_machine_as_test(Hasty, settings=FAST)
    message = str(caught.value)
    path = tmp_path / f"{Hasty.__name__}.json"
    assert f"authsession replay {path} --check --app inbox_client:HastyInboxApp" in message
    document = json.loads(path.read_text())
    assert document["description"].startswith(f"found by the state machine {Hasty.__name__}")
    assert "policy" not in document  # the app is the team's, not a policy
    assert len(document["steps"]) <= 3  # shrunk: a boot and a launch are enough
    assert check_world(replay(load_scenario(path), app=HastyInboxApp))
    assert check_world(replay(load_scenario(path), app=InboxApp)) == []
