"""The keychain adapter contract: what a credential store may answer.

Owns: `Credentials`, the result types (`Found | NotFound | Unavailable | Failed |
SecretLost`, never `None`) and the `Keychain` Protocol. Implementations live elsewhere
(fakes in `authsession.testing`, platform simulators and the `keyring` adapter in their modules).
Must not import the core or runtime.
"""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, SecretStr

from authsession.spec.events import SecretLossCause

# Re-exported: the classes are spec data (invariant 7 reads them), adapters speak them.
from authsession.spec.protection import INSECURE_PROTECTION as INSECURE_PROTECTION
from authsession.spec.protection import ProtectionClass as ProtectionClass


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Credentials(_Result):
    """A user's account name and secret (password or refresh token). The secret never prints."""

    account: str
    secret: SecretStr


class Found(_Result):
    """The item was read: these are the stored credentials."""

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
    """The write landed: the item now holds these credentials under the requested class."""

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
