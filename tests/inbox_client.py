"""A sample team's auth layer, written the way an app's own code is — the client the kit's tests
judge, not a test itself.

`InboxAuth` is a mail app's auth layer: it owns the `AuthSession`, syncs the inbox when the
session lets work run, and shows a banner when the session asks the user to sign in again. It
builds its session with a function it is handed, so the app hands it
`functools.partial(AuthSession, keychain=..., clock=..., authenticator=..., protected_data=...)`,
a unit test hands it the `make_auth_session` fixture, and the simulated world hands it
`SessionParts.session`. `InboxApp` runs it as an app process of the world.

The subclasses are mistakes a team makes in such a layer — each is the kind of bug the world's
oracle exists to catch: `HastyInboxAuth` starts clean when it cannot confirm the user (the Gilt
logout, moved into the wrapper), `ForgetfulInboxAuth` never tells the session the app came to
the foreground (a stranded user), `StrictInboxAuth` refuses a background fetch it cannot serve
by raising (an app error).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import SecretStr

from authsession import AuthSession, SessionConfig
from authsession.testing import SessionApp, SessionParts

#: The team's own settings: a slower first retry than the default.
CONFIG = SessionConfig(retry_base=2.0, retry_cap=600.0)

Screen = Literal["inbox", "sign_in", "waiting_for_unlock"]


class InboxAuth:
    def __init__(self, make_session: Callable[..., AuthSession]) -> None:
        self.synced: list[str] = []
        self.banners: list[str] = []
        self.session = make_session(config=CONFIG, work_handler=self._sync, on_notify=self._banner)

    # What the platform calls (UIApplicationDelegate, UISceneDelegate, BGTaskScheduler) -------
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
    def sign_in(self, user: str, password: str | SecretStr) -> bool:
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
    def _sync(self, label: str, token: SecretStr) -> None:
        self.synced.append(label)  # the real app calls its mail server with `token` here

    def _banner(self, message: str) -> None:
        self.banners.append(message)


class InboxApp(SessionApp):
    """`InboxAuth` as an app process of the simulated world."""

    client: InboxAuth
    auth_class: type[InboxAuth] = InboxAuth

    def make_client(self, parts: SessionParts) -> Any:
        return self.auth_class(parts.session)

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


class HastyInboxAuth(InboxAuth):
    def did_finish_launching(self) -> None:
        self.session.launch()
        if self.session.user_present != "yes":
            self.session.logout()  # "no confirmed user: start from a clean slate"


class ForgetfulInboxAuth(InboxAuth):
    def will_enter_foreground(self) -> None:
        self.reloads = getattr(self, "reloads", 0) + 1  # only the inbox list is reloaded


class StrictInboxAuth(InboxAuth):
    def perform_fetch(self, label: str) -> None:
        if self.screen != "inbox":
            raise RuntimeError("background fetch without a signed-in user")
        super().perform_fetch(label)


class HastyInboxApp(InboxApp):
    auth_class = HastyInboxAuth


class ForgetfulInboxApp(InboxApp):
    auth_class = ForgetfulInboxAuth


class StrictInboxApp(InboxApp):
    auth_class = StrictInboxAuth
