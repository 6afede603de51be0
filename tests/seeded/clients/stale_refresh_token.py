"""Seeded bug: the team's API client refreshes with the refresh token it remembers, not the one
the session read from the keychain.

"We got that token ourselves, it is the newest": the client keeps the last refresh token the
server gave this process and sends it on every refresh. An app extension that refreshed in the
meantime stored a newer one in the shared item; the app's remembered token is the replaced one,
the server refuses it, and the session — which read and believes it sent the live token — signs
the user out."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from authsession.adapters.authenticator import Accepted, AuthResult
from authsession.adapters.keychain import Credentials

from .adapters import TeamAuthenticator
from .team import TeamApp


@dataclass
class RemembersRefreshToken(TeamAuthenticator):
    remembered: Credentials | None = None

    def authenticate(self, credentials: Credentials) -> AuthResult:
        remembered = self.remembered
        if remembered is not None and remembered.account == credentials.account:
            credentials = remembered
        result = self.base.authenticate(credentials)
        if isinstance(result, Accepted):
            token = result.refresh_token
            if token is not None:
                credentials = Credentials(account=credentials.account, secret=token)
            self.remembered = credentials
        return result

    def fingerprint(self) -> Hashable:
        return self.remembered is not None


class App(TeamApp):
    authenticator_class = RemembersRefreshToken


factory = App
