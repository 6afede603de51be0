"""The forum post's keychain helper, ported, fails exactly the way its author saw, and the
reference adapter does not. Also runs the example in docs/platforms/ios.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import SecretStr

from authsession.adapters.keychain import Credentials, Found, ProtectionClass, Stored
from authsession.platforms.ios.adapter import ACCOUNT_KEY, IOSKeychain
from authsession.platforms.ios.forum_post import (
    FORUM_SERVICE,
    ForumPostKeychain,
    NoPassword,
    UnexpectedPasswordData,
    UnhandledError,
)
from authsession.platforms.ios.secitem import ACCOUNT, CLASS, DATA, GENERIC_PASSWORD, SERVICE
from authsession.platforms.ios.status import OSStatus
from authsession.simulators.ios.device import Device, Phase
from authsession.simulators.ios.keychain import IOSKeychainSimulator

P = ProtectionClass
DOC = Path(__file__).resolve().parents[2] / "docs" / "platforms" / "ios.md"


@pytest.fixture
def device() -> Device:
    d = Device()
    d.unlock()
    return d


@pytest.fixture
def sim(device: Device) -> IOSKeychainSimulator:
    return IOSKeychainSimulator(device)


@pytest.fixture
def forum(sim: IOSKeychainSimulator) -> ForumPostKeychain:
    return ForumPostKeychain(sim)


def calls(sim: IOSKeychainSimulator, since: int = 0) -> list[tuple[str, OSStatus]]:
    return [(c.operation, c.status) for c in sim.journal[since:]]


def test_before_the_switch_the_helper_works(
    forum: ForumPostKeychain, sim: IOSKeychainSimulator
) -> None:
    forum.save_item("token-1", "user")
    forum.save_item("token-2", "user")  # found → update
    assert forum.read_item("user") == "token-2"
    (item,) = sim.device.items()
    assert item.accessible is P.WHEN_UNLOCKED  # the default class: no accessibility was given


def test_a_old_item_reads_as_not_found_after_the_switch_even_unlocked(
    forum: ForumPostKeychain, sim: IOSKeychainSimulator
) -> None:
    forum.save_item("token-1", "user")
    assert sim.device.phase is Phase.UNLOCKED
    mark = len(sim.journal)
    with pytest.raises(NoPassword):
        forum.read_item("user", should_access_from_first_unlock=True)
    assert calls(sim, mark) == [("copy_matching", OSStatus.ITEM_NOT_FOUND)]
    assert len(sim.device.items()) == 1  # the token is still there


def test_b_save_after_the_switch_adds_and_collides(
    forum: ForumPostKeychain, sim: IOSKeychainSimulator
) -> None:
    forum.save_item("token-1", "user")
    mark = len(sim.journal)
    for _attempt in range(3):  # stuck for good: the item never migrates
        with pytest.raises(UnhandledError) as err:
            forum.save_item("token-2", "user", should_access_from_first_unlock=True)
        assert err.value.status is OSStatus.DUPLICATE_ITEM
    assert (
        calls(sim, mark)
        == [
            ("copy_matching", OSStatus.ITEM_NOT_FOUND),
            ("add", OSStatus.DUPLICATE_ITEM),
        ]
        * 3
    )
    (item,) = sim.device.items()
    assert (item.accessible, item.data) == (P.WHEN_UNLOCKED, b"token-1")
    assert forum.read_item("user") == "token-1"


def test_c_reference_adapter_finds_and_migrates_the_same_item(
    sim: IOSKeychainSimulator, device: Device
) -> None:
    # The same situation: an item written before the switch with no accessibility (default
    # class), in the adapter's own format.
    old = b'{"account": "alice", "secret": "token-1"}'
    assert sim.add({CLASS: GENERIC_PASSWORD, SERVICE: "svc", ACCOUNT: ACCOUNT_KEY, DATA: old}) is (
        OSStatus.SUCCESS
    )
    keychain = IOSKeychain(sim, "svc")
    alice = Credentials(account="alice", secret=SecretStr("token-1"))
    assert keychain.read() == Found(credentials=alice)
    mark = len(sim.journal)
    assert keychain.store(alice, P.AFTER_FIRST_UNLOCK) == Stored()
    assert calls(sim, mark) == [("add", OSStatus.DUPLICATE_ITEM), ("update", OSStatus.SUCCESS)]
    (item,) = device.items()
    assert item.accessible is P.AFTER_FIRST_UNLOCK
    device.lock()
    device.advance(60)
    assert keychain.read() == Found(credentials=alice)


def test_users_who_first_saved_after_the_switch_are_fine(
    forum: ForumPostKeychain, device: Device
) -> None:
    """Why the post's incident count dropped but did not reach zero."""
    forum.save_item("token-1", "user", should_access_from_first_unlock=True)
    device.lock()
    device.advance(60)
    assert forum.read_item("user", should_access_from_first_unlock=True) == "token-1"


@pytest.mark.parametrize(
    ("quirk", "expected"), [(False, UnhandledError), (True, NoPassword)], ids=["25308", "25300"]
)
def test_locked_read_is_only_no_password_under_the_field_quirk(
    device: Device, quirk: bool, expected: type[Exception]
) -> None:
    forum = ForumPostKeychain(IOSKeychainSimulator(device, not_found_while_locked=quirk))
    forum.save_item("token-1", "user")
    device.lock()
    device.advance(60)
    with pytest.raises(expected):
        forum.read_item("user")


def test_non_utf8_data_is_unexpected(sim: IOSKeychainSimulator, forum: ForumPostKeychain) -> None:
    sim.add({CLASS: GENERIC_PASSWORD, SERVICE: FORUM_SERVICE, ACCOUNT: "user", DATA: b"\xff"})
    with pytest.raises(UnexpectedPasswordData):
        forum.read_item("user")


def test_docs_example_runs() -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert blocks, "docs/platforms/ios.md must contain a python example"
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), {})
