"""Seeded bug: the team's token store reports a failed save as saved.

"Saving can't really fail, and if it does there is nothing to do": the store's answer is always
success. The session then forgets the credentials it was holding for a retry; nothing is in the
keychain, and the next time it needs them it finds no item."""

from __future__ import annotations

from authsession.adapters.keychain import Credentials, ProtectionClass, Stored, StoreResult

from .adapters import TeamKeychain
from .team import TeamApp


class FailedSaveIsSaved(TeamKeychain):
    def store(self, credentials: Credentials, protection: ProtectionClass) -> StoreResult:
        self.base.store(credentials, protection)
        return Stored()


class App(TeamApp):
    keychain_class = FailedSaveIsSaved


factory = App
