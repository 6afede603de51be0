"""The real desktop keychain: `KeyringKeychain` over the `keyring` library.

Owns nothing itself; re-exports `keyring_adapter`. Importing this package does not import `keyring`
(that happens when a `KeyringKeychain` is constructed), so it is safe without the `desktop` extra.
Must not import the core, runtime or CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import reexports

if TYPE_CHECKING:
    from authsession.platforms.desktop.keyring_adapter import (
        DESKTOP_PROTECTION as DESKTOP_PROTECTION,
    )
    from authsession.platforms.desktop.keyring_adapter import ITEM_USERNAME as ITEM_USERNAME
    from authsession.platforms.desktop.keyring_adapter import (
        InsecureBackendError as InsecureBackendError,
    )
    from authsession.platforms.desktop.keyring_adapter import (
        KeyringBackendLike as KeyringBackendLike,
    )
    from authsession.platforms.desktop.keyring_adapter import KeyringKeychain as KeyringKeychain
    from authsession.platforms.desktop.keyring_adapter import (
        UnsupportedProtectionError as UnsupportedProtectionError,
    )

__getattr__, __dir__, __all__ = reexports(__name__)
