"""The simulated iPhone (`device`) and one app's `SecItem*` calls against it (`keychain`).

Owns nothing itself; re-exports both modules' public names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import reexports

if TYPE_CHECKING:
    from authsession.simulators.ios.device import DEFAULT_GRACE_SECONDS as DEFAULT_GRACE_SECONDS
    from authsession.simulators.ios.device import DEFAULT_PROTECTION as DEFAULT_PROTECTION
    from authsession.simulators.ios.device import READABLE_IN as READABLE_IN
    from authsession.simulators.ios.device import THIS_DEVICE_ONLY as THIS_DEVICE_ONLY
    from authsession.simulators.ios.device import (
        ClassProtectedDataSignal as ClassProtectedDataSignal,
    )
    from authsession.simulators.ios.device import Device as Device
    from authsession.simulators.ios.device import DeviceStateError as DeviceStateError
    from authsession.simulators.ios.device import KeychainItem as KeychainItem
    from authsession.simulators.ios.device import Phase as Phase
    from authsession.simulators.ios.device import PrimaryKey as PrimaryKey
    from authsession.simulators.ios.keychain import Call as Call
    from authsession.simulators.ios.keychain import IOSKeychainSimulator as IOSKeychainSimulator

__getattr__, __dir__, __all__ = reexports(__name__)
