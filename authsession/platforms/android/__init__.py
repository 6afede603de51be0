"""Android: the `AndroidKeychain` adapter and the app APIs it calls (`api`).

Owns nothing itself; re-exports the public names of `adapter` and `api`. The simulated device
the adapter is tested against lives in `authsession.simulators.android`.
Must not import the core, runtime, CLI or any simulator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import reexports

if TYPE_CHECKING:
    from authsession.errors import InsecureProtectionError as InsecureProtectionError
    from authsession.errors import UnsupportedProtectionError as UnsupportedProtectionError
    from authsession.platforms.android.adapter import AndroidKeychain as AndroidKeychain
    from authsession.platforms.android.api import AEADBadTagException as AEADBadTagException
    from authsession.platforms.android.api import AndroidAppAPIs as AndroidAppAPIs
    from authsession.platforms.android.api import AndroidException as AndroidException
    from authsession.platforms.android.api import IllegalStateException as IllegalStateException
    from authsession.platforms.android.api import (
        KeyPermanentlyInvalidatedException as KeyPermanentlyInvalidatedException,
    )
    from authsession.platforms.android.api import KeySpec as KeySpec
    from authsession.platforms.android.api import ProviderException as ProviderException
    from authsession.platforms.android.api import StorageArea as StorageArea
    from authsession.platforms.android.api import (
        UserNotAuthenticatedException as UserNotAuthenticatedException,
    )
    from authsession.platforms.android.api import storage_area_for as storage_area_for

__getattr__, __dir__, __all__ = reexports(__name__)
