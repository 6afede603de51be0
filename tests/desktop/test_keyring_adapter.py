"""`KeyringKeychain` against a real GNOME Keyring, plus scripted backends for what it cannot show.

Owns: the desktop adapter's contract tests — found / not found / locked is Unavailable (read, store
and delete) and nothing is lost across a lock, the time bound, the refused backends and protection
classes, and that no secret leaks. Must not import the core or runtime.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from keyring import errors
from keyring.backends import SecretService, chainer, fail, null
from keyrings.alt.file import PlaintextKeyring

from authsession.adapters.keychain import (
    INSECURE_PROTECTION,
    Credentials,
    Deleted,
    Failed,
    Found,
    Keychain,
    NotFound,
    ProtectionClass,
    Stored,
    Unavailable,
)
from authsession.platforms.desktop import (
    DESKTOP_PROTECTION,
    ITEM_USERNAME,
    InsecureBackendError,
    KeyringKeychain,
    UnsupportedProtectionError,
)

from .secret_service import SecretService as RunningService

WHEN_UNLOCKED = ProtectionClass.WHEN_UNLOCKED
CANARY = "canary-8f1c2e-do-not-print"


def creds(account: str = "ada", secret: str = "correct horse battery staple") -> Credentials:
    return Credentials(account=account, secret=secret)


# --- scripted backends (plain classes: subclassing KeyringBackend would register them globally) --
class MemoryBackend:
    """A keyring backend in a dict; `errors` makes the named operation raise instead."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}
        self.errors: dict[str, Exception] = {}

    def get_password(self, service: str, username: str) -> str | None:
        if "get" in self.errors:
            raise self.errors["get"]
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if "set" in self.errors:
            raise self.errors["set"]
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if "delete" in self.errors:
            raise self.errors["delete"]
        if self.items.pop((service, username), None) is None:
            raise errors.PasswordDeleteError("No such password!")


class HangingBackend:
    """Blocks every call until released, like `get_password` behind an unanswered unlock prompt."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.calls = 0

    def _hang(self) -> None:
        self.calls += 1
        self.release.wait(timeout=30)

    def get_password(self, service: str, username: str) -> str | None:
        self._hang()
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self._hang()

    def delete_password(self, service: str, username: str) -> None:
        self._hang()


class MyPlaintextKeyring(MemoryBackend):
    """Stands for any third-party plaintext backend: refused by its name."""


def chain_of(*members: object) -> chainer.ChainerBackend:
    """keyring's ChainerBackend over a fixed chain (its own discovers installed backends)."""

    class Chain(chainer.ChainerBackend):
        backends: ClassVar[list[object]] = list(members)  # type: ignore[misc]

    return Chain()


@pytest.fixture
def hanging() -> Iterator[HangingBackend]:
    backend = HangingBackend()
    yield backend
    backend.release.set()  # let the abandoned worker threads finish


# --- the real Secret Service --------------------------------------------------------------------
def test_is_a_keychain(backend: SecretService.Keyring, service_name: str) -> None:
    assert isinstance(KeyringKeychain(service_name, backend=backend), Keychain)


def test_store_then_read_is_found(backend: SecretService.Keyring, service_name: str) -> None:
    keychain = KeyringKeychain(service_name, backend=backend)
    assert keychain.store(creds(), WHEN_UNLOCKED) == Stored()
    result = keychain.read()
    assert isinstance(result, Found)
    assert result.credentials.account == "ada"
    assert result.credentials.secret.get_secret_value() == "correct horse battery staple"


def test_store_replaces_the_item(backend: SecretService.Keyring, service_name: str) -> None:
    keychain = KeyringKeychain(service_name, backend=backend)
    keychain.store(creds("ada", "first"), WHEN_UNLOCKED)
    keychain.store(creds("grace", "second"), WHEN_UNLOCKED)
    result = keychain.read()
    assert isinstance(result, Found)
    assert result.credentials.account == "grace"
    assert result.credentials.secret.get_secret_value() == "second"


def test_missing_item_is_not_found(backend: SecretService.Keyring, service_name: str) -> None:
    assert isinstance(KeyringKeychain(service_name, backend=backend).read(), NotFound)


def test_delete_then_read_is_not_found(backend: SecretService.Keyring, service_name: str) -> None:
    keychain = KeyringKeychain(service_name, backend=backend)
    keychain.store(creds(), WHEN_UNLOCKED)
    assert keychain.delete() == Deleted()
    assert isinstance(keychain.read(), NotFound)
    assert keychain.delete() == Deleted()  # nothing to delete is still "gone"


def test_default_backend_is_the_configured_secret_service(
    secret_service: RunningService, service_name: str
) -> None:
    keychain = KeyringKeychain(service_name)
    assert isinstance(keychain.backend, SecretService.Keyring)
    keychain.store(creds(), WHEN_UNLOCKED)
    assert isinstance(keychain.read(), Found)
    keychain.delete()


def test_locked_collection_is_unavailable_and_loses_nothing(
    secret_service: RunningService, backend: SecretService.Keyring, service_name: str
) -> None:
    timeout = 2.0
    keychain = KeyringKeychain(service_name, backend=backend, timeout=timeout)
    keychain.store(creds("ada", "original"), WHEN_UNLOCKED)

    secret_service.lock()
    try:
        for operation in (
            keychain.read,
            lambda: keychain.store(creds("mallory", "overwritten"), WHEN_UNLOCKED),
            keychain.delete,
        ):
            started = time.monotonic()
            result = operation()
            elapsed = time.monotonic() - started
            assert isinstance(result, Unavailable), result
            assert "KeyringLocked" in result.detail
            assert elapsed < timeout
        assert secret_service.is_locked()
    finally:
        secret_service.unlock()  # headless: gnome-keyring's unlock-with-master-password call

    result = keychain.read()
    assert isinstance(result, Found)
    assert result.credentials.account == "ada"
    assert result.credentials.secret.get_secret_value() == "original"


def test_locked_missing_item_is_unavailable_not_not_found(
    locked: RunningService, backend: SecretService.Keyring, service_name: str
) -> None:
    # The whole point: while locked, "no such item" cannot be known, so it must not be said.
    assert isinstance(KeyringKeychain(service_name, backend=backend).read(), Unavailable)


@pytest.mark.parametrize(
    "payload", ["not json", "[1, 2]", '{"account": "ada"}', '{"account": 1, "secret": "s"}']
)
def test_malformed_payload_is_failed(
    backend: SecretService.Keyring, service_name: str, payload: str
) -> None:
    backend.set_password(service_name, ITEM_USERNAME, payload)
    result = KeyringKeychain(service_name, backend=backend).read()
    assert isinstance(result, Failed)
    assert payload not in result.detail
    backend.delete_password(service_name, ITEM_USERNAME)


def test_no_secret_in_repr_str_results_or_debug_logs(
    secret_service: RunningService,
    backend: SecretService.Keyring,
    service_name: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # root: keyring's, secretstorage's and ours
    keychain = KeyringKeychain(service_name, backend=backend, timeout=1.0)
    seen: list[object] = [keychain, keychain.store(creds("ada", CANARY), WHEN_UNLOCKED)]
    seen.append(keychain.read())
    secret_service.lock()
    try:
        seen += [keychain.read(), keychain.store(creds("ada", CANARY), WHEN_UNLOCKED)]
    finally:
        secret_service.unlock()
    backend.set_password(service_name, ITEM_USERNAME, f'{{"account": "ada", "secret": {CANARY}}}')
    seen += [keychain.read(), keychain.delete()]

    leaky = MemoryBackend()
    leaky.errors["set"] = errors.PasswordSetError(f"could not store {CANARY}")
    seen.append(
        KeyringKeychain(service_name, backend=leaky).store(creds(secret=CANARY), WHEN_UNLOCKED)
    )

    assert any(isinstance(result, Found) for result in seen)
    assert any(isinstance(result, Unavailable) for result in seen)
    for thing in seen:
        assert CANARY not in repr(thing)
        assert CANARY not in str(thing)
    assert CANARY not in caplog.text
    assert "keyring read" in caplog.text  # the adapter did log, just not the secret


# --- the time bound -------------------------------------------------------------------------------
def test_hanging_backend_is_unavailable_within_the_timeout(hanging: HangingBackend) -> None:
    keychain = KeyringKeychain("app", backend=hanging, timeout=0.2)
    started = time.monotonic()
    result = keychain.read()
    assert time.monotonic() - started < 1.0
    assert isinstance(result, Unavailable)
    assert "did not answer read within 0.2 s" in result.detail


def test_calls_after_an_abandoned_one_answer_at_once(hanging: HangingBackend) -> None:
    keychain = KeyringKeychain("app", backend=hanging, timeout=0.2)
    first = keychain.store(creds(), WHEN_UNLOCKED)
    assert isinstance(first, Unavailable)
    assert "did not answer store" in first.detail
    started = time.monotonic()
    results = [keychain.read(), keychain.store(creds(), WHEN_UNLOCKED), keychain.delete()]
    assert time.monotonic() - started < 0.5
    assert all(isinstance(r, Unavailable) and "still not returned" in r.detail for r in results)
    assert hanging.calls == 1  # no pile-up of stuck threads, no later write racing the first

    hanging.release.set()
    deadline = time.monotonic() + 5
    while isinstance(result := keychain.read(), Unavailable) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert isinstance(result, NotFound)


# --- error mapping (scripted backend: what a real keyring raises elsewhere) ---------------------
@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (errors.KeyringLocked("Failed to unlock the collection!"), Unavailable),
        (errors.NoKeyringError("No recommended backend"), Failed),
        (errors.InitError("Failed to create the collection"), Failed),
        (errors.KeyringError("Unknown Error (-25308)"), Failed),  # macOS "interaction not allowed"
        (RuntimeError("D-Bus connection closed"), Failed),
    ],
)
def test_read_errors_map(error: Exception, expected: type[Unavailable] | type[Failed]) -> None:
    backend = MemoryBackend()
    backend.errors["get"] = error
    result = KeyringKeychain("app", backend=backend).read()
    assert isinstance(result, expected)
    assert type(error).__name__ in result.detail


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (errors.KeyringLocked("locked"), Unavailable),
        (errors.PasswordSetError("Failed to store"), Failed),
        (errors.NoKeyringError("none"), Failed),
    ],
)
def test_store_errors_map(error: Exception, expected: type) -> None:
    backend = MemoryBackend()
    backend.errors["set"] = error
    assert isinstance(
        KeyringKeychain("app", backend=backend).store(creds(), WHEN_UNLOCKED), expected
    )


def test_real_fail_backend_is_failed() -> None:
    result = KeyringKeychain("app", backend=fail.Keyring()).read()
    assert isinstance(result, Failed)
    assert "NoKeyringError" in result.detail


def test_delete_error_with_the_item_still_there_is_failed() -> None:
    backend = MemoryBackend()
    keychain = KeyringKeychain("app", backend=backend)
    keychain.store(creds(), WHEN_UNLOCKED)
    backend.errors["delete"] = errors.PasswordDeleteError("Cancelled by user")  # kwallet
    assert isinstance(keychain.delete(), Failed)


def test_delete_error_while_locked_is_unavailable() -> None:
    backend = MemoryBackend()
    backend.errors["delete"] = errors.PasswordDeleteError("Can't delete password in keychain")
    backend.errors["get"] = errors.KeyringLocked("locked")
    assert isinstance(KeyringKeychain("app", backend=backend).delete(), Unavailable)


# --- refused backends ---------------------------------------------------------------------------
def test_null_backend_is_refused() -> None:
    with pytest.raises(InsecureBackendError, match="null backend"):
        KeyringKeychain("app", backend=null.Keyring())
    assert issubclass(InsecureBackendError, ValueError)


def test_plaintext_backends_are_refused() -> None:
    for backend in (PlaintextKeyring(), MyPlaintextKeyring()):
        with pytest.raises(InsecureBackendError, match="plaintext"):
            KeyringKeychain("app", backend=backend)


def test_chain_with_a_plaintext_fallback_is_refused(backend: SecretService.Keyring) -> None:
    with pytest.raises(InsecureBackendError, match="falls back to PlaintextKeyring"):
        KeyringKeychain("app", backend=chain_of(backend, PlaintextKeyring()))


def test_keyrings_default_chain_here_is_refused(secret_service: RunningService) -> None:
    # keyring's own chain with keyrings.alt installed: Secret Service first, plaintext file after.
    chain = chainer.ChainerBackend()
    assert any(isinstance(member, PlaintextKeyring) for member in chain.backends)
    with pytest.raises(InsecureBackendError):
        KeyringKeychain("app", backend=chain)


def test_chain_of_secure_backends_is_accepted(
    backend: SecretService.Keyring, service_name: str
) -> None:
    keychain = KeyringKeychain(service_name, backend=chain_of(backend))
    assert isinstance(keychain.read(), NotFound)


def test_insecure_backends_accepted_when_allowed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    plaintext = KeyringKeychain("app", backend=PlaintextKeyring(), allow_insecure_backend=True)
    plaintext.store(creds(), WHEN_UNLOCKED)
    assert isinstance(plaintext.read(), Found)
    # What the refusal prevents: the null backend says "not found" for an item it never kept.
    nothing = KeyringKeychain("app", backend=null.Keyring(), allow_insecure_backend=True)
    assert nothing.store(creds(), WHEN_UNLOCKED) == Stored()
    assert isinstance(nothing.read(), NotFound)


# --- protection classes -------------------------------------------------------------------------
@pytest.mark.parametrize("protection", sorted(DESKTOP_PROTECTION))
def test_desktop_protection_classes_are_stored(protection: ProtectionClass) -> None:
    assert KeyringKeychain("app", backend=MemoryBackend()).store(creds(), protection) == Stored()


@pytest.mark.parametrize("protection", sorted(INSECURE_PROTECTION))
def test_insecure_protection_refused_unless_allowed(protection: ProtectionClass) -> None:
    backend = MemoryBackend()
    with pytest.raises(UnsupportedProtectionError, match="without any unlock"):
        KeyringKeychain("app", backend=backend).store(creds(), protection)
    assert backend.items == {}
    allowed = KeyringKeychain("app", backend=backend, allow_insecure_protection=True)
    assert allowed.store(creds(), protection) == Stored()


def test_passcode_set_cannot_be_enforced() -> None:
    with pytest.raises(UnsupportedProtectionError, match="cannot be enforced"):
        KeyringKeychain("app", backend=MemoryBackend()).store(
            creds(), ProtectionClass.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY
        )


# --- construction -------------------------------------------------------------------------------
@pytest.mark.parametrize(("service", "timeout"), [("", 1.0), ("app", 0.0), ("app", float("nan"))])
def test_bad_arguments_are_refused(service: str, timeout: float) -> None:
    with pytest.raises(ValueError, match=r"service|timeout"):
        KeyringKeychain(service, backend=MemoryBackend(), timeout=timeout)


def test_importing_the_package_does_not_import_keyring() -> None:
    code = "import sys, authsession.platforms.desktop; sys.exit('keyring' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
