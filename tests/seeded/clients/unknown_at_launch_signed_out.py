"""Seeded bug: the team's layer starts from a clean slate when the launch cannot confirm the user.

"No confirmed user at launch: sign out, so the app never runs half signed in." A launch while the
phone is locked (a background relaunch, a prewarm) cannot read the keychain; the session says
"unknown", and the layer turns that into a sign-out — the Gilt logout, moved into the wrapper."""

from __future__ import annotations

from .team import TeamApp, TeamAuth


class SignsOutUnlessConfirmed(TeamAuth):
    def did_finish_launching(self) -> None:
        self.session.launch()
        if self.session.user_present != "yes":
            self.session.logout()


class App(TeamApp):
    auth_class = SignsOutUnlessConfirmed


factory = App
