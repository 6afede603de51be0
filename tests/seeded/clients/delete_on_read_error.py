"""Seeded bug: the team's token store deletes the item when reading it fails, and says nothing.

"An item we cannot decrypt is corrupt: wipe it and start clean" (the repair many keystore
wrappers make for a bad AEAD tag or an invalidated key). Any read that is not the item or
"locked" — a keystore hiccup, an unknown status, a lost key — deletes the item and answers "no
item": a transient failure becomes a silent sign-out, and a real loss is never explained."""

from __future__ import annotations

from authsession.adapters.keychain import Failed, NotFound, ReadResult, SecretLost

from .adapters import TeamKeychain
from .team import TeamApp


class DeletesOnReadError(TeamKeychain):
    def read(self) -> ReadResult:
        result = self.base.read()
        if isinstance(result, Failed | SecretLost):
            self.base.delete()
            return NotFound(detail="unreadable item removed")
        return result


class App(TeamApp):
    keychain_class = DeletesOnReadError


factory = App
