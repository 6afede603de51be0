"""Android: a deterministic Direct Boot / Keystore simulator and the `AndroidKeychain` adapter.

Owns nothing itself; re-exports the public names of `simulator` and `adapter`.
Must not import the core, runtime or CLI.
"""

from authsession.errors import InsecureProtectionError, UnsupportedProtectionError
from authsession.platforms.android.adapter import (
    AndroidKeychain,
)
from authsession.simulators.android.device import (
    AEADBadTagException,
    AndroidDevice,
    AndroidException,
    AndroidKeystore,
    AndroidProtectedDataSignal,
    BroadcastAction,
    DeviceBackup,
    DevicePhase,
    IllegalStateException,
    KeyPermanentlyInvalidatedException,
    KeySpec,
    ProviderException,
    SharedPreferences,
    SimulationError,
    StorageArea,
    UserNotAuthenticatedException,
    storage_area_for,
)

__all__ = [
    "AEADBadTagException",
    "AndroidDevice",
    "AndroidException",
    "AndroidKeychain",
    "AndroidKeystore",
    "AndroidProtectedDataSignal",
    "BroadcastAction",
    "DeviceBackup",
    "DevicePhase",
    "IllegalStateException",
    "InsecureProtectionError",
    "KeyPermanentlyInvalidatedException",
    "KeySpec",
    "ProviderException",
    "SharedPreferences",
    "SimulationError",
    "StorageArea",
    "UnsupportedProtectionError",
    "UserNotAuthenticatedException",
    "storage_area_for",
]
