"""The seed documents' stories, at machine level and through the runtime.

Gilt (seeds/003): background fetch woke the app while the device was locked, the keychain gave
nothing, the app concluded "no user". The forum post (seeds/000): errSecItemNotFound still shows
up after switching to AfterFirstUnlock.
"""

from __future__ import annotations

from authsession import AuthSession, State
from authsession.adapters import Rejected, Transient
from authsession.core import SessionCore
from authsession.spec.events import (
    AppLaunched,
    AuthAccepted,
    AuthRejected,
    AuthTransient,
    KeychainFound,
    KeychainNotFound,
    LeaseAcquired,
    ProtectedDataBecameAvailable,
    RetryDue,
    TokenExpired,
    WorkRequested,
)
from authsession.testing import (
    FakeProtectedData,
    ManualClock,
    MemoryKeychain,
    ScriptedAuthenticator,
)

# Machine level -------------------------------------------------------------------------------


def _signed_in_core() -> SessionCore:
    core = SessionCore()
    core.step(AppLaunched(protected_data_available=True))
    core.step(KeychainFound(protected_data_available=True))
    assert core.current is State.LOGGED_IN
    return core


def test_background_fetch_while_locked_defers_and_resumes_after_unlock() -> None:
    core = _signed_in_core()
    core.step(TokenExpired())
    # Background fetch while locked: nothing may be read, nothing may be sent. The app was in
    # the background, so no will-become-unavailable notification came; the event says it.
    step = core.step(WorkRequested(protected_data_available=False))
    assert step.state is State.DEFERRED_AUTH
    assert [c.type for c in step.commands] == ["defer_work"]
    # Unlock: the Gilt fix — resume on applicationProtectedDataDidBecomeAvailable.
    step = core.step(ProtectedDataBecameAvailable())
    assert [c.type for c in step.commands] == ["read_credentials"]
    step = core.step(KeychainFound(protected_data_available=True))
    # One process of the app refreshes at a time (issue 20): the lease, then a read under it.
    assert [c.type for c in step.commands] == ["acquire_lease"]
    step = core.step(LeaseAcquired(protected_data_available=True))
    assert [c.type for c in step.commands] == ["read_credentials"]
    step = core.step(KeychainFound(protected_data_available=True))
    assert [c.type for c in step.commands] == ["authenticate"]
    step = core.step(AuthAccepted())
    assert step.state is State.LOGGED_IN
    assert [c.type for c in step.commands] == ["perform_work", "release_lease"]


def test_launch_before_first_unlock_is_credentials_unavailable() -> None:
    core = SessionCore()
    step = core.step(AppLaunched(protected_data_available=False))
    assert step.state is State.CREDENTIALS_UNAVAILABLE
    assert step.commands == ()  # no read while the class is known to be unavailable
    assert core.user_present == "unknown"


def test_genuine_not_found_with_protected_data_available_logs_out() -> None:
    core = SessionCore()
    core.step(AppLaunched(protected_data_available=True))
    step = core.step(KeychainNotFound(protected_data_available=True))
    assert (step.state, step.reason) == (State.LOGGED_OUT, "credentials_absent")


def test_transient_server_failure_never_logs_out() -> None:
    core = _signed_in_core()
    core.step(WorkRequested(protected_data_available=True))
    core.step(KeychainFound(protected_data_available=True))
    for _ in range(20):
        step = core.step(AuthTransient())
        assert step.state is State.AUTHENTICATING
        assert [c.type for c in step.commands] == ["schedule_retry"]
        assert (
            core.step(RetryDue(protected_data_available=True)).commands[0].type
            == "read_credentials"
        )
        core.step(KeychainFound(protected_data_available=True))


def _refreshing_under_the_lease(core: SessionCore) -> None:
    core.step(WorkRequested(protected_data_available=True))
    core.step(KeychainFound(protected_data_available=True))
    core.step(LeaseAcquired(protected_data_available=True))
    core.step(KeychainFound(protected_data_available=True))


def test_definitive_rejection_logs_out_and_deletes_once_the_keychain_confirms_it() -> None:
    core = _signed_in_core()
    _refreshing_under_the_lease(core)
    step = core.step(AuthRejected(protected_data_available=True))
    # Not yet: another process may have stored a newer token meanwhile (F6).
    assert (step.state, [c.type for c in step.commands]) == (
        State.CONFIRMING_REJECTION,
        ["read_credentials"],
    )
    step = core.step(KeychainFound(protected_data_available=True, rotated_elsewhere=False))
    # Re-authentication required, never a sign-out (issue 21).
    assert (step.state, step.reason) == (State.REAUTH_CLEARING, "server_rejected")
    assert "delete_credentials" in [c.type for c in step.commands]
    assert "release_lease" in [c.type for c in step.commands]  # final only for the holder


def test_a_rejection_with_a_newer_stored_token_retries_with_it() -> None:
    core = _signed_in_core()
    _refreshing_under_the_lease(core)
    core.step(AuthRejected(protected_data_available=True))
    step = core.step(KeychainFound(protected_data_available=True, rotated_elsewhere=True))
    assert (step.state, [c.type for c in step.commands]) == (
        State.AUTHENTICATING,
        ["authenticate"],
    )


# Through the runtime -------------------------------------------------------------------------


def test_gilt_story_through_the_runtime(
    session: AuthSession,
    device: FakeProtectedData,
    clock: ManualClock,
    server: ScriptedAuthenticator,
) -> None:
    session.launch()
    session.login("ada", "correct horse")
    assert session.state is State.LOGGED_IN
    clock.advance(2 * 3600)  # the token expires overnight …
    session.poll()
    device.lock()
    session.protected_data_will_become_unavailable()
    session.request_work("background_fetch")  # … and background fetch wakes the locked app
    assert session.state is State.DEFERRED_AUTH
    assert session.user_present == "unknown"  # never "no"
    assert server.requests == ["ada"]  # nothing was sent while locked
    device.unlock()
    session.protected_data_did_become_available()
    assert session.state is State.LOGGED_IN
    assert session.completed_work == ["background_fetch"]
    assert server.requests == ["ada", "ada"]


def test_gilt_story_when_the_unlock_notification_never_arrives(
    session: AuthSession, device: FakeProtectedData, clock: ManualClock
) -> None:
    session.launch()
    session.login("ada", "pw")
    clock.advance(4000)
    session.poll()
    device.lock()
    session.request_work("sync")
    assert session.state is State.DEFERRED_AUTH
    device.unlock()  # suspended apps may miss applicationProtectedDataDidBecomeAvailable
    session.foreground()
    assert session.completed_work == ["sync"]


def test_keychain_answering_not_found_while_locked_does_not_log_out(
    device: FakeProtectedData, clock: ManualClock, server: ScriptedAuthenticator
) -> None:
    keychain = MemoryKeychain(available=device.available, not_found_while_locked=True)
    session = AuthSession(
        keychain=keychain, clock=clock, authenticator=server, protected_data=device
    )
    session.launch()
    session.login("ada", "pw")
    device.lock()
    relaunched = AuthSession(
        keychain=keychain, clock=clock, authenticator=server, protected_data=device
    )
    relaunched.launch()  # prewarm before unlock: the read is not even attempted
    assert relaunched.state is State.CREDENTIALS_UNAVAILABLE
    assert keychain.calls[-1].operation == "store"
    device.unlock()
    relaunched.protected_data_did_become_available()
    assert relaunched.state is State.LOGGED_IN


def test_rejection_and_transient_through_the_runtime(
    session: AuthSession, clock: ManualClock, server: ScriptedAuthenticator
) -> None:
    session.launch()
    session.login("ada", "pw")
    clock.advance(3600)
    session.poll()
    server.script(Transient(detail="503"), Transient(detail="timeout"), Rejected())
    session.request_work("sync")
    assert session.state is State.AUTHENTICATING
    for _ in range(2):
        deadline = session.next_deadline
        assert deadline is not None
        clock.advance(deadline - clock.monotonic())
        session.poll()
    assert session.state is State.REAUTH_REQUIRED
    assert session.history[-2].reason == "server_rejected"
