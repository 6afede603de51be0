"""The real desktop keychain: `KeyringKeychain` over the `keyring` library.

Owns nothing itself; re-exports `keyring_adapter`. Importing this package does not import `keyring`
(that happens when a `KeyringKeychain` is constructed), so it is safe without the `desktop` extra.
Must not import the core, runtime or CLI.
"""

from authsession.platforms.desktop.keyring_adapter import (
    DESKTOP_PROTECTION,
    ITEM_USERNAME,
    InsecureBackendError,
    KeyringBackendLike,
    KeyringKeychain,
    UnsupportedProtectionError,
)

__all__ = [
    "DESKTOP_PROTECTION",
    "ITEM_USERNAME",
    "InsecureBackendError",
    "KeyringBackendLike",
    "KeyringKeychain",
    "UnsupportedProtectionError",
]
