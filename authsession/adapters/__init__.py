"""Adapter contracts (small Protocols) and their real implementations.

Owns nothing itself; re-exports, each name imported on first use (PEP 562). Fakes for every
Protocol live in `authsession.testing`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import reexports

if TYPE_CHECKING:
    from authsession.adapters.authenticator import Accepted as Accepted
    from authsession.adapters.authenticator import Authenticator as Authenticator
    from authsession.adapters.authenticator import AuthResult as AuthResult
    from authsession.adapters.authenticator import HttpAuthenticator as HttpAuthenticator
    from authsession.adapters.authenticator import Rejected as Rejected
    from authsession.adapters.authenticator import Transient as Transient
    from authsession.adapters.clock import Clock as Clock
    from authsession.adapters.clock import SystemClock as SystemClock
    from authsession.adapters.keychain import INSECURE_PROTECTION as INSECURE_PROTECTION
    from authsession.adapters.keychain import Credentials as Credentials
    from authsession.adapters.keychain import Deleted as Deleted
    from authsession.adapters.keychain import DeleteResult as DeleteResult
    from authsession.adapters.keychain import Failed as Failed
    from authsession.adapters.keychain import Found as Found
    from authsession.adapters.keychain import Keychain as Keychain
    from authsession.adapters.keychain import NotFound as NotFound
    from authsession.adapters.keychain import ProtectionClass as ProtectionClass
    from authsession.adapters.keychain import ReadResult as ReadResult
    from authsession.adapters.keychain import SecretLost as SecretLost
    from authsession.adapters.keychain import Stored as Stored
    from authsession.adapters.keychain import StoreResult as StoreResult
    from authsession.adapters.keychain import Unavailable as Unavailable
    from authsession.adapters.lease import FileLease as FileLease
    from authsession.adapters.lease import RefreshLease as RefreshLease
    from authsession.adapters.lease import SoloLease as SoloLease
    from authsession.adapters.protected_data import AlwaysAvailable as AlwaysAvailable
    from authsession.adapters.protected_data import ProtectedDataSignal as ProtectedDataSignal
    from authsession.adapters.revocation import HttpRevoker as HttpRevoker
    from authsession.adapters.revocation import KeychainOutbox as KeychainOutbox
    from authsession.adapters.revocation import LogoutScope as LogoutScope
    from authsession.adapters.revocation import MemoryOutbox as MemoryOutbox
    from authsession.adapters.revocation import NoRevocationEndpoint as NoRevocationEndpoint
    from authsession.adapters.revocation import Pending as Pending
    from authsession.adapters.revocation import RevocationEntry as RevocationEntry
    from authsession.adapters.revocation import RevocationOutbox as RevocationOutbox
    from authsession.adapters.revocation import RevocationRefused as RevocationRefused
    from authsession.adapters.revocation import RevocationRequest as RevocationRequest
    from authsession.adapters.revocation import Revoked as Revoked
    from authsession.adapters.revocation import Revoker as Revoker
    from authsession.adapters.revocation import RevokeResult as RevokeResult

__getattr__, __dir__, __all__ = reexports(__name__)
