"""authsession: a client sign-in session whose keychain is not always readable.

The rule this package encodes: *unavailable never means no user*. The spec (`authsession.spec`)
is one table and its interpreter; the sans-I/O core (`authsession.core`) runs it on
`transitions`; `AuthSession` (`authsession.runtime`) binds it to keychain, clock, authenticator
and protected-data adapters (`authsession.adapters`); fakes and checks for all of them live in
`authsession.testing`.

The names below are imported on first use (PEP 562): `import authsession` — which every pytest
run does through the plugin — costs almost nothing until something is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import lazy_exports

__version__ = "0.1.0.dev0"

#: Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    "Accepted": "authsession.adapters",
    "Credentials": "authsession.adapters",
    "Found": "authsession.adapters",
    "NotFound": "authsession.adapters",
    "ProtectionClass": "authsession.adapters",
    "Rejected": "authsession.adapters",
    "Transient": "authsession.adapters",
    "Unavailable": "authsession.adapters",
    "SessionCore": "authsession.core",
    "AuthSessionError": "authsession.errors",
    "InsecureProtectionError": "authsession.errors",
    "InvalidInputError": "authsession.errors",
    "AsyncAuthSession": "authsession.runtime",
    "AuthSession": "authsession.runtime",
    "FileSnapshotStore": "authsession.runtime",
    "HistoryEntry": "authsession.runtime",
    "SessionConfig": "authsession.runtime",
    "ThreadSafeAuthSession": "authsession.runtime",
    "State": "authsession.spec",
    "Transition": "authsession.spec",
}

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
    "ThreadSafeAuthSession",
    "Transient",
    "Transition",
    "Unavailable",
    "__version__",
]

if TYPE_CHECKING:
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
    from authsession.core import SessionCore
    from authsession.errors import AuthSessionError, InsecureProtectionError, InvalidInputError
    from authsession.runtime import (
        AsyncAuthSession,
        AuthSession,
        FileSnapshotStore,
        HistoryEntry,
        SessionConfig,
        ThreadSafeAuthSession,
    )
    from authsession.spec import State, Transition


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
