"""Seeded bug: the team's layer keeps the password and signs in again when a background fetch
finds no confirmed user.

"Silent re-login": the password typed at sign-in stays in memory, and a fetch that meets an
unconfirmed session resets it (sign out) and signs in again with the remembered password. On a
locked phone the session is only waiting for the keychain; the reset ends a session whose
credentials are stored, and the new sign-in sends the password while nothing can be saved."""

from __future__ import annotations

from collections.abc import Hashable

from pydantic import SecretStr

from .team import TeamApp, TeamAuth


class ReloginWithCachedPassword(TeamAuth):
    remembered: tuple[str, SecretStr] | None = None

    def sign_in(self, user: str, password: SecretStr) -> bool:
        self.remembered = (user, password)
        return super().sign_in(user, password)

    def perform_fetch(self, label: str) -> None:
        if self.remembered is not None and self.session.user_present != "yes":
            self.session.logout()
            self.session.login(*self.remembered)
        self.session.request_work(label)

    def fingerprint(self) -> Hashable:
        return self.remembered is not None


class App(TeamApp):
    auth_class = ReloginWithCachedPassword


factory = App
