"""The team's own adapters, as the team writes them: each wraps what the platform gives the app.

Owns: `TeamKeychain` (the team's token store over the platform keychain, with the iOS Security
API at hand for the calls it makes itself), `TeamClock`, `TeamAuthenticator` (the team's API
client for the token endpoint) and `TeamSignal` (the team's protected-data check). Without an
override each passes every call through unchanged, so the control client behaves exactly as the
package's reference on the same world; a seeded client subclasses one of them and changes one
method. Every class is a dataclass of world parts (the model checker pickles whole worlds), and
`fingerprint()` says what of its own memory decides the client's future (default: nothing).
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from dataclasses import dataclass

from authsession.adapters.authenticator import Authenticator, AuthResult
from authsession.adapters.clock import Clock
from authsession.adapters.keychain import (
    Credentials,
    DeleteResult,
    Failed,
    Found,
    Keychain,
    ProtectionClass,
    ReadResult,
    StoreResult,
)
from authsession.platforms.ios import ACCOUNT_KEY
from authsession.platforms.ios.secitem import (
    ACCESS_CONTROL,
    ACCESSIBLE,
    ACCOUNT,
    CLASS,
    DATA,
    GENERIC_PASSWORD,
    SERVICE,
)
from authsession.world.device import SERVICE as APP_SERVICE
from authsession.world.secitem import ProcessSecItem


@dataclass
class TeamKeychain:
    """The team's token store. `base` is the platform keychain the app is given; `secitem`, on
    iOS, the `SecItem*` functions for the calls the team makes itself (None elsewhere, and when
    the credentials live in an envelope file rather than in the item)."""

    base: Keychain
    secitem: ProcessSecItem | None = None

    def read(self) -> ReadResult:
        return self.base.read()

    def store(self, credentials: Credentials, protection: ProtectionClass) -> StoreResult:
        return self.base.store(credentials, protection)

    def delete(self) -> DeleteResult:
        return self.base.delete()

    def fingerprint(self) -> Hashable:
        return None

    # The team's own SecItem helpers (the item the platform adapter uses: same service and
    # account, the JSON payload it reads back) -------------------------------------------------
    def item_query(self) -> dict[str, object]:
        return {CLASS: GENERIC_PASSWORD, SERVICE: APP_SERVICE, ACCOUNT: ACCOUNT_KEY}

    def item_attributes(
        self, credentials: Credentials, protection: ProtectionClass
    ) -> dict[str, object]:
        payload = {"account": credentials.account, "secret": credentials.secret.get_secret_value()}
        attributes: dict[str, object] = {
            DATA: json.dumps(payload).encode("utf-8"),
            ACCESSIBLE: protection,
        }
        if self.secitem is not None and self.secitem.access_control is not None:
            attributes[ACCESS_CONTROL] = self.secitem.access_control
        return attributes

    def item_read(self, data: object) -> ReadResult:
        """The item's payload as a read result (a payload that is not the team's is `Failed`)."""
        try:
            if not isinstance(data, bytes):
                raise TypeError
            payload = json.loads(data)
            credentials = Credentials(account=payload["account"], secret=payload["secret"])
        except (ValueError, TypeError, KeyError):
            return Failed(detail="the item does not hold the team's payload")
        return Found(credentials=credentials)


@dataclass
class TeamClock:
    """The team's clock: the platform's, read through the team's time utilities."""

    base: Clock

    def monotonic(self) -> float:
        return self.base.monotonic()

    def wall(self) -> float:
        return self.base.wall()

    def fingerprint(self) -> Hashable:
        return None


@dataclass
class TeamAuthenticator:
    """The team's API client for the token endpoint, around the HTTP layer (`base`)."""

    base: Authenticator

    def authenticate(self, credentials: Credentials) -> AuthResult:
        return self.base.authenticate(credentials)

    def fingerprint(self) -> Hashable:
        return None


@dataclass
class TeamSignal:
    """The team's protected-data check (`UIApplication.isProtectedDataAvailable`, Android's
    user-unlocked state), per class where the session asks per class. `keychain` is the team's
    token store, for a team that asks the keychain itself."""

    base: object  # the world's signal: `available()` and `available_for(protection)`
    keychain: TeamKeychain

    def available(self) -> bool:
        return bool(self.base.available())  # type: ignore[attr-defined]

    def available_for(self, protection: ProtectionClass) -> bool:
        return bool(self.base.available_for(protection))  # type: ignore[attr-defined]

    def fingerprint(self) -> Hashable:
        return None
