"""authsession: a client sign-in session whose keychain is not always readable.

The rule this package encodes: *unavailable never means no user*. The spec (`authsession.spec`)
is one table; the sans-I/O core (`authsession.core`) runs it on `transitions`; `AuthSession`
(`authsession.runtime`) binds it to keychain, clock, authenticator and protected-data adapters
(`authsession.adapters`); fakes for all of them live in `authsession.testing`.
"""

from authsession.adapters import (
    Accepted,
    Credentials,
    Found,
    NotFound,
    ProtectionClass,
    Rejected,
    Transient,
    Unavailable,
)
from authsession.core import SessionCore, Step
from authsession.errors import AuthSessionError, InsecureProtectionError, InvalidInputError
from authsession.runtime import (
    AsyncAuthSession,
    AuthSession,
    FileSnapshotStore,
    HistoryEntry,
    SessionConfig,
    ThreadSafeAuthSession,
)
from authsession.spec import State

__version__ = "0.1.0.dev0"

__all__ = [
    "Accepted",
    "AsyncAuthSession",
    "AuthSession",
    "AuthSessionError",
    "Credentials",
    "FileSnapshotStore",
    "Found",
    "HistoryEntry",
    "InsecureProtectionError",
    "InvalidInputError",
    "NotFound",
    "ProtectionClass",
    "Rejected",
    "SessionConfig",
    "SessionCore",
    "State",
    "Step",
    "ThreadSafeAuthSession",
    "Transient",
    "Unavailable",
    "__version__",
]
