"""Drivers over the one session loop: thread-safe (`ThreadSafeAuthSession`) and asyncio
(`AsyncAuthSession`), both with single-flight token requests.

Owns: serialising every operation of one `AuthSession` (a lock, FIFO for asyncio, so events are
applied in arrival order through the session's own queue — never re-entrantly), running the
session's adapter calls either on the spot, in a worker thread or inline on the event loop, and the
single flight: N callers who need a fresh token at once share one attempt and all get its
`TokenOutcome`. There is no second machine here (no `LockedMachine`, no `AsyncMachine`): both
drivers run the `_op_*` generators of `AuthSession`, which run `SessionCore.step` on the one shared
`transitions` machine.

Cancellation (asyncio): a cancelled caller never cancels work in progress. A token flight is a task
awaited through `asyncio.shield`; an operation whose adapter call is running finishes its step loop
first and only then lets the cancellation through — a half-applied step would be corrupt state.
Must not import the CLI; must not read time (the session's clock adapter does).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, SecretStr

from authsession.runtime.session import AdapterCall, AuthSession, HistoryEntry, Operation
from authsession.runtime.snapshot import SessionSnapshot
from authsession.spec.events import (
    LogoutRequested,
    ProtectedDataBecameAvailable,
    ProtectedDataWillBecomeUnavailable,
)
from authsession.spec.states import State, UserPresence

#: The label a token request queues as work: a caller needing a token *is* work that needs an
#: authenticated session, so the table decides (read, authenticate, defer) exactly as for a sync.
TOKEN_WORK: Final = "access_token"


class TokenOutcome(BaseModel):
    """What a token request got. `token` is None unless the session holds a valid one: then the
    caller must not send its request (F4: a request without credentials is never sent)."""

    model_config = ConfigDict(frozen=True)

    token: SecretStr | None
    state: State
    reason: str

    @property
    def fresh(self) -> bool:
        return self.token is not None


def _outcome(session: AuthSession) -> TokenOutcome:
    history = session.history
    return TokenOutcome(
        token=session.access_token,
        state=session.state,
        reason=history[-1].reason if history else "not_launched",
    )


def _token_op(session: AuthSession, label: str) -> Operation:
    """Fire due timers (an expired token must not look valid), then ask for work if needed."""
    yield from session._op_poll()
    if session.access_token is None:
        yield from session._op_request_work(label)


class _Flight:
    """One shared token attempt (threads)."""

    __slots__ = ("done", "error", "outcome")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.outcome: TokenOutcome | None = None
        self.error: BaseException | None = None


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

    def snapshot(self) -> SessionSnapshot:
        return self.session.snapshot()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(state={self.state.value!r})"


class ThreadSafeAuthSession(_Facade):
    """`AuthSession` for many threads: one re-entrant lock around the step loop.

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

    def launch(self) -> None:
        with self._lock:
            self.session.launch()

    def login(self, account: str, password: str | SecretStr) -> None:
        with self._lock:
            self.session.login(account, password)

    def logout(self) -> None:
        with self._lock:
            self.session.logout()

    def request_work(self, label: str = "work") -> None:
        with self._lock:
            self.session.request_work(label)

    def protected_data_did_become_available(self) -> None:
        with self._lock:
            self.session.protected_data_did_become_available()

    def protected_data_will_become_unavailable(self) -> None:
        with self._lock:
            self.session.protected_data_will_become_unavailable()

    def foreground(self) -> None:
        with self._lock:
            self.session.foreground()

    def poll(self) -> None:
        with self._lock:
            self.session.poll()

    def close(self) -> None:
        with self._lock:
            self.session.close()

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
                with self._lock:
                    AuthSession._run(_token_op(self.session, label))
                    flight.outcome = _outcome(self.session)
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
    none. The protected-data signal, the clock, the work handler and `on_notify` are always called
    inline: they must be quick. Use one instance from one event loop.
    """

    def __init__(self, session: AuthSession, *, blocking_adapters: bool | None = None) -> None:
        self.session = session
        self.blocking_adapters = blocking_adapters
        self._lock = asyncio.Lock()  # FIFO: waiters get it in arrival order
        self._flight: asyncio.Task[TokenOutcome] | None = None

    async def launch(self) -> None:
        await self._submit(self.session._op_launch())

    async def login(self, account: str, password: str | SecretStr) -> None:
        await self._submit(self.session._op_login(account, password))

    async def logout(self) -> None:
        await self._submit(self.session._op_event(LogoutRequested()))

    async def request_work(self, label: str = "work") -> None:
        await self._submit(self.session._op_request_work(label))

    async def protected_data_did_become_available(self) -> None:
        await self._submit(self.session._op_event(ProtectedDataBecameAvailable()))

    async def protected_data_will_become_unavailable(self) -> None:
        await self._submit(self.session._op_event(ProtectedDataWillBecomeUnavailable()))

    async def foreground(self) -> None:
        await self._submit(self.session._op_foreground())

    async def poll(self) -> None:
        await self._submit(self.session._op_poll())

    async def close(self) -> None:
        async with self._lock:
            self.session.close()

    async def access_token_fresh(self, label: str = TOKEN_WORK) -> TokenOutcome:
        """A valid token, or why there is none. Concurrent callers share one attempt (a task);
        cancelling a caller cancels only its wait, never the attempt."""
        flight = self._flight
        if flight is None or flight.done():
            flight = self._flight = asyncio.get_running_loop().create_task(self._fly(label))
        return await asyncio.shield(flight)

    async def _fly(self, label: str) -> TokenOutcome:
        async with self._lock:
            await self._drive(_token_op(self.session, label))
            return _outcome(self.session)

    async def _submit(self, operation: Operation) -> None:
        # A cancellation while waiting for the lock is harmless: nothing has started.
        async with self._lock:
            await self._drive(operation)

    async def _drive(self, operation: Operation) -> None:
        cancelled = False
        try:
            call = next(operation)
            while True:
                hop = self.blocking_adapters
                if hop if hop is not None else call.blocking:
                    result, hit = await _uncancellable(asyncio.to_thread(call))
                    cancelled = cancelled or hit
                else:
                    result = call()
                call = operation.send(result)
        except StopIteration:
            pass
        if cancelled:
            raise asyncio.CancelledError


async def _uncancellable(coroutine: Coroutine[Any, Any, object]) -> tuple[object, bool]:
    """Await an adapter call to its end even if our caller is cancelled meanwhile; report whether
    it was, so the step loop can finish before the cancellation is honoured."""
    future = asyncio.ensure_future(coroutine)
    cancelled = False
    while True:
        try:
            return await asyncio.shield(future), cancelled
        except asyncio.CancelledError:
            if future.cancelled():
                raise
            cancelled = True


__all__ = [
    "TOKEN_WORK",
    "AdapterCall",
    "AsyncAuthSession",
    "ThreadSafeAuthSession",
    "TokenOutcome",
]
