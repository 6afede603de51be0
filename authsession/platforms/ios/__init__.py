"""iOS: the reference `Keychain` adapter, the Security API's shape and OSStatus.

Owns nothing itself; re-exports `status` (OSStatus and its classification), `secitem` (attribute
keys, protection classes, `AccessControl`, `SecItemAPI`) and `adapter` (`IOSKeychain`). The
simulated device and Security API live in `authsession.simulators.ios`. The forum-post port is
deliberately *not* re-exported: it is a counter-example, not an API.
Must not import the core, runtime, CLI or any simulator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import reexports

if TYPE_CHECKING:
    from authsession.errors import InsecureProtectionError as InsecureProtectionError
    from authsession.errors import UnsupportedProtectionError as UnsupportedProtectionError
    from authsession.platforms.ios.adapter import ACCOUNT_KEY as ACCOUNT_KEY
    from authsession.platforms.ios.adapter import IOSKeychain as IOSKeychain
    from authsession.platforms.ios.secitem import IOS_PROTECTION_CLASSES as IOS_PROTECTION_CLASSES
    from authsession.platforms.ios.secitem import AccessControl as AccessControl
    from authsession.platforms.ios.secitem import SecItemAPI as SecItemAPI
    from authsession.platforms.ios.status import STATUS_CATEGORY as STATUS_CATEGORY
    from authsession.platforms.ios.status import OSStatus as OSStatus
    from authsession.platforms.ios.status import StatusCategory as StatusCategory
    from authsession.platforms.ios.status import classify as classify

__getattr__, __dir__, __all__ = reexports(__name__)
