"""The thread-safe and asyncio drivers: one loop, events in order, single-flight authentication,
cancellation that never cancels the shared request or corrupts state."""

from __future__ import annotations

import asyncio
import threading

import pytest
from pydantic import SecretStr

from authsession import AuthSession, State
from authsession.adapters import (
    Accepted,
    AuthResult,
    Credentials,
    DeleteResult,
    ProtectionClass,
    ReadResult,
    Rejected,
    StoreResult,
    Transient,
)
from authsession.invariants import check_records
from authsession.runtime import AsyncAuthSession, SessionConfig, ThreadSafeAuthSession
from authsession.runtime.host import TOKEN_WORK
from authsession.runtime.session import may_block
from authsession.testing import (
    FakeProtectedData,
    ManualClock,
    MemoryKeychain,
    MemorySnapshotStore,
    ScriptedAuthenticator,
)

THREADS = 8
CALLS = 200


class SlowServer:
    """Counts requests; blocks each one on a gate so callers pile up behind it."""

    def __init__(self, answer: AuthResult | None = None) -> None:
        self.requests = 0
        self.gate = threading.Event()
        self.answer = answer
        self._lock = threading.Lock()

    def authenticate(self, credentials: Credentials) -> AuthResult:
        with self._lock:
            self.requests += 1
        self.gate.wait(5)
        if self.answer is not None:
            return self.answer
        return Accepted(token=SecretStr(f"tok-{self.requests}"), expires_in=3600)


def _signed_in(server: object, clock: ManualClock) -> AuthSession:
    device = FakeProtectedData(available=True)
    keychain = MemoryKeychain(
        available=device.available, credentials=Credentials(account="ada", secret=SecretStr("pw"))
    )
    session = AuthSession(
        keychain=keychain,
        clock=clock,
        authenticator=server,  # type: ignore[arg-type]
        protected_data=device,
        config=SessionConfig(seed=1),
    )
    session.launch()
    assert session.state is State.LOGGED_IN
    return session


def test_eight_threads_needing_a_token_cause_one_request() -> None:
    clock = ManualClock()
    server = SlowServer()
    driver = ThreadSafeAuthSession(_signed_in(server, clock))
    barrier = threading.Barrier(THREADS)
    outcomes = []

    def caller() -> None:
        barrier.wait()
        outcomes.append(driver.get_token())

    threads = [threading.Thread(target=caller) for _ in range(THREADS)]
    for t in threads:
        t.start()
    while server.requests == 0:
        threading.Event().wait(0.001)
    server.gate.set()
    for t in threads:
        t.join(5)
    assert server.requests == 1
    assert len(outcomes) == THREADS
    assert {o.token.get_secret_value() for o in outcomes if o.token} == {"tok-1"}


def test_threads_hammering_every_operation_keep_the_invariants() -> None:
    clock = ManualClock()
    server = SlowServer()
    server.gate.set()
    session = _signed_in(server, clock)
    driver = ThreadSafeAuthSession(session)
    lock = threading.Lock()

    def worker(n: int) -> None:
        for i in range(CALLS):
            match (n + i) % 5:
                case 0:
                    outcome = driver.get_token()
                    assert outcome.state is not State.LOGGED_OUT
                case 1:
                    driver.request_work(f"w{n}-{i}")
                case 2:
                    with lock:
                        clock.advance(400)
                    driver.poll()
                case 3:
                    driver.protected_data_will_become_unavailable()
                case _:
                    driver.foreground()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert session.state is State.LOGGED_IN
    assert check_records(session.records) == []
    done = [label for label in session.completed_work if label.startswith("w")]
    assert len(done) == THREADS * CALLS // 5  # every request_work ran, exactly once
    assert len(set(done)) == len(done)
    # Token requests are work too; every time it expired, one request refreshed it for all.
    assert server.requests <= THREADS * CALLS // 5


def test_a_leader_failure_is_shared_not_retried_by_each_caller() -> None:
    clock = ManualClock()
    server = SlowServer(Transient(detail="down"))
    driver = ThreadSafeAuthSession(_signed_in(server, clock))
    clock.advance(4000)
    barrier = threading.Barrier(THREADS)
    outcomes = []

    def caller() -> None:
        barrier.wait()
        outcomes.append(driver.get_token())

    threads = [threading.Thread(target=caller) for _ in range(THREADS)]
    for t in threads:
        t.start()
    server.gate.set()
    for t in threads:
        t.join(5)
    assert server.requests == 1
    assert {o.state for o in outcomes} == {State.AUTHENTICATING}  # retrying, not logged out
    assert all(o.token is None for o in outcomes)


def _async_session(answer: AuthResult | None = None) -> tuple[AsyncAuthSession, SlowServer]:
    server = SlowServer(answer)
    server.gate.set()
    session = _signed_in(server, ManualClock(monotonic=0))
    session.clock.advance(4000)  # type: ignore[attr-defined]
    server.gate.clear()
    return AsyncAuthSession(session), server


@pytest.mark.parametrize("answer", [None, Rejected(detail="invalid_grant")])
def test_asyncio_callers_share_one_request_and_its_outcome(answer: AuthResult | None) -> None:
    driver, server = _async_session(answer)

    async def main() -> None:
        tasks = [asyncio.create_task(driver.get_token()) for _ in range(50)]
        await asyncio.sleep(0.05)
        server.gate.set()
        outcomes = await asyncio.gather(*tasks)
        assert server.requests == 1  # launch found the user; one authentication for all
        assert len({(o.state, o.reason, o.fresh) for o in outcomes}) == 1
        expected = State.LOGGED_IN if answer is None else State.REAUTH_REQUIRED
        assert outcomes[0].state is expected

    asyncio.run(main())


def test_cancelling_waiting_callers_never_cancels_the_shared_request() -> None:
    driver, server = _async_session()

    async def main() -> None:
        first = asyncio.create_task(driver.get_token())
        waiters = [asyncio.create_task(driver.get_token()) for _ in range(10)]
        await asyncio.sleep(0.05)
        for task in [first, *waiters[:7]]:
            task.cancel()
        await asyncio.sleep(0)
        server.gate.set()
        survivors = await asyncio.gather(*waiters[7:])
        assert all(o.fresh for o in survivors)
        assert all(t.cancelled() for t in [first, *waiters[:7]])
        assert server.requests == 1
        assert driver.state is State.LOGGED_IN
        assert check_records(driver.session.records) == []
        again = await driver.get_token()  # the shared result is there for later callers
        assert again.fresh and server.requests == 1

    asyncio.run(main())


def test_a_cancelled_operation_finishes_its_step_before_the_cancellation() -> None:
    driver, server = _async_session()

    async def main() -> None:
        work = asyncio.create_task(driver.request_work("sync"))  # expired: read + authenticate
        await asyncio.sleep(0.05)
        work.cancel()
        await asyncio.sleep(0.01)
        assert not work.done()  # the authentication is still running in its thread
        server.gate.set()
        with pytest.raises(asyncio.CancelledError):
            await work
        assert driver.state is State.LOGGED_IN  # not stuck half-way in `authenticating`
        assert driver.session.completed_work == ["sync"]
        assert check_records(driver.session.records) == []

    asyncio.run(main())


def test_async_events_are_applied_in_arrival_order() -> None:
    server = SlowServer()
    server.gate.set()
    session = _signed_in(server, ManualClock())
    driver = AsyncAuthSession(session, blocking_adapters=False)

    async def main() -> None:
        await asyncio.gather(*(driver.request_work(f"w{i}") for i in range(100)))

    asyncio.run(main())
    assert session.completed_work == [f"w{i}" for i in range(100)]


class _ThreadNotingKeychain:
    """A keychain that declares `blocking` as told and records which thread each read ran on."""

    def __init__(self, inner: MemoryKeychain, blocking: bool) -> None:
        self.inner = inner
        self.blocking = blocking
        self.threads: list[threading.Thread] = []

    def read(self) -> ReadResult:
        self.threads.append(threading.current_thread())
        return self.inner.read()

    def store(self, credentials: Credentials, protection: ProtectionClass) -> StoreResult:
        return self.inner.store(credentials, protection)

    def delete(self) -> DeleteResult:
        return self.inner.delete()


@pytest.mark.parametrize(
    ("declared", "setting", "off_loop"),
    [
        (False, None, False),  # the adapter says it never blocks: called on the loop
        (True, None, True),  # it may block (the default for real adapters): a worker thread
        (False, True, True),  # the driver is told to hop for every call
        (True, False, False),  # ... or for none
    ],
)
def test_async_driver_hops_to_a_thread_only_for_adapters_that_may_block(
    declared: bool, setting: bool | None, off_loop: bool
) -> None:
    device = FakeProtectedData(available=True)
    stored = Credentials(account="ada", secret=SecretStr("pw"))
    keychain = _ThreadNotingKeychain(
        MemoryKeychain(available=device.available, credentials=stored), declared
    )
    session = AuthSession(
        keychain=keychain,
        clock=ManualClock(),
        authenticator=SlowServer(Accepted(token=SecretStr("t"), expires_in=60)),
        protected_data=device,
    )
    session.authenticator.gate.set()  # type: ignore[attr-defined]
    driver = AsyncAuthSession(session, blocking_adapters=setting)
    asyncio.run(driver.launch())
    assert driver.state is State.LOGGED_IN
    assert keychain.threads
    assert all((t is not threading.main_thread()) is off_loop for t in keychain.threads)


def test_undeclared_adapters_may_block() -> None:
    class Plain:
        pass

    assert may_block(Plain()) and may_block(SlowServer())
    assert not may_block(MemoryKeychain())


# Token requests while the keychain is locked (issue 19) --------------------------------------


def _locked_with_an_expired_token(
    store: MemorySnapshotStore, handled: list[str], device: FakeProtectedData | None = None
) -> AuthSession:
    clock = ManualClock()
    device = device or FakeProtectedData(available=True)
    keychain = MemoryKeychain(
        available=device.available, credentials=Credentials(account="ada", secret=SecretStr("pw"))
    )
    session = AuthSession(
        keychain=keychain,
        clock=clock,
        authenticator=ScriptedAuthenticator(),
        protected_data=device,
        config=SessionConfig(seed=1),
        work_handler=lambda label, _token: handled.append(label),
        store=store,
    )
    session.launch()
    session.request_work("warm-up")  # signs in: a token for an hour
    clock.advance(7200)
    device.lock()
    return session


def test_get_token_while_locked_owes_one_token_request_however_often_it_is_asked() -> None:
    store, handled, device = MemorySnapshotStore(), [], FakeProtectedData(available=True)
    session = _locked_with_an_expired_token(store, handled, device)
    driver = ThreadSafeAuthSession(session)
    saves = store.saves
    outcomes = {driver.get_token().reason for _ in range(10_000)}
    assert session.pending_work.count(TOKEN_WORK) == 1
    assert store.saves - saves <= 2  # not one rewrite of a growing list per call
    assert outcomes == {"session_expired_credentials_unavailable"}
    driver.request_work("inbox")  # the app's own work is not crowded out
    assert session.pending_work == (TOKEN_WORK, "inbox")
    device.unlock()
    driver.protected_data_did_become_available()
    assert handled == ["warm-up", "inbox"]  # never a label the app did not ask for
    assert driver.get_token().fresh


def test_async_get_token_while_locked_owes_one_token_request() -> None:
    store, handled = MemorySnapshotStore(), []
    session = _locked_with_an_expired_token(store, handled)
    driver = AsyncAuthSession(session, blocking_adapters=False)

    async def ask() -> None:
        for _ in range(1_000):
            await driver.get_token()

    asyncio.run(ask())
    assert session.pending_work == (TOKEN_WORK,)


@pytest.mark.parametrize("reading", [float("nan"), float("inf"), float("-inf")])
def test_a_clock_answering_a_non_finite_reading_never_keeps_a_token_valid(reading: float) -> None:
    clock = ManualClock()
    session = _signed_in(ScriptedAuthenticator(), clock)
    session.request_work("sync")
    assert session.access_token is not None
    clock.monotonic = lambda: reading  # type: ignore[method-assign]
    session.poll()
    assert session.access_token is None  # a clock that cannot be read vouches for nothing
    assert ThreadSafeAuthSession(session).get_token().token is None
