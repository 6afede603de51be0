"""The refresh lease (issue 20): one process of an app refreshes at a time.

The adapters' grant rules (a file shared by processes, the in-memory fake), the host's answers
(a busy lease waits, a raising one is busy, the lease is given back once what the refresh handed
over is stored), and the published races in both orders on a strict server and on one that
revokes the family on reuse: the reference and its extension both end signed in; the reference
without the lease loses each.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import SecretStr

from authsession import AuthSession
from authsession.adapters import Accepted, Credentials, FileLease
from authsession.spec.states import SIGNED_OUT_STATES
from authsession.testing import (
    FakeProtectedData,
    LeaseBoard,
    ManualClock,
    MemoryKeychain,
    MemoryLease,
    ScriptedAuthenticator,
    check_world,
)
from authsession.world import load_scenario, replay
from authsession.world.world import World

ROOT = Path(__file__).resolve().parents[1]
RACE = ROOT / "examples" / "matrix-rust-sdk-6794-app-refresh-in-flight.json"


# The grant rules, for the file every process shares and for the fake ----------------------


def _file_leases(tmp_path: Path, now: list[float]) -> tuple[FileLease, FileLease, FileLease]:
    def clock() -> float:
        return now[0]

    path = tmp_path / "refresh.lease"
    app = FileLease(path, monotonic=clock, boot="b1", role="app")
    later_app = FileLease(path, monotonic=clock, boot="b1", role="app")
    extension = FileLease(path, monotonic=clock, boot="b1", role="extension", seconds=60)
    return app, later_app, extension


def test_an_extension_waits_for_the_apps_lease_and_the_apps_next_process_takes_it_over(
    tmp_path: Path,
) -> None:
    now = [100.0]
    app, later_app, extension = _file_leases(tmp_path, now)
    assert app.acquire() and app.acquire()  # taken, then renewed
    assert not extension.acquire()
    now[0] += 86_400  # an app's lease does not expire by time: it may hold unstored credentials
    assert not extension.acquire()
    assert later_app.acquire()  # the app runs one main process: the earlier one is gone
    later_app.release()
    assert extension.acquire()
    assert "secret" not in (tmp_path / "refresh.lease").read_text()


def test_an_extensions_lease_expires_and_only_its_holder_gives_it_back(tmp_path: Path) -> None:
    now = [0.0]
    app, _, extension = _file_leases(tmp_path, now)
    assert extension.acquire()
    assert not app.acquire()
    app.release()  # not the holder: nothing happens
    assert not app.acquire()
    now[0] = 60.0
    assert app.acquire()  # expired on the boot-time clock


def test_a_lease_taken_in_an_earlier_boot_is_void(tmp_path: Path) -> None:
    path = tmp_path / "refresh.lease"
    before = FileLease(path, monotonic=lambda: 5.0, boot="b1", role="app")
    after = FileLease(path, monotonic=lambda: 1.0, boot="b2", role="extension")
    assert before.acquire()
    assert after.acquire()


def test_a_torn_lease_file_holds_no_lease(tmp_path: Path) -> None:
    path = tmp_path / "refresh.lease"
    path.write_text("{not json")
    assert FileLease(path, monotonic=lambda: 0.0, boot="b1", role="extension").acquire()
    assert json.loads(path.read_text())["role"] == "extension"


def test_the_fake_follows_the_same_rules() -> None:
    board, now = LeaseBoard(), [0.0]
    app = MemoryLease(board, lambda: now[0], role="app")
    extension = MemoryLease(board, lambda: now[0], role="extension", seconds=60)
    assert app.acquire() and not extension.acquire()
    app.release()
    assert extension.acquire() and not app.held
    now[0] = 61.0
    assert app.acquire() and app.held
    app.fail_next()
    with pytest.raises(OSError, match="lease storage unavailable"):
        app.acquire()


# The host --------------------------------------------------------------------------------


def _signed_in_with_an_expired_token(
    lease: MemoryLease, server: ScriptedAuthenticator, clock: ManualClock
) -> AuthSession:
    device = FakeProtectedData(available=True)
    keychain = MemoryKeychain(
        available=device.available, credentials=Credentials(account="ada", secret=SecretStr("pw"))
    )
    session = AuthSession(keychain=keychain, clock=clock, authenticator=server,
                          protected_data=device, lease=lease)  # fmt: skip
    session.launch()
    session.request_work("warm-up")
    clock.advance(7200)
    return session


def test_a_refresh_waits_while_another_process_holds_the_lease_then_goes_on() -> None:
    board, clock, server = LeaseBoard(), ManualClock(), ScriptedAuthenticator()
    extension = MemoryLease(board, clock.monotonic, role="extension")
    session = _signed_in_with_an_expired_token(MemoryLease(board, clock.monotonic), server, clock)
    sent = len(server.requests)
    assert extension.acquire()
    session.request_work("sync")
    assert session.state.value == "authenticating"  # a user: waiting, not "unknown"
    assert session.last_step is not None and session.last_step.reason == (
        "lease_held_elsewhere_waiting"
    )
    assert len(server.requests) == sent  # the stored token is not presented meanwhile
    extension.release()
    session.shared_store_changed()
    assert session.state.value == "logged_in" and "sync" in session.completed_work
    assert not board.record  # given back once the refresh ended


def test_a_lease_that_cannot_be_read_is_busy_never_a_blind_refresh() -> None:
    board, clock, server = LeaseBoard(), ManualClock(), ScriptedAuthenticator()
    lease = MemoryLease(board, clock.monotonic)
    session = _signed_in_with_an_expired_token(lease, server, clock)
    sent = len(server.requests)
    lease.fail_next()
    session.request_work("sync")
    assert len(server.requests) == sent and session.state.value == "authenticating"
    clock.advance(60)
    session.poll()  # the retry takes the lease
    assert session.state.value == "logged_in"


def test_a_rotated_token_keeps_the_lease_until_it_is_stored() -> None:
    board, clock = LeaseBoard(), ManualClock()
    rotated = Accepted(token=SecretStr("t"), expires_in=3600, refresh_token=SecretStr("r2"))
    server = ScriptedAuthenticator(handler=lambda _c: rotated)
    lease = MemoryLease(board, clock.monotonic)
    session = _signed_in_with_an_expired_token(lease, server, clock)
    session.request_work("sync")
    assert session.state.value == "logged_in" and not lease.held  # stored, then given back


# The published races, both orders, strict and reuse-detecting servers -----------------------


def _race(order: str, reuse: bool) -> dict[str, object]:
    data = json.loads(RACE.read_text())
    data["steps"][4]["reached_server"] = order == "app-first"
    data["server"] = {"rotating": True, "reuse_detection": reuse}
    data.pop("defeats")
    return data


@pytest.mark.parametrize("reuse", [False, True], ids=["strict", "reuse-detection"])
@pytest.mark.parametrize("order", ["app-first", "extension-first"])
def test_the_app_and_its_extension_both_end_signed_in(
    tmp_path: Path, order: str, reuse: bool
) -> None:
    path = tmp_path / "race.json"
    path.write_text(json.dumps(_race(order, reuse)))
    world = World(load_scenario(path), "reference")
    run = world.run()
    world.close()
    assert check_world(world) == []
    assert run.summary.logouts == [] and world.told == []
    assert run.summary.final_state == "logged_in"
    (usable, extension), *_ = world.extension_runs
    assert usable and not any(r.state in SIGNED_OUT_STATES for r in extension)


@pytest.mark.parametrize(
    "name",
    [
        "matrix-rust-sdk-6794-app-refresh-in-flight",
        "matrix-rust-sdk-6794-reuse-detection",
        "auth0-swift-464-extension-refresh-revokes-the-family",
    ],
)
def test_without_the_lease_each_race_signs_the_user_out(name: str) -> None:
    scenario = load_scenario(ROOT / "examples" / f"{name}.json")
    assert check_world(replay(scenario, "reference")) == []
    failures = check_world(replay(scenario, "naive-no-lease"))
    assert any("spurious logout" in f for f in failures), failures
