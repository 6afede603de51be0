"""iOS: the reference `Keychain` adapter, the Security API's shape and OSStatus.

Owns nothing itself; re-exports `status` (OSStatus and its classification), `secitem` (attribute
keys, protection classes, `AccessControl`, `SecItemAPI`) and `adapter` (`IOSKeychain`). The
simulated device and Security API live in `authsession.simulators.ios`. The forum-post port is
deliberately *not* re-exported: it is a counter-example, not an API.
Must not import the core, runtime, CLI or any simulator.
"""

from authsession.errors import InsecureProtectionError, UnsupportedProtectionError
from authsession.platforms.ios.adapter import ACCOUNT_KEY, IOSKeychain
from authsession.platforms.ios.secitem import IOS_PROTECTION_CLASSES, AccessControl, SecItemAPI
from authsession.platforms.ios.status import STATUS_CATEGORY, OSStatus, StatusCategory, classify

__all__ = [
    "ACCOUNT_KEY",
    "IOS_PROTECTION_CLASSES",
    "STATUS_CATEGORY",
    "AccessControl",
    "IOSKeychain",
    "InsecureProtectionError",
    "OSStatus",
    "SecItemAPI",
    "StatusCategory",
    "UnsupportedProtectionError",
    "classify",
]
