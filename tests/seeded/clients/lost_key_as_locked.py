"""Seeded bug: the team's token store reads a permanently lost secret as "locked, try later".

"`KeyPermanentlyInvalidatedException`? Must be the lock screen again — report unavailable." The
Keystore key died with a new fingerprint (or a removed lock screen); no unlock will bring it back,
but the session is told to wait for one, and the user, on an unlocked phone, is never asked to
sign in again."""

from __future__ import annotations

from authsession.adapters.keychain import ReadResult, SecretLost, Unavailable

from .adapters import TeamKeychain
from .team import TeamApp


class LostKeyIsLocked(TeamKeychain):
    def read(self) -> ReadResult:
        result = self.base.read()
        if isinstance(result, SecretLost):
            return Unavailable(detail="key not usable now")
        return result


class App(TeamApp):
    keychain_class = LostKeyIsLocked


factory = App
