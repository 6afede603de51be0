"""The Python reference as an `authsession.app/1` process: `authsession app`.

Owns: the app's end of the pipe (`Channel`: one bounded line at a time, calls numbered from 1 per
process, every world line validated against the model it must be), adapters that forward each
call to the world — for iOS the *same* `IOSKeychain` adapter the world uses in-process, over a
table of SecItem functions that forwards (`ForwardedSecItem`), so its rules are exercised through
the pipe; elsewhere an item-level keychain —, and `serve()`: hello → `AuthSession` configured as
the world's in-process `ReferenceApp` is (same class, earlier classes, seed, snapshot store) →
each callback is the session's matching call, its steps reported as they happen (before the next
call, so a kill keeps them), then `done` with the state, the session's fingerprint and its timers.
A resource server's 401 on a unit of work (`work.perform` answered `unauthorized`) asks for the
work once more, as the world's in-process `ReferenceApp` does. A `raised` answer is an exception
from that adapter (the host turns it into the call's failure
event); an exception that escapes a callback is reported in `done.escaped`, as a run loop would.
Must not import the world or the CLI.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import IO, Any, Final

from pydantic import SecretStr

from authsession.adapters.authenticator import Accepted, AuthResult, Rejected, Transient
from authsession.adapters.keychain import (
    Credentials,
    Deleted,
    DeleteResult,
    Failed,
    Found,
    Keychain,
    NotFound,
    ProtectionClass,
    ReadResult,
    SecretLost,
    Stored,
    StoreResult,
    Unavailable,
)
from authsession.adapters.revocation import (
    Entries,
    OutboxRead,
    Pending,
    RevocationEntry,
    RevocationRefused,
    RevocationRequest,
    Revoked,
    RevokeResult,
)
from authsession.app import protocol as p
from authsession.errors import InvalidInputError
from authsession.invariants import Record
from authsession.platforms.ios.adapter import IOSKeychain
from authsession.platforms.ios.secitem import AccessControl
from authsession.platforms.ios.status import OSStatus
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


class WorldEnded(BaseException):
    """The world closed the pipe while this process waited for an answer: it is over. A
    `BaseException`, like `Restart`: the session's adapter guards must not turn it into that
    adapter's failure and go on calling a world that is gone."""


class Restart(BaseException):
    """A `hello` came in place of an answer: this process was killed mid-call. A
    `BaseException`, so that no adapter guard of the session (`except Exception`) can swallow it:
    the whole callback is abandoned, as a kill would end it."""

    def __init__(self, hello: p.Hello) -> None:
        super().__init__("reset")
        self.hello = hello


class AdapterRaised(Exception):
    """The world answered `raised`: the adapter threw (the host makes it that call's failure)."""


class Channel:
    """This process's end of the pipe: world lines in, app lines out."""

    def __init__(self, stdin: IO[bytes], stdout: IO[bytes]) -> None:
        self._in = stdin
        self._out = stdout
        self.line = 0
        self._calls = 0
        #: Runs before each adapter call: reports the steps taken since the last one.
        self.before_call: Callable[[], None] | None = None

    def reset(self) -> None:
        self._calls = 0

    def read(self) -> bytes | None:
        """The next world line (None: the world closed the pipe)."""
        raw = self._in.readline(p.MAX_LINE_BYTES + 2)
        if not raw:
            return None
        self.line += 1
        if len(raw.rstrip(b"\n")) > p.MAX_LINE_BYTES:
            self.fail(f"(line): longer than {p.MAX_LINE_BYTES:,} bytes")
        return raw

    def fail(self, problem: str) -> Any:
        raise InvalidInputError(f"stdin:{self.line}", problem)

    def send(self, line: Any) -> None:
        self._out.write(p.wire(line))
        self._out.flush()

    def call(self, model: type[Any], **fields: Any) -> Any:
        """Make one adapter call and return the world's answer (`AdapterRaised` if it threw)."""
        if self.before_call is not None:
            self.before_call()
        self._calls += 1
        call = model(call=self._calls, **fields)
        self.send(call)
        raw = self.read()
        if raw is None:
            raise WorldEnded
        try:
            answer = p.read_answer(raw, call)
        except p.ProtocolError as err:
            self.fail(str(err))
        if isinstance(answer, p.Hello):
            raise Restart(answer)
        if answer.re != self._calls:
            self.fail(f"re: answers call {answer.re}, expected {self._calls}")
        if isinstance(answer, p.Raised):
            raise AdapterRaised(f"{call.adapter}.{call.op} raised")
        return answer


# Forwarding adapters --------------------------------------------------------------------------


def _attributes(values: Mapping[str, object]) -> p.Attributes:
    return p.Attributes.model_validate(
        {k: (v.value if isinstance(v, Enum) else v) for k, v in values.items()}
    )


def _status(code: int) -> OSStatus | int:
    try:
        return OSStatus(code)
    except ValueError:
        return code


class ForwardedSecItem:
    """The SecItem functions `IOSKeychain` calls, answered by the world's iOS simulator."""

    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def copy_matching(
        self, query: Mapping[str, object]
    ) -> tuple[OSStatus | int, dict[str, object] | None]:
        answer = self._channel.call(
            p.CopyMatchingCall, adapter="secitem", op="copy_matching", query=_attributes(query)
        )
        found = answer.attributes
        if found is None:
            return _status(answer.status), None
        item: dict[str, object] = {}
        for name, info in p.Attributes.model_fields.items():
            value = getattr(found, name)
            if value is not None:
                item[info.alias or name] = (
                    value.get_secret_value() if hasattr(value, "get_secret_value") else value
                )
        return _status(answer.status), item

    def add(self, query: Mapping[str, object]) -> OSStatus | int:
        answer = self._channel.call(
            p.AddCall, adapter="secitem", op="add", attributes=_attributes(query)
        )
        return _status(answer.status)

    def update(
        self, query: Mapping[str, object], attributes: Mapping[str, object]
    ) -> OSStatus | int:
        answer = self._channel.call(
            p.UpdateCall,
            adapter="secitem",
            op="update",
            query=_attributes(query),
            attributes=_attributes(attributes),
        )
        return _status(answer.status)

    def delete(self, query: Mapping[str, object]) -> OSStatus | int:
        answer = self._channel.call(
            p.DeleteItemCall, adapter="secitem", op="delete", query=_attributes(query)
        )
        return _status(answer.status)

    def passcode_set(self) -> bool:
        return bool(
            self._channel.call(p.PasscodeSetCall, adapter="device", op="passcode_set").value
        )

    def biometry_changed(self) -> bool:
        return bool(
            self._channel.call(p.BiometryChangedCall, adapter="device", op="biometry_changed").value
        )


class ForwardedKeychain:
    """The item-level keychain (Android, memory) the world answers."""

    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def read(self) -> ReadResult:
        answer = self._channel.call(p.KeychainReadCall, adapter="keychain", op="read")
        match answer:
            case p.FoundAnswer(account=account, secret=secret):
                return Found(credentials=Credentials(account=account, secret=secret))
            case p.NotFoundAnswer():
                return NotFound()
            case p.UnavailableAnswer():
                return Unavailable()
            case p.SecretLostAnswer(cause=cause):
                return SecretLost(cause=cause)
        return Failed()

    def store(self, credentials: Credentials, protection: ProtectionClass) -> StoreResult:
        answer = self._channel.call(
            p.KeychainStoreCall,
            adapter="keychain",
            op="store",
            account=credentials.account,
            secret=credentials.secret,
            protection=protection,
        )
        if isinstance(answer, p.StoredAnswer):
            return Stored()
        return Unavailable() if isinstance(answer, p.UnavailableAnswer) else Failed()

    def delete(self) -> DeleteResult:
        answer = self._channel.call(p.KeychainDeleteCall, adapter="keychain", op="delete")
        if isinstance(answer, p.DeletedAnswer):
            return Deleted()
        return Unavailable() if isinstance(answer, p.UnavailableAnswer) else Failed()


class ForwardedAuthenticator:
    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def authenticate(self, credentials: Credentials) -> AuthResult:
        answer = self._channel.call(
            p.AuthenticateCall,
            adapter="server",
            op="authenticate",
            account=credentials.account,
            secret=credentials.secret,
        )
        match answer:
            case p.AcceptedAnswer():
                return Accepted(
                    token=answer.token,
                    expires_in=answer.expires_in,
                    refresh_token=answer.refresh_token,
                    expires_at=answer.expires_at,
                )
            case p.RejectedAnswer(detail=detail):
                return Rejected(detail=detail)
        return Transient(detail=answer.detail, retry_after=answer.retry_after)


class ForwardedClock:
    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def monotonic(self) -> float:
        return float(self._channel.call(p.MonotonicCall, adapter="clock", op="monotonic").value)

    def wall(self) -> float:
        return float(self._channel.call(p.WallCall, adapter="clock", op="wall").value)


class ForwardedSignal:
    """The protected-data signal, for the configured class or any other (`available_for`)."""

    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def available(self) -> bool:
        return bool(
            self._channel.call(p.AvailableCall, adapter="protected_data", op="available").value
        )

    def available_for(self, protection: ProtectionClass) -> bool:
        answer = self._channel.call(
            p.AvailableCall, adapter="protected_data", op="available", protection=protection
        )
        return bool(answer.value)


class ForwardedLease:
    """The app's shared refresh lease, kept by the world (`authsession.adapters.lease` rules)."""

    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def acquire(self) -> bool:
        return bool(self._channel.call(p.LeaseAcquireCall, adapter="lease", op="acquire").value)

    def release(self) -> None:
        self._channel.call(p.LeaseReleaseCall, adapter="lease", op="release")


class ForwardedOutbox:
    """The revocation outbox: an item the world keeps under the credentials' class."""

    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def read(self) -> OutboxRead:
        answer = self._channel.call(p.OutboxReadCall, adapter="outbox", op="read")
        match answer:
            case p.PendingAnswer(entries=entries):
                return Pending(
                    entries=tuple(
                        RevocationEntry(account=e.account, token=e.token, scope=e.scope)
                        for e in entries
                    )
                )
            case p.UnavailableAnswer():
                return Unavailable()
        return Failed()

    def write(self, entries: Entries, protection: ProtectionClass) -> StoreResult:
        answer = self._channel.call(
            p.OutboxWriteCall,
            adapter="outbox",
            op="write",
            entries=tuple(
                p.OutboxEntry(account=e.account, token=e.token, scope=e.scope) for e in entries
            ),
            protection=protection,
        )
        if isinstance(answer, p.StoredAnswer):
            return Stored()
        return Unavailable() if isinstance(answer, p.UnavailableAnswer) else Failed()


class ForwardedRevoker:
    """The revocation endpoint (RFC 7009), reached through the world."""

    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def revoke(self, request: RevocationRequest) -> RevokeResult:
        answer = self._channel.call(
            p.RevokeCall,
            adapter="server",
            op="revoke",
            account=request.account,
            token=request.token,
            scope=request.scope,
            token_type_hint=request.token_type_hint,
        )
        match answer:
            case p.RevokedAnswer():
                return Revoked()
            case p.RefusedAnswer(detail=detail):
                return RevocationRefused(detail=detail)
        return Transient(detail=answer.detail, retry_after=answer.retry_after)


class ForwardedSnapshots:
    """The app's storage for the session snapshot (a file the world keeps across processes)."""

    location = "world:snapshot"

    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def load(self) -> bytes | None:
        data = self._channel.call(p.SnapshotLoadCall, adapter="snapshots", op="load").data
        return None if data is None else bytes(data.get_secret_value())

    def save(self, data: bytes) -> None:
        self._channel.call(p.SnapshotSaveCall, adapter="snapshots", op="save", data=data)


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
        self._refused: set[str] = set()
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

    def close(self) -> None:
        if self._session is not None:
            self._session.close()

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
        return AuthSession(
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
            work_handler=self._perform,
            on_notify=lambda message: work.call(
                p.NotifyCall, adapter="user", op="notify", message=message
            ),
            store=ForwardedSnapshots(channel),
            lease=ForwardedLease(channel),
            outbox=ForwardedOutbox(channel),
            revoker=ForwardedRevoker(channel),
            on_work_failed=lambda label, reason: work.call(
                p.FailWorkCall, adapter="work", op="fail", label=label, reason=reason
            ),
        )

    def _perform(self, label: str, token: SecretStr) -> None:
        """The app's work handler: the world runs the work. A 401 from the resource server
        refused the access token it was shown, not the stored credentials: the app's code asks
        for the work once more (queued behind this step); a second refusal drops it — as the
        world's in-process reference app does (`ReferenceApp._refused`)."""
        answer = self._channel.call(
            p.PerformWorkCall, adapter="work", op="perform", label=label, token=token
        )
        if answer.result == "unauthorized" and label not in self._refused:
            self._refused.add(label)
            self.session.request_work(label)

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
                if process is not None:
                    process.close()
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
    finally:
        if process is not None:
            process.close()
    return 0
