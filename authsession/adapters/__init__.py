"""Adapter contracts (small Protocols) and their real implementations.

Owns nothing itself; re-exports. Fakes for every Protocol live in `authsession.testing`.
"""

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
from authsession.adapters.protected_data import AlwaysAvailable, ProtectedDataSignal

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
    "Found",
    "HttpAuthenticator",
    "Keychain",
    "NotFound",
    "ProtectedDataSignal",
    "ProtectionClass",
    "ReadResult",
    "Rejected",
    "SecretLost",
    "StoreResult",
    "Stored",
    "SystemClock",
    "Transient",
    "Unavailable",
]
