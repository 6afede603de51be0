"""The simulated Android device: Direct Boot, CE/DE storage, Keystore, backup/restore.

Owns nothing itself; re-exports `device`'s public names.
"""

from authsession.simulators.android.device import (
    AndroidDevice,
    AndroidKeystore,
    AndroidProtectedDataSignal,
    BroadcastAction,
    DeviceBackup,
    DevicePhase,
    SharedPreferences,
    SimulationError,
)

__all__ = [
    "AndroidDevice",
    "AndroidKeystore",
    "AndroidProtectedDataSignal",
    "BroadcastAction",
    "DeviceBackup",
    "DevicePhase",
    "SharedPreferences",
    "SimulationError",
]
