"""The apps the world can run: the reference session and the naive ones it defeats.

Owns: one class per behaviour and the registry of policy names (`reference`, `naive-gilt`,
`forum-post`, `always`, plus one naive variant per failure of the catalogue that the world can
express). Every app reports what it did as invariant `Record`s, so the same checks judge them all.
Naive apps are deliberately wrong; their docstrings say which failure they reproduce.
Must not import the CLI.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Final, Protocol

from pydantic import SecretStr
from transitions import Machine

from authsession.adapters.authenticator import Accepted, Authenticator, Rejected
from authsession.adapters.clock import Clock
from authsession.adapters.envelope import Cipher, SealedFile
from authsession.adapters.keychain import Credentials, Found, Keychain, NotFound, ProtectionClass
from authsession.core.machine import MACHINE
from authsession.invariants import Record
from authsession.platforms.ios.forum_post import ForumPostKeychain, NoPassword, UnhandledError
from authsession.runtime.config import SessionConfig
from authsession.runtime.session import AuthSession
from authsession.spec.commands import NotifyMessage
from authsession.spec.states import State
from authsession.testing.snapshots import MemorySnapshotStore
from authsession.world.storage import AppStorage

#: What `App.fingerprint` is given to describe a deadline: seconds left → a bucket number.
Bucket = Callable[[float], int]


def _discard(_: str) -> None:
    """A callback nobody listens to."""


@dataclass
class AppContext:
    """What the world hands an app process when it starts."""

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
    #: The app's work handler: runs one unit of work that needed the server (the world records
    #: it as completed; it may be armed to raise).
    perform_work: Callable[[str], None] = _discard
    #: Tells the user something (`NotifyUser`); the world records it.
    notify: Callable[[str], None] = _discard
    #: The `transitions` machine the reference app's core runs on; None is the shipped spec's.
    #: A hook for the model checker's "prove it can fail" test, which plugs in a machine built
    #: from a mutated table (`authsession.core.machine.build_machine`).
    machine: Machine | None = None
    #: Envelope storage (`credential_storage: envelope`): the key item's keychain, the sealed
    #: file and its cipher, and how a new key is made — what an app that manages the envelope
    #: itself works with (the reference's `keychain` is an `EnvelopeKeychain` over them).
    key_keychain: Keychain | None = None
    sealed_file: SealedFile | None = None
    cipher: Cipher | None = None
    new_key: Callable[[], bytes] | None = None
    #: Which version of the app this process is (1, then one more per `app_update`).
    app_version: int = 1


class App(Protocol):
    @property
    def state(self) -> str: ...
    def records(self) -> list[Record]: ...
    def launch(self, mode: str) -> None: ...
    def foreground(self) -> None: ...
    def request_work(self, label: str) -> None: ...
    def login(self, user: str, password: SecretStr) -> None: ...
    def logout(self) -> None: ...
    def protected_data_did_become_available(self) -> None: ...
    def protected_data_will_become_unavailable(self) -> None: ...
    def tick(self) -> None: ...
    def close(self) -> None: ...
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
            work_handler=_WorkHandler(ctx.perform_work),
            on_notify=_Notify(ctx.notify),
            store=ctx.snapshots,
            machine=ctx.machine if ctx.machine is not None else MACHINE,
        )
        self._seen = 0

    @property
    def state(self) -> str:
        return self.session.state.value

    def records(self) -> list[Record]:
        new = list(self.session.records_since(self._seen))
        self._seen = self.session.step_count
        return new

    def launch(self, mode: str) -> None:
        self.session.launch()

    def foreground(self) -> None:
        self.session.foreground()

    def request_work(self, label: str) -> None:
        self.session.request_work(label)

    def login(self, user: str, password: SecretStr) -> None:
        self.session.login(user, password)

    def logout(self) -> None:
        self.session.logout()

    def protected_data_did_become_available(self) -> None:
        self.session.protected_data_did_become_available()

    def protected_data_will_become_unavailable(self) -> None:
        self.session.protected_data_will_become_unavailable()

    def tick(self) -> None:
        self.session.poll()

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

    perform: Callable[[str], None]

    def __call__(self, label: str, _token: SecretStr) -> None:
        self.perform(label)


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


class NaiveApp:
    """The app of the Gilt post: an empty keychain read means "no user" (F1, F2, F11).

    It reads the keychain whenever it needs to authenticate — at launch, on background fetch —
    and signs the user out when the read does not return credentials, whatever the reason.
    """

    def __init__(self, ctx: AppContext, bugs: Bugs = Bugs()) -> None:
        self.ctx = ctx
        self.bugs = bugs
        self._state = State.STARTING
        self._token_deadline: float | None = None
        self._pending: list[str] = []
        self._records: list[Record] = []
        self._cache: Credentials | None = None  # F8 only (`Bugs.cached_credentials`)

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

    def _read(self) -> Credentials | str:
        """Credentials, or the machine-event name of what the read answered instead."""
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
        result = self.ctx.keychain.read()
        if isinstance(result, Found):
            if self.bugs.cached_credentials:
                self._cache = result.credentials
            return result.credentials
        return "keychain_not_found" if isinstance(result, NotFound) else f"keychain_{result.kind}"

    def _keep(self, credentials: Credentials) -> None:
        """F8's app: store (add-or-update) and remember what it stored."""
        self.ctx.keychain.store(credentials, self.ctx.protection)
        self._cache = credentials

    def _sign_out(self, event: str, reason: str) -> None:
        self._cache = None
        self.ctx.keychain.delete()  # "clear the session": no credentials == no user
        self.ctx.storage.set("signed_in", False)
        self._token_deadline = None
        self._pending.clear()
        self._record(event, State.LOGGED_OUT, reason, "read_credentials", "delete_credentials")

    def _authenticate(self, credentials: Credentials) -> None:
        result = self.ctx.server.authenticate(credentials)
        if isinstance(result, Accepted):
            self._token_deadline = self._now() + result.expires_in
            if self.bugs.rotation_unsafe and result.refresh_token is not None:
                # Discard the old token first, then write the new one: not atomic (F7).
                self.ctx.keychain.delete()
                rotated = Credentials(account=credentials.account, secret=result.refresh_token)
                self.ctx.keychain.store(rotated, self.ctx.protection)
            elif self.bugs.cached_credentials and result.refresh_token is not None:
                self._keep(Credentials(account=credentials.account, secret=result.refresh_token))
            self._perform_pending()
            self._record("auth_accepted", State.LOGGED_IN, "authenticated", "authenticate",
                         "perform_work")  # fmt: skip
        elif isinstance(result, Rejected) or self.bugs.transient_is_final:
            self._sign_out("auth_rejected" if isinstance(result, Rejected) else "auth_transient",
                           "server_rejected")  # fmt: skip
        else:
            self._pending.clear()  # the fetch just fails; the next one will try again
            self._record("auth_transient", self._state, "fetch_failed", "authenticate")

    def _perform_pending(self) -> None:
        while self._pending:
            self.ctx.perform_work(self._pending.pop(0))

    def _refresh(self) -> None:
        got = self._read()
        if isinstance(got, Credentials):
            self._authenticate(got)
        elif self.bugs.request_without_credentials:
            # F4: the request goes out with no credentials; its 401 is taken as a rejection.
            self.ctx.server.authenticate(Credentials(account="", secret=SecretStr("")))
            self._sign_out("auth_rejected", "server_rejected")
        else:
            self._sign_out(got, "credentials_absent")

    # -- App ------------------------------------------------------------------------------
    def launch(self, mode: str) -> None:
        if self.bugs.fresh_install_wipe and self.ctx.storage.get("installed") is None:
            # F3: during prewarm UserDefaults read as empty, so this looks like a fresh install.
            self.ctx.keychain.delete()
            self.ctx.storage.set("installed", True)
            self._record("app_launched", State.LOGGED_OUT, "credentials_absent",
                         "delete_credentials")  # fmt: skip
            return
        self.ctx.storage.set("installed", True)
        got = self._read()
        if isinstance(got, Credentials):
            self._record("keychain_found", State.LOGGED_IN, "credentials_found", "read_credentials")
        elif self.ctx.storage.get("signed_in"):
            self._sign_out(got, "credentials_absent")
        else:
            self._record(got, State.LOGGED_OUT, "credentials_absent", "read_credentials")

    def foreground(self) -> None:
        expired = self._state is State.LOGGED_IN and not self._token_valid()
        if self.bugs.expired_means_signed_out and expired:
            self._record("token_expired", State.LOGGED_OUT, "token_expired")

    def request_work(self, label: str) -> None:
        if self._state is not State.LOGGED_IN:
            return
        if self._token_valid():
            self.ctx.perform_work(label)
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
        self._token_deadline = self._now() + result.expires_in
        if self.bugs.forum_post_keychain and self.ctx.forum_keychain is not None:
            # The post's save fails with errSecDuplicateItem after the switch; the app carries on.
            with contextlib.suppress(UnhandledError):
                self.ctx.forum_keychain.save_item(password.get_secret_value(), user, True)
        elif self.bugs.rotation_unsafe and result.refresh_token is not None:
            rotated = Credentials(account=user, secret=result.refresh_token)
            self.ctx.keychain.store(rotated, self.ctx.protection)
        elif self.bugs.cached_credentials:
            self._keep(Credentials(account=user, secret=result.refresh_token or password))
        else:
            self.ctx.keychain.store(credentials, self.ctx.protection)
        self.ctx.storage.set("account", user)
        self.ctx.storage.set("signed_in", True)
        self._record("auth_accepted", State.LOGGED_IN, "signed_in", "sign_in", "store_credentials")

    def logout(self) -> None:
        if self._state is State.LOGGED_IN:
            self._cache = None
            self.ctx.keychain.delete()
            self.ctx.storage.set("signed_in", False)
            self._token_deadline = None
            self._record("logout_requested", State.LOGGED_OUT, "user_logout", "delete_credentials")

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
        )


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


#: Policy name → (app factory, what it demonstrates).
POLICIES: Final[dict[str, tuple[Callable[[AppContext], App], str]]] = {
    "reference": (ReferenceApp, "this package: unavailable never means no user"),
    "naive-gilt": (NaiveApp, "an empty keychain read means no user (Gilt, iOS 7)"),
    "forum-post": (
        lambda ctx: NaiveApp(ctx, Bugs(forum_post_keychain=True)),
        "the forum post: accessibility in the match query, read-then-add save",
    ),
    "always": (_always, "the reference logic, credentials stored with the Always class"),
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
}
