"""The naive apps: the Gilt post's client and the well-known mistakes the world demonstrates.

Owns: `Bugs` (one flag per failure of the catalogue that the world can express and per real bug
class a public thread reports — each flag's comment names its thread) and `NaiveApp` (an app
that reads the keychain whenever it needs to authenticate and takes any read that does not
return credentials as "no user", plus the `Bugs` it is given). Naive apps are deliberately
wrong; they report what they did as invariant `Record`s, so the checks that pass the reference
judge them too. Must not import the CLI.
"""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Hashable
from dataclasses import dataclass

from pydantic import SecretStr

from authsession.adapters.authenticator import Accepted, Rejected
from authsession.adapters.clock import Clock
from authsession.adapters.envelope import (
    KEY_ACCOUNT,
    CannotOpen,
    FileUnavailable,
    credentials_from_payload,
    key_from_item,
)
from authsession.adapters.keychain import Credentials, Found, NotFound, ProtectionClass
from authsession.adapters.revocation import RevocationRequest
from authsession.core.records import reported_record
from authsession.invariants import Record
from authsession.platforms.ios.forum_post import NoPassword, UnhandledError
from authsession.spec.states import State
from authsession.world.app_contract import AppContext, Bucket
from authsession.world.faults import ResourceUnauthorized


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
            reported_record(
                self.ctx.step,
                event,
                source=self._state,
                state=state,
                reason=reason,
                commands=commands,
                protected_data_available=available,
                carried=available if event.startswith("keychain") else None,
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
