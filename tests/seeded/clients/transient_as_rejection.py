"""Seeded bug: the team's API client reads any failed token request as a rejection.

"Not a 200: the credentials did not work." A 503, a 429, a timeout, a network error or a captive
portal's page say nothing about the credentials, but the client answers the session `Rejected`;
the session confirms it against the keychain, finds the same credentials, and signs the user
out during a server outage."""

from __future__ import annotations

from authsession.adapters.authenticator import AuthResult, Rejected, Transient
from authsession.adapters.keychain import Credentials

from .adapters import TeamAuthenticator
from .team import TeamApp


class AnyFailureIsRejection(TeamAuthenticator):
    def authenticate(self, credentials: Credentials) -> AuthResult:
        result = self.base.authenticate(credentials)
        if isinstance(result, Transient):
            return Rejected(detail=result.detail)
        return result


class App(TeamApp):
    authenticator_class = AnyFailureIsRejection


factory = App
