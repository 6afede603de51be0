"""Faults the world injects at the app process's adapter and callback calls.

Owns: `FaultPlan` — what is armed (one-step faults and kills, lasting faults), the log of every
call the app's processes made in the current world step (the model checker reads it to inject a
fault at *each* of those calls), what fired, and totals per (call, effect) — and the thin
wrappers through which an app process reaches its keychain, server, clock and protected-data
signal, which consult the plan before and after each call. A kill is `ProcessKilled`, a
`BaseException` no adapter guard can swallow; a raise is `InjectedFault`, an ordinary
`Exception` as a buggy adapter or callback would throw.

The wrappers also tell the world what a process *holds*: a credential the server handed it (an
accepted sign-in, a rotated refresh token) that it has not stored yet — the in-memory half of
the spurious-logout oracle, known from outside without peeking into the app — and whether it got
it with a request sent while the credentials' class was unavailable (invariant 2 broken: a token
it then cannot store is lost by its own doing). A request travels through the world's *courier*
when one is given (latency, interleavings inside a refresh); a unit of work can be refused by the
resource server (`ResourceUnauthorized`, a 401 the app's own code must handle).
Must not import the runtime or the CLI.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import SecretStr

from authsession.adapters.authenticator import (
    Accepted,
    Authenticator,
    AuthResult,
    Rejected,
    Transient,
)
from authsession.adapters.clock import Clock
from authsession.adapters.keychain import (
    Credentials,
    Deleted,
    DeleteResult,
    Failed,
    Found,
    Keychain,
    ProtectionClass,
    ReadResult,
    Stored,
    StoreResult,
)

Effect = Literal["fail", "raise", "kill_before", "kill_after"]
#: Which effects each call can take (a kill strikes only at the adapter calls, the ones whose
#: work can land or not; the callbacks can only raise).
EFFECTS: dict[str, tuple[Effect, ...]] = {
    "keychain.read": ("fail", "raise", "kill_before", "kill_after"),
    "keychain.store": ("fail", "raise", "kill_before", "kill_after"),
    "keychain.delete": ("fail", "raise", "kill_before", "kill_after"),
    "authenticator": ("fail", "raise", "kill_before", "kill_after"),
    "lease": ("fail", "raise", "kill_before", "kill_after"),
    "outbox": ("fail", "raise", "kill_before", "kill_after"),
    "revoker": ("fail", "raise", "kill_before", "kill_after"),
    "protected_data": ("raise",),
    "clock": ("raise",),
    "work_handler": ("raise",),
    "on_notify": ("raise",),
}


class ProcessKilled(BaseException):
    """The world killed the app process in the middle of a call. A `BaseException` so that no
    adapter guard (`except Exception`) can swallow a kill: the app's stack just ends."""


class ResourceUnauthorized(Exception):
    """The resource server answered a call of the app's work with 401 (not the token endpoint:
    it refused an access token, and says nothing about the stored credentials)."""


class InjectedFault(Exception):
    """An adapter or callback raised (armed by a `fault` event with effect `raise`). The message
    names the call only: nothing the app handed over is quoted."""


@dataclass(frozen=True, slots=True)
class Injection:
    """One armed fault: the `nth` call of `call` in the next world step gets `effect`."""

    call: str
    effect: Effect
    nth: int = 1


@dataclass
class FaultPlan:
    """What the world has armed, and what the app's processes called in the current step."""

    #: One-step injections, for the next world step only (`start_step` moves them here).
    armed: list[Injection] = field(default_factory=list)
    active: list[Injection] = field(default_factory=list)
    #: call -> effect ("fail" or "raise") for every call, until `clear()`.
    lasting: dict[str, Effect] = field(default_factory=dict)
    #: Every call made in the current step, in order (the model checker's injection points).
    calls: list[str] = field(default_factory=list)
    #: (call, effect) of every fault that struck in the current step.
    fired: list[tuple[str, Effect]] = field(default_factory=list)
    #: Totals over the whole run.
    injected: Counter[tuple[str, Effect]] = field(default_factory=Counter)
    #: Runs before every call an app process makes: the world files what the app did since
    #: its last call, judged by the world as it is (nothing changed it in between).
    before_call: Callable[[], None] | None = None
    _counts: Counter[str] = field(default_factory=Counter)

    def arm(self, injection: Injection) -> None:
        self.armed.append(injection)

    def arm_lasting(self, call: str, effect: Effect) -> None:
        self.lasting[call] = effect

    def clear(self) -> None:
        self.lasting.clear()

    def start_step(self) -> None:
        """A world step begins: what was armed before it is live for it, and only for it."""
        self.active, self.armed = self.armed, []
        self.calls.clear()
        self.fired.clear()
        self._counts.clear()

    def strike(self, call: str) -> Effect | None:
        """The app is about to make `call`: the effect it gets, if any (recorded as fired)."""
        if self.before_call is not None:
            self.before_call()
        self.calls.append(call)
        self._counts[call] += 1
        effect = self.lasting.get(call)
        if effect is None:
            count = self._counts[call]
            for injection in self.active:
                if injection.call == call and injection.nth == count:
                    self.active.remove(injection)
                    effect = injection.effect
                    break
        if effect is not None:
            self.fired.append((call, effect))
            self.injected[(call, effect)] += 1
        return effect

    def lasting_key(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.lasting.items()))


def _raise(call: str) -> InjectedFault:
    return InjectedFault(f"injected fault: {call} raised")


_process_names = itertools.count(1)


@dataclass
class Process:
    """One app (or extension) process as the world sees it from outside: the credentials the
    server handed it that it has not stored yet, and whether a keychain write of its own landed
    since it received the newest of them (a kill then is its fault, not fate: F7)."""

    held: list[Credentials] = field(default_factory=list)
    #: The process's name (its lease's owner).
    name: str = field(default_factory=lambda: f"process-{next(_process_names)}")
    #: Secrets received in answer to a request sent while the credentials' class was known to
    #: be unavailable (the app broke invariant 2 to get them).
    blind: set[str] = field(default_factory=set)
    #: Secrets this process tried to store (a store call carried them, whatever it answered).
    attempted: set[str] = field(default_factory=set)
    #: Held secrets another write of this process landed before it tried to store them (it
    #: deleted the old token first, say): it put them at risk itself.
    risked: set[str] = field(default_factory=set)
    #: The credentials it last read or received: what its memory may hold (the checker tells a
    #: stale token in memory from the stored one by it).
    seen: Credentials | None = None

    def saw(self, credentials: Credentials) -> None:
        self.seen = credentials

    def received(self, credentials: Credentials, *, blind: bool = False) -> None:
        self.held.append(credentials)
        self.seen = credentials
        if blind:
            self.blind.add(credentials.secret.get_secret_value())

    def attempt(self, credentials: Credentials) -> None:
        self.attempted.add(credentials.secret.get_secret_value())

    def wrote(self, stored: Credentials | None) -> None:
        secret = None if stored is None else stored.secret.get_secret_value()
        for c in self.held:
            held = c.secret.get_secret_value()
            if held != secret and held not in self.attempted:
                self.risked.add(held)
        if secret is not None:
            self.attempted.add(secret)
            self.held = [c for c in self.held if c.secret.get_secret_value() != secret]

    def held_blind(self) -> list[Credentials]:
        return [c for c in self.held if c.secret.get_secret_value() in self.blind]

    def lost_by_own_doing(self) -> list[Credentials]:
        """Held credentials that, should the process die now, it lost by its own doing: no
        store of it ever carried them, or another write of its own landed first (a kill at the
        store that comes first, or in the call that received them, is fate)."""
        return [
            c
            for c in self.held
            if (s := c.secret.get_secret_value()) not in self.attempted or s in self.risked
        ]


def landed(effect: Effect | None, after_write: Callable[[], None] | None) -> None:
    """A keychain write of a process landed: an armed kill after it strikes now (the write
    stays), else the world hears of it (`after_write`: the server's F7 kill, armed there)."""
    if effect == "kill_after":
        raise ProcessKilled
    if after_write is not None:
        after_write()


@dataclass
class ProcessKeychain:
    """The keychain as one process reaches it: faults and kills first, then the shared item."""

    shared: Keychain
    plan: FaultPlan
    process: Process
    #: Runs after every write (the rotating server's armed F7 kill strikes there).
    after_write: Callable[[], None] | None = None
    #: Watches every write: called before it with the process, and the returned callable after
    #: it landed (the oracle's "the app's own write destroyed usable credentials").
    watch_write: Callable[[Process], Callable[[], None]] | None = None

    def read(self) -> ReadResult:
        effect = self.plan.strike("keychain.read")
        if effect is not None and effect != "kill_after":
            return _failed_or_raise(effect, "keychain.read")
        result = self.shared.read()
        if effect == "kill_after":
            raise ProcessKilled
        if isinstance(result, Found):
            self.process.saw(result.credentials)
        return result

    def store(self, credentials: Credentials, protection: ProtectionClass) -> StoreResult:
        self.process.attempt(credentials)
        effect = self.plan.strike("keychain.store")
        if effect is not None and effect != "kill_after":
            return _failed_or_raise(effect, "keychain.store")
        after = self._watch()
        result = self.shared.store(credentials, protection)
        if isinstance(result, Stored):
            self.process.wrote(credentials)
            after()
        self._written(effect)
        return result

    def delete(self) -> DeleteResult:
        effect = self.plan.strike("keychain.delete")
        if effect is not None and effect != "kill_after":
            return _failed_or_raise(effect, "keychain.delete")
        after = self._watch()
        result = self.shared.delete()
        if isinstance(result, Deleted):
            self.process.wrote(None)
            after()
        self._written(effect)
        return result

    def _watch(self) -> Callable[[], None]:
        return _unwatched if self.watch_write is None else self.watch_write(self.process)

    def _written(self, effect: Effect | None) -> None:
        landed(effect, self.after_write)

    def __repr__(self) -> str:
        return f"ProcessKeychain({self.shared!r})"


def _unwatched() -> None:
    return None


def _failed_or_raise(effect: Effect, call: str) -> Failed:
    if effect == "fail":
        return Failed(detail="injected fault")
    if effect == "raise":
        raise _raise(call)
    raise ProcessKilled  # kill_before: the call never happens


@dataclass
class ProcessAuthenticator:
    """The server as one process reaches it; notes what each accepted answer hands over."""

    server: Authenticator
    plan: FaultPlan
    process: Process
    #: Whether these credentials are what the keychain item holds now: a stored secret the app
    #: re-sent was not handed to it, so it is not held (the app may forget it after the request).
    stored: Callable[[Credentials], bool] = field(default=lambda _c: False)
    #: How a request travels (the world's latency and armed interleavings); None: straight to
    #: the server.
    courier: Callable[[Credentials], AuthResult] | None = None
    #: Whether the credentials' class is readable now (None: not asked).
    available: Callable[[], bool] | None = None
    #: Called when the server definitively rejects a request of this process.
    on_rejection: Callable[[], None] | None = None
    #: Told of every secret sent (a token queued for revocation must never be).
    check_sent: Callable[[str], None] | None = None

    def authenticate(self, credentials: Credentials) -> AuthResult:
        if self.check_sent is not None:
            self.check_sent(credentials.secret.get_secret_value())
        effect = self.plan.strike("authenticator")
        if effect == "fail":
            return Transient(detail="injected fault")
        if effect == "raise":
            raise _raise("authenticator")
        if effect == "kill_before":
            raise ProcessKilled
        blind = self.available is not None and not self.available()
        send = self.courier if self.courier is not None else self.server.authenticate
        result = send(credentials)
        if effect == "kill_after":
            raise ProcessKilled  # the server has answered; the answer dies with the process
        if isinstance(result, Accepted):
            # What the process now holds: the new refresh token if the server issued one, else
            # the credentials it just proved (a typed password the app has yet to store).
            token = result.refresh_token
            if token is not None:
                self.process.received(
                    Credentials(account=credentials.account, secret=token), blind=blind
                )
            elif not self.stored(credentials):
                self.process.received(credentials, blind=blind)
        elif isinstance(result, Rejected) and self.on_rejection is not None:
            self.on_rejection()
        return result

    def __repr__(self) -> str:
        return f"ProcessAuthenticator({self.server!r})"


@dataclass
class ProcessClock:
    """The world's clock as the app reads it (it may be armed to raise)."""

    clock: Clock
    plan: FaultPlan

    def monotonic(self) -> float:
        if self.plan.strike("clock") is not None:
            raise _raise("clock")
        return self.clock.monotonic()

    def wall(self) -> float:
        if self.plan.strike("clock") is not None:
            raise _raise("clock")
        return self.clock.wall()


@dataclass
class ProcessSignal:
    """The protected-data signal as the app asks it (`ProtectedDataSignal`)."""

    truth: Callable[[], bool]
    plan: FaultPlan
    #: The answer for any class (`available_for`), where the app asks per class.
    truth_for: Callable[[ProtectionClass], bool] | None = None

    def available(self) -> bool:
        if self.plan.strike("protected_data") is not None:
            raise _raise("protected_data")
        return self.truth()

    def available_for(self, protection: ProtectionClass) -> bool:
        if self.plan.strike("protected_data") is not None:
            raise _raise("protected_data")
        return self.truth_for(protection) if self.truth_for is not None else self.truth()

    def __call__(self) -> bool:
        return self.available()


@dataclass
class Callback:
    """A callback into the app's own code (work handler, user notification) that the world
    records and may make raise."""

    call: str
    plan: FaultPlan
    sink: list[str]
    #: Asked before the work lands: True means the resource server answers it with 401.
    refuse: Callable[[], bool] | None = None
    #: Labels handed over when an injected raise or a resource server's 401 struck (the app's
    #: own code ran them, and failed).
    tried: list[str] | None = None
    #: Told of the access token a unit of work was done with (the oracle's "work done with a
    #: token the server had revoked").
    check_token: Callable[[str], None] | None = None

    def __call__(self, label: str, token: SecretStr | None = None) -> None:
        if self.plan.strike(self.call) is not None:
            if self.tried is not None:
                self.tried.append(label)
            raise _raise(self.call)
        if self.refuse is not None and self.refuse():
            if self.tried is not None:
                self.tried.append(label)  # the app's code ran it; the resource server refused
            raise ResourceUnauthorized("resource server answered 401")
        if token is not None and self.check_token is not None:
            self.check_token(token.get_secret_value())
        self.sink.append(label)
