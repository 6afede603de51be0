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
    | ReleaseLease,
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
)
