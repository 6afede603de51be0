"""The simulated iPhone (`device`) and one app's `SecItem*` calls against it (`keychain`).

Owns nothing itself; re-exports both modules' public names.
"""

from authsession.simulators.ios.device import (
    DEFAULT_GRACE_SECONDS,
    DEFAULT_PROTECTION,
    READABLE_IN,
    THIS_DEVICE_ONLY,
    ClassProtectedDataSignal,
    Device,
    DeviceStateError,
    KeychainItem,
    Phase,
    PrimaryKey,
)
from authsession.simulators.ios.keychain import Call, IOSKeychainSimulator

__all__ = [
    "DEFAULT_GRACE_SECONDS",
    "DEFAULT_PROTECTION",
    "READABLE_IN",
    "THIS_DEVICE_ONLY",
    "Call",
    "ClassProtectedDataSignal",
    "Device",
    "DeviceStateError",
    "IOSKeychainSimulator",
    "KeychainItem",
    "Phase",
    "PrimaryKey",
]
