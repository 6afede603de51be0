"""The apps the world can run, by name: the reference session and the naive ones it defeats.

Owns: the registry of policy names (`POLICIES`: `reference`, `naive-gilt`, `forum-post`,
`always`, plus one naive variant per failure of the catalogue that the world can express and per
real bug class a public thread reports), the reference's variants that only a policy needs
(`always`, `naive-no-lease`, `NullFirstValueApp`) and `seed_credentials` (an earlier version of
the app's stored sign-in, as each policy stored it). The apps themselves: the reference is
`authsession.world.session_app.ReferenceApp`, the naive ones `authsession.world.naive`; what the
world and an app say to each other is `authsession.world.app_contract`. Their names stay
importable from here. Must not import the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Final

from pydantic import SecretStr

from authsession.adapters.keychain import Credentials, ProtectionClass
from authsession.adapters.lease import SoloLease
from authsession.world.app_contract import App, AppContext, Bucket
from authsession.world.naive import Bugs, NaiveApp
from authsession.world.session_app import ReferenceApp

__all__ = [
    "POLICIES",
    "App",
    "AppContext",
    "Bucket",
    "Bugs",
    "NaiveApp",
    "NullFirstValueApp",
    "ReferenceApp",
    "seed_credentials",
]


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
