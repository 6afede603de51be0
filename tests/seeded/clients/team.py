"""One team's auth layer around `AuthSession`, written the way docs/testing.md recommends, and the
app process that runs it in the simulated world.

Owns: `TeamAuth` (the layer: it owns the session, runs the app's API calls as the session's work,
shows a banner when the session asks the user to sign in again), `Wiring` (the
`make_session` the layer is handed: `AuthSession` on the team's adapters, with the team's
settings and the scenario's protection class) and `TeamApp` (`SessionApp` around it: one method
per OS callback or user action, and which of the team's adapters the app is built with —
`keychain_class`, `clock_class`, `authenticator_class`, `signal_class`, `auth_class`). A seeded
client overrides exactly one of those classes with one method changed; `control.py` overrides
nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import SecretStr

from authsession import AuthSession, SessionConfig
from authsession.runtime.host import WorkHandler
from authsession.spec.commands import NotifyMessage
from authsession.testing import SessionApp, SessionParts
from authsession.world.faults import ResourceUnauthorized

from .adapters import TeamAuthenticator, TeamClock, TeamKeychain, TeamSignal

#: The team's own settings: a slower first retry than the default.
CONFIG = SessionConfig(retry_base=2.0, retry_cap=600.0)

Screen = Literal["inbox", "sign_in", "waiting_for_unlock"]


@dataclass(frozen=True)
class Wiring:
    """`make_session` in the world: `AuthSession` on the team's adapters and the world's snapshot
    store, with the team's settings bar the scenario's protection fields (`SessionParts.config`)."""

    parts: SessionParts
    keychain: TeamKeychain
    clock: TeamClock
    authenticator: TeamAuthenticator
    signal: TeamSignal

    def __call__(
        self,
        *,
        config: SessionConfig,
        work_handler: WorkHandler,
        on_notify: Callable[[NotifyMessage], None],
    ) -> AuthSession:
        return AuthSession(
            keychain=self.keychain,
            clock=self.clock,
            authenticator=self.authenticator,
            protected_data=self.signal,
            config=self.parts.config(config),
            work_handler=work_handler,
            on_notify=on_notify,
            store=self.parts.store,
            machine=self.parts.machine,
        )


class TeamAuth:
    """The team's auth layer. `api(label)` is the app's call to its own server for one unit of
    work (it raises `ResourceUnauthorized` on a 401 from that server); `show(message)` puts a
    banner on screen."""

    def __init__(
        self,
        make_session: Callable[..., AuthSession],
        api: Callable[[str], None],
        show: Callable[[str], None],
    ) -> None:
        self.api = api
        self.show = show
        self.synced: list[str] = []
        self.refused_once: set[str] = set()
        self.session = make_session(config=CONFIG, work_handler=self.sync, on_notify=self.banner)

    # What the platform calls ------------------------------------------------------------------
    def did_finish_launching(self) -> None:
        self.session.launch()

    def will_enter_foreground(self) -> None:
        self.session.foreground()

    def perform_fetch(self, label: str) -> None:
        self.session.request_work(label)

    def protected_data_did_become_available(self) -> None:
        self.session.protected_data_did_become_available()

    def protected_data_will_become_unavailable(self) -> None:
        self.session.protected_data_will_become_unavailable()

    def timer_fired(self) -> None:
        self.session.poll()

    # What the UI calls ------------------------------------------------------------------------
    def sign_in(self, user: str, password: SecretStr) -> bool:
        """False when the form should not have been shown (the session is not signed out)."""
        step = self.session.login(user, password)
        return step is not None and not step.ignored

    def sign_out(self) -> None:
        self.session.logout()

    @property
    def screen(self) -> Screen:
        presence = self.session.user_present
        if presence == "yes":
            return "inbox"
        return "sign_in" if presence == "no" else "waiting_for_unlock"

    # The session's callbacks ------------------------------------------------------------------
    def sync(self, label: str, token: SecretStr) -> None:
        """One unit of work with the session's token. A 401 from the app's own server refused
        that access token, not the user: the work is asked for once more (a fresh token), then
        given up — the session is not the server's to end."""
        try:
            self.api(label)
        except ResourceUnauthorized:
            if label not in self.refused_once:
                self.refused_once.add(label)
                self.session.request_work(label)
            return
        self.synced.append(label)

    def banner(self, message: str) -> None:
        self.show(message)

    def fingerprint(self) -> Hashable:
        """What of the layer's own memory decides its future (the seeded layers add theirs)."""
        return None


class TeamApp(SessionApp):
    """`TeamAuth` on the team's adapters, as an app process of the world."""

    client: TeamAuth
    auth_class: type[TeamAuth] = TeamAuth
    keychain_class: type[TeamKeychain] = TeamKeychain
    clock_class: type[TeamClock] = TeamClock
    authenticator_class: type[TeamAuthenticator] = TeamAuthenticator
    signal_class: type[TeamSignal] = TeamSignal

    def make_client(self, parts: SessionParts) -> Any:
        ctx = self.ctx
        # The team's own SecItem calls go to the item the credentials live in (iOS, no envelope).
        secitem = ctx.secitem if ctx.sealed_file is None else None
        keychain = self.keychain_class(parts.keychain, secitem)
        self.adapters = (
            keychain,
            self.clock_class(parts.clock),
            self.authenticator_class(parts.authenticator),
            self.signal_class(parts.protected_data, keychain),
        )
        wiring = Wiring(parts, *self.adapters)
        return self.auth_class(wiring, api=parts.work_done, show=parts.notify)

    def client_fingerprint(self) -> Hashable:
        return (self.client.fingerprint(), *(a.fingerprint() for a in self.adapters))

    def on_launch(self, mode: str) -> None:
        self.client.did_finish_launching()

    def on_foreground(self) -> None:
        self.client.will_enter_foreground()

    def on_request_work(self, label: str) -> None:
        self.client.perform_fetch(label)

    def on_login(self, user: str, password: SecretStr) -> None:
        self.client.sign_in(user, password)

    def on_logout(self) -> None:
        self.client.sign_out()

    def on_protected_data_did_become_available(self) -> None:
        self.client.protected_data_did_become_available()

    def on_protected_data_will_become_unavailable(self) -> None:
        self.client.protected_data_will_become_unavailable()

    def on_tick(self) -> None:
        self.client.timer_fired()
