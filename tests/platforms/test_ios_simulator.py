"""The simulated iOS device and Security API follow the platform rules in REFERENCE.md.

Expected answers come from `REFERENCE_TABLE` below (the reference's availability table written out
once) and from the named rules, never from the simulator's own constants.
"""

from __future__ import annotations

import itertools

import pytest

from authsession.adapters.keychain import ProtectionClass
from authsession.adapters.protected_data import ProtectedDataSignal
from authsession.platforms.ios.secitem import (
    ACCESS_GROUP,
    ACCESSIBLE,
    ACCOUNT,
    CLASS,
    DATA,
    GENERIC_PASSWORD,
    IOS_PROTECTION_CLASSES,
    SERVICE,
    SYNCHRONIZABLE,
    SYNCHRONIZABLE_ANY,
)
from authsession.platforms.ios.status import OSStatus
from authsession.simulators.ios.device import READABLE_IN, Device, DeviceStateError, Phase
from authsession.simulators.ios.keychain import IOSKeychainSimulator

P = ProtectionClass
GRACE = 10.0

#: REFERENCE.md, "Protection classes": readable before first unlock / locked / unlocked, and
#: whether the item migrates to a new device.
REFERENCE_TABLE: dict[ProtectionClass, tuple[bool, bool, bool, bool]] = {
    P.WHEN_UNLOCKED: (False, False, True, True),
    P.WHEN_UNLOCKED_THIS_DEVICE_ONLY: (False, False, True, False),
    P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY: (False, False, True, False),
    P.AFTER_FIRST_UNLOCK: (False, True, True, True),
    P.AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY: (False, True, True, False),
    P.ALWAYS: (True, True, True, True),
    P.ALWAYS_THIS_DEVICE_ONLY: (True, True, True, False),
}
PHASE_COLUMN = {Phase.BEFORE_FIRST_UNLOCK: 0, Phase.LOCKED: 1, Phase.UNLOCKED: 2}
#: The class A ("Complete") classes whose key the OS keeps ~10 s after lock.
WHEN_UNLOCKED_CLASSES = [
    P.WHEN_UNLOCKED,
    P.WHEN_UNLOCKED_THIS_DEVICE_ONLY,
    P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY,
]
CLASS_X_PHASE = list(itertools.product(REFERENCE_TABLE, PHASE_COLUMN))
SECRET = b"not-a-real-token"


def readable_per_reference(protection: ProtectionClass, phase: Phase) -> bool:
    return REFERENCE_TABLE[protection][PHASE_COLUMN[phase]]


def move_to(device: Device, phase: Phase) -> None:
    """From an unlocked device to `phase`, past the class A grace when locking."""
    if phase is Phase.BEFORE_FIRST_UNLOCK:
        device.boot()
    elif phase is Phase.LOCKED:
        device.lock()
        device.advance(device.grace_seconds + 1)


def query(account: str = "acct", /, **extra: object) -> dict[str, object]:
    return {CLASS: GENERIC_PASSWORD, SERVICE: "svc", ACCOUNT: account, **extra}


def new_item(
    protection: ProtectionClass, account: str = "acct", **extra: object
) -> dict[str, object]:
    return query(account, **{ACCESSIBLE: protection, DATA: SECRET, **extra})


@pytest.fixture
def device() -> Device:
    d = Device(passcode=True, grace_seconds=GRACE)
    d.unlock()
    return d


@pytest.fixture
def sim(device: Device) -> IOSKeychainSimulator:
    return IOSKeychainSimulator(device, access_groups=("TEAM.app", "TEAM.shared"))


# Availability table ---------------------------------------------------------------------------


def test_reference_table_covers_exactly_the_ios_classes() -> None:
    assert set(REFERENCE_TABLE) == set(IOS_PROTECTION_CLASSES)
    assert all(
        (phase in READABLE_IN[cls]) == readable_per_reference(cls, phase)
        for cls, phase in CLASS_X_PHASE
    )


@pytest.mark.parametrize(("protection", "phase"), CLASS_X_PHASE)
def test_protected_data_availability_follows_reference(
    device: Device, protection: ProtectionClass, phase: Phase
) -> None:
    move_to(device, phase)
    assert device.phase is phase
    assert device.protected_data_available(protection) is readable_per_reference(protection, phase)


@pytest.mark.parametrize(("protection", "phase"), CLASS_X_PHASE)
def test_read_status_follows_reference(
    sim: IOSKeychainSimulator, protection: ProtectionClass, phase: Phase
) -> None:
    assert sim.add(new_item(protection)) is OSStatus.SUCCESS
    move_to(sim.device, phase)
    status, found = sim.copy_matching(query())
    if readable_per_reference(protection, phase):
        assert status is OSStatus.SUCCESS
        assert found is not None
        assert found[DATA] == SECRET
    else:
        # An existing item that cannot be decrypted is "not allowed now", never "not found".
        assert (status, found) == (OSStatus.INTERACTION_NOT_ALLOWED, None)


@pytest.mark.parametrize(("protection", "phase"), CLASS_X_PHASE)
def test_device_without_passcode_counts_as_always_unlocked(
    protection: ProtectionClass, phase: Phase
) -> None:
    device = Device(passcode=False)
    sim = IOSKeychainSimulator(device)
    add_status = sim.add(new_item(protection))
    move_to(device, phase)
    assert device.phase is Phase.UNLOCKED
    if protection is P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY:
        # That class cannot hold items without a passcode (modelled as -25308).
        assert add_status is OSStatus.INTERACTION_NOT_ALLOWED
        assert not device.protected_data_available(protection)
        assert sim.copy_matching(query())[0] is OSStatus.ITEM_NOT_FOUND
    else:
        assert add_status is OSStatus.SUCCESS
        assert device.protected_data_available(protection)
        assert sim.copy_matching(query())[0] is OSStatus.SUCCESS


@pytest.mark.parametrize(("protection", "phase"), CLASS_X_PHASE)
def test_add_needs_the_class_key_of_the_new_item(
    device: Device, protection: ProtectionClass, phase: Phase
) -> None:
    sim = IOSKeychainSimulator(device)
    move_to(device, phase)
    expected = (
        OSStatus.SUCCESS
        if readable_per_reference(protection, phase)
        else OSStatus.INTERACTION_NOT_ALLOWED
    )
    assert sim.add(new_item(protection)) is expected


def test_new_device_is_before_first_unlock_and_android_classes_are_refused() -> None:
    device = Device()
    assert device.phase is Phase.BEFORE_FIRST_UNLOCK
    with pytest.raises(ValueError, match="not an iOS protection class"):
        device.protected_data_available(P.CREDENTIAL_ENCRYPTED)


# The ~10 s grace of class A keys ----------------------------------------------------------------


@pytest.mark.parametrize("protection", list(REFERENCE_TABLE))
@pytest.mark.parametrize("elapsed", [0.0, GRACE - 0.5, GRACE, GRACE + 5])
def test_when_unlocked_keys_survive_lock_for_the_grace_only(
    sim: IOSKeychainSimulator, protection: ProtectionClass, elapsed: float
) -> None:
    assert sim.add(new_item(protection)) is OSStatus.SUCCESS
    sim.device.lock()
    sim.device.advance(elapsed)
    in_grace = protection in WHEN_UNLOCKED_CLASSES and elapsed < GRACE
    expected = in_grace or readable_per_reference(protection, Phase.LOCKED)
    assert sim.device.protected_data_available(protection) is expected
    assert (sim.copy_matching(query())[0] is OSStatus.SUCCESS) is expected


@pytest.mark.parametrize(("grace", "elapsed"), [(0.0, 0.0), (30.0, 20.0), (30.0, 30.0)])
def test_grace_is_configurable(grace: float, elapsed: float) -> None:
    device = Device(grace_seconds=grace)
    device.unlock()
    device.lock()
    device.advance(elapsed)
    assert device.protected_data_available(P.WHEN_UNLOCKED) is (elapsed < grace)


def test_grace_restarts_at_each_lock_and_does_not_survive_reboot(device: Device) -> None:
    device.lock()
    device.advance(GRACE - 1)
    device.lock()  # already locked: the key was already on its way out
    device.advance(2)
    assert not device.protected_data_available(P.WHEN_UNLOCKED)
    device.unlock()
    device.lock()
    device.advance(GRACE - 1)
    assert device.protected_data_available(P.WHEN_UNLOCKED)
    device.boot()
    assert not device.protected_data_available(P.WHEN_UNLOCKED)


def test_time_and_grace_never_go_backwards() -> None:
    with pytest.raises(ValueError, match="forward"):
        Device().advance(-1)
    with pytest.raises(ValueError, match="negative"):
        Device(grace_seconds=-1)


# Uniqueness and add ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        # Accessibility and data are not primary-key attributes.
        (new_item(P.AFTER_FIRST_UNLOCK), OSStatus.DUPLICATE_ITEM),
        ({**new_item(P.WHEN_UNLOCKED), DATA: b"other"}, OSStatus.DUPLICATE_ITEM),
        (query(), OSStatus.DUPLICATE_ITEM),
        # Service, account, access group and synchronizable are.
        (new_item(P.WHEN_UNLOCKED, "other"), OSStatus.SUCCESS),
        ({**new_item(P.WHEN_UNLOCKED), SERVICE: "other"}, OSStatus.SUCCESS),
        (new_item(P.WHEN_UNLOCKED, synchronizable=True), OSStatus.SUCCESS),
        (new_item(P.WHEN_UNLOCKED, **{ACCESS_GROUP: "TEAM.shared"}), OSStatus.SUCCESS),
    ],
)
def test_duplicate_is_decided_by_the_primary_key(
    sim: IOSKeychainSimulator, second: dict[str, object], expected: OSStatus
) -> None:
    assert sim.add(new_item(P.WHEN_UNLOCKED)) is OSStatus.SUCCESS
    assert sim.add(second) is expected
    rows = 1 if expected is OSStatus.DUPLICATE_ITEM else 2
    assert len(sim.device.items()) == rows
    # A refused add leaves the first item untouched.
    first = next(item for item in sim.device.items() if item.key.account == "acct")
    assert first.accessible is P.WHEN_UNLOCKED
    assert first.data == SECRET


def test_add_without_accessibility_uses_the_default_class(sim: IOSKeychainSimulator) -> None:
    assert sim.add(query(**{DATA: SECRET})) is OSStatus.SUCCESS
    (item,) = sim.device.items()
    assert item.accessible is P.WHEN_UNLOCKED
    assert item.key.access_group == sim.default_access_group


@pytest.mark.parametrize(
    "bad",
    [
        {SERVICE: "svc", ACCOUNT: "acct"},  # no class
        {CLASS: "inet", SERVICE: "svc"},  # only generic passwords are modelled
        query(label="x"),  # attributes the model does not know are refused, not ignored
        query(**{ACCESSIBLE: P.CREDENTIAL_ENCRYPTED}),
        query(**{ACCESSIBLE: "sometimes"}),
        query(**{DATA: "text, not bytes"}),
        query(**{SYNCHRONIZABLE: SYNCHRONIZABLE_ANY}),  # "any" is a query value only
    ],
)
def test_malformed_add_is_errsecparam(sim: IOSKeychainSimulator, bad: dict[str, object]) -> None:
    assert sim.add(bad) is OSStatus.PARAM
    assert sim.device.items() == ()


# Every attribute in a query is a filter -------------------------------------------------------


@pytest.mark.parametrize(("stored", "asked"), list(itertools.product(REFERENCE_TABLE, repeat=2)))
def test_accessibility_in_a_query_filters_by_class(
    sim: IOSKeychainSimulator, stored: ProtectionClass, asked: ProtectionClass
) -> None:
    assert sim.add(new_item(stored)) is OSStatus.SUCCESS
    status, _ = sim.copy_matching(query(**{ACCESSIBLE: asked}))
    assert status is (OSStatus.SUCCESS if stored is asked else OSStatus.ITEM_NOT_FOUND)
    update_status = sim.update(query(**{ACCESSIBLE: asked}), {DATA: b"new"})
    assert update_status is (OSStatus.SUCCESS if stored is asked else OSStatus.ITEM_NOT_FOUND)


def test_unnamed_attributes_match_anything_but_synchronizable(sim: IOSKeychainSimulator) -> None:
    assert sim.add(new_item(P.AFTER_FIRST_UNLOCK, synchronizable=True)) is OSStatus.SUCCESS
    # kSecAttrSynchronizable left out of a query means "device-local items only".
    assert (
        sim.copy_matching({CLASS: GENERIC_PASSWORD, SERVICE: "svc"})[0] is OSStatus.ITEM_NOT_FOUND
    )
    for sync in (True, SYNCHRONIZABLE_ANY):
        status, found = sim.copy_matching({CLASS: GENERIC_PASSWORD, SYNCHRONIZABLE: sync})
        assert status is OSStatus.SUCCESS
        assert found is not None
        assert found[ACCOUNT] == "acct"


def test_copy_matching_returns_a_copy(sim: IOSKeychainSimulator) -> None:
    assert sim.add(new_item(P.WHEN_UNLOCKED)) is OSStatus.SUCCESS
    _, found = sim.copy_matching(query())
    assert found is not None
    found[DATA] = b"tampered"
    assert sim.copy_matching(query())[1] == {**found, DATA: SECRET}


# Update and delete ------------------------------------------------------------------------------


def test_update_changes_class_and_data_in_place(sim: IOSKeychainSimulator) -> None:
    assert sim.add(new_item(P.WHEN_UNLOCKED)) is OSStatus.SUCCESS
    assert sim.update(query(), {ACCESSIBLE: P.AFTER_FIRST_UNLOCK, DATA: b"v2"}) is OSStatus.SUCCESS
    (item,) = sim.device.items()
    assert (item.accessible, item.data) == (P.AFTER_FIRST_UNLOCK, b"v2")


@pytest.mark.parametrize(
    ("stored", "target"),
    [(P.WHEN_UNLOCKED, P.AFTER_FIRST_UNLOCK), (P.AFTER_FIRST_UNLOCK, P.WHEN_UNLOCKED)],
)
def test_update_needs_both_class_keys(
    sim: IOSKeychainSimulator, stored: ProtectionClass, target: ProtectionClass
) -> None:
    assert sim.add(new_item(stored)) is OSStatus.SUCCESS
    move_to(sim.device, Phase.LOCKED)
    assert sim.update(query(), {ACCESSIBLE: target}) is OSStatus.INTERACTION_NOT_ALLOWED
    (item,) = sim.device.items()
    assert (item.accessible, item.data) == (stored, SECRET)


def test_update_refuses_to_create_a_duplicate(sim: IOSKeychainSimulator) -> None:
    assert sim.add(new_item(P.WHEN_UNLOCKED, "a")) is OSStatus.SUCCESS
    assert sim.add(new_item(P.WHEN_UNLOCKED, "b")) is OSStatus.SUCCESS
    assert sim.update(query("a"), {ACCOUNT: "b"}) is OSStatus.DUPLICATE_ITEM
    assert sim.update(query("a"), {ACCOUNT: "c"}) is OSStatus.SUCCESS
    assert sorted(item.key.account for item in sim.device.items()) == ["b", "c"]


@pytest.mark.parametrize("attributes", [{}, {CLASS: GENERIC_PASSWORD}, {DATA: "str"}])
def test_malformed_update_is_errsecparam(
    sim: IOSKeychainSimulator, attributes: dict[str, object]
) -> None:
    assert sim.add(new_item(P.WHEN_UNLOCKED)) is OSStatus.SUCCESS
    assert sim.update(query(), attributes) is OSStatus.PARAM


def test_update_and_delete_of_nothing_is_not_found(sim: IOSKeychainSimulator) -> None:
    assert sim.update(query(), {DATA: b"x"}) is OSStatus.ITEM_NOT_FOUND
    assert sim.delete(query()) is OSStatus.ITEM_NOT_FOUND


@pytest.mark.parametrize("phase", list(Phase))
def test_delete_needs_the_item_readable(sim: IOSKeychainSimulator, phase: Phase) -> None:
    assert sim.add(new_item(P.AFTER_FIRST_UNLOCK)) is OSStatus.SUCCESS
    move_to(sim.device, phase)
    status = sim.delete(query())
    if readable_per_reference(P.AFTER_FIRST_UNLOCK, phase):
        assert status is OSStatus.SUCCESS
        assert sim.device.items() == ()
    else:
        assert status is OSStatus.INTERACTION_NOT_ALLOWED
        assert len(sim.device.items()) == 1


# Access groups --------------------------------------------------------------------------------


def test_item_in_another_group_is_invisible_unless_named(sim: IOSKeychainSimulator) -> None:
    assert sim.add(new_item(P.WHEN_UNLOCKED, **{ACCESS_GROUP: "TEAM.shared"})) is OSStatus.SUCCESS
    assert sim.copy_matching(query())[0] is OSStatus.ITEM_NOT_FOUND
    status, found = sim.copy_matching(query(**{ACCESS_GROUP: "TEAM.shared"}))
    assert status is OSStatus.SUCCESS
    assert found is not None
    assert found[ACCESS_GROUP] == "TEAM.shared"


def test_groups_outside_the_entitlement_are_unreachable(sim: IOSKeychainSimulator) -> None:
    assert sim.add(new_item(P.WHEN_UNLOCKED, **{ACCESS_GROUP: "TEAM.shared"})) is OSStatus.SUCCESS
    # Same device, an app whose App ID prefix changed: it is no longer entitled to the group.
    other = IOSKeychainSimulator(sim.device, access_groups=("NEWTEAM.app",))
    named = query(**{ACCESS_GROUP: "TEAM.shared"})
    assert other.copy_matching(named)[0] is OSStatus.ITEM_NOT_FOUND
    assert other.delete(named) is OSStatus.ITEM_NOT_FOUND
    assert other.add(new_item(P.WHEN_UNLOCKED, **{ACCESS_GROUP: "TEAM.shared"})) is (
        OSStatus.MISSING_ENTITLEMENT
    )
    assert other.update(query(), {ACCESS_GROUP: "TEAM.shared"}) is OSStatus.MISSING_ENTITLEMENT
    assert len(sim.device.items()) == 1


def test_app_needs_at_least_one_access_group(device: Device) -> None:
    with pytest.raises(ValueError, match="access group"):
        IOSKeychainSimulator(device, access_groups=())


# Passcode removal and WhenPasscodeSet ---------------------------------------------------------


def test_removing_the_passcode_deletes_only_when_passcode_set_items(
    sim: IOSKeychainSimulator,
) -> None:
    for protection in REFERENCE_TABLE:
        assert sim.add(new_item(protection, protection.value)) is OSStatus.SUCCESS
    sim.device.remove_passcode()
    survivors = {item.accessible for item in sim.device.items()}
    assert survivors == set(REFERENCE_TABLE) - {P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY}
    # This absence is real: the device is "always unlocked" now and the read says not found.
    gone = query(P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY.value)
    assert sim.copy_matching(gone)[0] is OSStatus.ITEM_NOT_FOUND
    move_to(sim.device, Phase.LOCKED)
    assert all(sim.copy_matching(query(p.value))[0] is OSStatus.SUCCESS for p in survivors)


def test_when_passcode_set_needs_a_passcode_until_one_is_set() -> None:
    device = Device(passcode=False)
    sim = IOSKeychainSimulator(device)
    signal = device.signal(P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY)
    item = new_item(P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY)
    assert sim.add(item) is OSStatus.INTERACTION_NOT_ALLOWED
    assert not signal.available()
    device.set_passcode()
    assert signal.available()
    assert sim.add(item) is OSStatus.SUCCESS


@pytest.mark.parametrize("phase", [Phase.BEFORE_FIRST_UNLOCK, Phase.LOCKED])
def test_passcode_cannot_be_changed_while_locked(device: Device, phase: Phase) -> None:
    move_to(device, phase)
    with pytest.raises(DeviceStateError, match=phase.value):
        device.remove_passcode()
    with pytest.raises(DeviceStateError):
        device.set_passcode()
    assert device.passcode


# Restore to a new device ----------------------------------------------------------------------


def test_restore_to_new_device_drops_this_device_only_items(sim: IOSKeychainSimulator) -> None:
    for protection in REFERENCE_TABLE:
        assert sim.add(new_item(protection, protection.value)) is OSStatus.SUCCESS
    sim.device.restore_to_new_device()
    migrated = {p for p, row in REFERENCE_TABLE.items() if row[3]}
    assert {item.accessible for item in sim.device.items()} == migrated
    assert sim.device.phase is Phase.BEFORE_FIRST_UNLOCK
    sim.device.unlock()
    for protection in REFERENCE_TABLE:
        expected = OSStatus.SUCCESS if protection in migrated else OSStatus.ITEM_NOT_FOUND
        assert sim.copy_matching(query(protection.value))[0] is expected


# Prewarm --------------------------------------------------------------------------------------


@pytest.mark.parametrize("protection", list(REFERENCE_TABLE))
def test_prewarmed_launch_is_treated_as_before_first_unlock(
    sim: IOSKeychainSimulator, protection: ProtectionClass
) -> None:
    assert sim.add(new_item(protection)) is OSStatus.SUCCESS
    sim.device.lock()
    sim.device.advance(GRACE + 1)
    sim.device.launch_prewarmed()
    assert sim.device.phase is Phase.BEFORE_FIRST_UNLOCK
    readable = readable_per_reference(protection, Phase.BEFORE_FIRST_UNLOCK)
    expected = OSStatus.SUCCESS if readable else OSStatus.INTERACTION_NOT_ALLOWED
    assert sim.copy_matching(query())[0] is expected
    sim.device.unlock()
    assert not sim.device.prewarmed
    assert sim.copy_matching(query())[0] is OSStatus.SUCCESS


def test_prewarm_changes_nothing_without_a_passcode() -> None:
    device = Device(passcode=False)
    device.launch_prewarmed()
    assert device.phase is Phase.UNLOCKED
    assert device.protected_data_available(P.WHEN_UNLOCKED)


# The field-reported -25300-while-locked quirk -------------------------------------------------


@pytest.mark.parametrize("quirk", [False, True])
@pytest.mark.parametrize("situation", ["locked", "prewarmed", "unlocked"])
def test_not_found_while_locked_quirk(device: Device, quirk: bool, situation: str) -> None:
    sim = IOSKeychainSimulator(device, not_found_while_locked=quirk)
    assert sim.add(new_item(P.AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY)) is OSStatus.SUCCESS
    if situation == "locked":
        device.boot()
    elif situation == "prewarmed":
        device.lock()
        device.launch_prewarmed()
    if situation == "unlocked":
        expected = OSStatus.SUCCESS
    else:
        expected = OSStatus.ITEM_NOT_FOUND if quirk else OSStatus.INTERACTION_NOT_ALLOWED
    assert sim.copy_matching(query())[0] is expected
    # Only SecItemCopyMatching is reported to misbehave; writes still say -25308.
    if situation != "unlocked":
        assert sim.update(query(), {DATA: b"x"}) is OSStatus.INTERACTION_NOT_ALLOWED
        assert len(device.items()) == 1


# Signal, journal, injected failures -----------------------------------------------------------


@pytest.mark.parametrize("protection", list(REFERENCE_TABLE))
def test_signal_follows_the_device(device: Device, protection: ProtectionClass) -> None:
    signal = device.signal(protection)
    assert isinstance(signal, ProtectedDataSignal)
    seen = []
    for phase in (Phase.UNLOCKED, Phase.LOCKED, Phase.BEFORE_FIRST_UNLOCK):
        move_to(device, phase)
        seen.append(signal.available())
        device.unlock()
    expected = [readable_per_reference(protection, phase) for phase in PHASE_COLUMN][::-1]
    assert seen == expected


def test_journal_records_names_and_statuses_only(sim: IOSKeychainSimulator) -> None:
    sim.add(new_item(P.WHEN_UNLOCKED))
    sim.copy_matching(query(**{ACCESSIBLE: P.AFTER_FIRST_UNLOCK}))
    sim.update(query(), {DATA: b"v2"})
    sim.delete(query())
    assert [(c.operation, c.status) for c in sim.journal] == [
        ("add", OSStatus.SUCCESS),
        ("copy_matching", OSStatus.ITEM_NOT_FOUND),
        ("update", OSStatus.SUCCESS),
        ("delete", OSStatus.SUCCESS),
    ]
    assert ACCESSIBLE in sim.journal[1].query_keys
    assert sim.journal[2].attribute_keys == {DATA}
    assert SECRET.decode() not in repr(sim.journal)


@pytest.mark.parametrize("status", list(OSStatus))
def test_injected_status_is_one_shot_and_touches_nothing(
    sim: IOSKeychainSimulator, status: OSStatus
) -> None:
    sim.fail_next("add", status)
    assert sim.add(new_item(P.WHEN_UNLOCKED)) is status
    assert sim.device.items() == ()
    assert sim.add(new_item(P.WHEN_UNLOCKED)) is OSStatus.SUCCESS
