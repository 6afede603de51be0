"""Android: the `AndroidKeychain` adapter and the app APIs it calls (`api`).

Owns nothing itself; re-exports the public names of `adapter` and `api`. The simulated device
the adapter is tested against lives in `authsession.simulators.android`.
Must not import the core, runtime, CLI or any simulator.
"""

from authsession.errors import InsecureProtectionError, UnsupportedProtectionError
from authsession.platforms.android.adapter import AndroidKeychain
from authsession.platforms.android.api import (
    AEADBadTagException,
    AndroidAppAPIs,
    AndroidException,
    IllegalStateException,
    KeyPermanentlyInvalidatedException,
    KeySpec,
    ProviderException,
    StorageArea,
    UserNotAuthenticatedException,
    storage_area_for,
)

__all__ = [
    "AEADBadTagException",
    "AndroidAppAPIs",
    "AndroidException",
    "AndroidKeychain",
    "IllegalStateException",
    "InsecureProtectionError",
    "KeyPermanentlyInvalidatedException",
    "KeySpec",
    "ProviderException",
    "StorageArea",
    "UnsupportedProtectionError",
    "UserNotAuthenticatedException",
    "storage_area_for",
]
