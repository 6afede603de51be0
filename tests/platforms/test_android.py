"""Android simulator and `AndroidKeychain`: unavailable storage never reads as "no user".

Covers Direct Boot phases by storage class, the Keystore failure modes (transient vs permanent),
EncryptedSharedPreferences-style restore failures, class migration, write failures that must not
lose the old item, and the canary secret staying out of every repr/str.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import SecretStr

from authsession.adapters.keychain import (
    Credentials,
    Deleted,
    Failed,
    Found,
    Keychain,
    NotFound,
    ProtectionClass,
    ReadResult,
    SecretLost,
    Stored,
    Unavailable,
)
from authsession.adapters.protected_data import ProtectedDataSignal
from authsession.platforms.android import (
    AndroidKeychain,
    InsecureProtectionError,
    UnsupportedProtectionError,
)
from authsession.platforms.android.api import (
    AndroidException,
    IllegalStateException,
    KeySpec,
    StorageArea,
)
from authsession.simulators.android.device import (
    AndroidDevice,
    AndroidProtectedDataSignal,
    BroadcastAction,
    DevicePhase,
    SimulationError,
)
from authsession.spec.events import SecretLossCause

CE = ProtectionClass.CREDENTIAL_ENCRYPTED
DE = ProtectionClass.DEVICE_ENCRYPTED
CANARY = "canary-s3cret-7f1d"
PREFS, ITEM = "authsession", "credentials"
AUTH_BOUND = KeySpec(user_authentication_required=True, auth_validity_seconds=300)


def creds(secret: str = CANARY, account: str = "ada") -> Credentials:
    return Credentials(account=account, secret=SecretStr(secret))


def unlocked_device(*, lock_screen_secure: bool = True, serial: str = "sim-a") -> AndroidDevice:
    device = AndroidDevice(serial, lock_screen_secure=lock_screen_secure)
    device.boot()
    device.unlock()
    return device


def keychain(
    device: AndroidDevice, protection: ProtectionClass = CE, key_spec: KeySpec | None = None
) -> AndroidKeychain:
    return AndroidKeychain(
        device, protection=protection, allow_insecure_protection=protection is DE, key_spec=key_spec
    )


def assert_found(result: ReadResult, secret: str = CANARY) -> None:
    assert isinstance(result, Found), result
    assert result.credentials.account == "ada"
    assert result.credentials.secret.get_secret_value() == secret


def raw_record(device: AndroidDevice, area: StorageArea) -> str | None:
    return device.shared_preferences(PREFS, area).get_string(ITEM)


# Direct Boot phases by storage class ---------------------------------------------------------


@dataclass(frozen=True)
class Phase:
    name: str
    lock_screen_secure: bool
    actions: tuple[str, ...]  # applied to a device that has stored credentials while unlocked
    phase: DevicePhase
    ce_available: bool


PHASES = [
    Phase("before_first_unlock", True, ("boot",), DevicePhase.BEFORE_FIRST_UNLOCK, False),
    Phase("unlocked", True, (), DevicePhase.UNLOCKED, True),
    Phase("screen_locked_after_unlock", True, ("lock",), DevicePhase.LOCKED, True),
    Phase("unlocked_again", True, ("lock", "unlock"), DevicePhase.UNLOCKED, True),
    Phase("rebooted_then_locked", True, ("lock", "boot"), DevicePhase.BEFORE_FIRST_UNLOCK, False),
    Phase("no_lock_screen_after_boot", False, ("boot",), DevicePhase.UNLOCKED, True),
    Phase("no_lock_screen_screen_off", False, ("lock",), DevicePhase.UNLOCKED, True),
]


def device_in(phase: Phase, stored: ProtectionClass | None = None) -> AndroidDevice:
    device = unlocked_device(lock_screen_secure=phase.lock_screen_secure)
    if stored is not None:
        assert isinstance(keychain(device, stored).store(creds(), stored), Stored)
    for action in phase.actions:
        getattr(device, action)()
    return device


@pytest.mark.parametrize("phase", PHASES, ids=lambda p: p.name)
def test_phase_sets_user_unlocked_and_signals(phase: Phase) -> None:
    device = device_in(phase)
    assert device.phase is phase.phase
    assert device.is_user_unlocked() is phase.ce_available
    assert AndroidProtectedDataSignal(device, CE).available() is phase.ce_available
    assert AndroidProtectedDataSignal(device, DE).available() is True


@pytest.mark.parametrize("phase", PHASES, ids=lambda p: p.name)
def test_ce_preferences_raise_while_locked_and_de_never_does(phase: Phase) -> None:
    device = device_in(phase)
    device.shared_preferences(PREFS, StorageArea.DEVICE_ENCRYPTED).get_string(ITEM)
    if phase.ce_available:
        assert device.shared_preferences(PREFS).get_string(ITEM) is None
    else:
        with pytest.raises(IllegalStateException):
            device.shared_preferences(PREFS)


@pytest.mark.parametrize("protection", [CE, DE])
@pytest.mark.parametrize("phase", PHASES, ids=lambda p: p.name)
def test_stored_item_reads_found_or_unavailable_never_not_found(
    phase: Phase, protection: ProtectionClass
) -> None:
    device = device_in(phase, stored=protection)
    result = keychain(device, protection).read()
    if protection is DE or phase.ce_available:
        assert_found(result)
    else:
        assert isinstance(result, Unavailable)
        assert "first unlock" in result.detail


@pytest.mark.parametrize("stored", [True, False], ids=["item_present", "no_item"])
def test_ce_read_before_first_unlock_is_unavailable_even_when_nothing_is_stored(
    stored: bool,
) -> None:
    device = device_in(PHASES[0], stored=CE if stored else None)
    assert isinstance(keychain(device).read(), Unavailable)
    device.unlock()
    after = keychain(device).read()
    if stored:
        assert_found(after)
    else:
        assert isinstance(after, NotFound)  # authoritative only now that CE is readable


def test_de_credentials_are_readable_in_direct_boot_which_is_why_they_are_refused() -> None:
    device = unlocked_device()
    assert isinstance(keychain(device, DE).store(creds(), DE), Stored)
    device.boot()
    assert not device.is_user_unlocked()
    assert_found(keychain(device, DE).read())


# Refusing insecure and foreign protection classes -------------------------------------------


def test_device_encrypted_is_refused_unless_explicitly_allowed() -> None:
    device = unlocked_device()
    with pytest.raises(InsecureProtectionError, match="allow_insecure_protection"):
        AndroidKeychain(device, protection=DE)
    ce_only = AndroidKeychain(device)
    with pytest.raises(InsecureProtectionError):
        ce_only.store(creds(), DE)
    assert raw_record(device, StorageArea.DEVICE_ENCRYPTED) is None
    assert isinstance(ce_only.read(), NotFound)


@pytest.mark.parametrize(
    "protection", sorted(set(ProtectionClass) - {CE, DE}), ids=lambda p: p.value
)
def test_ios_protection_classes_are_rejected(protection: ProtectionClass) -> None:
    device = unlocked_device()
    with pytest.raises(UnsupportedProtectionError):
        AndroidKeychain(device, protection=protection, allow_insecure_protection=True)
    with pytest.raises(UnsupportedProtectionError):
        AndroidKeychain(device).store(creds(), protection)
    with pytest.raises(ValueError, match="not an Android storage class"):
        AndroidProtectedDataSignal(device, protection)


# Keystore: permanent loss vs transient lock -------------------------------------------------


@pytest.mark.parametrize(
    ("key_spec", "event"),
    [
        (AUTH_BOUND, "remove_lock_screen"),
        (KeySpec(unlocked_device_required=True), "remove_lock_screen"),
        (AUTH_BOUND, "change_biometrics"),
    ],
    ids=["auth_bound/lock_screen_removed", "unlocked_required/lock_screen_removed", "biometrics"],
)
def test_key_invalidation_is_secret_lost_and_keeps_key_and_data(
    key_spec: KeySpec, event: str
) -> None:
    device = unlocked_device()
    kc = keychain(device, key_spec=key_spec)
    assert isinstance(kc.store(creds(), CE), Stored)
    record_before = raw_record(device, StorageArea.CREDENTIAL_ENCRYPTED)
    getattr(device, event)()

    for _ in range(2):  # reading again changes nothing: no "repair" by deletion
        result = kc.read()
        assert isinstance(result, SecretLost)
        assert result.cause is SecretLossCause.KEY_PERMANENTLY_INVALIDATED
    assert raw_record(device, StorageArea.CREDENTIAL_ENCRYPTED) == record_before
    assert device.keystore.is_invalidated("authsession.credentials")


def test_biometric_change_spares_keys_not_invalidated_by_enrollment() -> None:
    device = unlocked_device()
    spec = KeySpec(user_authentication_required=True, invalidated_by_biometric_enrollment=False)
    kc = keychain(device, key_spec=spec)
    kc.store(creds(), CE)
    device.change_biometrics()
    assert_found(kc.read())


def test_non_auth_bound_default_key_survives_lock_screen_removal() -> None:
    device = unlocked_device()
    kc = keychain(device)
    kc.store(creds(), CE)
    device.remove_lock_screen()
    assert_found(kc.read())


def test_signing_in_again_after_key_loss_uses_a_fresh_key() -> None:
    device = unlocked_device()
    kc = keychain(device, key_spec=KeySpec(user_authentication_required=True))
    kc.store(creds(), CE)
    device.change_biometrics()
    assert isinstance(kc.read(), SecretLost)
    device.authenticate()
    assert isinstance(kc.store(creds("new-secret"), CE), Stored)
    assert_found(kc.read(), "new-secret")
    assert device.keystore.is_invalidated("authsession.credentials")  # old key not deleted


@pytest.mark.parametrize(
    ("key_spec", "make_stale"),
    [
        (AUTH_BOUND, lambda d: d.advance(301)),
        (AUTH_BOUND, lambda d: (d.lock(), d.advance(3600))),
        (KeySpec(unlocked_device_required=True), lambda d: d.lock()),
    ],
    ids=["validity_window_expired", "locked_for_an_hour", "unlocked_device_required"],
)
def test_user_not_authenticated_is_unavailable_and_recovers(
    key_spec: KeySpec, make_stale: Callable[[AndroidDevice], object]
) -> None:
    device = unlocked_device()
    kc = keychain(device, key_spec=key_spec)
    kc.store(creds(), CE)
    make_stale(device)

    assert isinstance(kc.read(), Unavailable)
    assert isinstance(kc.store(creds("other"), CE), Unavailable)
    device.unlock()
    assert_found(kc.read())  # the failed store left the old item intact


def test_auth_window_counts_from_the_last_unlock() -> None:
    device = unlocked_device()
    kc = keychain(device, key_spec=AUTH_BOUND)
    kc.store(creds(), CE)
    device.advance(300)
    assert_found(kc.read())
    device.advance(1)
    assert isinstance(kc.read(), Unavailable)
    device.authenticate()
    assert_found(kc.read())


# Backup restore (EncryptedSharedPreferences failure mode) -----------------------------------


@pytest.mark.parametrize("onto", ["same_device_reinstalled", "new_device"])
def test_restore_from_backup_is_secret_lost_aead_bad_tag_and_nothing_deleted(onto: str) -> None:
    source = unlocked_device()
    keychain(source).store(creds(), CE)
    backup = source.backup()
    target = source if onto == "same_device_reinstalled" else unlocked_device(serial="sim-b")
    target.restore_from_backup(backup)
    record = raw_record(target, StorageArea.CREDENTIAL_ENCRYPTED)
    assert record is not None

    kc = keychain(target)
    for _ in range(2):
        result = kc.read()
        assert isinstance(result, SecretLost)
        assert result.cause is SecretLossCause.AEAD_BAD_TAG
    assert raw_record(target, StorageArea.CREDENTIAL_ENCRYPTED) == record
    # A read makes no key: the sealing key is on the old phone, and creating one here could
    # fail anyway (an auth-bound key without a lock screen). The next store makes it.
    assert not target.keystore.contains_alias("authsession.credentials")

    assert isinstance(kc.store(creds("after-restore"), CE), Stored)
    assert_found(kc.read(), "after-restore")


# Writes that fail must not lose the existing item -------------------------------------------


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (lambda d: d.fail_next_commits(), Failed),
        (lambda d: d.fail_next_keystore_operations(), Failed),
        (lambda d: d.boot(), Unavailable),
    ],
    ids=["commit_fails", "keystore_provider_error", "ce_locked_after_reboot"],
)
def test_failed_store_keeps_the_previous_item(
    break_it: Callable[[AndroidDevice], None], expected: type
) -> None:
    device = unlocked_device()
    kc = keychain(device)
    kc.store(creds("old"), CE)
    break_it(device)
    assert isinstance(kc.store(creds("new"), CE), expected)
    if not device.is_user_unlocked():
        device.unlock()
    assert_found(kc.read(), "old")


def test_keystore_provider_error_on_read_is_failed_not_lost() -> None:
    device = unlocked_device()
    kc = keychain(device)
    kc.store(creds(), CE)
    device.fail_next_keystore_operations()
    result = kc.read()
    assert isinstance(result, Failed)
    assert "ProviderException" in result.detail
    assert_found(kc.read())


@pytest.mark.parametrize(
    "record", ["not json", '{"format": 1}', '{"format": 1, "key_alias": "x", "sealed": "!!"}']
)
def test_malformed_record_is_failed(record: str) -> None:
    device = unlocked_device()
    device.shared_preferences(PREFS).edit().put_string(ITEM, record).commit()
    assert isinstance(keychain(device).read(), Failed)


def test_payload_is_sealed_json_with_account_and_secret_only() -> None:
    import base64
    import json

    device = unlocked_device()
    keychain(device).store(creds(), CE)
    record = json.loads(raw_record(device, StorageArea.CREDENTIAL_ENCRYPTED) or "")
    blob = base64.b64decode(record["sealed"])
    payload = json.loads(device.keystore.decrypt(record["key_alias"], blob))
    assert payload == {"account": "ada", "secret": CANARY}


# Migration and delete -----------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new"), [(CE, DE), (DE, CE)])
def test_changing_class_moves_the_item_and_removes_the_old_copy(
    old: ProtectionClass, new: ProtectionClass
) -> None:
    device = unlocked_device()
    kc = AndroidKeychain(device, protection=old, allow_insecure_protection=True)
    kc.store(creds("v1"), old)
    device.fail_next_commits()
    assert isinstance(kc.store(creds("v2"), new), Failed)
    assert_found(kc.read(), "v1")  # a failed migration leaves the old item readable

    assert isinstance(kc.store(creds("v2"), new), Stored)
    assert kc.protection is new
    assert raw_record(device, StorageArea(old.value)) is None
    assert raw_record(device, StorageArea(new.value)) is not None
    assert_found(kc.read(), "v2")


def test_delete_while_ce_locked_is_unavailable_then_completes_after_unlock() -> None:
    device = unlocked_device()
    kc = keychain(device)
    kc.store(creds(), CE)
    device.boot()
    assert isinstance(kc.delete(), Unavailable)
    device.unlock()
    assert_found(kc.read())
    assert isinstance(kc.delete(), Deleted)
    assert isinstance(kc.read(), NotFound)
    assert isinstance(kc.delete(), Deleted)


# Broadcasts ---------------------------------------------------------------------------------


def test_user_unlocked_fires_once_per_boot_on_the_first_unlock() -> None:
    device = AndroidDevice()
    heard: list[BroadcastAction] = []
    device.register_receiver(BroadcastAction.ACTION_USER_UNLOCKED, heard.append)
    device.boot()
    assert heard == []
    assert list(device.broadcast_log) == [BroadcastAction.ACTION_LOCKED_BOOT_COMPLETED]

    device.unlock()
    device.lock()
    device.unlock()
    device.lock()
    assert heard == [BroadcastAction.ACTION_USER_UNLOCKED]
    assert list(device.broadcast_log) == [
        BroadcastAction.ACTION_LOCKED_BOOT_COMPLETED,
        BroadcastAction.ACTION_USER_UNLOCKED,
        BroadcastAction.ACTION_BOOT_COMPLETED,
    ]

    device.boot()
    device.unlock()
    assert len(heard) == 2


def test_receiver_sees_ce_readable_and_unregister_stops_delivery() -> None:
    device = unlocked_device()
    keychain(device).store(creds(), CE)
    device.boot()
    reads: list[ReadResult] = []
    unregister = device.register_receiver(
        BroadcastAction.ACTION_USER_UNLOCKED, lambda _: reads.append(keychain(device).read())
    )
    device.unlock()
    assert len(reads) == 1
    assert_found(reads[0])
    unregister()
    device.boot()
    device.unlock()
    assert len(reads) == 1


def test_no_lock_screen_unlocks_the_user_at_boot() -> None:
    device = AndroidDevice(lock_screen_secure=False)
    heard: list[BroadcastAction] = []
    device.register_receiver(BroadcastAction.ACTION_USER_UNLOCKED, heard.append)
    device.boot()
    assert heard == [BroadcastAction.ACTION_USER_UNLOCKED]
    assert device.is_user_unlocked()


@pytest.mark.parametrize(
    "action", ["unlock", "lock", "authenticate", "remove_lock_screen", "change_biometrics"]
)
def test_powered_off_device_runs_no_user_actions(action: str) -> None:
    with pytest.raises(SimulationError):
        getattr(AndroidDevice(), action)()


# Contracts and secrecy ----------------------------------------------------------------------


def test_adapter_and_signal_satisfy_the_protocols() -> None:
    device = unlocked_device()
    assert isinstance(keychain(device), Keychain)
    assert isinstance(AndroidProtectedDataSignal(device, CE), ProtectedDataSignal)


def _everything_after(scenario: Callable[[AndroidDevice, AndroidKeychain], object]) -> list[object]:
    device = unlocked_device()
    kc = keychain(device, key_spec=AUTH_BOUND)
    objects: list[object] = [device, kc, device.keystore, kc.store(creds(), CE), kc.read()]
    objects.append(device.shared_preferences(PREFS))
    objects.append(device.shared_preferences(PREFS).edit().put_string("x", "y"))
    try:
        objects.append(scenario(device, kc))
    except (AndroidException, ValueError) as exc:
        objects.append(exc)
    objects.extend([kc.read(), kc.store(creds(), CE), kc.delete(), device.keystore])
    return objects


def _then_read(
    step: Callable[[AndroidDevice], object],
) -> Callable[[AndroidDevice, AndroidKeychain], object]:
    def scenario(device: AndroidDevice, kc: AndroidKeychain) -> object:
        step(device)
        return kc.read()

    return scenario


def _reboot_and_open_ce(device: AndroidDevice) -> object:
    device.boot()
    return device.shared_preferences(PREFS)  # raises IllegalStateException


SCENARIOS: dict[str, Callable[[AndroidDevice, AndroidKeychain], object]] = {
    "reboot": _then_read(AndroidDevice.boot),
    "key_invalidated": _then_read(AndroidDevice.change_biometrics),
    "auth_expired": _then_read(lambda d: d.advance(1000)),
    "restore": _then_read(lambda d: d.restore_from_backup(d.backup())),
    "raw_ce_while_locked": _then_read(_reboot_and_open_ce),
    "backup": lambda d, kc: d.backup(),
    "insecure_refused": lambda d, kc: kc.store(creds(), DE),
    "decrypt_wrong_blob": lambda d, kc: d.keystore.decrypt("authsession.credentials", b"0" * 40),
    "signal": lambda d, kc: AndroidProtectedDataSignal(d, CE),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS.values()), ids=list(SCENARIOS))
def test_canary_secret_never_appears_in_repr_or_str(
    scenario: Callable[[AndroidDevice, AndroidKeychain], object],
) -> None:
    for obj in _everything_after(scenario):
        for text in (repr(obj), str(obj)):
            assert CANARY not in text, type(obj).__name__


def test_canary_is_not_stored_in_plaintext() -> None:
    device = unlocked_device()
    keychain(device).store(creds(), CE)
    assert CANARY not in (raw_record(device, StorageArea.CREDENTIAL_ENCRYPTED) or "")
    assert CANARY not in repr(device.backup().files)


# Property: a stored, undeleted item is never NotFound ---------------------------------------

DEVICE_ACTIONS = ["boot", "unlock", "lock", "advance", "authenticate", "change_biometrics"]


@settings(max_examples=150, deadline=None)
@given(
    actions=st.lists(st.sampled_from(DEVICE_ACTIONS), max_size=25),
    auth_bound=st.booleans(),
)
def test_stored_item_is_never_read_as_not_found(actions: list[str], auth_bound: bool) -> None:
    device = unlocked_device()
    kc = keychain(device, key_spec=AUTH_BOUND if auth_bound else KeySpec())
    assert isinstance(kc.store(creds(), CE), Stored)
    for action in actions:
        if action == "advance":
            device.advance(200)
        elif action in ("authenticate", "change_biometrics"):
            if device.phase is DevicePhase.UNLOCKED:
                getattr(device, action)()
        else:
            getattr(device, action)()
        result = kc.read()
        assert not isinstance(result, NotFound)
        if isinstance(result, Unavailable):
            assert not device.is_user_unlocked() or auth_bound
        if isinstance(result, SecretLost):
            assert auth_bound
            assert result.cause is SecretLossCause.KEY_PERMANENTLY_INVALIDATED
