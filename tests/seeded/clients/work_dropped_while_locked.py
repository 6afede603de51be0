"""Seeded bug: the team's layer drops a background fetch it cannot run now.

"No confirmed user, nothing to sync": while the session waits for the keychain (the phone is
locked) the fetch is skipped instead of handed to the session, which would defer it and run it
as soon as the credentials can be read. The user is never signed out; the work is simply lost."""

from __future__ import annotations

from .team import TeamApp, TeamAuth


class DropsWorkWhileLocked(TeamAuth):
    def perform_fetch(self, label: str) -> None:
        if self.session.user_present == "unknown":
            return
        self.session.request_work(label)


class App(TeamApp):
    auth_class = DropsWorkWhileLocked


factory = App
