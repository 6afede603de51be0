"""What the world and an app process say to each other in-process: `App` and `AppContext`.

Owns: the public in-process app protocol — `App` (what the world calls on a running app
process, and what it reads back), `AppContext` (what the world hands a process when it starts)
and `Bucket` (how a fingerprint describes a deadline). A team runs its own client through
`World(scenario, app=factory)`, a factory being any `(AppContext) -> App`;
`authsession.testing.SessionApp` is one for a class that wraps `AuthSession`. The in-process
twin of `authsession.app/1`. Must not import the CLI.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from pydantic import SecretStr
from transitions import Machine

from authsession.adapters.authenticator import Authenticator
from authsession.adapters.clock import Clock
from authsession.adapters.envelope import Cipher, SealedFile
from authsession.adapters.keychain import Keychain, ProtectionClass
from authsession.adapters.lease import RefreshLease
from authsession.adapters.revocation import RevocationOutbox, Revoker
from authsession.invariants import Record
from authsession.platforms.ios.forum_post import ForumPostKeychain
from authsession.testing.snapshots import MemorySnapshotStore
from authsession.world.storage import AppStorage

if TYPE_CHECKING:
    from authsession.world.secitem import ProcessSecItem

#: What `App.fingerprint` is given to describe a deadline: seconds left → a bucket number.
Bucket = Callable[[float], int]


def _discard(_: str, __: SecretStr | None = None) -> None:
    """A callback nobody listens to."""


def _discard_failed(_label: str, _reason: str) -> None:
    """Nobody counts work handed back."""


@dataclass
class AppContext:
    """What the world hands an app process when it starts (public: an app factory
    `(AppContext) -> App` is how a team runs its own client in the world).

    Use these and nothing else: the world counts every call through them (reads while the class
    is locked, requests, work completed, what the user was told), injects the scenario's faults,
    raises and kills into them, and judges the app by what it sees there. `keychain`, `clock`
    and `server` are the app's adapters (`Keychain`, `Clock`, `Authenticator`); `available()`
    is the protected-data signal for the credentials' class and `available_for(cls)` for any
    class; `protection`, `allow_insecure` and `earlier_protections` are the scenario's settings
    for `SessionConfig`; `snapshots` is where the session's durable snapshot lives (it survives
    a kill); `perform_work(label)` and `notify(message)` are the app's work handler and user
    notification (call them when the work ran or the user was told: the oracle counts them).
    `step` is the world step the process started in; `storage`, `forum_keychain` and `machine`
    serve the shipped policies.
    """

    keychain: Keychain
    clock: Clock
    server: Authenticator
    storage: AppStorage
    available: Callable[[], bool]  # protected data for the credentials' class, right now
    protection: ProtectionClass
    allow_insecure: bool
    #: Protected data for any class, right now (the signal's `available_for`).
    available_for: Callable[[ProtectionClass], bool] | None = None
    #: Classes an earlier version of this app stored the item under (the app knows its history).
    earlier_protections: tuple[ProtectionClass, ...] = ()
    forum_keychain: ForumPostKeychain | None = None
    #: The session snapshot's file. It holds no secret, so it may be readable at all times
    #: (NSFileProtectionNone, Android device-encrypted storage): that is what lets a prewarm or
    #: Direct Boot launch know that work is waiting.
    snapshots: MemorySnapshotStore = field(default_factory=MemorySnapshotStore)
    step: int = 0
    #: The app's work handler: runs one unit of work that needed the server with the access
    #: token it was given (the world records it as completed — and judges work done with a token
    #: the server had revoked; it may be armed to raise). The token may be left out.
    perform_work: Callable[..., None] = _discard
    #: Owed work handed back to the app as failed (`label`, `reason`): the world counts it as
    #: settled, not lost.
    fail_work: Callable[[str, str], None] = _discard_failed
    #: Tells the user something (`NotifyUser`); the world records it.
    notify: Callable[[str], None] = _discard
    #: The `transitions` machine the reference app's core runs on; None is the shipped spec's.
    #: A hook for the model checker's "prove it can fail" test, which plugs in a machine built
    #: from a mutated table (`authsession.core.machine.build_machine`).
    machine: Machine | None = None
    #: The scenario's platform (`ios`, `android`, `memory`); None when the world does not say.
    platform: str | None = None
    #: iOS: the Security API at the SecItem level, as this process reaches it (faults, kills),
    #: for an app that brings its own keychain adapter (`authsession.app/1` forwards to it).
    secitem: ProcessSecItem | None = None
    #: Envelope storage (`credential_storage: envelope`): the key item's keychain, the sealed
    #: file and its cipher, and how a new key is made — what an app that manages the envelope
    #: itself works with (the reference's `keychain` is an `EnvelopeKeychain` over them).
    key_keychain: Keychain | None = None
    sealed_file: SealedFile | None = None
    cipher: Cipher | None = None
    new_key: Callable[[], bytes] | None = None
    #: Which version of the app this process is (1, then one more per `app_update`).
    app_version: int = 1
    #: The refresh lease this process shares with the app's other processes (its extension):
    #: hand it to `AuthSession(lease=...)`. None: the world itself (seeding), no process.
    lease: RefreshLease | None = None
    #: Which process of the app this is: its own (`app`) or an extension's.
    role: Literal["app", "extension"] = "app"
    #: The revocation outbox (an item under the credentials' class, durable) and the revocation
    #: endpoint (RFC 7009), as this process reaches them: hand them to
    #: `AuthSession(outbox=..., revoker=...)`. None: the world itself (seeding).
    outbox: RevocationOutbox | None = None
    revoker: Revoker | None = None


class App(Protocol):
    """One running app process, as the world drives it: the in-process twin of the
    `authsession.app/1` protocol (public). The world calls one method per OS callback or user
    action, then reads `records()` and `state`; every call may raise (the world counts an escaped
    exception as an app error) or be cut short by a kill (`ProcessKilled`, never caught)."""

    @property
    def state(self) -> str:
        """The session's state now, a state name of the spec (the oracle judges a foreground
        that leaves it `credentials_unavailable` or `deferred_auth` as a stranded user)."""
        ...

    def records(self) -> list[Record]:
        """The machine steps taken since the last call, as invariant `Record`s (each step
        once, oldest first). A logout record's reason is what says whether the user asked."""
        ...

    def launch(self, mode: str) -> None:
        """The process started: `foreground`, `background` (a fetch or push) or `prewarm`."""
        ...

    def foreground(self) -> None:
        """The user opened the app (iOS `willEnterForeground`)."""
        ...

    def request_work(self, label: str) -> None:
        """Work that needs the server (a background fetch): call `AppContext.perform_work(label)`
        when it has run."""
        ...

    def login(self, user: str, password: SecretStr) -> None:
        """The user typed credentials."""
        ...

    def logout(self, scope: str = "local") -> None:
        """The user asked to sign out: `local`, `global` (every session of the user) or `others`
        (every other session; this one stays)."""
        ...

    def protected_data_did_become_available(self) -> None:
        """iOS `applicationProtectedDataDidBecomeAvailable`, Android `ACTION_USER_UNLOCKED`."""
        ...

    def protected_data_will_become_unavailable(self) -> None:
        """iOS `applicationProtectedDataWillBecomeUnavailable` (the device is locking)."""
        ...

    def tick(self) -> None:
        """The run loop's turn: fire the timers that are due on `AppContext.clock`."""
        ...

    def close(self) -> None:
        """The process ends (terminated, rebooted): release what it holds."""
        ...

    def fingerprint(self, clock: Clock, bucket: Bucket) -> Hashable:
        """What of this process's memory decides its future (the model checker's identity of
        the app): state, flags, queued work, timers as `bucket(seconds left)` on `clock` (the
        world's, not the one handed to the app). Calls no adapter."""
        ...
