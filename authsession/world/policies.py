"""The apps the world can run: the reference session and the naive ones it defeats.

Owns: the public in-process app protocol — `App` (what the world calls on a running app
process, and what it reads back) and `AppContext` (what the world hands a process when it starts)
— one class per behaviour and the registry of policy names (`reference`, `naive-gilt`,
`forum-post`, `always`, plus one naive variant per failure of the catalogue that the world can
express and per real bug class a public thread reports — `Bugs` names each and its thread).
Every app reports what it did as invariant `Record`s, so the same checks judge them all. Naive
apps are deliberately wrong; their docstrings say which failure they reproduce.
A team runs its own client through `World(scenario, app=factory)`, a factory being any
`(AppContext) -> App`; `authsession.testing.SessionApp` is one for a class that wraps
`AuthSession`. Must not import the CLI.
"""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Final, Literal, Protocol

from pydantic import SecretStr
from transitions import Machine

from authsession.adapters.authenticator import Accepted, Authenticator, Rejected
from authsession.adapters.clock import Clock
from authsession.adapters.envelope import (
    KEY_ACCOUNT,
    CannotOpen,
    Cipher,
    FileUnavailable,
    SealedFile,
    credentials_from_payload,
    key_from_item,
)
from authsession.adapters.keychain import (
    Credentials,
    Found,
    Keychain,
    NotFound,
    ProtectionClass,
)
from authsession.adapters.lease import RefreshLease, SoloLease
from authsession.adapters.revocation import RevocationOutbox, RevocationRequest, Revoker
from authsession.core.machine import MACHINE
from authsession.invariants import Record
from authsession.platforms.ios.forum_post import ForumPostKeychain, NoPassword, UnhandledError
from authsession.runtime.config import SessionConfig
from authsession.runtime.session import AuthSession
from authsession.spec.commands import NotifyMessage
from authsession.spec.states import State
from authsession.testing.snapshots import MemorySnapshotStore
from authsession.world.faults import ResourceUnauthorized
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


def seed_credentials(
    ctx: AppContext, policy: str, credentials: Credentials, protection: ProtectionClass
) -> None:
    """Store credentials the way an earlier version of this app did."""
    if policy == "forum-post" and ctx.forum_keychain is not None:
        # Before the post's switch: no accessibility attribute, so the default class.
        ctx.forum_keychain.save_item(credentials.secret.get_secret_value(), credentials.account)
    else:
        ctx.keychain.store(credentials, protection)
    ctx.storage.set("account", credentials.account)
    ctx.storage.set("signed_in", True)


class ReferenceApp:
    """`AuthSession` as shipped, with its snapshot store: a relaunch — even a prewarm or Direct
    Boot launch before the first unlock — resumes waiting work and unfinished wipes
    (invariants 3 and 5 across termination)."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.session = AuthSession(
            keychain=ctx.keychain,
            clock=ctx.clock,
            authenticator=ctx.server,
            protected_data=_Signal(ctx.available, ctx.available_for),
            config=SessionConfig(
                protection=ctx.protection,
                allow_insecure_protection=ctx.allow_insecure,
                earlier_protections=ctx.earlier_protections if ctx.available_for else (),
                seed=0,
            ),
            work_handler=_WorkHandler(ctx.perform_work, self._refused),
            on_notify=_Notify(ctx.notify),
            store=ctx.snapshots,
            machine=ctx.machine if ctx.machine is not None else MACHINE,
            lease=ctx.lease,
            outbox=ctx.outbox,
            revoker=ctx.revoker,
            on_work_failed=_WorkFailed(ctx.fail_work),
        )
        self._seen = 0
        self._refused_once: set[str] = set()

    def _refused(self, label: str) -> None:
        """The resource server answered this work with 401. That refused the access token it was
        shown, not the stored credentials (`resource_http_status` in the error taxonomy): the
        app's code asks for the work once more (queued behind this step); a second refusal of
        the same work drops it — a failure of the work, never of the session."""
        if label not in self._refused_once:
            self._refused_once.add(label)
            self.session.request_work(label)

    @property
    def state(self) -> str:
        return self.session.state.value

    @property
    def screen(self) -> str:
        """What the app shows: the screen of the session's current view."""
        return self.session.view.screen

    def records(self) -> list[Record]:
        session = self.session
        if session.step_count == self._seen:
            return []  # asked before every call the process makes: mostly nothing new
        new = list(session.records_since(self._seen))
        self._seen = session.step_count
        return new

    def launch(self, mode: str) -> None:
        self.session.launch()

    def foreground(self) -> None:
        self.session.foreground()

    def request_work(self, label: str) -> None:
        self.session.request_work(label)

    def login(self, user: str, password: SecretStr) -> None:
        self.session.login(user, password)

    def logout(self, scope: str = "local") -> None:
        self.session.logout(
            "global" if scope == "global" else "others" if scope == "others" else "local"
        )

    def revocation_hint(self) -> None:
        self.session.revocation_hint()

    def protected_data_did_become_available(self) -> None:
        self.session.protected_data_did_become_available()

    def protected_data_will_become_unavailable(self) -> None:
        self.session.protected_data_will_become_unavailable()

    def tick(self) -> None:
        self.session.poll()

    def shared_store_changed(self) -> None:
        self.session.shared_store_changed()

    def close(self) -> None:
        self.session.close()

    def fingerprint(self, clock: Clock, bucket: Bucket) -> Hashable:
        """The session's own fingerprint (public), with its timers as `bucket(seconds left)`."""
        now = clock.monotonic()
        session = self.session
        timers = tuple(sorted((name, bucket(at - now)) for name, at in session.timers.items()))
        return session.fingerprint(), timers, session.access_token is not None


@dataclass(frozen=True)
class _Signal:
    fn: Callable[[], bool]
    for_class: Callable[[ProtectionClass], bool] | None = None

    def available(self) -> bool:
        return self.fn()

    def available_for(self, protection: ProtectionClass) -> bool:
        return self.for_class(protection) if self.for_class is not None else self.fn()


@dataclass(frozen=True)
class _WorkHandler:
    """`AuthSession`'s work handler (a class, not a lambda: the model checker clones worlds)."""

    perform: Callable[..., None]
    refused: Callable[[str], None] = _discard

    def __call__(self, label: str, token: SecretStr) -> None:
        try:
            self.perform(label, token)
        except ResourceUnauthorized:
            # The app's own code handles its API's answers: this attempt is redone (queued), and
            # nothing about it concerns the session.
            self.refused(label)


@dataclass(frozen=True)
class _WorkFailed:
    fail: Callable[[str, str], None]

    def __call__(self, label: str, reason: str) -> None:
        self.fail(label, reason)


@dataclass(frozen=True)
class _Notify:
    notify: Callable[[str], None]

    def __call__(self, message: NotifyMessage) -> None:
        self.notify(message)


@dataclass(frozen=True)
class Bugs:
    """Which well-known mistake a naive app makes, on top of the Gilt one."""

    transient_is_final: bool = False  # F5: a 503 during refresh ends the session
    wall_clock_expiry: bool = False  # F9: token expiry on the wall clock
    fresh_install_wipe: bool = False  # F3: a missing UserDefaults flag means "fresh install"
    request_without_credentials: bool = False  # F4: sends the request anyway, 401 → signed out
    expired_means_signed_out: bool = False  # F13: an expired token is shown as signed out
    forum_post_keychain: bool = False  # the forum post's helper with the AfterFirstUnlock switch
    #: F6/F7: stores rotated refresh tokens, but deletes the old item before writing the new one
    #: (a kill in between leaves nothing), and takes any rejection as final without re-reading
    #: the keychain (a sibling's newer token is deleted with the session).
    rotation_unsafe: bool = False
    #: F8: keeps the credentials it read (or stored) in memory and refreshes with that copy,
    #: storing each rotated refresh token it gets — so a token an app extension rotated in the
    #: meantime is overwritten by a rejection of the stale copy, and the session is cleared.
    cached_credentials: bool = False
    # Real bug classes from public threads (docs/world.md, "Reality"). --------------------------
    #: Sticky signed-out (firebase-ios-sdk #9869): a locked read makes the process decide "no
    #: user" in memory; it deletes nothing but never looks again until it is relaunched.
    sticky_signed_out: bool = False
    #: Canary probe (square/Valet PR #7, wultra/powerauth-mobile-sdk #4): before reading, a probe
    #: item of another class (after-first-unlock) is checked; success is cached for the process.
    #: The probe says "accessible" on a locked phone, the when-unlocked credentials do not read.
    canary_probe: bool = False
    #: Envelope auto-create (SalesforceMobileSDK-iOS #3437): the key is fetched with
    #: create-if-missing; a key that cannot be read is replaced by a new one, the file then does
    #: not open and is deleted as corrupt.
    envelope_auto_create: bool = False
    #: Refresh from memory while locked (TomBursch/kitchenowl PR #1042): the app reads the
    #: keychain when it can and otherwise refreshes with the copy it holds — also while locked;
    #: the rotated token cannot be stored then, and dies with the process.
    memory_refresh: bool = False
    #: Delete on any refresh error (supabase/supabase-swift #707, firebase-js-sdk #9259,
    #: ringcentral-js-integration-commons PR #509, matrix-org/matrix-rust-sdk #6794): stores
    #: rotated tokens and retries network failures, but any other failed refresh — a cancelled
    #: request (-999), a 429, a 200 that does not parse, an `invalid_grant` for a token another
    #: process rotated — clears the shared session.
    delete_on_refresh_error: bool = False
    #: Defaults when locked (PostHog/posthog-android PR #620, OneSignal-Android-SDK #2135): app
    #: storage that cannot be read answers its defaults, so "signed in" reads as a fresh install.
    defaults_when_locked: bool = False
    #: Any 401 means signed out (open-metadata/OpenMetadata PR #30763): a 401 from the resource
    #: server — not the token endpoint — clears the session.
    any_401_signs_out: bool = False
    #: One-time migration decided while unavailable (SalesforceMobileSDK-iOS PR #3447 and #3477,
    #: firebase-ios-sdk #13662): the first launch of a new version moves the item to the new
    #: class; a read that returns nothing — locked, prewarmed — is taken as "nothing to migrate",
    #: recorded as done, and the user is signed out.
    migration_at_launch: bool = False
    # Issue 21: expired is not signed out. -------------------------------------------------------
    #: A flag that stays signed in (aws-amplify/amplify-swift #1660, #3943): `isSignedIn` is a
    #: cached flag; a revocation hint is not listened to, and the cached access token keeps doing
    #: the work after the server revoked the session.
    sticky_signed_in: bool = False
    #: Revoke before clear (supabase/supabase-js #2501, supabase-swift PR #375): the sign-out
    #: calls the revocation endpoint first and throws when that fails — offline, the local
    #: session is never cleared.
    revoke_before_clear: bool = False
    #: A dropped revocation (Amplify's `.partial` sign-out, auth0/Auth0.swift PR #312): the
    #: sign-out clears locally and tries the revocation once; a failure is logged and dropped.
    dropped_revocation: bool = False
    #: "Interaction required" when offline (AzureAD/microsoft-authentication-library-for-objc
    #: #1839): a refresh that gets no answer is reported as needing the user's interaction, and
    #: the app asks the user to sign in again.
    offline_needs_interaction: bool = False


class NaiveApp:
    """The app of the Gilt post: an empty keychain read means "no user" (F1, F2, F11).

    It reads the keychain whenever it needs to authenticate — at launch, on background fetch —
    and signs the user out when the read does not return credentials, whatever the reason.
    `Bugs` adds one more well-known mistake on top.
    """

    #: Failed refreshes a "retry network errors only" app retries (`delete_on_refresh_error`).
    _NETWORK_ERRORS = frozenset({"network offline", "http 503", "injected fault"})

    def __init__(self, ctx: AppContext, bugs: Bugs = Bugs()) -> None:
        self.ctx = ctx
        self.bugs = bugs
        self._state = State.STARTING
        self._token_deadline: float | None = None
        self._pending: list[str] = []
        self._records: list[Record] = []
        self._cache: Credentials | None = None  # F8, memory refresh
        self._probe_ok = False  # canary probe: cached once it succeeded
        self._access: SecretStr | None = None  # the access token of the last sign-in or refresh
        self._stored: Credentials | None = None  # what it last stored (for its revocation)

    @property
    def state(self) -> str:
        return self._state.value

    def records(self) -> list[Record]:
        out, self._records = self._records, []
        return out

    # -- helpers --------------------------------------------------------------------------
    def _record(self, event: str, state: State, reason: str, *commands: str) -> None:
        available = self.ctx.available()
        self._records.append(
            Record(
                step=self.ctx.step,
                event=event,
                source=self._state,
                state=state,
                reason=reason,
                commands=commands,
                protected_data_available=available,
                event_protected_data_available=available if event.startswith("keychain") else None,
            )
        )
        self._state = state

    def _now(self) -> float:
        return self.ctx.clock.wall() if self.bugs.wall_clock_expiry else self.ctx.clock.monotonic()

    def _token_valid(self) -> bool:
        return self._token_deadline is not None and self._now() < self._token_deadline

    def _deadline(self, result: Accepted) -> float:
        # A wall-clock app takes the server's absolute expiry as it comes, and compares it with
        # the device's own clock (LangAlpha PR #387: a server epoch against `Date.now()`).
        if self.bugs.wall_clock_expiry and result.expires_at is not None:
            return result.expires_at
        return self._now() + result.expires_in

    def _probe(self) -> bool:
        """The canary: is an after-first-unlock item readable (iOS; CE storage on Android)?"""
        if not self._probe_ok:
            probe = self.ctx.available_for
            cls = (
                ProtectionClass.CREDENTIAL_ENCRYPTED
                if self.ctx.protection in (ProtectionClass.CREDENTIAL_ENCRYPTED,
                                           ProtectionClass.DEVICE_ENCRYPTED)
                else ProtectionClass.AFTER_FIRST_UNLOCK
            )  # fmt: skip
            self._probe_ok = probe(cls) if probe is not None else self.ctx.available()
        return self._probe_ok

    def _read(self) -> Credentials | str:
        """Credentials, or the machine-event name of what the read answered instead (`probe`:
        the canary said the keychain is not accessible: wait)."""
        if self.bugs.forum_post_keychain and self.ctx.forum_keychain is not None:
            account = self.ctx.storage.get("account")
            try:
                secret = self.ctx.forum_keychain.read_item(str(account or ""), True)
            except NoPassword:
                return "keychain_not_found"
            except UnhandledError:
                return "keychain_unavailable"
            return Credentials(account=str(account), secret=SecretStr(secret))
        if self.bugs.cached_credentials and self._cache is not None:
            return self._cache
        if self.bugs.memory_refresh and self._cache is not None and not self.ctx.available():
            return self._cache  # "the keychain is locked, but we have it in memory"
        if self.bugs.canary_probe and not self._probe():
            return "probe"
        if self.bugs.envelope_auto_create and self.ctx.sealed_file is not None:
            return self._open_envelope()
        result = self.ctx.keychain.read()
        if isinstance(result, Found):
            if self.bugs.cached_credentials or self.bugs.memory_refresh:
                self._cache = result.credentials
            return result.credentials
        return "keychain_not_found" if isinstance(result, NotFound) else f"keychain_{result.kind}"

    def _envelope_key(self) -> bytes | None:
        """The data key: read, and created when the read does not return one — whatever it
        answered (the create-if-missing key store of SalesforceMobileSDK-iOS #3437)."""
        keys, make = self.ctx.key_keychain, self.ctx.new_key
        if keys is None or make is None:
            return None
        got = keys.read()
        if isinstance(got, Found):
            return key_from_item(got.credentials)
        key = make()
        keys.store(_key_item(key), self.ctx.protection)  # may fail while locked: kept in memory
        return key

    def _open_envelope(self) -> Credentials | str:
        file, cipher, key = self.ctx.sealed_file, self.ctx.cipher, self._envelope_key()
        if file is None or cipher is None or key is None:
            return "keychain_failed"
        try:
            blob = file.load()
        except FileUnavailable:
            blob = None  # "no file"
        if blob is None:
            return "keychain_not_found"
        try:
            opened = credentials_from_payload(cipher.open(key, blob))
        except CannotOpen:
            opened = None
        if opened is None:
            with contextlib.suppress(FileUnavailable):
                file.remove()  # "corrupt": cleaned up, with the credentials in it
            return "keychain_not_found"
        return opened

    def _store(self, credentials: Credentials) -> None:
        if self.bugs.envelope_auto_create and self.ctx.sealed_file is not None:
            key, cipher = self._envelope_key(), self.ctx.cipher
            if key is not None and cipher is not None:
                payload = json.dumps({"account": credentials.account,
                                      "secret": credentials.secret.get_secret_value()})  # fmt: skip
                with contextlib.suppress(FileUnavailable):
                    self.ctx.sealed_file.save(cipher.seal(key, payload.encode()))
            return
        self.ctx.keychain.store(credentials, self.ctx.protection)

    def _keep(self, credentials: Credentials) -> None:
        """F8's app (and the memory-refresh one): store (add-or-update) and remember it."""
        self._store(credentials)
        self._cache = credentials

    def _sign_out(self, event: str, reason: str) -> None:
        self._token_deadline = None
        self._pending.clear()
        if self.bugs.sticky_signed_out or self.bugs.defaults_when_locked:
            # Nothing is deleted: the process just believes there is no user, until relaunched.
            self._record(event, State.LOGGED_OUT, reason, "read_credentials")
            return
        self._cache = None
        self.ctx.keychain.delete()  # "clear the session": no credentials == no user
        self.ctx.storage.set("signed_in", False)
        self._record(event, State.LOGGED_OUT, reason, "read_credentials", "delete_credentials")

    def _authenticate(self, credentials: Credentials) -> None:
        result = self.ctx.server.authenticate(credentials)
        if isinstance(result, Accepted):
            self._token_deadline = self._deadline(result)
            self._access = result.token
            keeps = (
                self.bugs.cached_credentials
                or self.bugs.memory_refresh
                or self.bugs.delete_on_refresh_error
            )
            if self.bugs.rotation_unsafe and result.refresh_token is not None:
                # Discard the old token first, then write the new one: not atomic (F7).
                self.ctx.keychain.delete()
                rotated = Credentials(account=credentials.account, secret=result.refresh_token)
                self.ctx.keychain.store(rotated, self.ctx.protection)
            elif keeps and result.refresh_token is not None:
                self._keep(Credentials(account=credentials.account, secret=result.refresh_token))
            self._perform_pending()
            if self._state is State.LOGGED_OUT:
                return  # the work's 401 signed it out (`any_401_signs_out`)
            self._record("auth_accepted", State.LOGGED_IN, "authenticated", "authenticate",
                         "perform_work")  # fmt: skip
        elif isinstance(result, Rejected) and self.bugs.sticky_signed_in:
            # amplify-swift #3943: the refresh token died, `isSignedIn` stays true.
            self._pending.clear()
            self._record("auth_rejected", self._state, "refresh_failed", "authenticate")
        elif (
            isinstance(result, Rejected)
            or self.bugs.transient_is_final
            or (self.bugs.delete_on_refresh_error and result.detail not in self._NETWORK_ERRORS)
        ):
            self._sign_out("auth_rejected" if isinstance(result, Rejected) else "auth_transient",
                           "server_rejected")  # fmt: skip
        elif self.bugs.offline_needs_interaction:
            # MSAL's "interaction required": no answer is taken as "the user must sign in".
            self._pending.clear()
            self._token_deadline = None
            self._record("auth_transient", State.REAUTH_REQUIRED, "interaction_required",
                         "authenticate", "notify_user")  # fmt: skip
            self.ctx.notify("sign_in_again")
        else:
            self._pending.clear()  # the fetch just fails; the next one will try again
            self._record("auth_transient", self._state, "fetch_failed", "authenticate")

    def _work(self, label: str) -> bool:
        """Do one unit of work; False if the resource server refused it (a 401)."""
        try:
            self.ctx.perform_work(label, self._access)
        except ResourceUnauthorized:
            if self.bugs.any_401_signs_out:
                self._sign_out("work_requested", "server_rejected")
            return False
        return True

    def _perform_pending(self) -> None:
        while self._pending:
            if not self._work(self._pending.pop(0)) and self._state is State.LOGGED_OUT:
                return

    def _refresh(self) -> None:
        got = self._read()
        if isinstance(got, Credentials):
            self._authenticate(got)
        elif got == "probe":
            self._record("keychain_unavailable", self._state, "keychain_not_accessible_waiting")
        elif self.bugs.request_without_credentials:
            # F4: the request goes out with no credentials; its 401 is taken as a rejection.
            self.ctx.server.authenticate(Credentials(account="", secret=SecretStr("")))
            self._sign_out("auth_rejected", "server_rejected")
        else:
            self._sign_out(got, "credentials_absent")

    # -- App ------------------------------------------------------------------------------
    def launch(self, mode: str) -> None:
        storage = self.ctx.storage
        if self.bugs.fresh_install_wipe and storage.get("installed") is None:
            # F3: during prewarm UserDefaults read as empty, so this looks like a fresh install.
            self.ctx.keychain.delete()
            storage.set("installed", True)
            self._record("app_launched", State.LOGGED_OUT, "credentials_absent",
                         "delete_credentials")  # fmt: skip
            return
        if self.bugs.defaults_when_locked and not storage.get("signed_in"):
            # Unreadable storage answers its default, `False`: "no user", and the keychain is
            # not even asked.
            self._record("app_launched", State.LOGGED_OUT, "credentials_absent")
            return
        storage.set("installed", True)
        version = self.ctx.app_version
        if (
            self.bugs.migration_at_launch
            and version > 1
            and storage.get("migrated_version") != version
        ):
            self._migrate(version)
            return
        got = self._read()
        if isinstance(got, Credentials):
            self._record("keychain_found", State.LOGGED_IN, "credentials_found", "read_credentials")
        elif got == "probe":
            self._record("keychain_unavailable", State.CREDENTIALS_UNAVAILABLE,
                         "keychain_not_accessible_waiting")  # fmt: skip
        elif storage.get("signed_in"):
            self._sign_out(got, "credentials_absent")
        else:
            self._record(got, State.LOGGED_OUT, "credentials_absent", "read_credentials")

    def _migrate(self, version: int) -> None:
        """The new version's one-time migration: the item moves to the new class. Whatever the
        read answered instead of credentials is taken as "nothing to migrate" — and recorded as
        done, so it is never tried again."""
        got = self._read()
        self.ctx.storage.set("migrated_version", version)
        if isinstance(got, Credentials):
            self.ctx.keychain.store(got, self.ctx.protection)
            self._record("keychain_found", State.LOGGED_IN, "credentials_found", "read_credentials",
                         "store_credentials")  # fmt: skip
        else:
            self._sign_out(got if got != "probe" else "keychain_unavailable", "credentials_absent")

    def foreground(self) -> None:
        if self.bugs.canary_probe and self._state is State.CREDENTIALS_UNAVAILABLE:
            self._state = State.STARTING
            self.launch("foreground")  # the app waits for the canary, then loads
            return
        expired = self._state is State.LOGGED_IN and not self._token_valid()
        if self.bugs.expired_means_signed_out and expired:
            self._record("token_expired", State.LOGGED_OUT, "token_expired")

    def request_work(self, label: str) -> None:
        if self._state is not State.LOGGED_IN:
            return
        if self._token_valid():
            if self._work(label):
                self._record("work_requested", State.LOGGED_IN, "session_valid", "perform_work")
            return
        self._pending.append(label)
        self._refresh()

    def login(self, user: str, password: SecretStr) -> None:
        credentials = Credentials(account=user, secret=password)
        result = self.ctx.server.authenticate(credentials)
        if not isinstance(result, Accepted):
            self._record("auth_rejected", State.LOGGED_OUT, "sign_in_failed", "sign_in")
            return
        self._token_deadline = self._deadline(result)
        self._access = result.token
        refresh = result.refresh_token
        self._stored = Credentials(account=user, secret=refresh or password)
        if self.bugs.forum_post_keychain and self.ctx.forum_keychain is not None:
            # The post's save fails with errSecDuplicateItem after the switch; the app carries on.
            with contextlib.suppress(UnhandledError):
                self.ctx.forum_keychain.save_item(password.get_secret_value(), user, True)
        elif self.bugs.rotation_unsafe and refresh is not None:
            rotated = Credentials(account=user, secret=refresh)
            self.ctx.keychain.store(rotated, self.ctx.protection)
        elif (
            self.bugs.cached_credentials
            or self.bugs.memory_refresh
            or (self.bugs.delete_on_refresh_error and refresh is not None)
        ):
            self._keep(Credentials(account=user, secret=refresh or password))
        else:
            self._store(credentials)
        self.ctx.storage.set("account", user)
        self.ctx.storage.set("signed_in", True)
        self._record("auth_accepted", State.LOGGED_IN, "signed_in", "sign_in", "store_credentials")

    def logout(self, scope: str = "local") -> None:
        if self._state is not State.LOGGED_IN:
            return
        revoker, stored = self.ctx.revoker, self._stored
        if self.bugs.revoke_before_clear and revoker is not None and stored is not None:
            # supabase-js #2501: the revocation first; its failure throws before anything is
            # cleared — the user stays signed in.
            answer = revoker.revoke(_revocation(stored, scope))
            if answer.kind == "transient":
                self._record("logout_requested", State.LOGGED_IN, "sign_out_failed")
                return
        self._cache = None
        self._token_deadline = None
        self._access = None
        self._record("logout_requested", State.LOGGED_OUT, "user_logout", "delete_credentials")
        self.ctx.keychain.delete()
        self.ctx.storage.set("signed_in", False)
        if self.bugs.dropped_revocation and revoker is not None and stored is not None:
            # Auth0.swift PR #312, Amplify's `.partial`: tried once; a failure is dropped.
            revoker.revoke(_revocation(stored, scope))

    def protected_data_did_become_available(self) -> None:
        """The naive app does not listen: that is half of the Gilt bug."""

    def protected_data_will_become_unavailable(self) -> None:
        """Not listened to either."""

    def tick(self) -> None:
        """No timers: the naive app notices expiry only when it next needs the server."""

    def close(self) -> None:
        """Nothing to release."""

    def fingerprint(self, clock: Clock, bucket: Bucket) -> Hashable:
        deadline = self._token_deadline
        now = clock.wall() if self.bugs.wall_clock_expiry else clock.monotonic()
        return (
            self._state,
            None if deadline is None else bucket(deadline - now),
            min(len(self._pending), 1),
            self._cache is not None,
            self._probe_ok,
        )


def _revocation(credentials: Credentials, scope: str) -> RevocationRequest:
    return RevocationRequest(
        account=credentials.account,
        token=credentials.secret,
        scope="global" if scope == "global" else "local",
    )


def _key_item(key: bytes) -> Credentials:
    return Credentials(account=KEY_ACCOUNT, secret=SecretStr(base64.b64encode(key).decode()))


def _always(ctx: AppContext) -> App:
    insecure = (
        ProtectionClass.DEVICE_ENCRYPTED
        if ctx.protection
        in (ProtectionClass.CREDENTIAL_ENCRYPTED, ProtectionClass.DEVICE_ENCRYPTED)
        else ProtectionClass.ALWAYS
    )
    ctx.protection = insecure
    ctx.allow_insecure = True
    return ReferenceApp(ctx)


class NullFirstValueApp(ReferenceApp):
    """The reference session behind an app whose router decides its first screen from the
    observer's first value, reading "not known yet" as "no user" (firebase/firebase-js-sdk #148:
    `onAuthStateChanged` first fires with null while the persisted user loads): on a locked
    launch it routes to the sign-in screen, and only a sign-in routes it back."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self._routed_out = False
        self._first = True
        self.session.subscribe(self._route)

    def _route(self, view: object) -> None:
        if self._first:
            self._first = False
            self._routed_out = getattr(view, "user_present", "yes") != "yes"

    @property
    def screen(self) -> str:
        return "sign_in" if self._routed_out else self.session.view.screen

    def login(self, user: str, password: SecretStr) -> None:
        self._routed_out = False
        super().login(user, password)


def _no_lease(ctx: AppContext) -> App:
    """The reference as it was before the lease (issue 20): every process refreshes when it
    wants to, and concludes a rejection whether or not another one is mid-refresh."""
    return ReferenceApp(replace(ctx, lease=SoloLease()))


#: Policy name → (app factory, what it demonstrates).
POLICIES: Final[dict[str, tuple[Callable[[AppContext], App], str]]] = {
    "reference": (ReferenceApp, "this package: unavailable never means no user"),
    "naive-gilt": (NaiveApp, "an empty keychain read means no user (Gilt, iOS 7)"),
    "forum-post": (
        lambda ctx: NaiveApp(ctx, Bugs(forum_post_keychain=True)),
        "the forum post: accessibility in the match query, read-then-add save",
    ),
    "always": (_always, "the reference logic, credentials stored with the Always class"),
    "naive-no-lease": (
        _no_lease,
        "the reference without the refresh lease: an app and its extension refresh one token at "
        "once (matrix-rust-sdk #6794, Auth0.swift #464)",
    ),
    "naive-transient": (
        lambda ctx: NaiveApp(ctx, Bugs(transient_is_final=True)),
        "F5: a transient refresh failure is treated as final",
    ),
    "naive-wall-clock": (
        lambda ctx: NaiveApp(ctx, Bugs(wall_clock_expiry=True)),
        "F9: token expiry on the wall clock",
    ),
    "naive-fresh-install": (
        lambda ctx: NaiveApp(ctx, Bugs(fresh_install_wipe=True)),
        "F3: a missing UserDefaults flag during prewarm wipes the keychain",
    ),
    "naive-no-credentials": (
        lambda ctx: NaiveApp(ctx, Bugs(request_without_credentials=True)),
        "F4: a request sent without credentials, its 401 taken as rejection",
    ),
    "naive-expired": (
        lambda ctx: NaiveApp(ctx, Bugs(expired_means_signed_out=True)),
        "F13: signed in but expired shown as signed out",
    ),
    "naive-rotation": (
        lambda ctx: NaiveApp(ctx, Bugs(rotation_unsafe=True)),
        "F6/F7: deletes the old refresh token before storing the new; trusts any rejection",
    ),
    "naive-cached": (
        lambda ctx: NaiveApp(ctx, Bugs(cached_credentials=True)),
        "F8: refreshes with an in-memory copy of the token an app extension has since rotated",
    ),
    "naive-sticky": (
        lambda ctx: NaiveApp(ctx, Bugs(sticky_signed_out=True)),
        "a locked read decides 'signed out' for the process; no re-check (firebase-ios-sdk #9869)",
    ),
    "naive-canary": (
        lambda ctx: NaiveApp(ctx, Bugs(canary_probe=True)),
        "an after-first-unlock canary, cached, guards when-unlocked credentials (Valet PR #7)",
    ),
    "naive-envelope": (
        lambda ctx: NaiveApp(ctx, Bugs(envelope_auto_create=True)),
        "unreadable key replaced by a new one, undecryptable file deleted (Salesforce iOS #3437)",
    ),
    "naive-memory-refresh": (
        lambda ctx: NaiveApp(ctx, Bugs(memory_refresh=True)),
        "refreshes from memory while locked; the rotated token cannot be stored (kitchenowl #1042)",
    ),
    "naive-delete-on-error": (
        lambda ctx: NaiveApp(ctx, Bugs(delete_on_refresh_error=True)),
        "any failed refresh but a network one clears the session (supabase-swift #707)",
    ),
    "naive-defaults": (
        lambda ctx: NaiveApp(ctx, Bugs(defaults_when_locked=True)),
        "unreadable app storage answers its defaults: a fresh install (posthog-android #620)",
    ),
    "naive-any-401": (
        lambda ctx: NaiveApp(ctx, Bugs(any_401_signs_out=True)),
        "a resource server's 401 clears the session (OpenMetadata PR #30763)",
    ),
    "naive-migration": (
        lambda ctx: NaiveApp(ctx, Bugs(migration_at_launch=True)),
        "a one-time migration decides 'nothing to migrate' while locked (Salesforce iOS #3447)",
    ),
    "naive-sticky-signed-in": (
        lambda ctx: NaiveApp(ctx, Bugs(sticky_signed_in=True)),
        "a cached 'signed in' flag: hints ignored, the revoked session's token keeps working "
        "(amplify-swift #1660)",
    ),
    "naive-revoke-before-clear": (
        lambda ctx: NaiveApp(ctx, Bugs(revoke_before_clear=True)),
        "the sign-out revokes first and throws offline: nothing is cleared (supabase-js #2501)",
    ),
    "naive-dropped-revocation": (
        lambda ctx: NaiveApp(ctx, Bugs(dropped_revocation=True)),
        "the sign-out tries the revocation once and drops a failure (Auth0.swift PR #312)",
    ),
    "naive-null-first-value": (
        NullFirstValueApp,
        "the observer's first value, 'not known yet', read as 'no user' (firebase-js-sdk #148)",
    ),
    "naive-interaction-required": (
        lambda ctx: NaiveApp(ctx, Bugs(offline_needs_interaction=True)),
        "a refresh without an answer is 'interaction required': sign in again (MSAL objc #1839)",
    ),
    "naive-skew": (
        lambda ctx: NaiveApp(ctx, Bugs(wall_clock_expiry=True, expired_means_signed_out=True)),
        "the server's expires_at against a wrong device clock: expired on arrival (aws #658)",
    ),
}
