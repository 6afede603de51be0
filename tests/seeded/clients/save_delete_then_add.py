"""Seeded bug: the team's token store saves by deleting the old item, then adding the new one.

"Update is fiddly: delete and re-add." Between the two calls the user has no item at all; a
process that dies there (killed, suspended for good, out of memory) leaves nothing behind, and a
rotated refresh token it was saving is gone with it."""

from __future__ import annotations

from authsession.adapters.keychain import Credentials, ProtectionClass, StoreResult

from .adapters import TeamKeychain
from .team import TeamApp


class DeleteThenAdd(TeamKeychain):
    def store(self, credentials: Credentials, protection: ProtectionClass) -> StoreResult:
        self.base.delete()
        return self.base.store(credentials, protection)


class App(TeamApp):
    keychain_class = DeleteThenAdd


factory = App
