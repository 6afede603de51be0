"""Issue 21 in the runtime: a confirmed rejection is "re-authentication required", never a
sign-out; a sign-out completes at once whatever the network does and its refresh token is revoked
from a durable outbox — once, across a kill, never while its class is locked; a revocation hint
confirms before it ends anything; the observer tells the truth, from its first value on; and a
snapshot written by the previous release still loads."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pydantic import SecretStr

from authsession import AuthSession, State
from authsession.adapters import Accepted, Credentials, Rejected
from authsession.adapters.keychain import ProtectionClass
from authsession.adapters.revocation import (
    KeychainOutbox,
    MemoryOutbox,
    Pending,
    RevocationEntry,
    RevocationRefused,
    decode_entries,
    encode_entries,
)
from authsession.invariants import check_records, observer_values_honest
from authsession.runtime import AsyncAuthSession, SessionView, load_snapshot, parse_snapshot
from authsession.runtime.host import REVOCATION
from authsession.testing import (
    FakeProtectedData,
    ManualClock,
    MemoryKeychain,
    MemorySnapshotStore,
    ScriptedAuthenticator,
    ScriptedRevoker,
)

DATA = Path(__file__).parent / "data"
CANARY = "canary-refresh-9d1e"


class Phone:
    """What outlives a process: the lock, the keychain (two items), the clock, the servers."""

    def __init__(self, *, rotating: bool = True) -> None:
        self.signal = FakeProtectedData(available=True)
        self.keychain = MemoryKeychain(available=self.signal.available)
        self.outbox_item = MemoryKeychain(available=self.signal.available)
        self.clock = ManualClock()
        self.issued = 0
        self.rotating = rotating
        self.server = ScriptedAuthenticator(handler=self._accept)
        self.revoker = ScriptedRevoker()
        self.store = MemorySnapshotStore()
        self.failed: list[tuple[str, str]] = []

    def _accept(self, credentials: Credentials) -> Accepted | Rejected:
        self.issued += 1
        refresh = SecretStr(f"{CANARY}-{self.issued}") if self.rotating else None
        return Accepted(
            token=SecretStr(f"access-{self.issued}"), expires_in=3600, refresh_token=refresh
        )

    def process(self) -> AuthSession:
        return AuthSession(
            keychain=self.keychain,
            clock=self.clock,
            authenticator=self.server,
            protected_data=self.signal,
            store=self.store,
            outbox=KeychainOutbox(self.outbox_item),
            revoker=self.revoker,
            on_work_failed=lambda label, reason: self.failed.append((label, reason)),
        )

    def queued(self) -> tuple[RevocationEntry, ...]:
        held = KeychainOutbox(self.outbox_item).read()
        assert isinstance(held, Pending)
        return held.entries


def _signed_in(phone: Phone) -> AuthSession:
    session = phone.process()
    session.launch()
    session.login("ada", "correct horse")
    assert session.state is State.LOGGED_IN
    return session


def _views(session: AuthSession) -> list[SessionView]:
    seen: list[SessionView] = []
    session.subscribe(seen.append)
    return seen


def _told(views: list[SessionView]) -> list[tuple[str, str, str | None]]:
    return [(v.state.value, v.user_present, v.reason) for v in views]


def test_a_confirmed_rejection_asks_the_same_account_to_sign_in_again() -> None:
    phone = Phone()
    session = _signed_in(phone)
    views = _views(session)
    phone.server.script(Rejected(detail="invalid_grant"))
    phone.clock.advance(3600)
    session.request_work("sync")
    assert session.state is State.REAUTH_REQUIRED
    assert session.account == "ada" and session.pending_work == ("sync",)
    assert session.view.screen == "sign_in_again" and session.view.account == "ada"
    assert not phone.keychain.has_item  # the rejected credentials are gone
    assert "logged_out" not in [v.state.value for v in views]  # never a sign-out
    assert next(v.reason for v in views if v.user_present == "no") == "server_rejected"
    assert observer_values_honest(_told(views)) == []
    # The same account signs back in: the owed work runs for it.
    session.login("ada", "correct horse")
    assert session.state is State.LOGGED_IN and session.completed_work == ["sync"]
    assert check_records(session.records) == []


def test_work_owed_for_one_account_is_handed_back_when_another_signs_in() -> None:
    phone = Phone()
    session = _signed_in(phone)
    phone.server.script(Rejected(detail="invalid_grant"))
    phone.clock.advance(3600)
    session.request_work("sync")
    assert session.state is State.REAUTH_REQUIRED
    step = session.login("bob", "hunter2")
    assert step is not None and step.reason == "signing_in_another_account"
    assert phone.failed == [("sync", "another_account")]
    assert session.state is State.LOGGED_IN and session.completed_work == []
    assert session.failed_work == ["sync"]


def test_a_restarted_process_still_says_sign_in_again() -> None:
    phone = Phone()
    first = _signed_in(phone)
    phone.server.script(Rejected(detail="invalid_grant"))
    phone.clock.advance(3600)
    first.request_work("sync")
    second = phone.process()
    assert second.state is State.REAUTH_REQUIRED and second.account == "ada"
    assert second.pending_work == ("sync",)
    second.launch()
    assert second.state is State.REAUTH_REQUIRED  # nothing read: the credentials are gone


def test_an_offline_sign_out_completes_at_once_and_revokes_when_the_network_returns() -> None:
    phone = Phone()
    session = _signed_in(phone)
    views = _views(session)
    phone.revoker.online = False
    step = session.logout()
    assert step is not None and step.state is State.LOGGING_OUT
    assert session.state is State.LOGGED_OUT  # completed at once: no network needed
    assert not phone.keychain.has_item
    assert [e.account for e in phone.queued()] == ["ada"]  # moved to the outbox first
    assert session.context["revocation_pending"] and REVOCATION in session.timers
    assert phone.revoker.requests == [("ada", "local", "refresh_token")]  # tried, offline
    phone.revoker.online = True
    phone.clock.advance(1000)
    session.poll()
    assert phone.revoker.was_revoked(f"{CANARY}-1")
    assert phone.queued() == () and not session.context["revocation_pending"]
    assert [v.state.value for v in views][-1] == "logged_out"
    assert views[1].user_present == "no" and views[1].reason == "user_logout"
    assert check_records(session.records) == []


def test_a_revocation_owed_survives_a_kill_and_waits_for_protected_data() -> None:
    phone = Phone()
    first = _signed_in(phone)
    phone.revoker.online = False
    first.logout(scope="global")
    assert [e.scope for e in phone.queued()] == ["global"]
    del first  # killed: nothing else runs in this process
    phone.revoker.online = True
    phone.signal.lock()
    second = phone.process()
    assert second.context["revocation_pending"]
    second.launch()
    second.poll()
    before = len(phone.revoker.requests)
    phone.clock.advance(600)
    second.poll()
    # Locked: the outbox is not read, nothing is sent.
    assert len(phone.revoker.requests) == before and phone.outbox_item.has_item
    phone.signal.unlock()
    second.foreground()  # the user is here: the backoff falls due now
    assert phone.revoker.was_revoked(f"{CANARY}-1")
    assert phone.revoker.requests[-1] == ("ada", "global", "refresh_token")
    assert phone.queued() == ()


def test_a_token_in_hand_is_queued_too() -> None:
    phone = Phone()
    session = phone.process()
    session.launch()
    phone.keychain.fail_next(1)  # the sign-in's store fails: its refresh token stays in hand
    session.login("ada", "correct horse")
    assert session.credentials_in_hand and not phone.keychain.has_item
    phone.revoker.online = False
    session.logout()
    assert session.state is State.LOGGED_OUT
    assert [e.token.get_secret_value() for e in phone.queued()] == [f"{CANARY}-1"]


def test_a_revocation_refused_for_good_leaves_the_outbox() -> None:
    phone = Phone()
    phone.revoker.script(RevocationRefused(detail="http 400 unsupported_token_type"))
    session = _signed_in(phone)
    session.logout()
    assert phone.queued() == () and not session.context["revocation_pending"]


def test_the_first_value_of_a_locked_launch_is_not_known_yet() -> None:
    phone = Phone()
    _signed_in(phone)
    phone.signal.lock()
    session = phone.process()
    views = _views(session)
    session.launch()
    assert views[0].user_present == "unknown" and views[0].reason is None
    assert views[0].screen == "unlock_to_continue"
    assert all(v.user_present != "no" for v in views)
    phone.signal.unlock()
    session.foreground()
    assert views[-1].user_present == "yes" and views[-1].account == "ada"
    assert observer_values_honest(_told(views)) == []


def test_an_unsubscribed_observer_hears_nothing_more() -> None:
    phone = Phone()
    session = phone.process()
    seen: list[SessionView] = []
    unsubscribe = session.subscribe(seen.append)
    unsubscribe()
    session.launch()
    assert len(seen) == 1


def test_a_revocation_hint_confirms_before_it_ends_anything() -> None:
    phone = Phone()
    session = _signed_in(phone)
    assert session.access_token is not None
    phone.server.script(Rejected(detail="invalid_grant: session revoked"))
    phone.signal.lock()
    session.revocation_hint()  # locked: nothing changes but the token's trust
    assert session.state is State.LOGGED_IN and session.access_token is None
    phone.signal.unlock()
    session.revocation_hint()
    assert session.state is State.REAUTH_REQUIRED
    # A false alarm: the refresh is accepted, the user stays.
    again = _signed_in(Phone())
    again.revocation_hint()
    assert again.state is State.LOGGED_IN and again.access_token is not None


def test_signing_out_the_other_sessions_changes_nothing_here() -> None:
    phone = Phone()
    session = _signed_in(phone)
    step = session.logout(scope="others")
    assert step is not None and step.state is State.LOGGED_IN
    assert phone.revoker.requests == [("ada", "others", "access_token")]
    assert phone.queued() == ()
    phone.clock.advance(7200)
    session.poll()
    step = session.logout(scope="others")  # no valid access token: refused, still nothing
    assert step is not None and step.reason == "others_logout_needs_a_valid_token"
    with pytest.raises(Exception, match="scope"):
        session.logout(scope="everyone")  # type: ignore[arg-type]


def test_the_async_driver_yields_views() -> None:
    phone = Phone()
    _signed_in(phone)
    phone.signal.lock()
    driver = AsyncAuthSession(phone.process())

    async def main() -> list[SessionView]:
        seen: list[SessionView] = []

        async def watch() -> None:
            async for view in driver.views():
                seen.append(view)
                if view.user_present == "yes":
                    return

        watcher = asyncio.create_task(watch())
        await asyncio.sleep(0)
        await driver.launch()
        phone.signal.unlock()
        await driver.foreground()
        await asyncio.wait_for(watcher, 5)
        return seen

    seen = asyncio.run(main())
    assert seen[0].user_present == "unknown" and seen[-1].user_present == "yes"


def test_no_secret_in_the_outbox_repr_or_the_snapshot() -> None:
    phone = Phone()
    session = _signed_in(phone)
    phone.revoker.online = False
    session.logout()
    entry = phone.queued()[0]
    for text in (repr(entry), repr(phone.queued()), repr(KeychainOutbox(phone.outbox_item)),
                 str(load_snapshot(phone.store)), repr(session), repr(session.view)):  # fmt: skip
        assert CANARY not in text


def test_outbox_entries_round_trip_and_junk_reads_as_nothing() -> None:
    entries = (RevocationEntry(account="ada", token=SecretStr("t1"), scope="global"),)
    assert decode_entries(encode_entries(entries)) == entries
    assert decode_entries("not json") is None
    item = MemoryKeychain()
    item.store(Credentials(account="x", secret=SecretStr("{junk")), ProtectionClass.WHEN_UNLOCKED)
    assert KeychainOutbox(item).read() == Pending()
    memory = MemoryOutbox(available=lambda: False)
    assert memory.read().kind == "unavailable"


@pytest.mark.parametrize("name", ["snapshot-v2-deferred-work.json", "snapshot-v2-logging-out.json"])
def test_a_snapshot_written_by_the_previous_release_loads(name: str) -> None:
    """No user lost by upgrading: the files are what version 2 (every release before issue 21)
    wrote, checked in as they were."""
    data = (DATA / name).read_bytes()
    assert b'"version":2' in data
    snapshot = parse_snapshot(data, name)
    assert snapshot.version == 3
    phone = Phone()
    phone.store = MemorySnapshotStore(data)
    if name == "snapshot-v2-deferred-work.json":
        phone.keychain.store(
            Credentials(account="ada", secret=SecretStr("pw")), ProtectionClass.WHEN_UNLOCKED
        )
        session = phone.process()
        assert session.snapshot_error is None
        assert session.pending_work == ("background_fetch@3", "sync") and session.account == "ada"
        session.launch()
        session.request_work("more")
        assert session.state is State.LOGGED_IN
        assert session.completed_work == ["background_fetch@3", "sync", "more"]
    else:
        session = phone.process()
        assert session.snapshot_error is None and session.state is State.LOGGING_OUT
        session.launch()
        assert session.state is State.LOGGED_OUT
