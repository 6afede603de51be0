"""iOS Security-framework result codes and what each one tells the session about the user.

Owns: `OSStatus` (the codes the simulator and adapter deal in), `StatusCategory` and the single
classification table `STATUS_CATEGORY`. The adapter turns categories into `Found | NotFound |
Unavailable | Failed`; this module only says what a code *means*.
Must not import the simulator, the adapter, the core or the runtime (it is pure data).
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from types import MappingProxyType
from typing import Final


class OSStatus(IntEnum):
    """The `errSec*` values from `SecBase.h` that matter to a credentials item (names shortened;
    `symbol` gives Apple's spelling)."""

    SUCCESS = 0
    ITEM_NOT_FOUND = -25300
    DUPLICATE_ITEM = -25299
    INTERACTION_NOT_ALLOWED = -25308
    MISSING_ENTITLEMENT = -34018
    DECODE = -26275
    NOT_AVAILABLE = -25291
    AUTH_FAILED = -25293
    USER_CANCELED = -128
    PARAM = -50

    @property
    def symbol(self) -> str:
        """Apple's constant name, e.g. `errSecItemNotFound`, for logs and docs."""
        return "errSec" + "".join(part.capitalize() for part in self.name.split("_"))

    def describe(self) -> str:
        """`errSecItemNotFound (-25300)`: what log lines and result details show."""
        return f"{self.symbol} ({int(self)})"


class StatusCategory(StrEnum):
    """What a status says about the stored item — never directly about the user."""

    #: The call did what was asked.
    OK = "ok"
    #: A write collided with an item having the same primary key; the caller should update it.
    DUPLICATE = "duplicate"
    #: The item may well exist but its class key is not in memory (locked, before first unlock).
    UNAVAILABLE = "unavailable"
    #: The query matched nothing. Only authoritative while protected data is available: a query
    #: naming another class, another access group, or a field-reported locked read also land here.
    ABSENT = "absent"
    #: The keychain itself failed for now; retrying later may work.
    TRANSIENT = "transient"
    #: The call was refused (entitlement, prompt denied, bad parameters): a configuration or
    #: programming problem, not a statement about the user.
    REJECTED = "rejected"
    #: The item exists but can never be decrypted on this device (securityd's own words for
    #: errSecDecode). The local copy is lost; the server session is not.
    LOCAL_SECRET_LOST = "local_secret_lost"


#: The one classification table. Kept as data so a test can check it is total over `OSStatus`
#: and so no code path can grow its own, diverging interpretation of a status.
STATUS_CATEGORY: Final = MappingProxyType(
    {
        OSStatus.SUCCESS: StatusCategory.OK,
        OSStatus.DUPLICATE_ITEM: StatusCategory.DUPLICATE,
        # securityd's ks_crypt maps "access attempted while keychain is locked" to -25308.
        OSStatus.INTERACTION_NOT_ALLOWED: StatusCategory.UNAVAILABLE,
        OSStatus.ITEM_NOT_FOUND: StatusCategory.ABSENT,
        # ks_crypt's catch-all for other AppleKeyStore failures: nothing is known about the item.
        OSStatus.NOT_AVAILABLE: StatusCategory.TRANSIENT,
        OSStatus.MISSING_ENTITLEMENT: StatusCategory.REJECTED,
        OSStatus.AUTH_FAILED: StatusCategory.REJECTED,
        OSStatus.USER_CANCELED: StatusCategory.REJECTED,
        OSStatus.PARAM: StatusCategory.REJECTED,
        # AppleKeyStore kIOReturnError: this device will never decrypt the row again.
        OSStatus.DECODE: StatusCategory.LOCAL_SECRET_LOST,
    }
)


def classify(status: int) -> StatusCategory:
    """Category of any status, including codes this module does not name: an unknown code says
    nothing about the item, so it is treated as a transient keychain failure (never as absence)."""
    try:
        known = OSStatus(status)
    except ValueError:
        return StatusCategory.TRANSIENT
    return STATUS_CATEGORY[known]


def describe(status: int) -> str:
    """Log-safe text for any status code (there is never a secret in a status)."""
    try:
        return OSStatus(status).describe()
    except ValueError:
        return f"OSStatus {status}"
