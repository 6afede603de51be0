"""Seeded bug: the team's token store takes a failed keychain read as "no item".

Its read asks the Security API itself and knows two answers: the item, and errSecInteraction-
NotAllowed while locked. Anything else — errSecNotAvailable (-25291), an unknown code — is taken
as "nothing stored", and the session concludes that nobody is signed in. Elsewhere than iOS the
platform adapter's `Failed` is read the same way."""

from __future__ import annotations

from authsession.adapters.keychain import NotFound, ReadResult, Unavailable
from authsession.platforms.ios.secitem import DATA
from authsession.platforms.ios.status import OSStatus

from .adapters import TeamKeychain
from .team import TeamApp


class FailedReadIsNoItem(TeamKeychain):
    def read(self) -> ReadResult:
        if self.secitem is None:
            result = self.base.read()
            return NotFound(detail="read failed") if result.kind == "failed" else result
        status, item = self.secitem.copy_matching(self.item_query())
        if status == OSStatus.SUCCESS and item is not None:
            return self.item_read(item.get(DATA))
        if status == OSStatus.INTERACTION_NOT_ALLOWED:
            return Unavailable(detail="locked")
        return NotFound(detail=f"status {int(status)}")


class App(TeamApp):
    keychain_class = FailedReadIsNoItem


factory = App
