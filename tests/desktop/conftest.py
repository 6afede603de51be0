"""Fixtures for the desktop keyring tests: one real, private, headless Secret Service per run.

Owns: starting `secret_service.py` (next to this file) once, pointing `keyring` and
`secretstorage` at it (environment + `keyring.set_keyring`), undoing all of that and killing the
daemons afterwards.
A Secret Service that cannot be installed or started FAILS the tests; it never skips them, since a
skipped test here would hide exactly the behaviour (locked is not "no user") the package promises.
Must not import the core or runtime.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import keyring
import pytest
from keyring.backends import SecretService

from .secret_service import SecretService as RunningService
from .secret_service import SecretServiceError, ensure_installed, start

_timings: dict[str, float] = {}


# Package scope: started once, like a session fixture, but the environment it patches (HOME,
# DBUS_SESSION_BUS_ADDRESS, no DISPLAY) is restored before tests outside tests/desktop run.
@pytest.fixture(scope="package")
def secret_service() -> Iterator[RunningService]:
    problem: SecretServiceError | None = None
    try:
        install_seconds = ensure_installed()
        service = start()
    except SecretServiceError as exc:
        problem = exc
    if problem is not None:  # outside the except: the message is the whole story, no chain
        pytest.fail(
            f"could not provide a real Secret Service (GNOME Keyring) for the desktop tests: "
            f"{problem}",
            pytrace=False,
        )
    _timings.update(install=install_seconds, start=service.startup_seconds)
    patch = pytest.MonkeyPatch()
    try:
        for name, value in service.env.items():
            patch.setenv(name, value)
        # Headless on purpose: with a display, a locked collection would open a prompt instead of
        # failing, and the tests would measure the adapter's timeout instead of the real answer.
        patch.delenv("DISPLAY", raising=False)
        patch.delenv("WAYLAND_DISPLAY", raising=False)
        patch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.SecretService.Keyring")
        previous = keyring.get_keyring()
        keyring.set_keyring(SecretService.Keyring())
        try:
            yield service
        finally:
            keyring.set_keyring(previous)
    finally:
        patch.undo()
        service.stop()


@pytest.fixture
def backend(secret_service: RunningService) -> SecretService.Keyring:
    return SecretService.Keyring()


@pytest.fixture
def service_name() -> str:
    """A keyring service unique to the test, so tests never see each other's items."""
    return f"authsession-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def locked(secret_service: RunningService) -> Iterator[RunningService]:
    """Locks the login collection for the test; unlocks it afterwards whatever happened."""
    secret_service.lock()
    assert secret_service.is_locked()
    try:
        yield secret_service
    finally:
        if secret_service.is_locked():
            secret_service.unlock()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _timings:
        terminalreporter.write_line(
            f"secret service: install {_timings.get('install', 0.0):.1f} s, "
            f"daemon start {_timings.get('start', 0.0):.2f} s"
        )
