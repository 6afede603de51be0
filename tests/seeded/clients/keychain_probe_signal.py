"""Seeded bug: the team's protected-data check asks the keychain, and trusts a "not found" read
while the phone is locked.

"Is the keychain readable? Try it": the check is a read of the item, and only
errSecInteractionNotAllowed counts as locked. iOS has been seen answering errSecItemNotFound
(-25300) for a locked item; the check then says "readable", the session takes the read's
"not found" as authoritative, and signs the user out."""

from __future__ import annotations

from authsession.adapters.keychain import ProtectionClass, Unavailable

from .adapters import TeamSignal
from .team import TeamApp


class KeychainProbe(TeamSignal):
    def available(self) -> bool:
        return not isinstance(self.keychain.read(), Unavailable)

    def available_for(self, protection: ProtectionClass) -> bool:
        return self.available()


class App(TeamApp):
    signal_class = KeychainProbe


factory = App
