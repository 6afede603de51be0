"""Seeded bug: the team's layer does not tell the session that the app came to the foreground.

"We refresh when protected data becomes available, that's enough": `willEnterForeground` only
reloads the inbox list. But iOS does not wake a suspended app to say the phone was unlocked, so a
session that was waiting for the keychain (a prewarm before the unlock) is never asked to look
again: the user opens the app and waits for ever."""

from __future__ import annotations

from .team import TeamApp, TeamAuth


class ForegroundNotForwarded(TeamAuth):
    def will_enter_foreground(self) -> None:
        self.synced.append("inbox-list")  # only the list is reloaded


class App(TeamApp):
    auth_class = ForegroundNotForwarded


factory = App
