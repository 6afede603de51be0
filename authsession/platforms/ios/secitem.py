"""The Security framework's `SecItem*` vocabulary, as the adapters speak it.

Owns: the attribute keys (plain strings mirroring the real `kSecAttr*` names: `class`, `service`,
`account`, `access_group`, `synchronizable`, `accessible`, `data`, `access_control`), the seven
iOS protection classes, `AccessControl` and `SecItemAPI` (the four functions an adapter calls).
It is the platform's API shape, not a model of it: the real adapter, the forum-post port, the
simulator (`authsession.simulators.ios`) and an app process speaking `authsession.app/1` all
meet here, so the adapter never needs the simulator to name a key.
Must not import the adapter, the simulator, the core or the runtime.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final, Protocol

from authsession.adapters.keychain import ProtectionClass
from authsession.platforms.ios.status import OSStatus

# Attribute keys ---------------------------------------------------------------------------------

CLASS: Final = "class"
SERVICE: Final = "service"
ACCOUNT: Final = "account"
ACCESS_GROUP: Final = "access_group"
SYNCHRONIZABLE: Final = "synchronizable"
ACCESSIBLE: Final = "accessible"
DATA: Final = "data"
ACCESS_CONTROL: Final = "access_control"

#: `kSecClassGenericPassword` (its real CFString value is "genp"). The only class modelled.
GENERIC_PASSWORD: Final = "genp"
#: `kSecAttrSynchronizableAny`: a query value matching synced and device-local items alike.
SYNCHRONIZABLE_ANY: Final = "any"

P = ProtectionClass


#: The seven `kSecAttrAccessible*` classes; Android's storage classes are not iOS answers.
IOS_PROTECTION_CLASSES: Final = frozenset(
    {
        P.WHEN_UNLOCKED,
        P.WHEN_UNLOCKED_THIS_DEVICE_ONLY,
        P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY,
        P.AFTER_FIRST_UNLOCK,
        P.AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY,
        P.ALWAYS,
        P.ALWAYS_THIS_DEVICE_ONLY,
    }
)


class AccessControl(StrEnum):
    """`SecAccessControlCreateFlags` the model knows. Both make every read (and update) of the
    item show a biometric or passcode prompt, which only an app on screen can show."""

    #: `.userPresence`: biometrics or the passcode; survives enrollment changes.
    USER_PRESENCE = "user_presence"
    #: `.biometryCurrentSet`: the biometrics enrolled when the item was written; adding or
    #: removing a fingerprint or face makes the item unreadable for good.
    BIOMETRY_CURRENT_SET = "biometry_current_set"


class SecItemAPI(Protocol):
    """The four `SecItem*` functions the adapter calls (`IOSKeychainSimulator` is one; an app
    process of the world forwards them over `authsession.app/1`; on a device they are
    Security.framework's). Attribute dictionaries use the simulator's keys; a status may be a
    code `OSStatus` does not name."""

    def copy_matching(
        self, query: Mapping[str, object]
    ) -> tuple[OSStatus | int, Mapping[str, object] | None]: ...
    def add(self, query: Mapping[str, object]) -> OSStatus | int: ...
    def update(
        self, query: Mapping[str, object], attributes: Mapping[str, object]
    ) -> OSStatus | int: ...
    def delete(self, query: Mapping[str, object]) -> OSStatus | int: ...
