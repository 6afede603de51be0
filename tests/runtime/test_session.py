"""`AuthSession` runs the table faithfully through adapters, under faults and random orderings."""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import SecretStr, ValidationError

from authsession import AuthSession, ProtectionClass, SessionConfig, State
from authsession.adapters import Accepted, Credentials, Transient
from authsession.invariants import check_records, secrets_in, security_never_lowered
from authsession.spec.events import SecretLossCause
from authsession.testing import (
    FakeProtectedData,
    ManualClock,
    MemoryKeychain,
    ScriptedAuthenticator,
)

CANARY_PASSWORD = "canary-pw-7f3a9c1e"

CANARY_TOKEN = "canary-token-51be02d4"


def test_logout_while_locked_finishes_later_and_never_uses_the_credentials(
    session: AuthSession, device: FakeProtectedData, keychain: MemoryKeychain,
    server: ScriptedAuthenticator, clock: ManualClock,
) -> None:  # fmt: skip
    session.launch()
    session.login("ada", "pw")
    device.lock()
    session.logout()  # e.g. a remote sign-out delivered by a push while locked
    assert session.state is State.LOGGING_OUT
    assert session.user_present == "no"
    assert keychain.has_item  # the delete could not run yet …
    session.request_work("sync")
    clock.advance(10_000)
    session.poll()
    assert server.requests == ["ada"]  # … and nothing used the credentials meanwhile
    device.unlock()
    session.protected_data_did_become_available()
    assert session.state is State.LOGGED_OUT
    assert not keychain.has_item


def test_transient_keychain_errors_retry_with_bounded_backoff(
    session: AuthSession, keychain: MemoryKeychain, clock: ManualClock
) -> None:
    keychain.fail_next(12)
    session.launch()
    delays = []
    while session.state is State.CHECKING_CREDENTIALS:
        deadline = session.next_deadline
        assert deadline is not None
        delays.append(deadline - clock.monotonic())
        clock.advance(delays[-1])
        session.poll()
    assert session.state is State.LOGGED_OUT  # the item never existed: a fresh install
    assert len(delays) == 12
    assert delays[5] > delays[0]  # grows …
    assert max(delays) <= session.config.retry_cap  # … but stays bounded
    assert check_records(session.records) == []


def test_token_expiry_uses_monotonic_time_and_ignores_wall_clock_jumps(
    session: AuthSession, clock: ManualClock, server: ScriptedAuthenticator
) -> None:
    session.launch()
    session.login("ada", "pw")
    before = len(session.history)
    for jump in (-86_400 * 365, 86_400 * 365 * 5):
        clock.jump_wall(jump)
        session.poll()
        assert session.access_token is not None
    assert len(session.history) == before  # no expiry, no refresh loop, no logout
    clock.advance(3600 - session.config.token_leeway)
    session.poll()
    assert session.access_token is None
    assert session.history[-1].event.type == "token_expired"
    assert session.state is State.LOGGED_IN and server.requests == ["ada"]


def test_store_that_cannot_complete_is_retried(
    device: FakeProtectedData, clock: ManualClock, server: ScriptedAuthenticator
) -> None:
    keychain = MemoryKeychain(available=device.available)
    session = AuthSession(
        keychain=keychain, clock=clock, authenticator=server, protected_data=device
    )
    session.launch()
    keychain.fail_next(1)
    session.login("ada", "pw")
    assert not keychain.has_item
    deadline = session.next_deadline
    assert deadline is not None
    clock.advance(min(deadline, 3000) - clock.monotonic())
    session.poll()
    assert keychain.has_item
    assert session.history[-1].reason == "credentials_stored"


def test_lost_local_secret_is_an_explicit_sign_in_again(
    session: AuthSession, keychain: MemoryKeychain
) -> None:
    session.launch()
    session.login("ada", "pw")
    keychain.lose_secret(SecretLossCause.KEY_PERMANENTLY_INVALIDATED)
    again = AuthSession(
        keychain=keychain, clock=ManualClock(), authenticator=ScriptedAuthenticator()
    )
    again.launch()
    assert again.state is State.LOGGED_OUT
    assert again.history[-1].reason == "credentials_absent"
    assert again.history[-1].detail == "key_permanently_invalidated"
    assert again.notifications == ["sign_in_again"]


def test_an_adapter_that_raises_is_a_transient_failure(clock: ManualClock) -> None:
    class Exploding(MemoryKeychain):
        def read(self):  # type: ignore[no-untyped-def]
            raise RuntimeError(f"driver crashed holding {CANARY_PASSWORD}")

    session = AuthSession(keychain=Exploding(), clock=clock, authenticator=ScriptedAuthenticator())
    session.launch()
    assert session.state is State.CHECKING_CREDENTIALS  # retrying, not logged out
    assert session.next_deadline is not None


@pytest.mark.parametrize(
    "protection",
    [
        ProtectionClass.ALWAYS,
        ProtectionClass.ALWAYS_THIS_DEVICE_ONLY,
        ProtectionClass.DEVICE_ENCRYPTED,
    ],
)
def test_insecure_protection_is_refused_unless_allowed(protection: ProtectionClass) -> None:
    with pytest.raises(ValidationError, match="allow_insecure_protection"):
        SessionConfig(protection=protection)
    assert (
        SessionConfig(protection=protection, allow_insecure_protection=True).protection
        is protection
    )


def test_credentials_are_stored_with_the_configured_class(
    device: FakeProtectedData, clock: ManualClock
) -> None:
    keychain = MemoryKeychain(available=device.available)
    config = SessionConfig(protection=ProtectionClass.AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY)
    session = AuthSession(keychain=keychain, clock=clock, authenticator=ScriptedAuthenticator(),
                          protected_data=device, config=config)  # fmt: skip
    session.launch()
    session.login("ada", "pw")
    stored = [c.protection for c in keychain.calls if c.operation == "store"]
    assert stored == [ProtectionClass.AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY]
    assert security_never_lowered(stored, config.protection) == []


def test_no_secret_reaches_history_repr_logs_or_errors(
    caplog: pytest.LogCaptureFixture, device: FakeProtectedData, clock: ManualClock
) -> None:
    caplog.set_level(logging.DEBUG, logger="authsession")
    keychain = MemoryKeychain(available=device.available)
    server = ScriptedAuthenticator(Accepted(token=SecretStr(CANARY_TOKEN), expires_in=60))
    session = AuthSession(
        keychain=keychain, clock=clock, authenticator=server, protected_data=device
    )
    session.launch()
    session.login("ada", CANARY_PASSWORD)
    clock.advance(120)
    session.poll()
    device.lock()
    session.request_work()
    device.unlock()
    session.foreground()
    session.logout()
    outputs = [
        repr(session),
        repr(keychain),
        repr(server),
        repr(session.access_token),
        repr(Credentials(account="ada", secret=SecretStr(CANARY_PASSWORD))),
        caplog.text,
        *(entry.model_dump_json() for entry in session.history),
        *(repr(entry) for entry in session.history),
        *(repr(r) for r in session.records),
    ]
    assert secrets_in(outputs, [CANARY_PASSWORD, CANARY_TOKEN]) == []
    assert len(session.history) > 5  # the scan saw a real session, not an empty one


# Random device and app behaviour -------------------------------------------------------------

ACTIONS = st.sampled_from(
    [
        "launch", "relaunch", "login", "logout", "work", "lock", "unlock", "notify_available",
        "notify_unavailable", "foreground", "advance", "jump_wall", "server_down", "server_reject",
        "keychain_fault", "secret_lost",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ACTIONS, max_size=40), st.booleans())
def test_random_runs_keep_every_invariant(actions: list[str], quirk: bool) -> None:
    device = FakeProtectedData(available=True)
    keychain = MemoryKeychain(available=device.available, not_found_while_locked=quirk)
    clock = ManualClock()
    server = ScriptedAuthenticator(token_lifetime=600)

    def new_session() -> AuthSession:
        return AuthSession(keychain=keychain, clock=clock, authenticator=server,
                           protected_data=device, config=SessionConfig(seed=1))  # fmt: skip

    session = new_session()
    sessions = [session]
    for action in actions:
        match action:
            case "launch":
                session.launch()
            case "relaunch":
                session = new_session()
                sessions.append(session)
                session.launch()
            case "login":
                session.login("ada", CANARY_PASSWORD)
            case "logout":
                session.logout()
            case "work":
                session.request_work()
            case "lock":
                device.lock()
            case "unlock":
                device.unlock()
            case "notify_available" if device.available():
                session.protected_data_did_become_available()
            case "notify_unavailable" if not device.available():
                session.protected_data_will_become_unavailable()
            case "foreground":
                session.foreground()
            case "advance":
                clock.advance(400)
                session.poll()
            case "jump_wall":
                clock.jump_wall(-86_400)
                session.poll()
            case "server_down":
                server.script(Transient(detail="down"))
            case "server_reject":
                from authsession.adapters import Rejected

                server.script(Rejected())
            case "keychain_fault":
                keychain.fail_next()
            case "secret_lost":
                keychain.lose_secret(SecretLossCause.AEAD_BAD_TAG)
        if not device.available():
            assert session.user_present != "no" or session.state in (
                State.LOGGED_OUT, State.LOGGING_OUT, State.SIGNING_IN,
            )  # fmt: skip
    for s in sessions:
        assert check_records(s.records) == [], [str(v) for v in check_records(s.records)]


def test_history_is_bounded_and_records_since_keeps_up(
    device: FakeProtectedData, clock: ManualClock
) -> None:
    """An app may keep one session object for weeks: history and records keep the last
    `history_limit` steps, while `records_since` lets an observer read each step exactly once."""
    session = AuthSession(
        keychain=MemoryKeychain(available=device.available),
        clock=clock,
        authenticator=ScriptedAuthenticator(),
        protected_data=device,
        config=SessionConfig(history_limit=5),
    )
    session.launch()
    session.login("ada", "pw")
    seen: list[int] = []
    count = 0
    for _ in range(6):
        device.lock()
        session.protected_data_will_become_unavailable()
        device.unlock()
        session.protected_data_did_become_available()
        seen.extend(r.step for r in session.records_since(count))
        count = session.step_count
    assert session.step_count > 12
    assert seen == list(range(seen[0], session.step_count))  # each step once, in order
    assert len(session.history) == len(session.records) == 5
    assert [r.step for r in session.records] == list(range(session.step_count - 5, count))
    assert [e.state for e in session.history] == [r.state for r in session.records]
    assert session.records_since(count) == ()
    with pytest.raises(ValidationError):
        SessionConfig(history_limit=0)


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_login_works_whatever_the_history_limit(
    limit: int, device: FakeProtectedData, clock: ManualClock
) -> None:
    """The login step decides whether the typed credentials are used; it must not look that up in
    a bounded history (a full one shifts under it)."""
    keychain = MemoryKeychain(available=device.available)
    session = AuthSession(
        keychain=keychain,
        clock=clock,
        authenticator=ScriptedAuthenticator(),
        protected_data=device,
        config=SessionConfig(history_limit=limit),
    )
    session.launch()
    session.launch()  # fill the history
    session.login("ada", "pw")
    assert session.state is State.LOGGED_IN and keychain.has_item
    session.login("bob", "other")  # not offered while logged in: nothing changes
    assert session.account == "ada"


def test_a_login_queued_from_inside_a_step_is_decided_by_its_own_step(
    device: FakeProtectedData, clock: ManualClock
) -> None:
    keychain = MemoryKeychain(available=device.available)
    holder: list[AuthSession] = []

    def handler(label: str, token: SecretStr) -> None:
        holder[0].login("bob", "other")  # re-entrant: queued behind the running step

    session = AuthSession(
        keychain=keychain,
        clock=clock,
        authenticator=ScriptedAuthenticator(),
        protected_data=device,
        work_handler=handler,
    )
    holder.append(session)
    session.launch()
    session.login("ada", "pw")
    session.request_work("sync")
    assert session.state is State.LOGGED_IN
    assert session.account == "ada"
    assert check_records(session.records) == []
