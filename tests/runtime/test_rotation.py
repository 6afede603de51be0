"""Rotating refresh tokens (F6, F7): the runtime stores a rotated token before forgetting the old
one and checks a rejection against the keychain; the world's rotating server, its sibling race and
its kill mid-rotation show the reference surviving and `naive-rotation` logging the user out."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import SecretStr

from authsession.adapters.authenticator import Accepted, AuthResult, Rejected
from authsession.adapters.keychain import (
    Credentials,
    Failed,
    Found,
    ProtectionClass,
    StoreResult,
)
from authsession.runtime.session import AuthSession
from authsession.spec.states import State
from authsession.testing import (
    FakeProtectedData,
    ManualClock,
    MemoryKeychain,
    MemorySnapshotStore,
    ScriptedAuthenticator,
)
from authsession.world import load_scenario, replay, to_jsonl
from authsession.world.server import WorldServer

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
F6 = EXAMPLES / "f6-concurrent-rotation.json"
F7 = EXAMPLES / "f7-killed-mid-rotation.json"
CANARY_ROTATED = "canary-rotated-refresh-8e21"


# The runtime, with the fakes -----------------------------------------------------------------


class _Server:
    """Records the secret of every request (test-side only) and answers from `answer`."""

    def __init__(self, answer: Callable[[str], AuthResult]) -> None:
        self.sent: list[str] = []
        self._answer = answer

    def __call__(self, credentials: Credentials) -> AuthResult:
        self.sent.append(credentials.secret.get_secret_value())
        return self._answer(credentials.secret.get_secret_value())


def _accepted(refresh: str | None = None) -> Accepted:
    rotated = None if refresh is None else SecretStr(refresh)
    return Accepted(token=SecretStr("access"), expires_in=600, refresh_token=rotated)


def _session(
    secret: str, answer: Callable[[str], AuthResult], **kwargs: object
) -> tuple[AuthSession, MemoryKeychain, _Server, FakeProtectedData, ManualClock]:
    device = FakeProtectedData(available=True)
    keychain = MemoryKeychain(
        available=device.available, credentials=Credentials(account="ada", secret=SecretStr(secret))
    )
    server = _Server(answer)
    clock = ManualClock()
    session = AuthSession(
        keychain=keychain,
        clock=clock,
        authenticator=ScriptedAuthenticator(handler=server),
        protected_data=device,
        **kwargs,  # type: ignore[arg-type]
    )
    session.launch()
    assert session.state is State.LOGGED_IN
    return session, keychain, server, device, clock


def _stored(keychain: MemoryKeychain) -> str:
    result = keychain.read()
    assert isinstance(result, Found)
    return result.credentials.secret.get_secret_value()


def test_sign_in_stores_the_issued_refresh_token_not_the_password() -> None:
    device = FakeProtectedData(available=True)
    keychain = MemoryKeychain(available=device.available)
    session = AuthSession(
        keychain=keychain,
        clock=ManualClock(),
        authenticator=ScriptedAuthenticator(_accepted("r1")),
        protected_data=device,
    )
    session.launch()
    session.login("ada", "correct horse")
    assert session.state is State.LOGGED_IN
    assert _stored(keychain) == "r1"


def test_a_rotated_token_is_stored_before_the_refresh_reports_success() -> None:
    session, keychain, server, _, _ = _session("r0", lambda s: _accepted(f"{s}+"))
    session.request_work("sync")
    assert server.sent == ["r0"]
    assert _stored(keychain) == "r0+"
    # read, then the rotated token's store; `_stored` above added the last read.
    assert [c.operation for c in keychain.calls][-3:] == ["read", "store", "read"]
    assert session.completed_work == ["sync"]


def test_a_failed_rotation_write_stays_in_hand_and_the_table_retries_it() -> None:
    session, keychain, server, _, clock = _session("r0", lambda s: _accepted(f"{s}+"))
    real_store = keychain.store

    def store_fails_once(credentials: Credentials, protection: ProtectionClass) -> StoreResult:
        keychain.store = real_store  # type: ignore[method-assign]
        return Failed(detail="injected")

    keychain.store = store_fails_once  # type: ignore[method-assign]
    session.request_work("one")
    assert session.state is State.LOGGED_IN
    assert session.credentials_in_hand  # the table's store_pending: proof of a user
    assert session.history[-1].reason == "store_failed_retrying"
    assert _stored(keychain) == "r0"
    clock.advance(session.config.retry_cap)
    session.poll()  # retry_due -> store_credentials
    assert _stored(keychain) == "r0+"
    assert not session.credentials_in_hand
    assert server.sent == ["r0"]


def test_a_rotated_token_not_yet_stored_is_sent_instead_of_the_old_one() -> None:
    session, keychain, server, _, clock = _session("r0", lambda s: _accepted(f"{s}+"))
    real_store = keychain.store

    def store_fails(credentials: Credentials, protection: ProtectionClass) -> StoreResult:
        return Failed(detail="disk full")

    keychain.store = store_fails  # type: ignore[method-assign]
    session.request_work("one")
    assert _stored(keychain) == "r0" and server.sent == ["r0"]  # the write keeps failing
    keychain.store = real_store  # type: ignore[method-assign]
    clock.advance(3600)
    session.request_work("two")
    assert server.sent == ["r0", "r0+"]  # the old token is never sent again
    assert _stored(keychain) == "r0++"
    assert session.completed_work == ["one", "two"]


def test_locked_store_keeps_the_token_in_memory_until_protected_data_returns() -> None:
    device = FakeProtectedData(available=True)
    keychain = MemoryKeychain(
        available=device.available, credentials=Credentials(account="ada", secret=SecretStr("r0"))
    )

    def answer(credentials: Credentials) -> AuthResult:
        device.lock()  # the device locks while the request is in flight
        return _accepted("r1")

    session = AuthSession(
        keychain=keychain,
        clock=ManualClock(),
        authenticator=ScriptedAuthenticator(handler=answer),
        protected_data=device,
    )
    session.launch()
    session.request_work("sync")
    device.unlock()
    assert _stored(keychain) == "r0"  # the write could not happen yet
    session.protected_data_did_become_available()
    assert _stored(keychain) == "r1"  # retried once the store is writable


def test_a_rejection_is_checked_against_a_sibling_rotation() -> None:
    holder: dict[str, MemoryKeychain] = {}

    def answer(secret: str) -> AuthResult:
        if secret == "r0":
            # The extension refreshed first and stored its rotated token: r0 is dead.
            holder["k"].store(Credentials(account="ada", secret=SecretStr("s1")),
                              ProtectionClass.WHEN_UNLOCKED)  # fmt: skip
            return Rejected(detail="invalid_grant")
        return _accepted(f"{secret}+")

    device = FakeProtectedData(available=True)
    keychain = MemoryKeychain(
        available=device.available, credentials=Credentials(account="ada", secret=SecretStr("r0"))
    )
    holder["k"] = keychain
    server = _Server(answer)
    session = AuthSession(
        keychain=keychain,
        clock=ManualClock(),
        authenticator=ScriptedAuthenticator(handler=server),
        protected_data=device,
    )
    session.launch()
    session.request_work("sync")
    assert server.sent == ["r0", "s1"]  # retried once, with the sibling's token
    assert session.state is State.LOGGED_IN
    assert _stored(keychain) == "s1+"
    assert session.completed_work == ["sync"]


def test_a_rejection_of_the_stored_token_is_final_after_one_reread() -> None:
    session, keychain, server, _, _ = _session("r0", lambda s: Rejected(detail="invalid_grant"))
    session.request_work("sync")
    assert server.sent == ["r0"]  # the keychain still holds r0: no retry
    # Re-authentication required, never a sign-out: the account and the owed work are kept.
    assert session.state is State.REAUTH_REQUIRED
    assert session.account == "ada"
    assert session.pending_work == ("sync",)
    assert session.history[-1].reason in {"server_rejected", "rejected_credentials_deleted"}
    assert "server_rejected" in [h.reason for h in session.history]
    assert not keychain.has_item


def test_the_reread_never_adopts_a_token_this_process_rotated_away() -> None:
    holder: dict[str, MemoryKeychain] = {}

    def answer(secret: str) -> AuthResult:
        if secret == "r0":
            return _accepted("r1")
        # While r1 is being rejected, something puts the old r0 back (a stale backup restore).
        old = Credentials(account="ada", secret=SecretStr("r0"))
        holder["k"].store(old, ProtectionClass.WHEN_UNLOCKED)
        return Rejected(detail="invalid_grant")

    session, keychain, server, _, clock = _session("r0", answer)
    holder["k"] = keychain
    session.request_work("one")
    clock.advance(3600)
    session.request_work("two")
    assert server.sent == ["r0", "r1"]  # r0 was rotated away here: not a sibling's token
    assert session.state is State.REAUTH_REQUIRED


def test_the_rotated_token_never_appears_in_any_output(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="authsession")
    store = MemorySnapshotStore()
    session, keychain, _, _, clock = _session(
        "r0", lambda s: _accepted(CANARY_ROTATED), store=store
    )
    session.request_work("sync")
    assert _stored(keychain) == CANARY_ROTATED  # it is stored...
    clock.advance(3600)
    session.request_work("again")
    texts = [
        repr(session),
        repr(session.history),
        repr(session.records),
        repr(session.snapshot()),
        repr(keychain.read()),
        repr(_accepted(CANARY_ROTATED)),
        _accepted(CANARY_ROTATED).model_dump_json(),
        caplog.text,
        str(store.load()),
    ]
    assert all(CANARY_ROTATED not in text for text in texts)  # ...and never printed


# The world -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [F6, F7], ids=lambda p: p.stem)
def test_the_reference_survives_rotation_hazards(path: Path) -> None:
    run = replay(load_scenario(path), "reference")
    assert run.summary.spurious_logouts == 0
    assert run.summary.logouts == []
    assert run.summary.violations == []
    assert run.summary.deferred_pending == 0
    assert run.summary.final_state == "logged_in"


@pytest.mark.parametrize("path", [F6, F7], ids=lambda p: p.stem)
def test_naive_rotation_is_defeated(path: Path) -> None:
    summary = replay(load_scenario(path), "naive-rotation").summary
    assert summary.spurious_logouts >= 1, summary
    assert summary.final_state == "logged_out"


def test_f6_the_naive_app_deletes_the_siblings_live_token() -> None:
    run = replay(load_scenario(F6), "naive-rotation")
    assert [lo.reason for lo in run.summary.logouts] == ["server_rejected"]
    assert "delete_credentials" in run.lines[5].commands


def test_f7_the_kill_strikes_mid_refresh_and_the_relaunch_resumes() -> None:
    run = replay(load_scenario(F7), "reference")
    # Accepted, then killed at the first keychain write after it — which stored the new token.
    assert run.lines[5].reason == "authenticated_token_rotated"
    assert run.lines[5].commands[-2:] == ["store_credentials", "perform_work"]
    relaunch = [m.reason for m in run.lines[6].machine]
    assert "authenticated_token_rotated" in relaunch  # the stored new token worked
    assert run.summary.deferred_completed == 1


def test_rotation_traces_are_deterministic_and_secret_free() -> None:
    for path in (F6, F7):
        for policy in ("reference", "naive-rotation"):
            first = replay(load_scenario(path), policy)
            again = replay(load_scenario(path), policy)
            text = to_jsonl(first.lines, first.summary)
            assert text == to_jsonl(again.lines, again.summary)
            assert "world-refresh" not in text and "correct horse" not in text


# The rotating server -------------------------------------------------------------------------


def _server() -> WorldServer:
    return WorldServer(
        mode="ok", token_lifetime=60, protected_data_available=lambda: True, rotating=True
    )


def _ask(server: WorldServer, secret: str) -> AuthResult:
    return server.authenticate(Credentials(account="ada", secret=SecretStr(secret)))


def _refresh_of(result: AuthResult) -> str:
    assert isinstance(result, Accepted) and result.refresh_token is not None
    return result.refresh_token.get_secret_value()


def test_rotating_server_rotates_and_revokes_the_family_on_reuse() -> None:
    server = _server()
    r1 = _refresh_of(_ask(server, "pw"))
    r2 = _refresh_of(_ask(server, r1))
    r3 = _refresh_of(_ask(server, r2))
    assert isinstance(_ask(server, r1), Rejected)  # two generations old: reuse
    assert server.revoked_families == 1 and server.rejections == 1
    assert isinstance(_ask(server, r3), Rejected)  # the whole family is gone
    assert _refresh_of(_ask(server, "pw"))  # a password sign-in starts a new family


def test_rotating_server_answers_a_lost_race_without_revoking() -> None:
    server = _server()
    r1 = _refresh_of(_ask(server, "pw"))
    r2 = _refresh_of(_ask(server, r1))
    assert isinstance(_ask(server, r1), Rejected)  # the predecessor: a race loser
    assert (server.race_rejections, server.rejections, server.revoked_families) == (1, 0, 0)
    assert _refresh_of(_ask(server, r2))  # the winner's token still works


def test_a_plain_server_issues_no_refresh_token() -> None:
    server = WorldServer(mode="ok", token_lifetime=60, protected_data_available=lambda: True)
    result = _ask(server, "pw")
    assert isinstance(result, Accepted) and result.refresh_token is None
