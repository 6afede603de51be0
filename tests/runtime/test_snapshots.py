"""Durable snapshots: versioned, migrated, atomic, secret-free; a relaunch resumes deferred work
(invariant 3) and finishes a deferred wipe (invariant 5); a bad file is a typed error, never a
crash loop and never a logout."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import SecretStr

from authsession import AuthSession, State
from authsession.adapters import Credentials
from authsession.invariants import check_records
from authsession.runtime import (
    FileSnapshotStore,
    SessionSnapshot,
    SnapshotError,
    dump_snapshot,
    parse_snapshot,
)
from authsession.testing import (
    FakeProtectedData,
    ManualClock,
    MemoryKeychain,
    ScriptedAuthenticator,
)
from authsession.testing.snapshots import MemorySnapshotStore


class Device:
    """One phone: its keychain and lock switch outlive any process."""

    def __init__(self) -> None:
        self.signal = FakeProtectedData(available=True)
        self.keychain = MemoryKeychain(available=self.signal.available)
        self.clock = ManualClock()
        self.server = ScriptedAuthenticator(token_lifetime=3600)

    def process(self, store: object) -> AuthSession:
        return AuthSession(
            keychain=self.keychain,
            clock=self.clock,
            authenticator=self.server,
            protected_data=self.signal,
            store=store,  # type: ignore[arg-type]
        )


def test_round_trip_and_the_saved_bytes_are_exactly_the_model() -> None:
    snapshot = SessionSnapshot(state=State.DEFERRED_AUTH, pending_work=("a", "b"), account="ada")
    assert parse_snapshot(dump_snapshot(snapshot), "x") == snapshot


def test_v1_snapshot_migrates_to_the_current_version() -> None:
    v1 = {"version": 1, "state": "logging_out", "deferred": ["sync"], "user": "ada"}
    snapshot = parse_snapshot(json.dumps(v1).encode(), "old.json")
    assert snapshot.version == 3
    assert snapshot.restored_state() is State.LOGGING_OUT
    assert snapshot.pending_work == ("sync",) and snapshot.account == "ada"
    assert snapshot.restored_work() == ()  # a signed-out user owes nothing
    assert snapshot.context.work_pending


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (b"", "(file)"),
        (b"\xff\xfe", "(file)"),
        (b"[]", "(root)"),
        (b'{"version": 9, "state": "logged_in"}', "version"),
        (b'{"version": "2"}', "version"),
        (b'{"version": 2, "schema": "authsession.snapshot", "state": "gone"}', "state"),
        (b'{"version": 1, "state": "x", "deferred": 5}', "deferred"),
        (
            b'{"version": 2, "schema": "authsession.snapshot", "state": "logged_in",'
            b' "logout_tombstone": true}',
            "logout_tombstone",
        ),
        (b'{"version": 3, "schema": "authsession.snapshot", "state": "x"}', "state"),
        (
            b'{"version": 3, "schema": "authsession.snapshot", "state": "logged_in",'
            b' "logout_tombstone": false}',
            "(root)",  # an unknown key is not quoted
        ),
    ],
)
def test_bad_snapshots_are_one_line_errors_naming_file_and_field(data: bytes, field: str) -> None:
    with pytest.raises(SnapshotError) as caught:
        parse_snapshot(data, "/data/session.json")
    message = str(caught.value)
    assert "\n" not in message
    # `FILE:LINE: field:` where the stored text has a line for it, else `FILE: field:`.
    assert re.match(rf"/data/session\.json(:1)?: {re.escape(field)}:", message), message
    assert caught.value.field == field


def test_deferred_work_survives_termination(tmp_path: Path) -> None:
    device = Device()
    store = FileSnapshotStore(tmp_path / "session.json")
    first = device.process(store)
    first.launch()
    first.login("ada", "pw")
    device.clock.advance(7200)
    device.signal.lock()
    first.request_work("background_fetch")
    assert first.state is State.DEFERRED_AUTH
    del first  # killed: nothing else runs in this process

    relaunched = device.process(FileSnapshotStore(tmp_path / "session.json"))
    assert relaunched.pending_work == ("background_fetch",)
    assert relaunched.account == "ada"
    relaunched.launch()  # prewarmed while still locked
    assert relaunched.state is State.DEFERRED_AUTH
    assert relaunched.user_present == "unknown"
    device.signal.unlock()
    relaunched.protected_data_did_become_available()
    assert relaunched.state is State.LOGGED_IN
    assert relaunched.completed_work == ["background_fetch"]
    assert check_records(relaunched.records, pending_at_start=True) == []
    assert parse_snapshot((tmp_path / "session.json").read_bytes(), "f").pending_work == ()


@pytest.mark.parametrize("unlocked_at_relaunch", [True, False])
def test_a_restored_tombstone_finishes_the_wipe(unlocked_at_relaunch: bool) -> None:
    device = Device()
    store = MemorySnapshotStore()
    first = device.process(store)
    first.launch()
    first.login("ada", "pw")
    device.signal.lock()
    first.logout()
    assert first.state is State.LOGGING_OUT and device.keychain.has_item
    calls_before = len(device.keychain.calls)

    if unlocked_at_relaunch:
        device.signal.unlock()
    relaunched = device.process(store)
    assert relaunched.state is State.LOGGING_OUT
    assert relaunched.user_present == "no"
    relaunched.launch()
    relaunched.request_work("sync")  # nothing may use the stored credentials meanwhile
    if not unlocked_at_relaunch:
        assert relaunched.state is State.LOGGING_OUT and device.keychain.has_item
        device.signal.unlock()
        relaunched.protected_data_did_become_available()
    assert relaunched.state is State.LOGGED_OUT
    assert not device.keychain.has_item
    assert device.server.requests == ["ada"]
    uses = [c for c in device.keychain.calls[calls_before:] if c.operation == "read"]
    # One read, for the revocation outbox (invariant 14); never an authentication.
    assert len(uses) == 1


def test_a_kill_after_every_step_loses_no_work() -> None:
    """Restore from the snapshot saved after each step of a Gilt-like run; each restored session
    finishes on its own with the work done (the world-level version runs every examples/
    scenario — see docs/reliability.md)."""
    device = Device()
    store = MemorySnapshotStore()
    session = device.process(store)
    session.launch()
    session.login("ada", "pw")
    device.clock.advance(7200)
    device.signal.lock()
    session.request_work("fetch")
    device.signal.unlock()
    session.protected_data_did_become_available()
    assert store.saves >= 5
    for saved in store.history:
        snapshot = parse_snapshot(saved, "memory")
        restored = device.process(MemorySnapshotStore(saved))
        restored.launch()
        restored.foreground()
        if snapshot.pending_work:
            assert restored.completed_work == list(snapshot.pending_work)
        assert restored.state is State.LOGGED_IN


def test_corrupt_snapshot_starts_fresh_without_logout_or_crash_loop(tmp_path: Path) -> None:
    device = Device()
    device.keychain = MemoryKeychain(
        available=device.signal.available,
        credentials=Credentials(account="ada", secret=SecretStr("pw")),
    )
    path = tmp_path / "session.json"
    path.write_bytes(b'{"version": 2, "state": "logged_in", "pending_work": [1, 2]')
    session = device.process(FileSnapshotStore(path))
    assert session.snapshot_error is not None
    assert str(session.snapshot_error).startswith(f"{path}:1: (file): not JSON")
    session.launch()
    assert session.state is State.LOGGED_IN  # the keychain still knows the user
    again = device.process(FileSnapshotStore(path))  # the bad file was replaced: no loop
    assert again.snapshot_error is None


def test_unknown_version_and_unreadable_store_are_typed_errors() -> None:
    device = Device()
    session = device.process(MemorySnapshotStore(b'{"version": 4}', location="app-group:s.json"))
    assert str(session.snapshot_error) == (
        "app-group:s.json: version: unknown snapshot version 4 (this build reads 1, 2, 3)"
    )
    broken = MemorySnapshotStore()
    broken.fail_loads = True
    session = device.process(broken)
    assert session.snapshot_error is not None and session.snapshot_error.field == "(file)"


def test_a_failing_save_never_stops_the_session() -> None:
    device = Device()
    store = MemorySnapshotStore()
    store.fail_saves = True
    session = device.process(store)
    session.launch()
    session.login("ada", "pw")
    assert session.state is State.LOGGED_IN
    store.fail_saves = False
    session.request_work("sync")
    assert store.saves >= 1  # the next step saved what the failed ones could not


def test_unchanged_steps_do_not_rewrite_the_file() -> None:
    device = Device()
    store = MemorySnapshotStore()
    session = device.process(store)
    session.launch()
    session.login("ada", "pw")
    before = store.saves
    for _ in range(20):
        session.protected_data_will_become_unavailable()  # availability noted, nothing durable
    assert store.saves == before + 1  # the flag changed once; then nothing


def test_file_store_replaces_atomically_and_leaves_no_temp_files(tmp_path: Path) -> None:
    store = FileSnapshotStore(tmp_path / "s.json")
    for n in range(5):
        store.save(dump_snapshot(SessionSnapshot(state=State.LOGGED_IN, sequence=n)))
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]
    assert parse_snapshot(store.load() or b"", "f").sequence == 4
