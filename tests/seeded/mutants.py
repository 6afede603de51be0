"""Seeded bugs in the product, the world and the oracle: each a context manager that patches one
function (the rest of the package untouched) and restores it on exit.

Owns the patches only; `catalogue.py` says what each is and which scenario proves it. A patch
wraps the shipped function where it can (so it follows the function's other changes) and changes
one rule — the small change a port of the runtime, an adapter, the simulator or the oracle could
make. Every patch names its target by attribute and fails loudly if the target is gone. Patches
act on this process only: run a patched search in-process (no worker pool), or in workers
started inside the block.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

from authsession import oracle
from authsession.adapters.authenticator import Rejected, Transient
from authsession.adapters.keychain import (
    NotFound,
    ProtectionClass,
    ReadResult,
    SecretLost,
    Stored,
    Unavailable,
)
from authsession.platforms.android.adapter import AndroidKeychain
from authsession.platforms.ios.adapter import IOSKeychain
from authsession.runtime.host import Effect, Host
from authsession.spec.events import SecretLossCause
from authsession.world.device import IOSWorldDevice
from authsession.world.faults import Callback


@contextlib.contextmanager
def _replaced(owner: object, name: str, make: Callable[[Any], Any]) -> Iterator[None]:
    """Replace `owner.name` with `make(original)` (a new function) inside the block. The
    replacement takes the original's name: the model checker pickles worlds, and a bound method
    pickles as its owner and its name."""
    original = getattr(owner, name)  # AttributeError: the target moved, the mutant is stale
    replacement = make(original)
    functools.update_wrapper(replacement, original)
    with mock.patch.object(owner, name, replacement):
        yield


def _answering(effect: Effect, change: Callable[[object], object]) -> Effect:
    """`effect` with its adapter's result passed through `change` before the host answers it."""
    answer = effect.answer
    if answer is None:
        return effect
    return dataclasses.replace(effect, answer=lambda result: answer(change(result)))


# The host (authsession/runtime/host.py) -------------------------------------------------------
def host_one_class_sample() -> contextlib.AbstractContextManager[None]:
    """A NotFound judged by the configured class's availability alone, not by every class the
    item may be stored under (an earlier version's stricter class)."""

    def make(_original: Callable[[Host], bool]) -> Callable[[Host], bool]:
        def item_available(self: Host) -> bool:
            return self.available()

        return item_available

    return _replaced(Host, "item_available", make)


def host_transient_as_rejection() -> contextlib.AbstractContextManager[None]:
    """An answer that says nothing about the credentials (503, timeout) answered as a rejection."""

    def make(original: Callable[..., Effect]) -> Callable[..., Effect]:
        def _authenticate(self: Host, credentials: object) -> Effect:
            return _answering(
                original(self, credentials),
                lambda r: Rejected(detail=r.detail) if isinstance(r, Transient) else r,
            )

        return _authenticate

    return _replaced(Host, "_authenticate", make)


def host_failed_store_forgotten() -> contextlib.AbstractContextManager[None]:
    """A store that failed taken as done: the credentials in hand are dropped, never retried."""

    def make(original: Callable[..., Effect]) -> Callable[..., Effect]:
        def _store(self: Host) -> Effect:
            return _answering(original(self), lambda _result: Stored())

        return _store

    return _replaced(Host, "_store", make)


def host_delete_before_store() -> contextlib.AbstractContextManager[None]:
    """Credentials saved by deleting the item first, then storing the new ones (two calls: a
    process that dies between them leaves no item)."""

    def make(original: Callable[..., Effect]) -> Callable[..., Effect]:
        def _store(self: Host) -> Effect:
            effect = original(self)
            call = effect.call
            if call is None:
                return effect
            keychain, store = self.keychain, call.run

            def run() -> object:
                keychain.delete()
                return store()

            return dataclasses.replace(effect, call=dataclasses.replace(call, run=run))

        return _store

    return _replaced(Host, "_store", make)


# The adapters (authsession/platforms/) ----------------------------------------------------------
def ios_configured_class_decides_passcode_loss() -> contextlib.AbstractContextManager[None]:
    """The old iOS rule: with the app configured for WhenPasscodeSetThisDeviceOnly and no passcode
    set, a read answering -25308 or -25300 is `SecretLost(passcode_removed)` — whatever class and
    access control the stored item really has."""

    def make(original: Callable[[IOSKeychain], ReadResult]) -> Callable[[IOSKeychain], ReadResult]:
        def read(self: IOSKeychain) -> ReadResult:
            result = original(self)
            passcode_set = self._passcode_set
            if (
                isinstance(result, NotFound | Unavailable)
                and self._protection is ProtectionClass.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY
                and passcode_set is not None
                and not passcode_set()
            ):
                return SecretLost(cause=SecretLossCause.PASSCODE_REMOVED, detail="configured class")
            return result

        return read

    return _replaced(IOSKeychain, "read", make)


def android_invalidated_key_as_unavailable() -> contextlib.AbstractContextManager[None]:
    """`KeyPermanentlyInvalidatedException` read as `Unavailable` (a recent unlock would fix it)
    instead of `SecretLost`: the session waits for an unlock that changes nothing."""

    def make(
        original: Callable[[AndroidKeychain], ReadResult],
    ) -> Callable[[AndroidKeychain], ReadResult]:
        def read(self: AndroidKeychain) -> ReadResult:
            result = original(self)
            if (
                isinstance(result, SecretLost)
                and result.cause is SecretLossCause.KEY_PERMANENTLY_INVALIDATED
            ):
                return Unavailable(detail=result.detail)
            return result

        return read

    return _replaced(AndroidKeychain, "read", make)


# The world (authsession/world/) -------------------------------------------------------------------
def world_lock_does_not_lock() -> contextlib.AbstractContextManager[None]:
    """The iOS device ignores `lock`: class keys stay in memory, the phone stays unlocked."""

    def make(_original: Callable[[IOSWorldDevice], None]) -> Callable[[IOSWorldDevice], None]:
        def lock(self: IOSWorldDevice) -> None:
            return None

        return lock

    return _replaced(IOSWorldDevice, "lock", make)


def world_passcode_class_waits() -> contextlib.AbstractContextManager[None]:
    """The iOS protected-data signal treats a WhenPasscodeSet class on a device without a passcode
    as locked (it says "available" on the real device: the class is gone, not locked)."""

    def make(original: Callable[..., bool]) -> Callable[..., bool]:
        def available(self: IOSWorldDevice, protection: ProtectionClass) -> bool:
            if protection is ProtectionClass.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY:
                return self.device.protected_data_available(protection)
            return original(self, protection)

        return available

    return _replaced(IOSWorldDevice, "available", make)


def world_resource_401_lost() -> contextlib.AbstractContextManager[None]:
    """An armed `resource_unauthorized` never reaches the app's work: the app's work callback
    no longer asks the resource server whether it refuses."""

    def make(original: Callable[[Callback, str], None]) -> Callable[[Callback, str], None]:
        def __call__(self: Callback, label: str) -> None:
            original(dataclasses.replace(self, refuse=None), label)

        return __call__

    return _replaced(Callback, "__call__", make)


# The oracle (authsession/oracle.py) -------------------------------------------------------------
def oracle_held_ignored() -> contextlib.AbstractContextManager[None]:
    """The oracle's excuse widened: credentials a process held but had not stored do not count
    as usable."""

    def make(original: Callable[..., oracle.Usable | None]) -> Callable[..., oracle.Usable | None]:
        def usable_credentials(**facts: bool) -> oracle.Usable | None:
            return original(**{**facts, "held_usable": False})

        return usable_credentials

    return _replaced(oracle, "usable_credentials", make)


def oracle_kill_blame_dropped() -> contextlib.AbstractContextManager[None]:
    """The oracle's excuse widened: credentials the app's own write destroyed before a kill (F7)
    do not count as usable."""

    def make(original: Callable[..., oracle.Usable | None]) -> Callable[..., oracle.Usable | None]:
        def usable_credentials(**facts: bool) -> oracle.Usable | None:
            return original(**{**facts, "destroyed_by_the_app": False})

        return usable_credentials

    return _replaced(oracle, "usable_credentials", make)


def oracle_rejection_excused() -> contextlib.AbstractContextManager[None]:
    """The oracle's excuse widened: a logout for `server_rejected` is never spurious ("the server
    said so"), even when the live token was stored."""

    def make(original: Callable[[str, Any], bool]) -> Callable[[str, Any], bool]:
        def spurious_logout(reason: str, usable: oracle.Usable | None) -> bool:
            return reason != "server_rejected" and original(reason, usable)

        return spurious_logout

    return _replaced(oracle, "spurious_logout", make)


def oracle_stranded_despite_faults() -> contextlib.AbstractContextManager[None]:
    """The oracle's stranded-user rule loses its fault excuse: a foreground that an injected
    keychain failure left waiting counts as stranding the user (a false alarm on correct code)."""

    def make(original: Callable[..., bool]) -> Callable[..., bool]:
        def stranded(**facts: Any) -> bool:
            return original(**{**facts, "fault_struck": False})

        return stranded

    return _replaced(oracle, "stranded", make)
