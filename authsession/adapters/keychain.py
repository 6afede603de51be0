"""The keychain adapter contract: what a credential store may answer.

Owns: `Credentials`, `ProtectionClass`, the result types (`Found | NotFound | Unavailable | Failed |
SecretLost`, never `None`) and the `Keychain` Protocol. Implementations live elsewhere
(fakes in `authsession.testing`, platform simulators and the `keyring` adapter in their modules).
Must not import the core or runtime.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, SecretStr

from authsession.spec.events import SecretLossCause


class ProtectionClass(StrEnum):
    """When stored credentials can be decrypted (iOS `kSecAttrAccessible*`, Android storage)."""

    WHEN_UNLOCKED = "when_unlocked"
    WHEN_UNLOCKED_THIS_DEVICE_ONLY = "when_unlocked_this_device_only"
    WHEN_PASSCODE_SET_THIS_DEVICE_ONLY = "when_passcode_set_this_device_only"
    AFTER_FIRST_UNLOCK = "after_first_unlock"
    AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY = "after_first_unlock_this_device_only"
    ALWAYS = "always"
    ALWAYS_THIS_DEVICE_ONLY = "always_this_device_only"
    CREDENTIAL_ENCRYPTED = "credential_encrypted"
    DEVICE_ENCRYPTED = "device_encrypted"


#: Readable with no unlock since boot: storing credentials there lowers security, so they are
#: refused unless a configuration explicitly allows them (invariant 7). Android device-encrypted
#: storage is readable in Direct Boot before the first unlock, exactly like iOS `Always`.
INSECURE_PROTECTION: Final = frozenset(
    {
        ProtectionClass.ALWAYS,
        ProtectionClass.ALWAYS_THIS_DEVICE_ONLY,
        ProtectionClass.DEVICE_ENCRYPTED,
    }
)


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Credentials(_Result):
    """A user's account name and secret (password or refresh token). The secret never prints."""

    account: str
    secret: SecretStr


class Found(_Result):
    kind: Literal["found"] = "found"
    credentials: Credentials


class NotFound(_Result):
    """The store answered 'no such item'. Authoritative only while protected data is available."""

    kind: Literal["not_found"] = "not_found"
    detail: str = ""


class Unavailable(_Result):
    """The item may exist but cannot be read (or written) now: locked, before first unlock."""

    kind: Literal["unavailable"] = "unavailable"
    detail: str = ""


class Failed(_Result):
    """Any other failure; transient, says nothing about the user."""

    kind: Literal["failed"] = "failed"
    detail: str = ""


class SecretLost(_Result):
    """Storage is readable but the secret is provably gone (e.g. Keystore key invalidated)."""

    kind: Literal["secret_lost"] = "secret_lost"
    cause: SecretLossCause
    detail: str = ""


class Stored(_Result):
    kind: Literal["stored"] = "stored"


class Deleted(_Result):
    """The item is gone (also when there was none to delete)."""

    kind: Literal["deleted"] = "deleted"


ReadResult = Found | NotFound | Unavailable | Failed | SecretLost
StoreResult = Stored | Unavailable | Failed
DeleteResult = Deleted | Unavailable | Failed


@runtime_checkable
class Keychain(Protocol):
    """One app's stored credentials item."""

    def read(self) -> ReadResult:
        """Read the item. Never returns None: 'nothing' must say why."""
        ...

    def store(self, credentials: Credentials, protection: ProtectionClass) -> StoreResult:
        """Add, or update on a duplicate — never delete-then-add (the item is lost if the device
        locks between the two)."""
        ...

    def delete(self) -> DeleteResult:
        """Remove the item."""
        ...
