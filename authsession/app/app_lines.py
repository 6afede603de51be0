"""The `authsession.app/1` lines an app process sends the world.

Owns: `Ready` (what the app says it can do), one model per adapter call (`AppCall`) and the
answer model each gets (`CALLS`, by `adapter.op`), `StepReport` (one step of the app's machine,
no secrets) and `Done` (a callback's end: state, fingerprint, deadlines, an escaped exception,
the screen). Must not import the world, the runtime or the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, TypeAlias

from pydantic import (
    Field,
    JsonValue,
    StrictBool,
)

from authsession.app.line_base import (
    MAX_LABEL_CHARS,
    Account,
    Base64,
    Count,
    Label,
    Seconds,
    Secret,
    _Line,
)
from authsession.app.world_lines import (
    Attributes,
    AuthAnswer,
    CopyMatchingAnswer,
    DeleteAnswer,
    DoneAnswer,
    FlagAnswer,
    OutboxEntry,
    OutboxReadAnswer,
    ReadAnswer,
    RevokeAnswer,
    SnapshotAnswer,
    StatusAnswer,
    StorageValueAnswer,
    StoreAnswer,
    TimeAnswer,
    WorkAnswer,
    WrittenAnswer,
)
from authsession.spec.commands import COMMAND_CLASSES
from authsession.spec.events import MachineEvent
from authsession.spec.protection import ProtectionClass
from authsession.spec.states import Screen, State

__all__ = [
    "CALLS",
    "AddCall",
    "AppCall",
    "AuthenticateCall",
    "AvailableCall",
    "BiometryChangedCall",
    "CommandType",
    "CopyMatchingCall",
    "DeleteItemCall",
    "Done",
    "Escaped",
    "FailWorkCall",
    "KeychainDeleteCall",
    "KeychainReadCall",
    "KeychainStoreCall",
    "LeaseAcquireCall",
    "LeaseReleaseCall",
    "MonotonicCall",
    "NotifyCall",
    "OutboxReadCall",
    "OutboxWriteCall",
    "PasscodeSetCall",
    "PerformWorkCall",
    "Ready",
    "ReadyBody",
    "RevokeCall",
    "SnapshotLoadCall",
    "SnapshotSaveCall",
    "StepBody",
    "StepReport",
    "StorageGetCall",
    "StorageSetCall",
    "UpdateCall",
    "WallCall",
    "_Call",
]


class ReadyBody(_Line):
    name: Label
    #: The process can be sent `hello` again, between callbacks, to become a fresh process
    #: (instead of being ended and started again).
    reset: StrictBool = False
    #: ... and also in place of the answer it waits for: it abandons the callback in progress
    #: (a kill) and becomes a fresh process.
    reset_in_call: StrictBool = False
    #: The app takes the shared refresh lease (`lease.acquire`/`lease.release`) and wants to
    #: hear `shared_store_changed`.
    lease: StrictBool = False
    #: The app signs out with a scope, keeps a revocation outbox (`outbox.read`/`outbox.write`),
    #: revokes at the revocation endpoint (`server.revoke`) and wants to hear `revocation_hint`.
    revocation: StrictBool = False


class Ready(_Line):
    ready: ReadyBody


class _Call(_Line):
    call: Count


class CopyMatchingCall(_Call):
    adapter: Literal["secitem"]
    op: Literal["copy_matching"]
    query: Attributes


class AddCall(_Call):
    adapter: Literal["secitem"]
    op: Literal["add"]
    attributes: Attributes


class UpdateCall(_Call):
    adapter: Literal["secitem"]
    op: Literal["update"]
    query: Attributes
    attributes: Attributes


class DeleteItemCall(_Call):
    adapter: Literal["secitem"]
    op: Literal["delete"]
    query: Attributes


class PasscodeSetCall(_Call):
    """`LAContext.canEvaluatePolicy(.deviceOwnerAuthentication)`: is a passcode set?"""

    adapter: Literal["device"]
    op: Literal["passcode_set"]


class BiometryChangedCall(_Call):
    """Has the biometric enrollment changed since the item was written? (On a device: the app
    compares `LAContext.evaluatedPolicyDomainState` with the value it saved then.)"""

    adapter: Literal["device"]
    op: Literal["biometry_changed"]


class KeychainReadCall(_Call):
    adapter: Literal["keychain"]
    op: Literal["read"]


class KeychainStoreCall(_Call):
    adapter: Literal["keychain"]
    op: Literal["store"]
    account: Account
    secret: Secret
    protection: ProtectionClass


class KeychainDeleteCall(_Call):
    adapter: Literal["keychain"]
    op: Literal["delete"]


class AuthenticateCall(_Call):
    adapter: Literal["server"]
    op: Literal["authenticate"]
    account: Account
    secret: Secret


class StorageGetCall(_Call):
    adapter: Literal["storage"]
    op: Literal["get"]
    key: Label


class StorageSetCall(_Call):
    adapter: Literal["storage"]
    op: Literal["set"]
    key: Label
    value: JsonValue


class SnapshotLoadCall(_Call):
    adapter: Literal["snapshots"]
    op: Literal["load"]


class SnapshotSaveCall(_Call):
    adapter: Literal["snapshots"]
    op: Literal["save"]
    data: Base64


class MonotonicCall(_Call):
    adapter: Literal["clock"]
    op: Literal["monotonic"]


class WallCall(_Call):
    adapter: Literal["clock"]
    op: Literal["wall"]


class AvailableCall(_Call):
    """The protected-data signal, for the configured class (`protection` null) or another."""

    adapter: Literal["protected_data"]
    op: Literal["available"]
    protection: ProtectionClass | None = None


class PerformWorkCall(_Call):
    """The app's work handler ran one label (the world records it as completed) with this access
    token (optional: the world judges work done with a token the server had revoked)."""

    adapter: Literal["work"]
    op: Literal["perform"]
    label: Label
    token: Secret | None = None


class FailWorkCall(_Call):
    """Owed work handed back to the app as failed (`fail_work`), and why."""

    adapter: Literal["work"]
    op: Literal["fail"]
    label: Label
    reason: Literal["another_account", "signed_out", "sign_in_failed"]


class OutboxReadCall(_Call):
    """Read the revocation outbox (an item under the credentials' class)."""

    adapter: Literal["outbox"]
    op: Literal["read"]


class OutboxWriteCall(_Call):
    """Replace the revocation outbox's entries (none: remove the item)."""

    adapter: Literal["outbox"]
    op: Literal["write"]
    entries: Annotated[tuple[OutboxEntry, ...], Field(max_length=100)] = ()
    protection: ProtectionClass


class RevokeCall(_Call):
    """One request to the revocation endpoint (RFC 7009)."""

    adapter: Literal["server"]
    op: Literal["revoke"]
    account: Account
    token: Secret
    scope: Literal["local", "global", "others"] = "local"
    token_type_hint: Literal["refresh_token", "access_token"] = "refresh_token"


class NotifyCall(_Call):
    adapter: Literal["user"]
    op: Literal["notify"]
    message: Label


class LeaseAcquireCall(_Call):
    """Take the app's shared refresh lease (answer: whether this process holds it now)."""

    adapter: Literal["lease"]
    op: Literal["acquire"]


class LeaseReleaseCall(_Call):
    """Give the refresh lease back."""

    adapter: Literal["lease"]
    op: Literal["release"]


#: Every adapter call, by `adapter.op`, with the answer each gets (besides `Raised`).
CALLS: Final[dict[str, tuple[type[_Call], Any]]] = {
    "secitem.copy_matching": (CopyMatchingCall, CopyMatchingAnswer),
    "secitem.add": (AddCall, StatusAnswer),
    "secitem.update": (UpdateCall, StatusAnswer),
    "secitem.delete": (DeleteItemCall, StatusAnswer),
    "device.passcode_set": (PasscodeSetCall, FlagAnswer),
    "device.biometry_changed": (BiometryChangedCall, FlagAnswer),
    "keychain.read": (KeychainReadCall, ReadAnswer),
    "keychain.store": (KeychainStoreCall, StoreAnswer),
    "keychain.delete": (KeychainDeleteCall, DeleteAnswer),
    "server.authenticate": (AuthenticateCall, AuthAnswer),
    "storage.get": (StorageGetCall, StorageValueAnswer),
    "storage.set": (StorageSetCall, WrittenAnswer),
    "snapshots.load": (SnapshotLoadCall, SnapshotAnswer),
    "snapshots.save": (SnapshotSaveCall, DoneAnswer),
    "clock.monotonic": (MonotonicCall, TimeAnswer),
    "clock.wall": (WallCall, TimeAnswer),
    "protected_data.available": (AvailableCall, FlagAnswer),
    "work.perform": (PerformWorkCall, WorkAnswer),
    "user.notify": (NotifyCall, DoneAnswer),
    "lease.acquire": (LeaseAcquireCall, FlagAnswer),
    "lease.release": (LeaseReleaseCall, DoneAnswer),
    "work.fail": (FailWorkCall, DoneAnswer),
    "outbox.read": (OutboxReadCall, OutboxReadAnswer),
    "outbox.write": (OutboxWriteCall, StoreAnswer),
    "server.revoke": (RevokeCall, RevokeAnswer),
}

AppCall: TypeAlias = (
    CopyMatchingCall
    | AddCall
    | UpdateCall
    | DeleteItemCall
    | PasscodeSetCall
    | BiometryChangedCall
    | KeychainReadCall
    | KeychainStoreCall
    | KeychainDeleteCall
    | AuthenticateCall
    | StorageGetCall
    | StorageSetCall
    | SnapshotLoadCall
    | SnapshotSaveCall
    | MonotonicCall
    | WallCall
    | AvailableCall
    | PerformWorkCall
    | NotifyCall
    | LeaseAcquireCall
    | LeaseReleaseCall
    | FailWorkCall
    | OutboxReadCall
    | OutboxWriteCall
    | RevokeCall
)

if TYPE_CHECKING:
    CommandType = str
else:  # the spec's command types, as a closed set on the wire
    CommandType = Literal[tuple(c.model_fields["type"].default for c in COMMAND_CLASSES)]


class StepBody(_Line):
    """One step of the app's machine, as `AuthSession` records it (no secrets)."""

    event: MachineEvent
    source: State
    state: State
    reason: Annotated[str, Field(min_length=1, max_length=MAX_LABEL_CHARS)]
    commands: tuple[CommandType, ...] = ()
    #: A lost secret's cause, when the event was `keychain_secret_lost`.
    detail: Annotated[str, Field(max_length=MAX_LABEL_CHARS)] | None = None
    #: The app held credentials it had not stored yet when the event arrived (invariant 9).
    in_hand: StrictBool = False


class StepReport(_Line):
    step: StepBody


class Escaped(_Line):
    """An exception escaped the app's handling of the callback (its run loop caught it)."""

    error: Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_.]{0,99}$")]
    #: It was the one a `raised` answer made the app throw (else: the app's own defect).
    injected: StrictBool


class Done(_Line):
    done: Count
    state: State
    #: What of the app's memory decides its future (any JSON; equal fingerprints, equal timer
    #: buckets: one configuration for the model checker). Null: cannot tell.
    fingerprint: JsonValue = None
    #: Monotonic deadlines of the app's armed timers (the world buckets the time left).
    deadlines: dict[Label, Seconds] = Field(default_factory=dict, max_length=100)
    escaped: Escaped | None = None
    #: What the app shows now (null: it does not say; the world then judges its state).
    screen: Screen | None = None
