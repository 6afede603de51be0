"""The five reachable failures of the reference that every earlier check called clean (issue "The
table decides everything"), each as a regression test — all five failed on the commit before the
redesign — plus the host defects found with them. Since the redesign each decision is a row."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from authsession import AuthSession, State
from authsession.adapters.authenticator import Accepted, AuthResult, Rejected
from authsession.adapters.keychain import Credentials, Found, ProtectionClass
from authsession.testing import (
    FakeProtectedData,
    ManualClock,
    MemoryKeychain,
    ScriptedAuthenticator,
)
from authsession.world import World, load_scenario, parse_scenario, replay

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _session(**kwargs: object) -> tuple[AuthSession, FakeProtectedData, MemoryKeychain]:
    device = kwargs.pop("device", None) or FakeProtectedData(available=True)
    assert isinstance(device, FakeProtectedData)
    keychain = kwargs.pop("keychain", None) or MemoryKeychain(available=device.available)
    assert isinstance(keychain, MemoryKeychain)
    defaults: dict[str, object] = {
        "clock": ManualClock(),
        "authenticator": ScriptedAuthenticator(token_lifetime=3600),
    }
    session = AuthSession(
        keychain=keychain,
        protected_data=device,
        **{**defaults, **kwargs},  # type: ignore[arg-type]
    )
    return session, device, keychain


# 1. F12 meets F2 ---------------------------------------------------------------------------


def test_1_a_not_found_for_an_item_of_a_stricter_earlier_class_is_not_absence() -> None:
    """after_first_unlock configured, item stored when_unlocked by version 1, -25300 while
    locked: the signal for the configured class says "available", the item's class is not."""
    run = replay(load_scenario(EXAMPLES / "f12-stricter-class-from-an-earlier-version.json"))
    assert run.summary.spurious_logouts == 0
    assert run.summary.logouts == []
    assert run.lines[4].state == "deferred_auth"  # the locked fetch waits
    assert run.summary.final_state == "logged_in" and run.summary.deferred_completed == 1


# 2. Credentials in hand ---------------------------------------------------------------------


def test_2_credentials_in_hand_survive_a_failed_store_whose_retry_met_a_locked_phone() -> None:
    clock = ManualClock()
    session, device, keychain = _session(clock=clock)
    session.launch()
    keychain.fail_next()  # the first keychain store fails (transient)
    session.login("ada", "correct horse")
    assert session.state is State.LOGGED_IN and not keychain.has_item
    device.lock()
    clock.advance(400)
    session.poll()  # the store's retry fires while the phone is locked
    clock.advance(7200)
    device.unlock()  # a suspended iOS app is not told
    session.request_work("fetch")  # token expired; the phone is unlocked
    assert session.state is State.LOGGED_IN
    assert "sign_in_again" not in session.notifications
    assert session.completed_work == ["fetch"]
    stored = keychain.read()
    assert isinstance(stored, Found) and stored.credentials.account == "ada"


# 3. Two lost races ----------------------------------------------------------------------------


class _RacingSiblings:
    """A rotating server with an app extension that refreshes first, twice in a row: each of the
    app's requests arrives with a token the extension has just rotated away."""

    def __init__(self, keychain: MemoryKeychain) -> None:
        self.keychain = keychain
        self.sent: list[str] = []

    def __call__(self, credentials: Credentials) -> AuthResult:
        secret = credentials.secret.get_secret_value()
        self.sent.append(secret)
        if secret in ("t0", "t1"):
            successor = {"t0": "t1", "t1": "t2"}[secret]
            self.keychain.store(
                Credentials(account="ada", secret=SecretStr(successor)),
                ProtectionClass.WHEN_UNLOCKED,
            )
            return Rejected(detail="invalid_grant: token already rotated")
        return Accepted(token=SecretStr("access"), expires_in=600, refresh_token=SecretStr("t3"))


def test_3_two_lost_races_are_not_a_rejection() -> None:
    device = FakeProtectedData(available=True)
    keychain = MemoryKeychain(
        available=device.available, credentials=Credentials(account="ada", secret=SecretStr("t0"))
    )
    server = _RacingSiblings(keychain)
    session, _, _ = _session(
        device=device, keychain=keychain, authenticator=ScriptedAuthenticator(handler=server)
    )
    session.launch()
    session.request_work("sync")
    assert server.sent == ["t0", "t1", "t2"]  # retried as long as the store kept changing
    assert session.state is State.LOGGED_IN
    assert session.completed_work == ["sync"]
    stored = keychain.read()
    assert isinstance(stored, Found) and stored.credentials.secret.get_secret_value() == "t3"


# 4. Stranded forever --------------------------------------------------------------------------


def _finished(path: Path) -> World:
    scenario = load_scenario(path)
    world = World(scenario)
    for event in scenario.steps:
        world.feed(event)
    return world


def test_4_a_class_removed_with_the_passcode_is_a_lost_secret_and_the_user_is_told() -> None:
    world = _finished(EXAMPLES / "passcode-removed-strands-nobody.json")
    try:
        app = world.app
        assert app is not None and app.state == "logged_out"
        session = app.session  # type: ignore[attr-defined]
        assert [h.detail for h in session.history if h.detail] == ["passcode_removed"]
        assert session.notifications[-1] == "sign_in_again"
        assert world.summary().spurious_logouts == 0
    finally:
        world.close()


def test_4_a_passcode_less_phone_never_strands_a_when_passcode_set_session() -> None:
    scenario = parse_scenario(
        {
            "schema": "authsession.scenario/1",
            "name": "passcode-less",
            "device": {"passcode": False},
            "platform": "ios",
            "protection": "when_passcode_set_this_device_only",
            "steps": [
                {"event": "launch", "mode": "foreground"},
                {"event": "login", "user": "ada", "password": "pw"},
                {"event": "terminate"},
                {"event": "launch", "mode": "foreground"},
                {"event": "foreground"},
            ],
        },
        "test",
    )
    world = World(scenario)
    try:
        for event in scenario.steps:
            world.feed(event)
        app = world.app
        assert app is not None and app.state == "logged_out"  # resolved, not "unknown"
        session = app.session  # type: ignore[attr-defined]
        assert [h.detail for h in session.history if h.detail] == ["passcode_removed"]
        assert session.notifications == ["sign_in_again"]
    finally:
        world.close()


# 5. Wedged ------------------------------------------------------------------------------------


class _FlakySignal(FakeProtectedData):
    """A protected-data signal whose next answers raise."""

    def __init__(self) -> None:
        super().__init__(available=True)
        self.raises = 0

    def available(self) -> bool:
        if self.raises:
            self.raises -= 1
            raise RuntimeError("signal broke")
        return super().available()


def test_5_a_signal_that_raises_mid_step_never_wedges_the_session() -> None:
    clock = ManualClock()
    device = _FlakySignal()
    session, _, _ = _session(device=device, clock=clock)
    session.launch()
    session.login("ada", "correct horse")
    clock.advance(7200)
    device.raises = 1
    session.request_work("fetch")  # must not raise, must not leave a read "in flight" forever
    assert session.state is State.DEFERRED_AUTH  # "unavailable" was the cautious answer
    session.foreground()
    assert session.state is State.LOGGED_IN
    assert session.completed_work == ["fetch"]


def test_5_a_work_handler_that_raises_loses_nothing_else() -> None:
    done: list[str] = []

    def handler(label: str, token: SecretStr) -> None:
        if label == "bad":
            raise ValueError("the app's own bug")
        done.append(label)

    session, _, _ = _session(work_handler=handler)
    session.launch()
    session.login("ada", "pw")
    session.request_work("bad")
    session.request_work("good")
    assert done == ["good"]
    assert session.failed_work == ["bad"] and session.completed_work == ["good"]


def test_5_on_notify_and_the_clock_that_raise_are_contained() -> None:
    class BrokenClock(ManualClock):
        broken = False

        def monotonic(self) -> float:
            if self.broken:
                raise OSError("clock")
            return super().monotonic()

    def on_notify(message: str) -> None:
        raise RuntimeError("ui thread gone")

    clock = BrokenClock()
    server = ScriptedAuthenticator(token_lifetime=3600)
    session, _, _ = _session(clock=clock, on_notify=on_notify, authenticator=server)
    session.launch()
    session.login("ada", "pw")
    clock.broken = True
    session.request_work("fetch")  # the token is still valid: works on the last clock reading
    assert session.completed_work == ["fetch"]
    session.logout()
    assert session.state is State.LOGGED_OUT
    server.script(Rejected())
    session.login("ada", "wrong")  # sign_in_failed reaches an on_notify that raises
    assert session.state is State.LOGGED_OUT
    assert session.notifications == ["sign_in_failed"]


# Host defects found in the same trial --------------------------------------------------------


def test_logout_before_launch_is_not_undone_by_the_launch() -> None:
    session, _, keychain = _session()
    session.launch()
    session.login("ada", "pw")
    again, _, _ = _session(keychain=keychain)
    again.logout()  # the user signed out before the launch event was delivered
    again.launch()
    assert again.state is State.LOGGED_OUT
    assert not keychain.has_item


def test_a_token_that_lives_no_longer_than_the_leeway_is_still_usable() -> None:
    server = ScriptedAuthenticator(token_lifetime=20)  # the default leeway is 30 s
    session, _, _ = _session(authenticator=server)
    session.launch()
    session.login("ada", "pw")
    assert session.access_token is not None
    session.request_work("a")
    session.request_work("b")
    assert server.requests == ["ada"]  # no re-authentication for every request


def test_the_work_and_notification_logs_are_bounded() -> None:
    from authsession import SessionConfig

    session, _, _ = _session(config=SessionConfig(history_limit=5))
    session.launch()
    session.login("ada", "pw")
    for i in range(50):
        session.request_work(f"w{i}")
    assert len(session.completed_work) == 5 and session.completed_work[-1] == "w49"


@pytest.mark.parametrize("history", [10, 10_000])
def test_get_token_does_not_copy_the_history(history: int) -> None:
    from authsession import SessionConfig, ThreadSafeAuthSession

    session, _, _ = _session(config=SessionConfig(history_limit=history))
    session.launch()
    session.login("ada", "pw")
    for _ in range(history):
        session.request_work("w")
    driver = ThreadSafeAuthSession(session)
    calls = []
    original = type(session).history

    def spy(self: AuthSession) -> object:
        calls.append(1)
        return original.fget(self)  # type: ignore[attr-defined]

    type(session).history = property(spy)  # type: ignore[method-assign,assignment]
    try:
        assert driver.get_token().fresh
    finally:
        type(session).history = original  # type: ignore[method-assign]
    assert calls == []


def test_inputs_a_snapshot_cannot_hold_never_break_a_step() -> None:
    """An account id too long for the snapshot is left out of it; a work label outside 1..200
    characters is refused at the call, before anything runs."""
    from authsession.errors import InvalidInputError
    from authsession.testing import MemorySnapshotStore

    store = MemorySnapshotStore()
    session, _, _ = _session(store=store)
    session.launch()
    session.login("a" * 5000, "pw")
    assert session.state is State.LOGGED_IN
    assert session.snapshot().account is None
    with pytest.raises(InvalidInputError, match="label: must be 1 to 200 characters"):
        session.request_work("")
    with pytest.raises(InvalidInputError):
        session.request_work("x" * 201)
