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

from authsession._lazy import reexports

__version__ = "0.1.0.dev0"

if TYPE_CHECKING:
    from authsession.adapters import Accepted as Accepted
    from authsession.adapters import Credentials as Credentials
    from authsession.adapters import Found as Found
    from authsession.adapters import NotFound as NotFound
    from authsession.adapters import ProtectionClass as ProtectionClass
    from authsession.adapters import Rejected as Rejected
    from authsession.adapters import Transient as Transient
    from authsession.adapters import Unavailable as Unavailable
    from authsession.core import SessionCore as SessionCore
    from authsession.errors import AuthSessionError as AuthSessionError
    from authsession.errors import InsecureProtectionError as InsecureProtectionError
    from authsession.errors import InvalidInputError as InvalidInputError
    from authsession.runtime import AsyncAuthSession as AsyncAuthSession
    from authsession.runtime import AuthSession as AuthSession
    from authsession.runtime import FileSnapshotStore as FileSnapshotStore
    from authsession.runtime import HistoryEntry as HistoryEntry
    from authsession.runtime import SessionConfig as SessionConfig
    from authsession.runtime import ThreadSafeAuthSession as ThreadSafeAuthSession
    from authsession.spec import State as State
    from authsession.spec import Transition as Transition

__getattr__, __dir__, __all__ = reexports(__name__, also=("__version__",))
