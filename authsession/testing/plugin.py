"""The pytest plugin (entry point `pytest11: authsession`): installing the package is enough.

Owns fixtures only: `manual_clock`, `protected_data` (one lock switch), `memory_keychain` (locked
by `protected_data`), `scripted_authenticator`, `make_auth_session` (a factory: any adapter,
config, work handler or `on_notify` of yours, the four fakes above for the rest),
`auth_session` (one made with the defaults, not launched) and
`auth_world` (simulated worlds running a policy or your own app). Checks, strategies and state
machines live in `authsession.testing`. Names are prefixed so they never shadow a project's own
`clock`/`keychain`/`session` fixtures.
Loaded into every pytest run once the package is installed, so it imports nothing of the
package's until a fixture is used (the fixtures import inside), and never imports hypothesis.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from authsession.adapters.authenticator import Authenticator
    from authsession.adapters.clock import Clock
    from authsession.adapters.keychain import Keychain
    from authsession.adapters.protected_data import ProtectedDataSignal
    from authsession.adapters.revocation import RevocationOutbox, Revoker
    from authsession.runtime import AuthSession, SessionConfig
    from authsession.runtime.host import WorkFailedHandler, WorkHandler
    from authsession.runtime.snapshot import SnapshotStore
    from authsession.spec.commands import NotifyMessage
    from authsession.testing import (
        FakeProtectedData,
        ManualClock,
        MemoryKeychain,
        ScriptedAuthenticator,
    )
    from authsession.testing.fixture_types import MakeAuthSession, MakeWorld
    from authsession.world import World
    from authsession.world.policies import App, AppContext


@pytest.fixture
def manual_clock() -> ManualClock:
    """A clock that moves only when the test says `advance()` or `jump_wall()`."""
    from authsession.testing.clock import ManualClock

    return ManualClock()


@pytest.fixture
def protected_data() -> FakeProtectedData:
    """The device's protected-data signal, available at start; `lock()` / `unlock()` it."""
    from authsession.testing.protected_data import FakeProtectedData

    return FakeProtectedData(available=True)


@pytest.fixture
def memory_keychain(protected_data: FakeProtectedData) -> MemoryKeychain:
    """An empty in-memory keychain, unreadable whenever `protected_data` is locked."""
    from authsession.testing.keychain import MemoryKeychain

    return MemoryKeychain(available=protected_data.available)


@pytest.fixture
def scripted_authenticator() -> ScriptedAuthenticator:
    """A server that accepts everyone (tokens last an hour) unless `script()`ed otherwise."""
    from authsession.testing.authenticator import ScriptedAuthenticator

    return ScriptedAuthenticator(token_lifetime=3600)


@pytest.fixture
def make_auth_session(
    memory_keychain: MemoryKeychain,
    manual_clock: ManualClock,
    scripted_authenticator: ScriptedAuthenticator,
    protected_data: FakeProtectedData,
) -> MakeAuthSession:
    """`make_auth_session(keychain=..., clock=..., authenticator=..., protected_data=...,
    config=..., work_handler=..., on_notify=..., store=..., outbox=..., revoker=...,
    on_work_failed=...)`: an `AuthSession` (not launched)
    with your parts, and this test's fakes for every part you leave out (the other fixtures
    above: the same objects, so the test can still lock the device or script the server).
    `config` defaults to `SessionConfig(seed=0)` (deterministic backoff)."""
    from authsession.runtime import AuthSession, SessionConfig

    device = protected_data  # the fixture; `make` takes a signal of the same name

    def make(
        *,
        keychain: Keychain | None = None,
        clock: Clock | None = None,
        authenticator: Authenticator | None = None,
        protected_data: ProtectedDataSignal | None = None,
        config: SessionConfig | None = None,
        work_handler: WorkHandler | None = None,
        on_notify: Callable[[NotifyMessage], None] | None = None,
        store: SnapshotStore | None = None,
        outbox: RevocationOutbox | None = None,
        revoker: Revoker | None = None,
        on_work_failed: WorkFailedHandler | None = None,
    ) -> AuthSession:
        session = AuthSession(
            keychain=keychain if keychain is not None else memory_keychain,
            clock=clock if clock is not None else manual_clock,
            authenticator=authenticator if authenticator is not None else scripted_authenticator,
            protected_data=protected_data if protected_data is not None else device,
            config=config if config is not None else SessionConfig(seed=0),
            work_handler=work_handler,
            on_notify=on_notify,
            store=store,
            outbox=outbox,
            revoker=revoker,
            on_work_failed=on_work_failed,
        )
        return session

    return make


@pytest.fixture
def auth_session(make_auth_session: MakeAuthSession) -> AuthSession:
    """An `AuthSession` wired to the four fakes above (not launched yet)."""
    return make_auth_session()


@pytest.fixture
def auth_world() -> Iterator[MakeWorld]:
    """A factory for simulated worlds: `auth_world(steps, policy=None, app=None, **scenario)`
    where `steps` are world-event dicts (`{"event": "lock"}`), `app` is your own app factory
    (`(AppContext) -> App`, e.g. a `SessionApp` subclass; default: the policy's, `reference`)
    and the keyword arguments are scenario fields (`platform="android"`,
    `device={"passcode": False}`). The steps are fed before it is returned; feed more with
    `world.feed(...)`, judge it with `assert_world_ok(world)`. Every world is closed after the
    test."""
    from authsession.world import World, parse_scenario

    made: list[World] = []

    def factory(
        steps: list[dict[str, Any]],
        policy: str | None = None,
        *,
        app: Callable[[AppContext], App] | None = None,
        **fields: Any,
    ) -> World:
        scenario = parse_scenario(
            {"schema": "authsession.scenario/1", "name": "test", **fields, "steps": steps},
            "auth_world",
        )
        world = World(scenario, policy, app=app)
        made.append(world)
        for event in scenario.steps:
            world.feed(event)
        return world

    yield factory
    for world in made:
        world.close()
