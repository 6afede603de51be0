"""The pytest plugin (entry point `pytest11: authsession`): installing the package is enough.

Owns: the fixtures a user's own auth-flow test needs — `manual_clock`, `protected_data` (one lock
switch), `memory_keychain` (locked by `protected_data`), `scripted_authenticator`, `auth_session`
(all four wired into an `AuthSession`, closed after the test), `auth_world` (a factory of
simulated worlds) — and `assert_invariants(records)`.
Names are prefixed so they never shadow a project's own `clock`/`keychain`/`session` fixtures.
Loaded into every pytest run once the package is installed, so it imports the package lazily
(inside the fixtures) and never imports hypothesis.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

import pytest

if TYPE_CHECKING:
    from authsession.invariants import Record
    from authsession.runtime import AuthSession
    from authsession.testing import (
        FakeProtectedData,
        ManualClock,
        MemoryKeychain,
        ScriptedAuthenticator,
    )
    from authsession.world import World


class _HasRecords(Protocol):
    @property
    def records(self) -> tuple[Record, ...]: ...


def assert_invariants(records: Iterable[Record] | _HasRecords) -> None:
    """Fail the test, listing every broken invariant, if these transitions (or an `AuthSession`'s
    `records`) break invariants 1 to 5 or 8.

    >>> from authsession.testing import ManualClock, MemoryKeychain, ScriptedAuthenticator
    >>> from authsession import AuthSession
    >>> session = AuthSession(keychain=MemoryKeychain(), clock=ManualClock(),
    ...                       authenticator=ScriptedAuthenticator())
    >>> session.launch(); assert_invariants(session)
    """
    from authsession.invariants import check_records

    items = tuple(records.records if hasattr(records, "records") else records)
    violations = check_records(items)
    if violations:
        raise AssertionError(
            f"{len(violations)} invariant violation(s):\n"
            + "\n".join(f"  {violation}" for violation in violations)
        )


@pytest.fixture
def manual_clock() -> ManualClock:
    """A clock that moves only when the test says `advance()` or `jump_wall()`."""
    from authsession.testing import ManualClock

    return ManualClock()


@pytest.fixture
def protected_data() -> FakeProtectedData:
    """The device's protected-data signal, available at start; `lock()` / `unlock()` it."""
    from authsession.testing import FakeProtectedData

    return FakeProtectedData(available=True)


@pytest.fixture
def memory_keychain(protected_data: FakeProtectedData) -> MemoryKeychain:
    """An empty in-memory keychain, unreadable whenever `protected_data` is locked."""
    from authsession.testing import MemoryKeychain

    return MemoryKeychain(available=protected_data.available)


@pytest.fixture
def scripted_authenticator() -> ScriptedAuthenticator:
    """A server that accepts everyone (tokens last an hour) unless `script()`ed otherwise."""
    from authsession.testing import ScriptedAuthenticator

    return ScriptedAuthenticator(token_lifetime=3600)


@pytest.fixture
def auth_session(
    memory_keychain: MemoryKeychain,
    manual_clock: ManualClock,
    scripted_authenticator: ScriptedAuthenticator,
    protected_data: FakeProtectedData,
) -> Iterator[AuthSession]:
    """An `AuthSession` wired to the four fixtures above (not launched yet)."""
    from authsession.runtime import AuthSession, SessionConfig

    session = AuthSession(
        keychain=memory_keychain,
        clock=manual_clock,
        authenticator=scripted_authenticator,
        protected_data=protected_data,
        config=SessionConfig(seed=0),
    )
    yield session
    session.close()


@pytest.fixture
def auth_world() -> Iterator[Callable[..., World]]:
    """A factory for simulated worlds: `auth_world(steps, policy="reference", **scenario)` where
    `steps` are world-event dicts (`{"event": "lock"}`) and the keyword arguments are scenario
    fields (`platform="android"`, `device={"passcode": False}`). Every world is closed after the
    test. Feed more events with `world.feed(...)`; read `world.summary()`."""
    from authsession.world import World, parse_scenario

    made: list[World] = []

    def factory(
        steps: list[dict[str, object]], policy: str = "reference", **fields: object
    ) -> World:
        scenario = parse_scenario(
            {"schema": "authsession.scenario/1", "name": "test", **fields, "steps": steps},
            "auth_world",
        )
        world = World(scenario, policy)
        for event in scenario.steps:
            world.feed(event)
        made.append(world)
        return world

    yield factory
    for world in made:
        world.close()
