"""The simulated Android device: Direct Boot, CE/DE storage, Keystore, backup/restore.

Owns nothing itself; re-exports `device`'s public names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import reexports

if TYPE_CHECKING:
    from authsession.simulators.android.device import AndroidDevice as AndroidDevice
    from authsession.simulators.android.device import AndroidKeystore as AndroidKeystore
    from authsession.simulators.android.device import (
        AndroidProtectedDataSignal as AndroidProtectedDataSignal,
    )
    from authsession.simulators.android.device import BroadcastAction as BroadcastAction
    from authsession.simulators.android.device import DeviceBackup as DeviceBackup
    from authsession.simulators.android.device import DevicePhase as DevicePhase
    from authsession.simulators.android.device import SharedPreferences as SharedPreferences
    from authsession.simulators.android.device import SimulationError as SimulationError

__getattr__, __dir__, __all__ = reexports(__name__)
