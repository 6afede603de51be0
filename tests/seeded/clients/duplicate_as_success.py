"""Seeded bug: the team's token store takes errSecDuplicateItem as success.

Its save is one `SecItemAdd`; "duplicate item" is read as "it is already saved". The first
sign-in's add works, so every test passes — but when the server rotates the refresh token, the
new one is never written: the item keeps the old token, and the next refresh presents a token
the server has already replaced. (The bug needs the Security API's answer: iOS only; elsewhere
the platform adapter saves.)"""

from __future__ import annotations

from authsession.adapters.keychain import (
    Credentials,
    Failed,
    ProtectionClass,
    Stored,
    StoreResult,
    Unavailable,
)
from authsession.platforms.ios.status import OSStatus

from .adapters import TeamKeychain
from .team import TeamApp


class DuplicateIsSaved(TeamKeychain):
    def store(self, credentials: Credentials, protection: ProtectionClass) -> StoreResult:
        if self.secitem is None:
            return self.base.store(credentials, protection)
        query = {**self.item_query(), **self.item_attributes(credentials, protection)}
        status = self.secitem.add(query)
        if status in (OSStatus.SUCCESS, OSStatus.DUPLICATE_ITEM):
            return Stored()
        if status == OSStatus.INTERACTION_NOT_ALLOWED:
            return Unavailable(detail="locked")
        return Failed(detail=f"status {int(status)}")


class App(TeamApp):
    keychain_class = DuplicateIsSaved


factory = App
