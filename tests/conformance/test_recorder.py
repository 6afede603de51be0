"""A session's own log, written by `TraceRecorder`, round-trips through the trace checker."""

from __future__ import annotations

import io
from pathlib import Path

from pydantic import SecretStr

from authsession import AuthSession
from authsession.adapters.authenticator import Rejected
from authsession.cli import main
from authsession.conformance.recorder import TraceRecorder
from authsession.conformance.tracecheck import check_log
from authsession.testing import (
    FakeProtectedData,
    ManualClock,
    MemoryKeychain,
    ScriptedAuthenticator,
)

CANARY = "canary-recorder-pw-5d2e"


def _a_life(log: io.StringIO) -> AuthSession:
    device = FakeProtectedData(available=True)
    clock = ManualClock()
    server = ScriptedAuthenticator(token_lifetime=600)
    session = AuthSession(
        keychain=MemoryKeychain(available=device.available),
        clock=clock,
        authenticator=server,
        protected_data=device,
    )
    TraceRecorder.attach(session, log)
    session.launch()
    session.login("ada", SecretStr(CANARY))
    device.lock()
    clock.advance(900)
    session.request_work("fetch")  # deferred while locked
    device.unlock()
    session.foreground()
    server.script(Rejected())
    clock.advance(900)
    session.request_work("again")  # rejected, confirmed, signed out
    return session


def test_a_recorded_life_checks_clean_and_holds_no_secret(tmp_path: Path) -> None:
    log = io.StringIO()
    session = _a_life(log)
    path = tmp_path / "app.jsonl"
    path.write_text(log.getvalue())
    steps, findings = check_log(path)
    assert steps == session.step_count and findings == []
    assert CANARY not in log.getvalue()
    assert main(["check-trace", str(path)]) == 0
    # Monotonic time, as the session's clock told it: never decreasing, the advances visible.
    times = [line for line in log.getvalue().splitlines()[1:]]
    assert '"time": 1800.0' in times[-1]


def test_a_log_attached_mid_life_starts_where_the_session_stands(tmp_path: Path) -> None:
    session = AuthSession(
        keychain=MemoryKeychain(), clock=ManualClock(), authenticator=ScriptedAuthenticator()
    )
    session.launch()
    session.login("ada", "pw")
    log = io.StringIO()
    TraceRecorder.attach(session, log)
    session.logout()
    path = tmp_path / "tail.jsonl"
    path.write_text(log.getvalue())
    assert log.getvalue().startswith('{"initial": {"state": "logged_in"')
    # The sign-out: asked, read, queued for revocation, deleted, revoked (issue 21).
    assert check_log(path) == (5, [])


def test_a_tampered_log_is_caught(tmp_path: Path) -> None:
    log = io.StringIO()
    _a_life(log)
    lying = log.getvalue().replace('"state": "deferred_auth"', '"state": "logged_out"', 1)
    path = tmp_path / "lie.jsonl"
    path.write_text(lying)
    _, findings = check_log(path)
    assert findings and "the spec gives deferred_auth" in findings[0].message


def test_an_observer_that_raises_cannot_break_a_step() -> None:
    session = AuthSession(
        keychain=MemoryKeychain(), clock=ManualClock(), authenticator=ScriptedAuthenticator()
    )

    def broken(*_: object) -> None:
        raise RuntimeError("log disk full")

    session.add_observer(broken)
    session.launch()
    session.login("ada", "pw")
    assert session.state.value == "logged_in"
