"""A counter-example: the keychain helper from a developer-forum post, ported to the simulator.

Owns: `ForumPostKeychain` and its error types, a Python transliteration of the post's Swift
read/save helpers (reworded; behaviour kept, including the bug). It exists so tests can show the
mechanism behind the post's remaining errSecItemNotFound reports after its switch to
AfterFirstUnlock:

* the match query gains `accessible` when `should_access_from_first_unlock` is on, and every
  attribute in a query is a filter, so an item saved earlier under the default WhenUnlocked class
  no longer matches — it reads as errSecItemNotFound even on an unlocked device;
* save is read-then-(update | add): the failed read sends it down the add path, and because
  accessibility is not part of the primary key the add collides with the old item
  (errSecDuplicateItem). The item is never migrated, so the user stays "missing" for good.

Must not import the adapter, the core or the runtime, and nothing in the package may use it as a
credentials store.
"""

from __future__ import annotations

from typing import Final

from authsession.adapters.keychain import ProtectionClass
from authsession.errors import AuthSessionError
from authsession.platforms.ios.secitem import (
    ACCESS_GROUP,
    ACCESSIBLE,
    ACCOUNT,
    CLASS,
    DATA,
    GENERIC_PASSWORD,
    SERVICE,
    SecItemAPI,
)
from authsession.platforms.ios.status import OSStatus, describe

#: The post hard-codes its service name.
FORUM_SERVICE: Final = "AppUser"


class KeychainError(AuthSessionError):
    """Base of the post's error enum."""


class NoPassword(KeychainError):
    """The post's `.noPassword`: raised on errSecItemNotFound, which its callers read as
    'the user has no token' (its TOKEN_MISSING incidents)."""


class UnexpectedPasswordData(KeychainError):
    """The item's data was missing or not UTF-8."""


class UnhandledError(KeychainError):
    """Any other status. Carries only the code, never the item's data."""

    def __init__(self, status: OSStatus | int) -> None:
        super().__init__(f"unhandled keychain status {describe(status)}")
        self.status = status


class ForumPostKeychain:
    """The post's helper, method for method, over the `SecItem*` calls (`IOSKeychainSimulator`
    in the tests and the world)."""

    def __init__(self, simulator: SecItemAPI, access_group: str | None = None) -> None:
        self._simulator = simulator
        self._access_group = access_group

    @staticmethod
    def keychain_query(
        service: str,
        account: str | None = None,
        access_group: str | None = None,
        should_access_from_first_unlock: bool = False,
    ) -> dict[str, object]:
        """The post's query builder. The `accessible` entry is the bug: in a *match* query it
        filters on the item's class instead of choosing the class of a new item."""
        query: dict[str, object] = {CLASS: GENERIC_PASSWORD, SERVICE: service}
        if should_access_from_first_unlock:
            query[ACCESSIBLE] = ProtectionClass.AFTER_FIRST_UNLOCK
        if account is not None:
            query[ACCOUNT] = account
        if access_group is not None:
            query[ACCESS_GROUP] = access_group
        return query

    def _query(self, account: str, should_access_from_first_unlock: bool) -> dict[str, object]:
        return self.keychain_query(
            FORUM_SERVICE, account, self._access_group, should_access_from_first_unlock
        )

    def read_item(self, account: str, should_access_from_first_unlock: bool = False) -> str:
        # The Swift code asks for one match with attributes and data; the simulator's
        # copy_matching always answers that way, so those keys are not repeated here.
        status, found = self._simulator.copy_matching(
            self._query(account, should_access_from_first_unlock)
        )
        if status == OSStatus.ITEM_NOT_FOUND:
            raise NoPassword
        if status != OSStatus.SUCCESS:
            raise UnhandledError(status)
        data = found.get(DATA) if found is not None else None
        if not isinstance(data, bytes):
            raise UnexpectedPasswordData
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise UnexpectedPasswordData from None

    def save_item(
        self, item: str, account: str, should_access_from_first_unlock: bool = False
    ) -> None:
        encoded = item.encode("utf-8")
        try:
            # Check-then-act: the read decides between update and add.
            self.read_item(account, should_access_from_first_unlock)
        except NoPassword:
            new_item = self._query(account, should_access_from_first_unlock)
            new_item[DATA] = encoded
            status = self._simulator.add(new_item)
        else:
            status = self._simulator.update(
                self._query(account, should_access_from_first_unlock), {DATA: encoded}
            )
        if status != OSStatus.SUCCESS:
            raise UnhandledError(status)

    def __repr__(self) -> str:
        return f"ForumPostKeychain(service={FORUM_SERVICE!r}, access_group={self._access_group!r})"
