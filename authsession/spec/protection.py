"""Protection classes: when stored credentials can be decrypted.

Owns: `ProtectionClass` (iOS `kSecAttrAccessible*`, Android storage areas) and the set of classes
that lower security (invariant 7). Spec data: the invariants read it, adapters and the world speak
it. Must not import anything but the standard library.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


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
