"""The world's side of `authsession.app/1`: an app process in any language, as one more `App`.

Owns: `AppLauncher` (starts the app command, keeps the processes that can be reset — `ready` said
`reset: true` — for the next world process, ends them all at the end), `AppConnection` (one OS
process: hello/ready, every line counted and read with a timeout through the input layer, any
breach of the protocol one `AppProcessError` naming the message number and the field, the process
ended at once; every secret it was sent masked in its quoted stderr) and `ProcessApp` (the `App`
the world runs: each callback is one line, then the app's adapter calls are answered from the
process's `AppContext` — the world's simulators behind its fault plan,
`authsession.world.app_answers` — until `done`; its `step`
lines become the invariant `Record`s). An injected raise is answered `{"re": K, "raised": true}`;
an injected kill ends the OS process before the answer (the app never sees one) and reaches the
world as `ProcessKilled`, exactly as for an in-process app. A call the world itself cannot answer
(a defect of ours) ends the process too: the app waits for that answer, the conversation cannot go
on.
Must not import the CLI.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from types import TracebackType
from typing import Any, Final

from pydantic import SecretStr

from authsession.adapters.clock import Clock
from authsession.app import protocol as p
from authsession.app.errors import AppProcessError
from authsession.childprocess import LineProcess
from authsession.conformance.driver import check_timeout
from authsession.core.records import reported_record
from authsession.errors import InsecureProtectionError, UnsupportedProtectionError
from authsession.invariants import Record
from authsession.platforms.ios import ACCOUNT_KEY
from authsession.world import app_answers
from authsession.world.app_contract import AppContext, Bucket
from authsession.world.device import SERVICE
from authsession.world.faults import InjectedFault, ProcessKilled
from authsession.world.lease import LeaseStorageUnavailable

#: Seconds the world waits for each line of the app (a process's start counts towards its
#: `ready`): generous, a loaded CI machine starts an interpreter slowly.
DEFAULT_APP_TIMEOUT: Final = 10.0
#: Platforms whose keychain the app reaches at the SecItem level (the others: item level).
_SECITEM_PLATFORMS: Final = frozenset({"ios"})
_KEYCHAIN_ADAPTERS: Final = frozenset({"secitem", "device", "keychain"})
_KEYCHAIN_LEVEL: Final = {"ios": frozenset({"secitem", "device"}), "other": frozenset({"keychain"})}
#: What a listener is told when the world kills the process mid-call (no answer follows).
KILLED: Final = "killed"
#: `listener(direction, line)`: "world" or "app", and the line (a protocol model, or `KILLED`).
Listener = Callable[[str, Any], None]


class AppConnection:
    """One OS process speaking `authsession.app/1`."""

    def __init__(self, command: str, *, source: str, timeout: float) -> None:
        self.source = source
        self.timeout = timeout
        self.child = LineProcess(
            command, option="--app", source=source, max_line_bytes=p.MAX_LINE_BYTES, noun="app"
        )
        self.number = 0  # lines received since the last hello
        self.name = ""
        self.resettable = False
        self.resettable_in_call = False
        self.takes_lease = False
        self.revokes = False
        self.broken = False
        #: Told of every line both ways once set (`AppLauncher.listen`): what `difftest --app`
        #: and `replay --diff-calls` compare. The lines keep their secrets as `SecretStr`.
        self.listener: Listener | None = None

    def hello(self, hello: p.Hello) -> None:
        """Start (or reset) the app as a fresh process; wait for its `ready`."""
        early = self.child.unasked()
        if early is not None:
            self.number += 1
            raise self.fail(
                self.child.problem(early, self.timeout) or "(line): sent before the world asked"
            )
        self.number = 0
        self.send(hello)
        line = self.receive()
        if not isinstance(line, p.Ready):
            raise self.fail(f"(line): expected 'ready', got {_kind(line)}")
        self.name = line.ready.name
        self.resettable = line.ready.reset
        self.resettable_in_call = line.ready.reset and line.ready.reset_in_call
        self.takes_lease = line.ready.lease
        self.revokes = line.ready.revocation

    def send(self, line: Any) -> None:
        self.child.secrets.update(p.secrets_of(line))
        if self.listener is not None:
            self.listener("world", line)
        self.child.send(p.wire(line))

    def receive(self) -> p.AppLine:
        item = self.child.receive(self.timeout)
        self.number += 1
        problem = self.child.problem(item, self.timeout)
        if problem is not None:
            raise self.fail(problem)
        assert isinstance(item, bytes)
        try:
            line = p.read_app_line(item)
        except p.ProtocolError as err:
            raise self.fail(str(err)) from None
        if self.listener is not None:
            self.listener("app", line)
        return line

    def quiet_since(self) -> None:
        """Between callbacks the app must be silent."""
        early = self.child.unasked()
        if early is not None:
            self.number += 1
            raise self.fail(
                self.child.problem(early, self.timeout) or "(line): sent outside a callback"
            )

    def fail(self, problem: str) -> AppProcessError:
        self.broken = True
        self.child.end()
        return AppProcessError(self.source, self.number, problem)

    def kill(self) -> None:
        """The world kills the process (an injected kill): no answer. An app that can take a
        `hello` in place of the answer it waits for gets one when the next world process
        starts (it abandons the callback, as a killed process would); any other is ended."""
        if self.listener is not None:
            self.listener("world", KILLED)
        if self.resettable_in_call:
            return
        self.broken = True
        self.child.end()

    def close(self) -> None:
        self.child.close(grace=not self.broken)


class AppLauncher:
    """Starts `command` for each world process, reusing processes that can be reset. Use as a
    context manager: every process it started is ended when it closes."""

    def __init__(
        self, command: str, *, timeout: float = DEFAULT_APP_TIMEOUT, source: str | None = None
    ) -> None:
        self.command = command
        self.timeout = check_timeout(timeout, "--app-timeout")
        self.source = source if source is not None else command
        self._idle: list[AppConnection] = []
        self._busy: list[AppConnection] = []
        self.started = 0
        self._listener: Listener | None = None

    def listen(self, listener: Listener | None) -> None:
        """Tell `listener(direction, line)` of every line from now on, both ways, of every
        process (`"world"`: hello, callbacks, answers and `KILLED`; `"app"`: ready, calls,
        steps, done). None stops."""
        self._listener = listener
        for conn in (*self._busy, *self._idle):
            conn.listener = listener

    def factory(self, ctx: AppContext) -> ProcessApp:
        """The world's app factory: `World(scenario, app=launcher.factory)`."""
        return ProcessApp(ctx, self)

    def acquire(self, hello: p.Hello) -> AppConnection:
        while self._idle:
            conn = self._idle.pop()
            conn.listener = self._listener
            try:
                conn.hello(hello)
            except AppProcessError:
                conn.close()
                raise
            self._busy.append(conn)
            return conn
        conn = AppConnection(self.command, source=self.source, timeout=self.timeout)
        conn.listener = self._listener
        self.started += 1
        self._busy.append(conn)
        conn.hello(hello)
        return conn

    def release(self, conn: AppConnection) -> None:
        """The world process ended: keep the OS process for the next one if it can be reset."""
        if conn in self._busy:
            self._busy.remove(conn)
        if conn.resettable and not conn.broken:
            self._idle.append(conn)
        else:
            conn.close()

    def close(self) -> None:
        for conn in (*self._busy, *self._idle):
            conn.close()
        self._busy.clear()
        self._idle.clear()

    def __enter__(self) -> AppLauncher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            for conn in (*self._busy, *self._idle):
                conn.broken = True  # Ctrl-C or an error: no grace period
        self.close()


def hello_for(ctx: AppContext, seed: int = 0) -> p.Hello:
    platform = ctx.platform or "memory"
    control = ctx.secitem.access_control if ctx.secitem is not None else None
    return p.Hello(
        hello=p.HelloBody(
            platform=platform,
            protection=ctx.protection,
            earlier_protections=ctx.earlier_protections,
            allow_insecure_protection=ctx.allow_insecure,
            seed=seed,
            item=p.KeychainItem(service=SERVICE, account=ACCOUNT_KEY)
            if platform in _SECITEM_PLATFORMS
            else None,
            access_control=None if control is None else control.value,
            app_version=ctx.app_version,
            role=ctx.role,
        )
    )


class ProcessApp:
    """An app process as the world's `App`."""

    def __init__(self, ctx: AppContext, launcher: AppLauncher) -> None:
        self.ctx = ctx
        self._hello = hello_for(ctx)
        self._platform = self._hello.hello.platform
        self._launcher = launcher
        self._conn: AppConnection | None = launcher.acquire(self._hello)
        self._n = 0
        self._calls = 0
        self._state = "starting"
        self._records: list[Record] = []
        self._fingerprint: Any = None
        self._deadlines: dict[str, float] = {}
        self._screen: str | None = None

    @property
    def name(self) -> str:
        return self._conn.name if self._conn is not None else ""

    # App --------------------------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self._state

    def records(self) -> list[Record]:
        out, self._records = self._records, []
        return out

    def launch(self, mode: str) -> None:
        self._callback(p.LaunchCallback, callback="launch", mode=mode)

    def foreground(self) -> None:
        self._callback(p.ForegroundCallback, callback="foreground")

    def request_work(self, label: str) -> None:
        self._callback(p.RequestWorkCallback, callback="request_work", label=label)

    def login(self, user: str, password: SecretStr) -> None:
        self._callback(p.LoginCallback, callback="login", user=user, password=password)

    @property
    def screen(self) -> str | None:
        """What the app said it shows in its last `done` (None: it does not say)."""
        return self._screen

    def logout(self, scope: str = "local") -> None:
        conn = self._conn
        if conn is not None and conn.revokes:
            self._callback(p.LogoutCallback, callback="logout", scope=scope)
        else:
            self._callback(p.LogoutCallback, callback="logout")

    def revocation_hint(self) -> None:
        conn = self._conn
        if conn is not None and conn.revokes:
            self._callback(p.RevocationHintCallback, callback="revocation_hint")

    def protected_data_did_become_available(self) -> None:
        self._callback(p.DidBecomeAvailableCallback, callback="protected_data_did_become_available")

    def protected_data_will_become_unavailable(self) -> None:
        self._callback(
            p.WillBecomeUnavailableCallback, callback="protected_data_will_become_unavailable"
        )

    def tick(self) -> None:
        self._callback(p.TickCallback, callback="tick")

    def shared_store_changed(self) -> None:
        conn = self._conn
        if conn is not None and conn.takes_lease:
            self._callback(p.SharedStoreChangedCallback, callback="shared_store_changed")

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            self._launcher.release(conn)

    def fingerprint(self, clock: Clock, bucket: Bucket) -> Hashable:
        """The app's own fingerprint (canonical JSON) and its timers as `bucket(time left)`; an
        app that cannot tell (`null`) is a new configuration every time (explore then stops
        only at its depth bound)."""
        if self._fingerprint is None:
            return object()
        now = clock.monotonic()
        timers = tuple(sorted((name, bucket(at - now)) for name, at in self._deadlines.items()))
        return json.dumps(self._fingerprint, sort_keys=True), timers

    # One callback -----------------------------------------------------------------------------
    def _callback(self, model: type[p._Callback], **fields: Any) -> None:
        conn = self._conn
        if conn is None:
            return
        conn.quiet_since()
        self._n += 1
        conn.send(model(n=self._n, **fields))
        for _ in range(p.MAX_MESSAGES_PER_CALLBACK):
            line = conn.receive()
            if isinstance(line, p.StepReport):
                self._records.append(_record(line.step))
                continue
            if isinstance(line, p.Done):
                self._done(conn, line)
                return
            if isinstance(line, p.Ready):
                raise conn.fail("(line): 'ready' in the middle of a callback")
            self._answer(conn, line)
        raise conn.fail(
            f"(line): more than {p.MAX_MESSAGES_PER_CALLBACK:,} messages for one callback"
        )

    def _done(self, conn: AppConnection, line: p.Done) -> None:
        if line.done != self._n:
            raise conn.fail(f"done: answers callback {line.done}, expected {self._n}")
        if self.ctx.secitem is not None:
            self.ctx.secitem.settle()
        self._state = line.state.value
        self._fingerprint = line.fingerprint
        self._deadlines = dict(line.deadlines)
        self._screen = line.screen
        if line.escaped is not None:
            if line.escaped.injected:
                raise InjectedFault("injected fault escaped the app")
            raise _escaped(line.escaped.error)

    def _answer(self, conn: AppConnection, call: p.AppCall) -> None:
        self._calls += 1
        if call.call != self._calls:
            raise conn.fail(f"call: numbered {call.call}, expected {self._calls}")
        offered = _KEYCHAIN_LEVEL["ios" if self._platform in _SECITEM_PLATFORMS else "other"]
        if call.adapter in _KEYCHAIN_ADAPTERS and call.adapter not in offered:
            raise conn.fail(f"adapter: {call.adapter} is not offered on {self._platform}")
        secitem = self.ctx.secitem
        if secitem is not None and not isinstance(call, p.UpdateCall):
            secitem.settle()  # a duplicate add not followed by its update ended there
        try:
            answer = app_answers.answer(self.ctx, call)
        except ProcessKilled:
            conn.kill()
            self._conn = None
            self._launcher.release(conn)
            raise
        except (InjectedFault, InsecureProtectionError, UnsupportedProtectionError,
                app_answers.NoSignal, LeaseStorageUnavailable,
                app_answers.NoRevocation):  # fmt: skip
            # An injected raise, or a request the platform refuses by throwing (a class it
            # does not have): the adapter threw, in the app's face. Anything else is the
            # world's own defect and must not pass for the app's.
            answer = p.Raised(re=call.call, raised=True)
        except Exception as err:
            # Not the app's doing: the world could not answer. The conversation cannot go on
            # (the app waits for this answer), so the process ends here.
            raise conn.fail(
                f"call: the world could not answer {call.adapter}.{call.op} "
                f"({type(err).__name__}: a defect of authsession)"
            ) from None
        conn.send(answer)

    def __repr__(self) -> str:
        return f"ProcessApp({self._launcher.source!r}, state={self._state!r})"


# Helpers ------------------------------------------------------------------------------------


def _kind(line: p.AppLine) -> str:
    if isinstance(line, p.StepReport):
        return "'step'"
    if isinstance(line, p.Done):
        return "'done'"
    return "'call'"


def _record(step: p.StepBody) -> Record:
    """The invariant record of one reported step (the world stamps it with its own truth; until
    then, availability is what the event carried)."""
    record = reported_record(
        0,
        step.event,
        source=step.source,
        state=step.state,
        reason=step.reason,
        commands=tuple(step.commands),
        protected_data_available=False,
        detail=step.detail,
        in_hand=step.in_hand,
    )
    return record.observed(0, bool(record.event_protected_data_available))


_ESCAPED: dict[str, type[Exception]] = {}


def _escaped(name: str) -> Exception:
    """An exception named as the app's own escaped one (the oracle names its type)."""
    kind = _ESCAPED.get(name)
    if kind is None:
        kind = _ESCAPED[name] = type(name.rpartition(".")[2], (Exception,), {})
    return kind("escaped the app process")
