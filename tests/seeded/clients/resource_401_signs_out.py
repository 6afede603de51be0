"""Seeded bug: a 401 from the app's own API server signs the user out.

"Unauthorized means the session is over": the team's work handler ends the session when the API
refuses the access token. That 401 came from a resource server (a key it rotated, a token it
revoked on its side), not from the token endpoint: it says nothing about the stored refresh
token, which the server still honours."""

from __future__ import annotations

from pydantic import SecretStr

from authsession.world.faults import ResourceUnauthorized

from .team import TeamApp, TeamAuth


class SignsOutOn401(TeamAuth):
    def sync(self, label: str, token: SecretStr) -> None:
        try:
            self.api(label)
        except ResourceUnauthorized:
            self.session.logout()
            return
        self.synced.append(label)


class App(TeamApp):
    auth_class = SignsOutOn401


factory = App
