"""The session spec: states, events, commands, the one transition table and its interpreter.

Owns nothing itself; re-exports the spec's public names — every event class, `parse_event`, and
`step`, the pure function that gives the table its meaning. Must not import the core, adapters or
runtime (the spec is data every other layer reads). Each name is imported on first use (PEP 562).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import reexports

if TYPE_CHECKING:
    from authsession.spec.commands import COMMAND_ADAPTER as COMMAND_ADAPTER
    from authsession.spec.commands import COMMAND_CLASSES as COMMAND_CLASSES
    from authsession.spec.commands import AcquireLease as AcquireLease
    from authsession.spec.commands import Authenticate as Authenticate
    from authsession.spec.commands import Command as Command
    from authsession.spec.commands import DeferWork as DeferWork
    from authsession.spec.commands import DeleteCredentials as DeleteCredentials
    from authsession.spec.commands import FailReason as FailReason
    from authsession.spec.commands import FailWork as FailWork
    from authsession.spec.commands import NotifyMessage as NotifyMessage
    from authsession.spec.commands import NotifyUser as NotifyUser
    from authsession.spec.commands import PerformWork as PerformWork
    from authsession.spec.commands import QueueRevocation as QueueRevocation
    from authsession.spec.commands import ReadCredentials as ReadCredentials
    from authsession.spec.commands import ReleaseLease as ReleaseLease
    from authsession.spec.commands import Revoke as Revoke
    from authsession.spec.commands import RevokeOthers as RevokeOthers
    from authsession.spec.commands import ScheduleRetry as ScheduleRetry
    from authsession.spec.commands import ScheduleRevocation as ScheduleRevocation
    from authsession.spec.commands import SignIn as SignIn
    from authsession.spec.commands import StoreCredentials as StoreCredentials
    from authsession.spec.events import EVENT_CLASSES as EVENT_CLASSES
    from authsession.spec.events import EVENT_TYPES as EVENT_TYPES
    from authsession.spec.events import MACHINE_EVENT_ADAPTER as MACHINE_EVENT_ADAPTER
    from authsession.spec.events import AppForegrounded as AppForegrounded
    from authsession.spec.events import AppLaunched as AppLaunched
    from authsession.spec.events import AuthAccepted as AuthAccepted
    from authsession.spec.events import AuthRejected as AuthRejected
    from authsession.spec.events import AuthTransient as AuthTransient
    from authsession.spec.events import DeleteCompleted as DeleteCompleted
    from authsession.spec.events import DeleteFailed as DeleteFailed
    from authsession.spec.events import DeleteUnavailable as DeleteUnavailable
    from authsession.spec.events import KeychainFailed as KeychainFailed
    from authsession.spec.events import KeychainFound as KeychainFound
    from authsession.spec.events import KeychainNotFound as KeychainNotFound
    from authsession.spec.events import KeychainSecretLost as KeychainSecretLost
    from authsession.spec.events import KeychainUnavailable as KeychainUnavailable
    from authsession.spec.events import LeaseAcquired as LeaseAcquired
    from authsession.spec.events import LeaseBusy as LeaseBusy
    from authsession.spec.events import LoginRequested as LoginRequested
    from authsession.spec.events import LogoutOthersRequested as LogoutOthersRequested
    from authsession.spec.events import LogoutRequested as LogoutRequested
    from authsession.spec.events import MachineEvent as MachineEvent
    from authsession.spec.events import OthersRevocationFailed as OthersRevocationFailed
    from authsession.spec.events import OthersRevoked as OthersRevoked
    from authsession.spec.events import ProtectedDataBecameAvailable as ProtectedDataBecameAvailable
    from authsession.spec.events import (
        ProtectedDataWillBecomeUnavailable as ProtectedDataWillBecomeUnavailable,
    )
    from authsession.spec.events import RetryDue as RetryDue
    from authsession.spec.events import RevocationCompleted as RevocationCompleted
    from authsession.spec.events import RevocationDue as RevocationDue
    from authsession.spec.events import RevocationFailed as RevocationFailed
    from authsession.spec.events import RevocationHint as RevocationHint
    from authsession.spec.events import RevocationQueued as RevocationQueued
    from authsession.spec.events import RevocationQueueFailed as RevocationQueueFailed
    from authsession.spec.events import RevocationQueueUnavailable as RevocationQueueUnavailable
    from authsession.spec.events import RevocationUnavailable as RevocationUnavailable
    from authsession.spec.events import SecretLossCause as SecretLossCause
    from authsession.spec.events import SharedStoreChanged as SharedStoreChanged
    from authsession.spec.events import StoreCompleted as StoreCompleted
    from authsession.spec.events import StoreFailed as StoreFailed
    from authsession.spec.events import StoreUnavailable as StoreUnavailable
    from authsession.spec.events import TokenExpired as TokenExpired
    from authsession.spec.events import WorkRequested as WorkRequested
    from authsession.spec.events import parse_event as parse_event
    from authsession.spec.interpreter import Transition as Transition
    from authsession.spec.interpreter import select_rule as select_rule
    from authsession.spec.interpreter import step as step
    from authsession.spec.interpreter import table_problems as table_problems
    from authsession.spec.protection import INSECURE_PROTECTION as INSECURE_PROTECTION
    from authsession.spec.protection import ProtectionClass as ProtectionClass
    from authsession.spec.states import ENDED_STATES as ENDED_STATES
    from authsession.spec.states import INITIAL_STATE as INITIAL_STATE
    from authsession.spec.states import REAUTH_STATES as REAUTH_STATES
    from authsession.spec.states import SCREEN as SCREEN
    from authsession.spec.states import USER_PRESENT as USER_PRESENT
    from authsession.spec.states import Screen as Screen
    from authsession.spec.states import State as State
    from authsession.spec.states import UserPresence as UserPresence
    from authsession.spec.table import CONTEXT_FLAGS as CONTEXT_FLAGS
    from authsession.spec.table import IGNORE_REASONS as IGNORE_REASONS
    from authsession.spec.table import LOGOUT_REASONS as LOGOUT_REASONS
    from authsession.spec.table import TABLE as TABLE
    from authsession.spec.table import Rule as Rule

__getattr__, __dir__, __all__ = reexports(__name__)
