"""Drivers over the one session loop: thread-safe (`ThreadSafeAuthSession`) and asyncio
(`AsyncAuthSession`), both with single-flight token requests and the same `get_token()`.

Owns: serialising every operation of one `AuthSession` (a lock, FIFO for asyncio, so events are
applied in arrival order through the session's own queue — never re-entrantly), running the
adapter calls of a `Run` either on the spot, in a worker thread, or inline on the event loop with
a timeout, and the single flight: N callers who need a fresh token at once share one attempt and
all get its `TokenOutcome`. Drivers use only the session's public API (`begin`, `run`, the
operations); there is no second machine here.

Cancellation (asyncio): a cancelled caller never cancels work in progress. A token flight is a task
awaited through `asyncio.shield`; an operation whose adapter call is running finishes its step
loop first and only then lets the cancellation through — a half-applied step would be corrupt
state. A call that exceeds `adapter_timeout` is answered with its failure value (the thread is
left to finish; its late result is discarded), so a hung keychain cannot hold a session forever.
Must not import the CLI; must not read time (the session's clock adapter does).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable

from pydantic import BaseModel, ConfigDict, SecretStr

from authsession.runtime.app_calls import TOKEN_WORK
from authsession.runtime.effects import AdapterCall
from authsession.runtime.operations import (
    Foreground,
    Launch,
    Login,
    Logout,
    Operation,
    Poll,
    ProtectedDataDidBecomeAvailable,
    ProtectedDataWillLock,
    RequestWork,
    RevocationHinted,
    Scope,
    StoreChanged,
)
from authsession.runtime.session import AuthSession, HistoryEntry, SessionView, ViewCallback
from authsession.runtime.snapshot import SessionSnapshot
from authsession.spec.states import State, UserPresence


class TokenOutcome(BaseModel):
    """What a token request got. `token` is None unless the session holds a valid one: then the
    caller must not send its request (F4: a request without credentials is never sent)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    token: SecretStr | None
    state: State
    reason: str

    @property
    def fresh(self) -> bool:
        return self.token is not None


def _outcome(session: AuthSession) -> TokenOutcome:
    last = session.last_step  # O(1): never the whole history
    return TokenOutcome(
        token=session.access_token,
        state=session.state,
        reason=last.reason if last is not None else "not_launched",
    )


def _needs_asking(session: AuthSession, label: str) -> bool:
    """No valid token, and no request for one already owed: a caller asking again while the
    keychain is locked waits on the same owed label instead of queueing one more (each would be
    kept in the snapshot, and rewrite it)."""
    return session.access_token is None and label not in session.pending_work


def _secret(password: str | SecretStr) -> SecretStr:
    return password if isinstance(password, SecretStr) else SecretStr(password)


class _Facade:
    """Read-only views shared by both drivers (plain attribute reads: no step runs)."""

    session: AuthSession

    @property
    def state(self) -> State:
        return self.session.state

    @property
    def user_present(self) -> UserPresence:
        return self.session.user_present

    @property
    def history(self) -> tuple[HistoryEntry, ...]:
        return self.session.history

    @property
    def pending_work(self) -> tuple[str, ...]:
        return self.session.pending_work

    @property
    def access_token(self) -> SecretStr | None:
        return self.session.access_token

    @property
    def next_deadline(self) -> float | None:
        return self.session.next_deadline

    @property
    def view(self) -> SessionView:
        return self.session.view

    def snapshot(self) -> SessionSnapshot:
        return self.session.snapshot()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(state={self.state.value!r})"


class _Flight:
    """One shared token attempt (threads)."""

    __slots__ = ("done", "error", "outcome")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.outcome: TokenOutcome | None = None
        self.error: BaseException | None = None


class ThreadSafeAuthSession(_Facade):
    """`AuthSession` for many threads: one re-entrant lock around each operation.

    Hand the session over: calling it directly afterwards bypasses the lock. Adapter calls run
    on the calling thread while the lock is held, so operations are applied one at a time, in the
    order threads obtained the lock. A work handler may call back into this driver (the lock is
    re-entrant and the session queues the event), but must not call `get_token` (it would wait on
    the flight it is part of).
    """

    def __init__(self, session: AuthSession) -> None:
        self.session = session
        self._lock = threading.RLock()
        self._flight_lock = threading.Lock()
        self._flight: _Flight | None = None

    def run(self, operation: Operation) -> None:
        with self._lock:
            self.session.run(operation)

    def launch(self) -> None:
        self.run(Launch())

    def login(self, account: str, password: str | SecretStr) -> None:
        self.run(Login(account, _secret(password)))

    def logout(self, scope: Scope = "local") -> None:
        self.run(Logout(scope))

    def revocation_hint(self) -> None:
        self.run(RevocationHinted())

    def subscribe(self, callback: ViewCallback) -> Callable[[], None]:
        """`AuthSession.subscribe`, under the lock: the first call (the current value) and every
        later one come from whichever thread runs the step that changed it."""
        with self._lock:
            return self.session.subscribe(callback)

    def request_work(self, label: str = "work") -> None:
        self.run(RequestWork(label))

    def protected_data_did_become_available(self) -> None:
        self.run(ProtectedDataDidBecomeAvailable())

    def protected_data_will_become_unavailable(self) -> None:
        self.run(ProtectedDataWillLock())

    def foreground(self) -> None:
        self.run(Foreground())

    def shared_store_changed(self) -> None:
        self.run(StoreChanged())

    def poll(self) -> None:
        self.run(Poll())

    def _token(self, label: str) -> TokenOutcome:
        with self._lock:
            self.session.run(Poll())  # an expired token must not look valid
            if _needs_asking(self.session, label):
                self.session.run(RequestWork(label))
            return _outcome(self.session)

    def get_token(self, label: str = TOKEN_WORK) -> TokenOutcome:
        """A valid token, or why there is none. Concurrent callers share one attempt: the first
        becomes the leader and runs it; the others wait for its outcome (or its exception)."""
        with self._flight_lock:
            flight = self._flight
            leader = flight is None
            if flight is None:
                flight = self._flight = _Flight()
        if leader:
            try:
                flight.outcome = self._token(label)
            except BaseException as err:
                flight.error = err
                raise
            finally:
                with self._flight_lock:
                    self._flight = None
                flight.done.set()
        else:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
        assert flight.outcome is not None
        return flight.outcome


class AsyncAuthSession(_Facade):
    """`AuthSession` on an asyncio event loop.

    Adapter calls — keychain, authenticator, snapshot store — are sync Protocols. By default
    (`blocking_adapters=None`) each runs in a worker thread (`asyncio.to_thread`) unless its
    adapter declares `blocking = False` (the fakes do: they never wait on I/O), because real
    keychains and HTTP block and would stall the loop. `True` hops for every call, `False` for
    none. A hopped call that takes longer than `adapter_timeout` seconds (None: no limit) is
    answered with its failure value. The protected-data signal, the clock, the work handler and
    `on_notify` are always called inline: they must be quick. Use one instance from one loop.
    """

    def __init__(
        self,
        session: AuthSession,
        *,
        blocking_adapters: bool | None = None,
        adapter_timeout: float | None = 30.0,
    ) -> None:
        if adapter_timeout is not None and not 0 < adapter_timeout < float("inf"):
            raise ValueError("adapter_timeout must be a finite number of seconds > 0, or None")
        self.session = session
        self.blocking_adapters = blocking_adapters
        self.adapter_timeout = adapter_timeout
        self._lock = asyncio.Lock()  # FIFO: waiters get it in arrival order
        self._flight: asyncio.Task[TokenOutcome] | None = None

    async def run(self, operation: Operation) -> None:
        # A cancellation while waiting for the lock is harmless: nothing has started.
        async with self._lock:
            await self._drive(operation)

    async def launch(self) -> None:
        await self.run(Launch())

    async def login(self, account: str, password: str | SecretStr) -> None:
        await self.run(Login(account, _secret(password)))

    async def logout(self, scope: Scope = "local") -> None:
        await self.run(Logout(scope))

    async def revocation_hint(self) -> None:
        await self.run(RevocationHinted())

    async def views(self) -> AsyncIterator[SessionView]:
        """`AuthSession.subscribe` as an async iterator: the current value first (which may be
        "not known yet"), then one per change, in order; leaving the loop unsubscribes."""
        queue: asyncio.Queue[SessionView] = asyncio.Queue()
        unsubscribe = self.session.subscribe(queue.put_nowait)
        try:
            while True:
                yield await queue.get()
        finally:
            unsubscribe()

    async def request_work(self, label: str = "work") -> None:
        await self.run(RequestWork(label))

    async def protected_data_did_become_available(self) -> None:
        await self.run(ProtectedDataDidBecomeAvailable())

    async def protected_data_will_become_unavailable(self) -> None:
        await self.run(ProtectedDataWillLock())

    async def foreground(self) -> None:
        await self.run(Foreground())

    async def shared_store_changed(self) -> None:
        await self.run(StoreChanged())

    async def poll(self) -> None:
        await self.run(Poll())

    async def get_token(self, label: str = TOKEN_WORK) -> TokenOutcome:
        """A valid token, or why there is none. Concurrent callers share one attempt (a task);
        cancelling a caller cancels only its wait, never the attempt."""
        flight = self._flight
        if flight is None or flight.done():
            flight = self._flight = asyncio.get_running_loop().create_task(self._fly(label))
        return await asyncio.shield(flight)

    async def _fly(self, label: str) -> TokenOutcome:
        async with self._lock:
            await self._drive(Poll())
            if _needs_asking(self.session, label):
                await self._drive(RequestWork(label))
            return _outcome(self.session)

    async def _drive(self, operation: Operation) -> None:
        run = self.session.begin(operation)
        cancelled = False
        while (call := run.next_call()) is not None:
            hop = self.blocking_adapters
            if hop if hop is not None else call.blocking:
                result, hit = await self._in_thread(call)
                cancelled = cancelled or hit
            else:
                result = call()
            run.give(result)
        if cancelled:
            raise asyncio.CancelledError

    async def _in_thread(self, call: AdapterCall[object]) -> tuple[object, bool]:
        """Run `call` in a worker thread to its end (or its timeout) even if our caller is
        cancelled meanwhile; report whether it was, so the loop can finish first."""
        future = asyncio.ensure_future(asyncio.to_thread(call))
        cancelled = False
        while True:
            try:
                result = await asyncio.wait_for(asyncio.shield(future), self.adapter_timeout)
                return result, cancelled
            except TimeoutError:
                # The thread cannot be stopped; its late answer is dropped, the call has failed.
                return call.failure, cancelled
            except asyncio.CancelledError:
                if future.cancelled():
                    raise
                cancelled = True


__all__ = [
    "TOKEN_WORK",
    "AsyncAuthSession",
    "ThreadSafeAuthSession",
    "TokenOutcome",
]
