"""Seeded bug: the team's API client keeps rotated refresh tokens in memory only.

Its refresh interceptor swaps the token it holds into every refresh and keeps the rotated one
the server answers with — and hands the session only the access token, so the keychain keeps the
sign-in's refresh token for ever. The app works for as long as its process lives; anything else
that reads the item (an app extension, the next launch) finds a token the server has replaced."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from authsession.adapters.authenticator import Accepted, AuthResult
from authsession.adapters.keychain import Credentials

from .adapters import TeamAuthenticator
from .team import TeamApp


@dataclass
class RotatedTokenInMemory(TeamAuthenticator):
    #: The newest refresh token the server gave this process, and the ones it replaced.
    latest: Credentials | None = None
    replaced: set[str] = field(default_factory=set)
    issued: set[str] = field(default_factory=set)

    def authenticate(self, credentials: Credentials) -> AuthResult:
        secret = credentials.secret.get_secret_value()
        if self.latest is not None and secret in self.replaced:
            credentials = self.latest  # the interceptor's own, newer token
            secret = credentials.secret.get_secret_value()
        result = self.base.authenticate(credentials)
        if not isinstance(result, Accepted) or result.refresh_token is None:
            return result
        rotated = Credentials(account=credentials.account, secret=result.refresh_token)
        self.issued.add(rotated.secret.get_secret_value())
        if secret not in self.issued:
            return result  # a sign-in: the session saves the first refresh token
        self.replaced.add(secret)
        self.latest = rotated
        return result.model_copy(update={"refresh_token": None})

    def fingerprint(self) -> Hashable:
        return self.latest is not None


class App(TeamApp):
    authenticator_class = RotatedTokenInMemory


factory = App
