"""`KeyringKeychain`: the real desktop keychain (Secret Service, macOS, Windows) via `keyring`.

Owns: the translation of `keyring`'s answers into the `Keychain` contract — a locked collection is
`Unavailable`, only a clean "no such item" is `NotFound` — the refusal of backends that cannot tell
"no user" from "cannot read" or that write secrets in plain text, and the time bound on every
keyring call (keyring has none, and an unlock prompt on a desktop session blocks forever).
Must not import the core, runtime or CLI, and must not import `keyring` at module import time:
the core package works without the `desktop` extra installed.
"""

from __future__ import annotations

import importlib
import json
import logging
import math
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final, Generic, Protocol, TypeVar

from authsession.adapters.clock import Clock, SystemClock
from authsession.adapters.keychain import (
    INSECURE_PROTECTION,
    Credentials,
    Deleted,
    DeleteResult,
    Failed,
    Found,
    NotFound,
    ProtectionClass,
    ReadResult,
    Stored,
    StoreResult,
    Unavailable,
)
from authsession.errors import AuthSessionError, UnsupportedProtectionError

__all__ = [
    "DESKTOP_PROTECTION",
    "ITEM_USERNAME",
    "InsecureBackendError",
    "KeyringBackendLike",
    "KeyringKeychain",
    "UnsupportedProtectionError",
]

_log = logging.getLogger(__name__)

#: The keyring "username" under which the one credentials item of a service is kept. The user's
#: account name lives inside the payload, so a change of account replaces the item instead of
#: leaving the previous user's secret behind under another key.
ITEM_USERNAME: Final = "authsession.credentials"

#: Classes a desktop keyring honours. It has exactly one: readable while the user's keyring is
#: unlocked (normally from login until it is locked or the session ends). That is at least as strict
#: as "after first unlock", so both families map onto it. Desktop keyrings do not sync the item, so
#: the `_THIS_DEVICE_ONLY` variants hold too — except that keyring's Windows backend writes
#: `CRED_PERSIST_ENTERPRISE` credentials, which follow a roaming profile (see docs).
DESKTOP_PROTECTION: Final = frozenset(
    {
        ProtectionClass.WHEN_UNLOCKED,
        ProtectionClass.WHEN_UNLOCKED_THIS_DEVICE_ONLY,
        ProtectionClass.AFTER_FIRST_UNLOCK,
        ProtectionClass.AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY,
        ProtectionClass.CREDENTIAL_ENCRYPTED,
    }
)

# Matched by qualified class name anywhere in the MRO, so detection needs neither keyring nor
# keyrings.alt imported and also catches subclasses.
_NULL_BACKENDS: Final = frozenset({"keyring.backends.null.Keyring"})
_CHAINER_BACKENDS: Final = frozenset({"keyring.backends.chainer.ChainerBackend"})

_T = TypeVar("_T")


class InsecureBackendError(AuthSessionError, ValueError):
    """The keyring backend would silently lower security or hide a locked keyring.

    Raised at construction for the `null` backend (answers "nothing" to every read, which the
    session would take for "no user") and for plaintext file backends, directly or as a fallback
    in a `ChainerBackend`. Pass `allow_insecure_backend=True` to accept them knowingly.
    """


class KeyringBackendLike(Protocol):
    """The three calls of `keyring.backend.KeyringBackend` this adapter uses."""

    def get_password(self, service: str, username: str) -> str | None: ...

    def set_password(self, service: str, username: str, password: str) -> None: ...

    def delete_password(self, service: str, username: str) -> None: ...


def _qualified_names(obj: object) -> set[str]:
    return {f"{cls.__module__}.{cls.__qualname__}" for cls in type(obj).__mro__}


def _insecure_reason(backend: object) -> str | None:
    """Why `backend` must not hold credentials, or None when it may."""
    names = _qualified_names(backend)
    if names & _NULL_BACKENDS:
        return "the null backend answers None to every read, indistinguishable from 'no user'"
    if any("plaintext" in name.rsplit(".", 1)[-1].lower() for name in names):
        return "a plaintext backend writes the secret unencrypted to a file"
    if names & _CHAINER_BACKENDS:
        # A chain writes to its first backend that accepts the call and reads from the first that
        # answers, so one insecure member can end up holding (or hiding) the credentials.
        chain: Iterable[object] = getattr(backend, "backends", ())
        for member in chain:
            reason = _insecure_reason(member)
            if reason is not None:
                return f"its chain falls back to {type(member).__name__}: {reason}"
    return None


def _backend_name(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


@dataclass(frozen=True, slots=True)
class _Returned(Generic[_T]):
    value: _T


@dataclass(frozen=True, slots=True)
class _Raised:
    error: Exception


@dataclass(frozen=True, slots=True)
class _NoAnswer:
    """The call did not return in time; `detail` says why (already secret-free)."""

    detail: str


class KeyringKeychain:
    """Implements `authsession.adapters.Keychain` over a `keyring` backend.

    `service` names the app (the keyring "service"); the item's keyring username is
    `ITEM_USERNAME`. `backend` defaults to `keyring.get_keyring()` resolved now, so a refused
    default fails at construction. Every keyring call runs in a daemon worker thread and is given up
    on after `timeout` seconds (answer: `Unavailable`). While an abandoned call is still running,
    further calls answer `Unavailable` at once rather than race it or pile up threads.
    """

    def __init__(
        self,
        service: str,
        *,
        backend: KeyringBackendLike | None = None,
        allow_insecure_backend: bool = False,
        allow_insecure_protection: bool = False,
        timeout: float = 5.0,
        clock: Clock | None = None,
    ) -> None:
        # Timeouts are deadlines on the clock adapter's monotonic time (all time comes from it).
        self._clock: Clock = clock if clock is not None else SystemClock()
        if not service:
            raise ValueError("service must be a non-empty string")
        if not (math.isfinite(timeout) and timeout > 0):
            raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
        # importlib rather than `import keyring`: mypy and the core stay clean without the extra.
        try:
            self._errors = importlib.import_module("keyring.errors")
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise ImportError(
                "KeyringKeychain needs the `keyring` package: install authsession[desktop]"
            ) from exc
        if backend is None:
            keyring = importlib.import_module("keyring")
            backend = keyring.get_keyring()
        reason = _insecure_reason(backend)
        if reason is not None and not allow_insecure_backend:
            raise InsecureBackendError(
                f"refusing keyring backend {_backend_name(backend)}: {reason} "
                "(pass allow_insecure_backend=True to accept it)"
            )
        self._service = service
        self._backend: KeyringBackendLike = backend
        self._allow_insecure_protection = allow_insecure_protection
        self._timeout = float(timeout)
        self._lock = threading.Lock()
        self._abandoned: threading.Thread | None = None

    def __repr__(self) -> str:
        return (
            f"KeyringKeychain(service={self._service!r}, backend={_backend_name(self._backend)}, "
            f"timeout={self._timeout})"
        )

    @property
    def service(self) -> str:
        return self._service

    @property
    def backend(self) -> KeyringBackendLike:
        return self._backend

    # Keychain protocol -------------------------------------------------------------------------
    def read(self) -> ReadResult:
        started = self._clock.monotonic()
        outcome = self._bounded("read", self._get, started + self._timeout)
        result = self._read_result(outcome)
        self._trace("read", result.kind, started)
        return result

    def store(self, credentials: Credentials, protection: ProtectionClass) -> StoreResult:
        self._check_protection(protection)
        started = self._clock.monotonic()
        secret = credentials.secret.get_secret_value()
        payload = json.dumps({"account": credentials.account, "secret": secret})

        def set_item() -> None:
            # keyring's set_password replaces an existing item (Secret Service: replace=True), so
            # there is no moment without an item. macOS's backend deletes-then-adds (see docs).
            self._backend.set_password(self._service, ITEM_USERNAME, payload)

        outcome = self._bounded("store", set_item, started + self._timeout)
        result: StoreResult
        if isinstance(outcome, _Returned):
            result = Stored()
        elif isinstance(outcome, _NoAnswer):
            result = Unavailable(detail=outcome.detail)
        else:
            result = self._error_result(outcome.error, scrub=(secret, payload))
        self._trace("store", result.kind, started)
        return result

    def delete(self) -> DeleteResult:
        started = self._clock.monotonic()
        deadline = started + self._timeout

        def delete_item() -> None:
            self._backend.delete_password(self._service, ITEM_USERNAME)

        outcome = self._bounded("delete", delete_item, deadline)
        result: DeleteResult
        if isinstance(outcome, _Returned):
            result = Deleted()
        elif isinstance(outcome, _NoAnswer):
            result = Unavailable(detail=outcome.detail)
        elif isinstance(outcome.error, self._errors.PasswordDeleteError):
            # Backends raise PasswordDeleteError for "no such item" but also for a cancelled prompt
            # (kwallet) or any Security-framework error (macOS). Reporting a surviving item as
            # Deleted would let a signed-out user come back, so confirm the absence with a read.
            result = self._confirm_absent(deadline)
        else:
            result = self._error_result(outcome.error)
        self._trace("delete", result.kind, started)
        return result

    # internals ---------------------------------------------------------------------------------
    def _get(self) -> str | None:
        return self._backend.get_password(self._service, ITEM_USERNAME)

    def _check_protection(self, protection: ProtectionClass) -> None:
        if protection in INSECURE_PROTECTION:
            if self._allow_insecure_protection:
                return  # the keyring is stricter than asked for; allowed means allowed
            raise UnsupportedProtectionError(
                f"protection class {protection.value!r} is readable without any unlock; refused "
                "unless allow_insecure_protection=True"
            )
        if protection not in DESKTOP_PROTECTION:
            # e.g. when_passcode_set: a desktop keyring may have an empty password (GNOME Keyring
            # then stores the item unencrypted) and the adapter cannot find out.
            raise UnsupportedProtectionError(
                f"protection class {protection.value!r} cannot be enforced by a desktop keyring"
            )

    def _confirm_absent(self, deadline: float) -> DeleteResult:
        outcome = self._bounded("delete-confirm", self._get, deadline)
        if isinstance(outcome, _NoAnswer):
            return Unavailable(detail=outcome.detail)
        if isinstance(outcome, _Raised):
            return self._error_result(outcome.error)
        if outcome.value is None:
            return Deleted()
        return Failed(detail="the keyring refused to delete the item and it is still there")

    def _read_result(self, outcome: _Returned[str | None] | _Raised | _NoAnswer) -> ReadResult:
        if isinstance(outcome, _NoAnswer):
            return Unavailable(detail=outcome.detail)
        if isinstance(outcome, _Raised):
            return self._error_result(outcome.error)
        if outcome.value is None:
            return NotFound(detail=f"no item for service {self._service!r}")
        credentials = _parse_payload(outcome.value)
        if credentials is None:
            # Says nothing about the user (another program may own this key): never NotFound.
            return Failed(detail="the stored item is not an authsession credentials payload")
        return Found(credentials=credentials)

    def _error_result(self, error: Exception, scrub: tuple[str, ...] = ()) -> Unavailable | Failed:
        detail = f"{type(error).__name__}: {error}"
        for text in scrub:
            if text:
                detail = detail.replace(text, "**********")
        detail = detail[:300]
        if isinstance(error, self._errors.KeyringLocked):
            return Unavailable(detail=detail)
        # NoKeyringError, InitError, PasswordSetError, any other KeyringError, and whatever a
        # backend lets through (secretstorage/jeepney errors when the bus is gone): transient.
        return Failed(detail=detail)

    def _bounded(
        self, operation: str, call: Callable[[], _T], deadline: float
    ) -> _Returned[_T] | _Raised | _NoAnswer:
        """Run `call` in a daemon thread; stop waiting at `deadline` (monotonic seconds)."""
        if not self._lock.acquire(timeout=max(0.0, deadline - self._clock.monotonic())):
            return _NoAnswer(
                f"another keyring call on this adapter did not finish within {self._timeout} s"
            )
        try:
            if self._abandoned is not None:
                if self._abandoned.is_alive():
                    return _NoAnswer(
                        "an earlier keyring call has still not returned (likely waiting on an "
                        "unlock prompt)"
                    )
                self._abandoned = None
            box: list[_Returned[_T] | _Raised] = []

            def work() -> None:
                try:
                    box.append(_Returned(call()))
                except Exception as exc:
                    box.append(_Raised(exc))

            # Daemon: a thread stuck on an unlock prompt must not keep the process alive at exit.
            worker = threading.Thread(
                target=work, name=f"authsession-keyring-{operation}", daemon=True
            )
            worker.start()
            worker.join(max(0.0, deadline - self._clock.monotonic()))
            if worker.is_alive():
                self._abandoned = worker
                return _NoAnswer(
                    f"the keyring did not answer {operation} within {self._timeout} s (likely "
                    "waiting on an unlock prompt); the call was abandoned"
                )
            if not box:  # pragma: no cover - only a BaseException in the worker gets here
                return _Raised(RuntimeError("keyring call ended without a result"))
            return box[0]
        finally:
            self._lock.release()

    def _trace(self, operation: str, kind: str, started: float) -> None:
        _log.debug(
            "keyring %s service=%r backend=%s -> %s in %.1f ms",
            operation,
            self._service,
            _backend_name(self._backend),
            kind,
            (self._clock.monotonic() - started) * 1000,
        )


def _parse_payload(payload: str) -> Credentials | None:
    """Decode the stored JSON; None when it is not ours. Never echoes the payload (it holds the
    secret), so no pydantic ValidationError (which quotes its input) can escape from here."""
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    account, secret = data.get("account"), data.get("secret")
    if not isinstance(account, str) or not isinstance(secret, str):
        return None
    return Credentials(account=account, secret=secret)
