"""Commands: what the core asks the runtime (or a port's host) to do.

Owns: one frozen pydantic model per command and the discriminated union `Command`. Commands carry
no secrets: the runtime knows which credentials a `store_credentials` or `authenticate` means.
Must not import the machine, adapters or runtime.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class ReadCredentials(_Command):
    """Read the stored credentials; answer with one `keychain_*` event."""

    type: Literal["read_credentials"] = "read_credentials"


class StoreCredentials(_Command):
    """Store the credentials the user just signed in with, under the configured protection class:
    add, and on a duplicate update — never delete-then-add."""

    type: Literal["store_credentials"] = "store_credentials"


class DeleteCredentials(_Command):
    """Delete the stored credentials; answer with one `delete_*` event."""

    type: Literal["delete_credentials"] = "delete_credentials"


class Authenticate(_Command):
    """Send the credentials just read from the keychain to the server; answer with `auth_*`."""

    type: Literal["authenticate"] = "authenticate"


class SignIn(_Command):
    """Send the credentials the user typed to the server; answer with `auth_*`."""

    type: Literal["sign_in"] = "sign_in"


class PerformWork(_Command):
    """Run every piece of work waiting for an authenticated session."""

    type: Literal["perform_work"] = "perform_work"


class DeferWork(_Command):
    """Record that work waits for protected data (idempotent; durable in runtimes that persist)."""

    type: Literal["defer_work"] = "defer_work"


class ScheduleRetry(_Command):
    """Arm a bounded, clock-driven backoff timer that answers with `retry_due`."""

    type: Literal["schedule_retry"] = "schedule_retry"


class AcquireLease(_Command):
    """Take the app's shared refresh lease before refreshing (answer `lease_acquired` or
    `lease_busy`): one process of the app refreshes at a time (F6, F8)."""

    type: Literal["acquire_lease"] = "acquire_lease"


class ReleaseLease(_Command):
    """Give the refresh lease back (no answer; a lease not held is not released)."""

    type: Literal["release_lease"] = "release_lease"


class QueueRevocation(_Command):
    """Move the refresh credentials this session knows of — those a read just found, those it
    holds unstored — into the durable revocation outbox (RFC 7009), under the configured
    protection class, before the stored ones are deleted; answer with `revocation_queued`,
    `revocation_queue_unavailable` or `revocation_queue_failed`. Nothing to queue is answered
    `revocation_queued` at once."""

    type: Literal["queue_revocation"] = "queue_revocation"


class Revoke(_Command):
    """Send the outbox's first token to the revocation endpoint — and nowhere else — then remove
    it from the outbox; answer with `revocation_completed` (revoked, or refused for good),
    `revocation_failed` (no verdict: retry) or `revocation_unavailable` (the outbox's class is
    locked: nothing was read, nothing sent)."""

    type: Literal["revoke"] = "revoke"


class ScheduleRevocation(_Command):
    """Arm the revocation timer (its own bounded backoff; not cancelled by a change of state:
    a revocation is owed whoever signs in next), answered by `revocation_due`."""

    type: Literal["schedule_revocation"] = "schedule_revocation"


class RevokeOthers(_Command):
    """Ask the revocation endpoint to end every other session of the user, with this session's
    valid access token (`logout(scope="others")`); answer `others_revoked` or
    `others_revocation_failed`. Changes nothing here."""

    type: Literal["revoke_others"] = "revoke_others"


#: Why owed work is handed back: another account signed in, the user signed out, or the sign-in
#: it waited for failed.
FailReason = Literal["another_account", "signed_out", "sign_in_failed"]


class FailWork(_Command):
    """Hand every unit of owed work back to the app as failed, with `reason` — it waited for its
    account, and that account will not sign in now."""

    type: Literal["fail_work"] = "fail_work"
    reason: FailReason


NotifyMessage = Literal["sign_in_again", "sign_in_failed"]


class NotifyUser(_Command):
    """Tell the user something they must act on."""

    type: Literal["notify_user"] = "notify_user"
    message: NotifyMessage


Command = Annotated[
    ReadCredentials
    | StoreCredentials
    | DeleteCredentials
    | Authenticate
    | SignIn
    | PerformWork
    | DeferWork
    | ScheduleRetry
    | NotifyUser
    | AcquireLease
    | ReleaseLease
    | QueueRevocation
    | Revoke
    | ScheduleRevocation
    | RevokeOthers
    | FailWork,
    Field(discriminator="type"),
]

COMMAND_ADAPTER: TypeAdapter[Command] = TypeAdapter(Command, config=ConfigDict(defer_build=True))

COMMAND_CLASSES: tuple[type[_Command], ...] = (
    ReadCredentials,
    StoreCredentials,
    DeleteCredentials,
    Authenticate,
    SignIn,
    PerformWork,
    DeferWork,
    ScheduleRetry,
    NotifyUser,
    AcquireLease,
    ReleaseLease,
    QueueRevocation,
    Revoke,
    ScheduleRevocation,
    RevokeOthers,
    FailWork,
)
