"""The simulated iOS keychain world and the reference iOS `Keychain` adapter.

Owns nothing itself; re-exports `status` (OSStatus and its classification), `simulator` (device,
Security-API simulator, protected-data signal) and `adapter` (`IOSKeychain`). The forum-post port
is deliberately *not* re-exported: it is a counter-example, not an API.
Must not import the core, runtime or CLI.
"""

from authsession.errors import InsecureProtectionError, UnsupportedProtectionError
from authsession.platforms.ios.adapter import (
    ACCOUNT_KEY,
    IOSKeychain,
)
from authsession.simulators.ios.keychain import (
    DEFAULT_GRACE_SECONDS,
    DEFAULT_PROTECTION,
    IOS_PROTECTION_CLASSES,
    READABLE_IN,
    THIS_DEVICE_ONLY,
    Call,
    ClassProtectedDataSignal,
    Device,
    DeviceStateError,
    IOSKeychainSimulator,
    KeychainItem,
    Phase,
    PrimaryKey,
)
from authsession.platforms.ios.status import STATUS_CATEGORY, OSStatus, StatusCategory, classify

__all__ = [
    "ACCOUNT_KEY",
    "DEFAULT_GRACE_SECONDS",
    "DEFAULT_PROTECTION",
    "IOS_PROTECTION_CLASSES",
    "READABLE_IN",
    "STATUS_CATEGORY",
    "THIS_DEVICE_ONLY",
    "Call",
    "ClassProtectedDataSignal",
    "Device",
    "DeviceStateError",
    "IOSKeychain",
    "IOSKeychainSimulator",
    "InsecureProtectionError",
    "KeychainItem",
    "OSStatus",
    "Phase",
    "PrimaryKey",
    "StatusCategory",
    "UnsupportedProtectionError",
    "classify",
]
