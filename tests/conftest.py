"""The suite's short fixture names, as aliases of the shipped pytest plugin's fixtures.

The plugin (`authsession.testing.plugin`, entry point `pytest11`) is what users get; aliasing it
here means the package's own tests exercise exactly that wiring.
"""

from __future__ import annotations

import pytest

from authsession import AuthSession
from authsession.testing import (
    FakeProtectedData,
    ManualClock,
    MemoryKeychain,
    ScriptedAuthenticator,
)


@pytest.fixture
def device(protected_data: FakeProtectedData) -> FakeProtectedData:
    return protected_data


@pytest.fixture
def keychain(memory_keychain: MemoryKeychain) -> MemoryKeychain:
    return memory_keychain


@pytest.fixture
def clock(manual_clock: ManualClock) -> ManualClock:
    return manual_clock


@pytest.fixture
def server(scripted_authenticator: ScriptedAuthenticator) -> ScriptedAuthenticator:
    return scripted_authenticator


@pytest.fixture
def session(auth_session: AuthSession) -> AuthSession:
    return auth_session
