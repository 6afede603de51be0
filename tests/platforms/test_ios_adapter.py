"""`IOSKeychain` over the simulator: classification, add-then-update, migration, refusals, and a
canary secret that must never surface in any text the package produces."""

from __future__ import annotations

from typing import Literal

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
    SecretLost,
    Stored,
    Unavailable,
)
from authsession.platforms.ios.adapter import (
    ACCOUNT_KEY,
    InsecureProtectionError,
    IOSKeychain,
    UnsupportedProtectionError,
)
from authsession.platforms.ios.forum_post import ForumPostKeychain, UnhandledError
from authsession.platforms.ios.secitem import (
    ACCESS_GROUP,
    ACCESSIBLE,
    ACCOUNT,
    CLASS,
    DATA,
    GENERIC_PASSWORD,
    SERVICE,
    AccessControl,
)
from authsession.platforms.ios.status import (
    STATUS_CATEGORY,
    OSStatus,
    StatusCategory,
    classify,
)
from authsession.simulators.ios.device import Device
from authsession.simulators.ios.keychain import IOSKeychainSimulator
from authsession.spec.events import SecretLossCause

P = ProtectionClass
SERVICE_NAME = "com.example.app"
CANARY = "CANARY-7c1d0e5b-do-not-print"
ALICE = Credentials(account="alice@example.com", secret=SecretStr("first-secret"))
ALICE_ROTATED = Credentials(account="alice@example.com", secret=SecretStr("second-secret"))
IOS_SECURE = [
    P.WHEN_UNLOCKED,
    P.WHEN_UNLOCKED_THIS_DEVICE_ONLY,
    P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY,
    P.AFTER_FIRST_UNLOCK,
    P.AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY,
]
ALWAYS_CLASSES = [P.ALWAYS, P.ALWAYS_THIS_DEVICE_ONLY]
Kind = Literal["found", "not_found", "unavailable", "failed", "secret_lost"]


def expected_read_kind(status: OSStatus) -> Kind:
    """-25308 is Unavailable, -25300 NotFound, -26275 (never decryptable here) SecretLost,
    anything else Failed."""
    if status is OSStatus.INTERACTION_NOT_ALLOWED:
        return "unavailable"
    if status is OSStatus.DECODE:
        return "secret_lost"
    if status is OSStatus.ITEM_NOT_FOUND:
        return "not_found"
    return "failed"


def lock_past_grace(device: Device) -> None:
    device.lock()
    device.advance(device.grace_seconds + 1)


def the_item(sim: IOSKeychainSimulator) -> tuple[ProtectionClass, bytes]:
    (item,) = sim.device.items()
    return item.accessible, item.data


def adapter_query(**extra: object) -> dict[str, object]:
    return {CLASS: GENERIC_PASSWORD, SERVICE: SERVICE_NAME, ACCOUNT: ACCOUNT_KEY, **extra}


@pytest.fixture
def device() -> Device:
    d = Device()
    d.unlock()
    return d


@pytest.fixture
def sim(device: Device) -> IOSKeychainSimulator:
    return IOSKeychainSimulator(device, access_groups=("TEAM.app", "TEAM.shared"))


@pytest.fixture
def keychain(sim: IOSKeychainSimulator) -> IOSKeychain:
    return IOSKeychain(sim, SERVICE_NAME)


# Contract and round trip ----------------------------------------------------------------------


def test_is_a_keychain(keychain: IOSKeychain) -> None:
    assert isinstance(keychain, Keychain)


@pytest.mark.parametrize("protection", IOS_SECURE)
def test_store_then_read_round_trips(
    keychain: IOSKeychain, sim: IOSKeychainSimulator, protection: ProtectionClass
) -> None:
    assert isinstance(keychain.read(), NotFound)
    assert keychain.store(ALICE, protection) == Stored()
    assert keychain.read() == Found(credentials=ALICE)
    assert the_item(sim)[0] is protection


# Classification -------------------------------------------------------------------------------


def test_status_table_is_total() -> None:
    assert set(STATUS_CATEGORY) == set(OSStatus)
    # A code nobody named says nothing about the user: never absence.
    assert classify(-99999) is StatusCategory.TRANSIENT


@pytest.mark.parametrize("status", [s for s in OSStatus if s is not OSStatus.SUCCESS])
def test_read_status_classification(
    keychain: IOSKeychain, sim: IOSKeychainSimulator, status: OSStatus
) -> None:
    assert keychain.store(ALICE, P.AFTER_FIRST_UNLOCK) == Stored()
    sim.fail_next("copy_matching", status)
    result = keychain.read()
    assert result.kind == expected_read_kind(status)
    assert not isinstance(result, Found)
    assert str(int(status)) in result.detail


def test_success_without_an_item_is_failed(
    keychain: IOSKeychain, sim: IOSKeychainSimulator
) -> None:
    sim.fail_next("copy_matching", OSStatus.SUCCESS)  # a status with no data: not a user
    assert isinstance(keychain.read(), Failed)


def test_undecryptable_item_is_secret_lost_never_not_found(
    keychain: IOSKeychain, sim: IOSKeychainSimulator
) -> None:
    assert keychain.store(ALICE, P.AFTER_FIRST_UNLOCK) == Stored()
    sim.fail_next("copy_matching", OSStatus.DECODE)
    result = keychain.read()
    assert isinstance(result, SecretLost)
    assert result.cause is SecretLossCause.ITEM_UNDECRYPTABLE
    assert "errSecDecode" in result.detail
    assert len(sim.device.items()) == 1  # nothing was wiped


@pytest.mark.parametrize(
    "status", [s for s in OSStatus if s not in (OSStatus.SUCCESS, OSStatus.DUPLICATE_ITEM)]
)
def test_store_status_classification(
    keychain: IOSKeychain, sim: IOSKeychainSimulator, status: OSStatus
) -> None:
    sim.fail_next("add", status)
    result = keychain.store(ALICE, P.AFTER_FIRST_UNLOCK)
    locked = status is OSStatus.INTERACTION_NOT_ALLOWED
    assert isinstance(result, Unavailable if locked else Failed)


@pytest.mark.parametrize("phase", ["locked", "before_first_unlock"])
def test_locked_item_reads_unavailable_not_absent(
    keychain: IOSKeychain, device: Device, phase: str
) -> None:
    assert keychain.store(ALICE, P.WHEN_UNLOCKED) == Stored()
    if phase == "locked":
        lock_past_grace(device)
    else:
        device.boot()
    assert isinstance(keychain.read(), Unavailable)


def test_quirk_reads_not_found_but_the_signal_disagrees(device: Device) -> None:
    sim = IOSKeychainSimulator(device, not_found_while_locked=True)
    keychain = IOSKeychain(sim, SERVICE_NAME)
    assert keychain.store(ALICE, P.AFTER_FIRST_UNLOCK) == Stored()
    device.boot()
    # The adapter reports what the OS said; the core must not trust it, and can tell why.
    assert isinstance(keychain.read(), NotFound)
    assert not device.signal(P.AFTER_FIRST_UNLOCK).available()
    device.unlock()
    assert keychain.read() == Found(credentials=ALICE)


@pytest.mark.parametrize(
    "data",
    [b"\xff\xfe", b"not json", b'{"account": "a"}', b'{"account": 1, "secret": "s"}', b"[]"],
)
def test_unparseable_payload_is_failed_never_not_found(
    keychain: IOSKeychain, sim: IOSKeychainSimulator, data: bytes
) -> None:
    assert sim.add(adapter_query(**{DATA: data})) is OSStatus.SUCCESS
    assert isinstance(keychain.read(), Failed)


# Add, then update on a duplicate --------------------------------------------------------------


def test_second_store_is_add_then_update_never_delete(
    keychain: IOSKeychain, sim: IOSKeychainSimulator
) -> None:
    assert keychain.store(ALICE, P.AFTER_FIRST_UNLOCK) == Stored()
    assert keychain.store(ALICE_ROTATED, P.AFTER_FIRST_UNLOCK) == Stored()
    assert [(c.operation, c.status) for c in sim.journal] == [
        ("add", OSStatus.SUCCESS),
        ("add", OSStatus.DUPLICATE_ITEM),
        ("update", OSStatus.SUCCESS),
    ]
    assert sim.journal[-1].attribute_keys == {DATA, ACCESSIBLE}
    assert keychain.read() == Found(credentials=ALICE_ROTATED)
    assert len(sim.device.items()) == 1


def test_no_match_query_ever_names_the_protection_class(
    keychain: IOSKeychain, sim: IOSKeychainSimulator, device: Device
) -> None:
    keychain.store(ALICE, P.WHEN_UNLOCKED)
    keychain.read()
    keychain.store(ALICE, P.AFTER_FIRST_UNLOCK)
    lock_past_grace(device)
    keychain.store(ALICE, P.WHEN_UNLOCKED)
    keychain.read()
    keychain.delete()
    match_calls = [c for c in sim.journal if c.operation != "add"]
    assert {c.operation for c in match_calls} == {"copy_matching", "update", "delete"}
    assert all(ACCESSIBLE not in c.query_keys for c in match_calls)


def test_store_while_locked_keeps_the_old_item(
    keychain: IOSKeychain, sim: IOSKeychainSimulator, device: Device
) -> None:
    assert keychain.store(ALICE, P.WHEN_UNLOCKED) == Stored()
    lock_past_grace(device)
    assert isinstance(keychain.store(ALICE_ROTATED, P.WHEN_UNLOCKED), Unavailable)
    assert "delete" not in {c.operation for c in sim.journal}
    device.unlock()
    assert keychain.read() == Found(credentials=ALICE)


def test_after_first_unlock_item_can_be_rewritten_while_locked(
    keychain: IOSKeychain, device: Device
) -> None:
    assert keychain.store(ALICE, P.AFTER_FIRST_UNLOCK) == Stored()
    lock_past_grace(device)
    assert keychain.store(ALICE_ROTATED, P.AFTER_FIRST_UNLOCK) == Stored()
    assert keychain.read() == Found(credentials=ALICE_ROTATED)


def test_first_store_while_locked_is_unavailable(keychain: IOSKeychain, device: Device) -> None:
    lock_past_grace(device)
    assert isinstance(keychain.store(ALICE, P.WHEN_UNLOCKED), Unavailable)
    assert device.items() == ()


# Class migration ------------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new"), [(a, b) for a in IOS_SECURE for b in IOS_SECURE if a != b])
def test_migration_while_readable_is_one_update(
    keychain: IOSKeychain, sim: IOSKeychainSimulator, old: ProtectionClass, new: ProtectionClass
) -> None:
    assert keychain.store(ALICE, old) == Stored()
    assert keychain.store(ALICE_ROTATED, new) == Stored()
    assert the_item(sim)[0] is new
    assert [c.operation for c in sim.journal] == ["add", "add", "update"]


def test_migration_during_the_lock_grace_still_works(
    keychain: IOSKeychain, sim: IOSKeychainSimulator, device: Device
) -> None:
    assert keychain.store(ALICE, P.WHEN_UNLOCKED) == Stored()
    device.lock()
    device.advance(device.grace_seconds / 2)
    assert keychain.store(ALICE, P.AFTER_FIRST_UNLOCK) == Stored()
    assert the_item(sim)[0] is P.AFTER_FIRST_UNLOCK


def test_migration_is_postponed_while_locked_and_retried_by_the_next_store(
    keychain: IOSKeychain, sim: IOSKeychainSimulator, device: Device
) -> None:
    assert keychain.store(ALICE, P.WHEN_UNLOCKED) == Stored()
    old_row = the_item(sim)
    lock_past_grace(device)
    assert isinstance(keychain.store(ALICE_ROTATED, P.AFTER_FIRST_UNLOCK), Unavailable)
    assert the_item(sim) == old_row  # neither migrated nor lost
    device.unlock()
    assert keychain.store(ALICE_ROTATED, P.AFTER_FIRST_UNLOCK) == Stored()
    lock_past_grace(device)
    assert the_item(sim)[0] is P.AFTER_FIRST_UNLOCK
    assert keychain.read() == Found(credentials=ALICE_ROTATED)
    assert "delete" not in {c.operation for c in sim.journal}


# Refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize("protection", ALWAYS_CLASSES)
def test_always_classes_are_refused_unless_allowed(
    sim: IOSKeychainSimulator, device: Device, protection: ProtectionClass
) -> None:
    with pytest.raises(InsecureProtectionError, match=protection.value) as refused:
        IOSKeychain(sim, SERVICE_NAME).store(ALICE, protection)
    assert isinstance(refused.value, ValueError)
    assert sim.journal == ()
    allowed = IOSKeychain(sim, SERVICE_NAME, allow_insecure_protection=True)
    assert allowed.store(ALICE, protection) == Stored()
    device.boot()
    assert allowed.read() == Found(credentials=ALICE)


@pytest.mark.parametrize("protection", [P.CREDENTIAL_ENCRYPTED, P.DEVICE_ENCRYPTED])
def test_android_classes_are_not_ios_classes(
    sim: IOSKeychainSimulator, protection: ProtectionClass
) -> None:
    keychain = IOSKeychain(sim, SERVICE_NAME, allow_insecure_protection=True)
    with pytest.raises(UnsupportedProtectionError):
        keychain.store(ALICE, protection)
    assert sim.journal == ()


# Delete and access groups ---------------------------------------------------------------------


def test_delete(keychain: IOSKeychain, sim: IOSKeychainSimulator, device: Device) -> None:
    assert keychain.delete() == Deleted()  # nothing there is still "gone"
    assert keychain.store(ALICE, P.WHEN_UNLOCKED) == Stored()
    lock_past_grace(device)
    assert isinstance(keychain.delete(), Unavailable)
    assert len(device.items()) == 1
    device.unlock()
    assert keychain.delete() == Deleted()
    assert isinstance(keychain.read(), NotFound)


def test_access_group_is_part_of_the_item(sim: IOSKeychainSimulator) -> None:
    shared = IOSKeychain(sim, SERVICE_NAME, access_group="TEAM.shared")
    default = IOSKeychain(sim, SERVICE_NAME)
    assert shared.store(ALICE, P.AFTER_FIRST_UNLOCK) == Stored()
    assert shared.read() == Found(credentials=ALICE)
    assert isinstance(default.read(), NotFound)
    assert default.store(ALICE_ROTATED, P.AFTER_FIRST_UNLOCK) == Stored()  # a second item
    assert {item.key.access_group for item in sim.device.items()} == {"TEAM.app", "TEAM.shared"}
    outsider = IOSKeychain(sim, SERVICE_NAME, access_group="OTHER.group")
    assert isinstance(outsider.store(ALICE, P.AFTER_FIRST_UNLOCK), Failed)  # -34018


# The secret never prints ----------------------------------------------------------------------


def test_canary_secret_never_appears_in_text(sim: IOSKeychainSimulator, device: Device) -> None:
    canary = Credentials(account="alice@example.com", secret=SecretStr(CANARY))
    keychain = IOSKeychain(sim, SERVICE_NAME)
    texts: list[object] = [keychain, sim, device, canary]
    results: list[object] = [keychain.store(canary, P.WHEN_UNLOCKED), keychain.read()]
    lock_past_grace(device)
    results += [keychain.store(canary, P.AFTER_FIRST_UNLOCK), keychain.read(), keychain.delete()]
    device.unlock()
    for protection in ALWAYS_CLASSES:
        with pytest.raises(InsecureProtectionError) as refused:
            keychain.store(canary, protection)
        texts.append(refused.value)
    # A payload the adapter cannot parse, which quotes the canary in a non-string field.
    other = IOSKeychain(sim, "corrupt")
    raw = {CLASS: GENERIC_PASSWORD, SERVICE: "corrupt", ACCOUNT: ACCOUNT_KEY}
    sim.add({**raw, DATA: b'{"account": ["' + CANARY.encode() + b'"], "secret": 1}'})
    results.append(other.read())
    # The forum port's errors carry statuses only.
    forum = ForumPostKeychain(sim)
    forum.save_item(CANARY, "user")
    with pytest.raises(UnhandledError) as forum_error:
        forum.save_item(CANARY, "user", should_access_from_first_unlock=True)
    texts += [forum, forum_error.value, *device.items(), *sim.journal]
    texts += results
    assert isinstance(results[-1], Failed)
    for thing in texts:
        assert CANARY not in repr(thing), type(thing)
        assert CANARY not in str(thing), type(thing)
    assert any(isinstance(r, Found) for r in results)  # the canary was really stored and read


# Property: whatever the device does, a stored item is never lost and never reads as absent ----

Step = Literal["lock", "unlock", "boot", "advance", "prewarm", "read", "store", "store_afu"]


@settings(max_examples=200, deadline=None)
@given(
    start=st.sampled_from(IOS_SECURE[:2] + IOS_SECURE[3:]),
    steps=st.lists(
        st.sampled_from(
            ["lock", "unlock", "boot", "advance", "prewarm", "read", "store", "store_afu"]
        ),
        max_size=30,
    ),
)
def test_stored_item_survives_any_lock_cycle(start: ProtectionClass, steps: list[Step]) -> None:
    device = Device()
    device.unlock()
    sim = IOSKeychainSimulator(device)
    keychain = IOSKeychain(sim, SERVICE_NAME)
    assert keychain.store(ALICE, start) == Stored()
    latest = ALICE
    for step in steps:
        if step == "lock":
            device.lock()
        elif step == "unlock":
            device.unlock()
        elif step == "boot":
            device.boot()
        elif step == "advance":
            device.advance(6)
        elif step == "prewarm":
            device.launch_prewarmed()
        elif step == "read":
            result = keychain.read()
            assert not isinstance(result, NotFound)
            if isinstance(result, Found):
                assert result.credentials == latest
        else:
            candidate = ALICE_ROTATED if latest is ALICE else ALICE
            target = P.AFTER_FIRST_UNLOCK if step == "store_afu" else start
            if isinstance(keychain.store(candidate, target), Stored):
                latest = candidate
        assert len(device.items()) == 1
    assert all(c.operation != "delete" for c in sim.journal)
    device.unlock()
    assert keychain.read() == Found(credentials=latest)
    # And an item named with an explicit group is the same item as one without it.
    assert sim.copy_matching(adapter_query(**{ACCESS_GROUP: "TEAMID.com.example.app"}))[0] is (
        OSStatus.SUCCESS
    )


# Secret loss is judged by what the stored item may be (issue 19) ----------------------------


def _gated(device: Device, *, on_screen: list[bool]) -> IOSKeychainSimulator:
    return IOSKeychainSimulator(device, interaction_allowed=lambda: on_screen[0])


@pytest.mark.parametrize(
    "control", [AccessControl.USER_PRESENCE, AccessControl.BIOMETRY_CURRENT_SET]
)
@pytest.mark.parametrize("earlier", [P.AFTER_FIRST_UNLOCK, P.WHEN_UNLOCKED])
def test_an_access_controlled_read_off_screen_is_never_a_passcode_loss(
    device: Device, control: AccessControl, earlier: ProtectionClass
) -> None:
    """The item an earlier version stored (not WhenPasscodeSet) survives the passcode's
    removal; read in the background it answers -25308 (no prompt off screen). The configured
    class being WhenPasscodeSet proves nothing about the stored item."""
    on_screen = [True]
    sim = _gated(device, on_screen=on_screen)
    earlier_version = IOSKeychain(sim, SERVICE_NAME, access_control=control)
    assert earlier_version.store(ALICE, earlier) == Stored()
    device.remove_passcode()
    this_version = IOSKeychain(
        sim,
        SERVICE_NAME,
        protection=P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY,
        earlier_protections=(earlier,),
        passcode_set=sim.passcode_set,
        access_control=control,
        biometry_changed=lambda: False,
    )
    on_screen[0] = False
    assert isinstance(this_version.read(), Unavailable)
    on_screen[0] = True
    assert this_version.read() == Found(credentials=ALICE)


@pytest.mark.parametrize(
    ("configured", "earlier"),
    [
        (P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY, ()),
        (P.AFTER_FIRST_UNLOCK, (P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY,)),
    ],
)
def test_an_item_that_may_be_when_passcode_set_and_reads_absent_died_with_the_passcode(
    sim: IOSKeychainSimulator,
    device: Device,
    configured: ProtectionClass,
    earlier: tuple[ProtectionClass, ...],
) -> None:
    IOSKeychain(sim, SERVICE_NAME).store(ALICE, P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY)
    device.remove_passcode()
    keychain = IOSKeychain(
        sim, SERVICE_NAME, protection=configured, earlier_protections=earlier,
        passcode_set=sim.passcode_set,
    )  # fmt: skip
    result = keychain.read()
    assert isinstance(result, SecretLost)
    assert result.cause is SecretLossCause.PASSCODE_REMOVED


def test_an_absent_item_that_was_never_when_passcode_set_is_not_a_passcode_loss(
    sim: IOSKeychainSimulator, device: Device
) -> None:
    device.remove_passcode()
    keychain = IOSKeychain(
        sim, SERVICE_NAME, protection=P.AFTER_FIRST_UNLOCK, passcode_set=sim.passcode_set
    )
    assert isinstance(keychain.read(), NotFound)


def test_biometry_loss_is_judged_by_the_stored_item_not_the_configured_gate(
    sim: IOSKeychainSimulator,
) -> None:
    """-25293 with the stored item's enrollment changed is a lost secret even when this version
    is configured without that gate (an earlier version wrote it); without the change it is a
    declined prompt, transient."""
    changed = [True]
    keychain = IOSKeychain(
        sim, SERVICE_NAME, access_control=None, biometry_changed=lambda: changed[0]
    )
    sim.fail_next("copy_matching", OSStatus.AUTH_FAILED)
    lost = keychain.read()
    assert isinstance(lost, SecretLost) and lost.cause is SecretLossCause.BIOMETRY_CHANGED
    changed[0] = False
    sim.fail_next("copy_matching", OSStatus.AUTH_FAILED)
    assert isinstance(keychain.read(), Failed)
