"""The Python reference as an `authsession.app/1` process: `authsession app`.

Owns: `serve()` and `ReferenceProcess`: hello → the reference session
(`authsession.app.reference_client`, the one wiring the world's in-process `ReferenceApp` uses
too: same class, earlier classes, seed, snapshot store) on adapters that forward each call to
the world (`authsession.app.forwarding`, over `authsession.app.channel`) → each callback is the
session's matching call, its steps reported as they happen (before the next call, so a kill
keeps them), then `done` with the state, the session's fingerprint and its timers. A resource
server's 401 on a unit of work (`work.perform` answered `unauthorized`) goes to the reference's
one rule for it (`AskOnceMore`). A `raised` answer is an exception from that adapter (the host
turns it into the call's failure event); an exception that escapes a callback is reported in
`done.escaped`, as a run loop would. Must not import the world or the CLI.
"""

from __future__ import annotations

from enum import Enum
from typing import IO, Any, Final

from pydantic import SecretStr

from authsession.adapters.keychain import Keychain
from authsession.app import protocol as p
from authsession.app.channel import AdapterRaised, Channel, Restart, WorldEnded
from authsession.app.forwarding import (
    ForwardedAuthenticator,
    ForwardedClock,
    ForwardedKeychain,
    ForwardedLease,
    ForwardedOutbox,
    ForwardedRevoker,
    ForwardedSecItem,
    ForwardedSignal,
    ForwardedSnapshots,
)
from authsession.app.reference_client import reference_session
from authsession.invariants import Record
from authsession.platforms.ios.adapter import IOSKeychain
from authsession.platforms.ios.secitem import AccessControl
from authsession.runtime.config import SessionConfig
from authsession.runtime.session import AuthSession
from authsession.spec.events import MachineEvent, parse_event
from authsession.spec.interpreter import EVENT_GUARD_FIELDS
from authsession.spec.table import AVAILABILITY_FIELD

NAME: Final = "authsession-python-reference"
#: A reset (a fresh process without a new interpreter) is much cheaper than a start (~1 s).
READY: Final = p.ReadyBody(name=NAME, reset=True, reset_in_call=True, lease=True, revocation=True)
#: Steps kept by the app's session: it reports each step as it happens, and a short history
#: keeps `records_since` cheap over a long fleet run (the world keeps the records).
HISTORY: Final = 64


# The process ----------------------------------------------------------------------------------


def event_of(record: Record) -> MachineEvent:
    """The machine event a record was taken from (a record keeps every field of it: the
    availability it carried, its guard fields, a lost secret's cause)."""
    data: dict[str, object] = {"type": record.event}
    if record.event_protected_data_available is not None:
        data[AVAILABILITY_FIELD] = record.event_protected_data_available
    for name in EVENT_GUARD_FIELDS[record.event]:
        data[name] = name in record.event_flags
    if record.detail is not None:
        data["cause"] = record.detail
    return parse_event(data, source="record")


def _json(value: object) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_json(v) for v in value]
    return value


class ReferenceProcess:
    """One world process: the reference session behind the channel."""

    def __init__(self, hello: p.HelloBody, channel: Channel) -> None:
        self._channel = channel
        self._hello = hello
        self._session: AuthSession | None = None
        self._seen = 0
        channel.reset()
        channel.before_call = None

    @property
    def session(self) -> AuthSession:
        """Built at the first callback, as the world builds an in-process app right before it
        launches it: building it loads the snapshot, which is a call into the world, and the
        world answers calls only inside a callback."""
        if self._session is None:
            self._session = self._build()
            self._channel.before_call = self.report
        return self._session

    def _build(self) -> AuthSession:
        hello, channel = self._hello, self._channel
        keychain: Keychain
        if hello.platform == "ios":
            secitem = ForwardedSecItem(channel)
            keychain = IOSKeychain(
                secitem,
                hello.item.service if hello.item is not None else "com.example.shop",
                allow_insecure_protection=True,
                protection=hello.protection,
                earlier_protections=hello.earlier_protections,
                passcode_set=secitem.passcode_set,
                access_control=None
                if hello.access_control is None
                else AccessControl(hello.access_control),
                biometry_changed=secitem.biometry_changed,
            )
        else:
            keychain = ForwardedKeychain(channel)
        work = channel  # on_notify is a call into the world too
        return reference_session(
            keychain=keychain,
            clock=ForwardedClock(channel),
            authenticator=ForwardedAuthenticator(channel),
            protected_data=ForwardedSignal(channel),
            config=SessionConfig(
                protection=hello.protection,
                allow_insecure_protection=hello.allow_insecure_protection,
                earlier_protections=hello.earlier_protections,
                seed=hello.seed,
                history_limit=HISTORY,
            ),
            perform=self._perform,
            notify=lambda message: work.call(
                p.NotifyCall, adapter="user", op="notify", message=message
            ),
            work_failed=lambda label, reason: work.call(
                p.FailWorkCall, adapter="work", op="fail", label=label, reason=reason
            ),
            store=ForwardedSnapshots(channel),
            lease=ForwardedLease(channel),
            outbox=ForwardedOutbox(channel),
            revoker=ForwardedRevoker(channel),
        )

    def _perform(self, label: str, token: SecretStr) -> bool:
        """The world runs the work; its `unauthorized` is the resource server's 401."""
        answer = self._channel.call(
            p.PerformWorkCall, adapter="work", op="perform", label=label, token=token
        )
        return bool(answer.result != "unauthorized")

    def report(self) -> None:
        """Send a `step` line for each step taken since the last report."""
        session = self.session
        for record in session.records_since(self._seen):
            self._channel.send(
                p.StepReport(
                    step=p.StepBody(
                        event=event_of(record),
                        source=record.source,
                        state=record.state,
                        reason=record.reason,
                        commands=record.commands,
                        detail=record.detail,
                        in_hand=record.in_hand,
                    )
                )
            )
        self._seen = session.step_count

    def handle(self, callback: Any) -> None:
        session = self.session
        escaped: p.Escaped | None = None
        try:
            match callback:
                case p.LaunchCallback():
                    session.launch()
                case p.ForegroundCallback():
                    session.foreground()
                case p.RequestWorkCallback(label=label):
                    session.request_work(label)
                case p.LoginCallback(user=user, password=password):
                    session.login(user, password)
                case p.LogoutCallback(scope=scope):
                    session.logout(scope or "local")
                case p.RevocationHintCallback():
                    session.revocation_hint()
                case p.DidBecomeAvailableCallback():
                    session.protected_data_did_become_available()
                case p.WillBecomeUnavailableCallback():
                    session.protected_data_will_become_unavailable()
                case p.SharedStoreChangedCallback():
                    session.shared_store_changed()
                case p.TickCallback():
                    session.poll()
        except WorldEnded:
            raise
        except Exception as err:  # what a run loop would catch and log (by type only)
            escaped = p.Escaped(error=type(err).__name__, injected=isinstance(err, AdapterRaised))
        self.report()
        self._channel.send(
            p.Done(
                done=callback.n,
                state=session.state,
                fingerprint=_json(session.fingerprint()),
                deadlines=session.timers,
                escaped=escaped,
                screen=session.view.screen,
            )
        )


def serve(stdin: IO[bytes], stdout: IO[bytes]) -> int:
    """Speak `authsession.app/1` on these streams until the world closes them."""
    channel = Channel(stdin, stdout)
    process: ReferenceProcess | None = None
    expected = 0
    pending: p.Hello | None = None
    try:
        while True:
            if pending is not None:
                line: p.Hello | p._Callback = pending
                pending = None
            else:
                raw = channel.read()
                if raw is None:
                    break
                try:
                    line = p.read_callback(raw) if process is not None else p.read_hello(raw)
                except p.ProtocolError as err:
                    return channel.fail(str(err))  # type: ignore[no-any-return]
            if isinstance(line, p.Hello):
                process = ReferenceProcess(line.hello, channel)
                expected = 0
                channel.send(p.Ready(ready=READY))
                continue
            assert process is not None
            expected += 1
            if line.n != expected:
                channel.fail(f"n: callback {line.n}, expected {expected}")
            try:
                process.handle(line)
            except Restart as restart:
                pending = restart.hello  # killed mid-call: a fresh process, at once
    except WorldEnded:
        pass
    return 0
