"""Shared fixtures: a device whose lock switch drives both the keychain and the signal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from authsession import AuthSession, SessionConfig
from authsession.testing import (
    FakeProtectedData,
    ManualClock,
    MemoryKeychain,
    ScriptedAuthenticator,
)


@pytest.fixture
def device() -> FakeProtectedData:
    return FakeProtectedData(available=True)


@pytest.fixture
def keychain(device: FakeProtectedData) -> MemoryKeychain:
    return MemoryKeychain(available=device.available)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def server() -> ScriptedAuthenticator:
    return ScriptedAuthenticator(token_lifetime=3600)


@pytest.fixture
def session(
    device: FakeProtectedData,
    keychain: MemoryKeychain,
    clock: ManualClock,
    server: ScriptedAuthenticator,
) -> Iterator[AuthSession]:
    s = AuthSession(
        keychain=keychain,
        clock=clock,
        authenticator=server,
        protected_data=device,
        config=SessionConfig(seed=7),
    )
    yield s
    s.close()
