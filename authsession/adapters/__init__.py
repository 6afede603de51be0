"""Adapter contracts (small Protocols) and their real implementations.

Owns nothing itself; re-exports, each name imported on first use (PEP 562). Fakes for every
Protocol live in `authsession.testing`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "Accepted": "authsession.adapters.authenticator",
    "Authenticator": "authsession.adapters.authenticator",
    "AuthResult": "authsession.adapters.authenticator",
    "HttpAuthenticator": "authsession.adapters.authenticator",
    "Rejected": "authsession.adapters.authenticator",
    "Transient": "authsession.adapters.authenticator",
    "Clock": "authsession.adapters.clock",
    "SystemClock": "authsession.adapters.clock",
    "INSECURE_PROTECTION": "authsession.adapters.keychain",
    "Credentials": "authsession.adapters.keychain",
    "Deleted": "authsession.adapters.keychain",
    "DeleteResult": "authsession.adapters.keychain",
    "Failed": "authsession.adapters.keychain",
    "Found": "authsession.adapters.keychain",
    "Keychain": "authsession.adapters.keychain",
    "NotFound": "authsession.adapters.keychain",
    "ProtectionClass": "authsession.adapters.keychain",
    "ReadResult": "authsession.adapters.keychain",
    "SecretLost": "authsession.adapters.keychain",
    "Stored": "authsession.adapters.keychain",
    "StoreResult": "authsession.adapters.keychain",
    "Unavailable": "authsession.adapters.keychain",
    "AlwaysAvailable": "authsession.adapters.protected_data",
    "ProtectedDataSignal": "authsession.adapters.protected_data",
    "FileLease": "authsession.adapters.lease",
    "RefreshLease": "authsession.adapters.lease",
    "SoloLease": "authsession.adapters.lease",
    "HttpRevoker": "authsession.adapters.revocation",
    "KeychainOutbox": "authsession.adapters.revocation",
    "MemoryOutbox": "authsession.adapters.revocation",
    "NoRevocationEndpoint": "authsession.adapters.revocation",
    "Pending": "authsession.adapters.revocation",
    "RevocationEntry": "authsession.adapters.revocation",
    "RevocationOutbox": "authsession.adapters.revocation",
    "RevocationRefused": "authsession.adapters.revocation",
    "RevocationRequest": "authsession.adapters.revocation",
    "Revoked": "authsession.adapters.revocation",
    "RevokeResult": "authsession.adapters.revocation",
    "Revoker": "authsession.adapters.revocation",
    "LogoutScope": "authsession.adapters.revocation",
}

__all__ = [
    "INSECURE_PROTECTION",
    "Accepted",
    "AlwaysAvailable",
    "AuthResult",
    "Authenticator",
    "Clock",
    "Credentials",
    "DeleteResult",
    "Deleted",
    "Failed",
    "FileLease",
    "Found",
    "HttpAuthenticator",
    "HttpRevoker",
    "Keychain",
    "KeychainOutbox",
    "LogoutScope",
    "MemoryOutbox",
    "NoRevocationEndpoint",
    "NotFound",
    "Pending",
    "ProtectedDataSignal",
    "ProtectionClass",
    "ReadResult",
    "RefreshLease",
    "Rejected",
    "RevocationEntry",
    "RevocationOutbox",
    "RevocationRefused",
    "RevocationRequest",
    "RevokeResult",
    "Revoked",
    "Revoker",
    "SecretLost",
    "SoloLease",
    "StoreResult",
    "Stored",
    "SystemClock",
    "Transient",
    "Unavailable",
]

if TYPE_CHECKING:
    from authsession.adapters.authenticator import (
        Accepted,
        Authenticator,
        AuthResult,
        HttpAuthenticator,
        Rejected,
        Transient,
    )
    from authsession.adapters.clock import Clock, SystemClock
    from authsession.adapters.keychain import (
        INSECURE_PROTECTION,
        Credentials,
        Deleted,
        DeleteResult,
        Failed,
        Found,
        Keychain,
        NotFound,
        ProtectionClass,
        ReadResult,
        SecretLost,
        Stored,
        StoreResult,
        Unavailable,
    )
    from authsession.adapters.lease import FileLease, RefreshLease, SoloLease
    from authsession.adapters.protected_data import AlwaysAvailable, ProtectedDataSignal
    from authsession.adapters.revocation import (
        HttpRevoker,
        KeychainOutbox,
        LogoutScope,
        MemoryOutbox,
        NoRevocationEndpoint,
        Pending,
        RevocationEntry,
        RevocationOutbox,
        RevocationRefused,
        RevocationRequest,
        Revoked,
        Revoker,
        RevokeResult,
    )

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
