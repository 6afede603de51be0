"""The contract `authsession.app/1`: every line the world and an app process exchange, as models.

Owns: one frozen pydantic model per line in each direction — world → app: `Hello` (start, or
become a fresh process), the callbacks, the answers to each adapter call (or `Raised`); app →
world: `Ready`, the adapter calls, `StepReport`, `Done` — which answer model answers which call
(`answer_model`), reading one line of either side with the input layer's limits (`read_app_line`,
`read_world_line`: a problem is `field: problem`, never a quote of the line), writing a line
with its secrets revealed (`wire`: the world is a test harness, the secrets must cross the pipe;
they still never reach a repr, a log or an error), and the protocol's JSON Schema
(`authsession app --schema`, `docs/app-protocol.schema.json`). docs/app-protocol.md states the
rules these models cannot (order, numbering, kills, limits).
Must not import the world, the runtime or the CLI.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, TypeAlias

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    PlainSerializer,
    SecretBytes,
    SecretStr,
    StrictBool,
    StrictInt,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
)

from authsession.errors import (
    AuthSessionError,
    MalformedInputError,
    describe_validation_error,
    did_you_mean,
    schema_names,
)
from authsession.inputs import FILE_FIELD, decode_utf8, parse_json
from authsession.spec.commands import COMMAND_CLASSES
from authsession.spec.events import MachineEvent, SecretLossCause
from authsession.spec.protection import ProtectionClass
from authsession.spec.states import Screen, State

APP_SCHEMA: Final = "authsession.app/1"
#: A line is at most this long in either direction: a snapshot (at most 1 MiB) in base64 fits,
#: an endless line costs this much and no more.
MAX_LINE_BYTES: Final = 2 * 1024 * 1024
#: Messages an app may send while handling one callback (calls and steps): a real callback makes
#: a few dozen; an app that keeps writing well-formed lines is flooding.
MAX_MESSAGES_PER_CALLBACK: Final = 10_000
#: Work labels and names are short; the snapshot holds labels of at most 200 characters.
MAX_LABEL_CHARS: Final = 200
MAX_ACCOUNT_CHARS: Final = 1000
MAX_SECRET_CHARS: Final = 64 * 1024

Platform = Literal["ios", "android", "memory"]
#: `SecAccessControlCreateFlags` the world's iOS simulator knows.
AccessControlName = Literal["user_presence", "biometry_current_set"]
Label = Annotated[str, Field(min_length=1, max_length=MAX_LABEL_CHARS)]
Account = Annotated[str, Field(max_length=MAX_ACCOUNT_CHARS)]
Secret = Annotated[SecretStr, Field(max_length=MAX_SECRET_CHARS)]
Count = Annotated[StrictInt, Field(ge=1, le=2**53)]
Seconds = Annotated[float, Field(allow_inf_nan=False)]


def _base64(value: object) -> object:
    if isinstance(value, str):
        try:
            return base64.b64decode(value.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError, ValueError):
            raise ValueError("not base64") from None
    if isinstance(value, bytes | SecretBytes):
        return value
    raise ValueError("not a base64 string")


def _reveal_base64(value: SecretBytes) -> str:
    return base64.b64encode(value.get_secret_value()).decode("ascii")


#: Bytes that cross the pipe as base64 and never print (item data, a snapshot).
Base64 = Annotated[
    SecretBytes,
    BeforeValidator(_base64),
    PlainSerializer(_reveal_base64, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "contentEncoding": "base64"}),
]


class _Line(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


# World → app --------------------------------------------------------------------------------


class KeychainItem(_Line):
    """The iOS keychain item an earlier version of this app stored its credentials in (a
    scenario's `preexisting_credentials`): an app that wants to find it uses these attributes."""

    service: str
    account: str


class HelloBody(_Line):
    schema_: Literal["authsession.app/1"] = Field(default=APP_SCHEMA, alias="schema")
    platform: Platform
    #: The class the app stores credentials with (the scenario's `protection`).
    protection: ProtectionClass
    #: Classes an earlier version of this app stored the item under.
    earlier_protections: tuple[ProtectionClass, ...] = ()
    allow_insecure_protection: StrictBool = False
    #: Seeds the app's own randomness (retry jitter): replays are byte-identical.
    seed: Annotated[StrictInt, Field(ge=0, le=2**64 - 1)] = 0
    #: iOS only: where an earlier version kept the item (null on other platforms).
    item: KeychainItem | None = None
    #: iOS only: the `kSecAttrAccessControl` the app writes its item with (null: none).
    access_control: AccessControlName | None = None
    #: Which version of the app this process is (1, then one more per app update).
    app_version: Annotated[StrictInt, Field(ge=1, le=2**31)] = 1
    #: Which process of the app this is: the app's own, or an extension sharing its keychain
    #: item (an extension's refresh lease expires; the app's ends with the process).
    role: Literal["app", "extension"] = "app"


class Hello(_Line):
    """Start — or, to a process whose `ready` said `reset: true`, become a fresh process."""

    hello: HelloBody


class _Callback(_Line):
    n: Count


class LaunchCallback(_Callback):
    callback: Literal["launch"]
    mode: Literal["foreground", "background", "prewarm"]


class ForegroundCallback(_Callback):
    callback: Literal["foreground"]


class RequestWorkCallback(_Callback):
    callback: Literal["request_work"]
    label: Label


class LoginCallback(_Callback):
    callback: Literal["login"]
    user: Annotated[str, Field(min_length=1, max_length=MAX_ACCOUNT_CHARS)]
    password: Secret


class LogoutCallback(_Callback):
    """The user signs out. `scope` (sent only to an app whose `ready` said `revocation: true`;
    absent means `local`): this session, every session of the user, or every other one."""

    callback: Literal["logout"]
    scope: Literal["local", "global", "others"] | None = None


class DidBecomeAvailableCallback(_Callback):
    callback: Literal["protected_data_did_become_available"]


class WillBecomeUnavailableCallback(_Callback):
    callback: Literal["protected_data_will_become_unavailable"]


class TickCallback(_Callback):
    """Fire the timers that are due (the app's run loop got CPU)."""

    callback: Literal["tick"]


class RevocationHintCallback(_Callback):
    """A silent push from the app's backend: the session may have been revoked (sent only to an
    app whose `ready` said `revocation: true`)."""

    callback: Literal["revocation_hint"]


class SharedStoreChangedCallback(_Callback):
    """Another process of the app stored credentials or gave the refresh lease back (sent only
    to an app whose `ready` said `lease: true`)."""

    callback: Literal["shared_store_changed"]


Callback = Annotated[
    LaunchCallback
    | ForegroundCallback
    | RequestWorkCallback
    | LoginCallback
    | LogoutCallback
    | DidBecomeAvailableCallback
    | WillBecomeUnavailableCallback
    | TickCallback
    | SharedStoreChangedCallback
    | RevocationHintCallback,
    Field(discriminator="callback"),
]


class Attributes(_Line):
    """A SecItem attribute dictionary (query or attributes), with the world's iOS simulator's
    keys. A key left out is not named (a match query names only what it filters on); the
    return and limit keys of `SecItemCopyMatching` are implied (one item, attributes and data)."""

    class_: str | None = Field(default=None, alias="class")
    service: str | None = None
    account: str | None = None
    access_group: str | None = None
    synchronizable: StrictBool | Literal["any"] | None = None
    accessible: str | None = None
    data: Base64 | None = None
    #: Set on add and update (never a match condition); returned by a copy.
    access_control: str | None = None


class _Answer(_Line):
    re: Count


class Raised(_Answer):
    """The adapter (or callback) threw: the app treats it exactly as an exception from it."""

    raised: Literal[True]


class StatusAnswer(_Answer):
    """`SecItemAdd`, `SecItemUpdate`, `SecItemDelete`: the OSStatus."""

    status: StrictInt


class CopyMatchingAnswer(_Answer):
    status: StrictInt
    attributes: Attributes | None


class FlagAnswer(_Answer):
    value: StrictBool


class TimeAnswer(_Answer):
    value: Seconds


class FoundAnswer(_Answer):
    result: Literal["found"]
    account: Account
    secret: Secret


class NotFoundAnswer(_Answer):
    result: Literal["not_found"]


class UnavailableAnswer(_Answer):
    result: Literal["unavailable"]


class FailedAnswer(_Answer):
    result: Literal["failed"]


class SecretLostAnswer(_Answer):
    result: Literal["secret_lost"]
    cause: SecretLossCause


class StoredAnswer(_Answer):
    result: Literal["stored"]


class DeletedAnswer(_Answer):
    result: Literal["deleted"]


ReadAnswer = Annotated[
    FoundAnswer | NotFoundAnswer | UnavailableAnswer | FailedAnswer | SecretLostAnswer,
    Field(discriminator="result"),
]
StoreAnswer = Annotated[
    StoredAnswer | UnavailableAnswer | FailedAnswer, Field(discriminator="result")
]
DeleteAnswer = Annotated[
    DeletedAnswer | UnavailableAnswer | FailedAnswer, Field(discriminator="result")
]


class AcceptedAnswer(_Answer):
    result: Literal["accepted"]
    token: Secret
    expires_in: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    refresh_token: Secret | None = None
    #: The expiry as the server stated it, on the server's clock (informational).
    expires_at: Annotated[float, Field(allow_inf_nan=False)] | None = None


Detail = Annotated[str, Field(max_length=MAX_LABEL_CHARS)]


class RejectedAnswer(_Answer):
    result: Literal["rejected"]
    detail: Detail = ""


class TransientAnswer(_Answer):
    result: Literal["transient"]
    detail: Detail = ""
    #: The server asked for this many seconds before the next request (`Retry-After`).
    retry_after: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None


AuthAnswer = Annotated[
    AcceptedAnswer | RejectedAnswer | TransientAnswer, Field(discriminator="result")
]


class OutboxEntry(_Line):
    """One token owed a revocation, as the outbox holds it."""

    account: Account
    token: Secret
    scope: Literal["local", "global"] = "local"


class PendingAnswer(_Answer):
    """The revocation outbox's entries, oldest first (empty: nothing owed)."""

    result: Literal["pending"]
    entries: Annotated[tuple[OutboxEntry, ...], Field(max_length=100)] = ()


OutboxReadAnswer = Annotated[
    PendingAnswer | UnavailableAnswer | FailedAnswer, Field(discriminator="result")
]


class RevokedAnswer(_Answer):
    result: Literal["revoked"]


class RefusedAnswer(_Answer):
    """The revocation endpoint refused the request for good."""

    result: Literal["refused"]
    detail: Detail = ""


RevokeAnswer = Annotated[
    RevokedAnswer | RefusedAnswer | TransientAnswer, Field(discriminator="result")
]


class StorageValueAnswer(_Answer):
    """The stored value, or null when absent *or unreadable* (iOS prewarm, Android CE before
    the first unlock): the app cannot tell which, which is the trap."""

    value: JsonValue


class WrittenAnswer(_Answer):
    written: StrictBool


class SnapshotAnswer(_Answer):
    data: Base64 | None


class DoneAnswer(_Answer):
    """A call that returns nothing (a snapshot saved, the user told)."""

    ok: Literal[True] = True


class WorkAnswer(_Answer):
    """The work ran (`done`), or the resource server refused its access token with 401
    (`unauthorized`: a failure of this unit of work, never of the stored credentials)."""

    result: Literal["done", "unauthorized"]


# App → world --------------------------------------------------------------------------------


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


# Reading lines ------------------------------------------------------------------------------

_KINDS: Final = ("ready", "call", "step", "done")
AppLine: TypeAlias = Ready | AppCall | StepReport | Done
WorldLine: TypeAlias = Hello | _Callback | _Answer


class ProtocolError(AuthSessionError, ValueError):
    """One line broke the protocol: `field: problem` (never a quote of the line)."""


def _object(raw: bytes, who: str) -> dict[str, Any]:
    try:
        text = decode_utf8(raw.rstrip(b"\n"), who, line=None)
        value = parse_json(text, who, first_line=None)
    except MalformedInputError as err:
        raise ProtocolError(err.message.replace(f"{FILE_FIELD}: ", "(line): ", 1)) from None
    if not isinstance(value, dict):
        raise ProtocolError("(line): not a JSON object")
    return value


def _validate(model: Any, data: object, prefix: str = "") -> Any:
    try:
        return _adapter(model).validate_python(data)
    except ValidationError as err:
        raise ProtocolError(prefix + describe_validation_error(err, known=_names())) from None


@functools.cache
def _adapter(model: Any) -> TypeAdapter[Any]:
    return TypeAdapter(model)


@functools.cache
def _names() -> frozenset[str]:
    return schema_names(json_schema())


def read_app_line(raw: bytes) -> AppLine:
    """One line from the app: which message it is by its key (`ready`, `call`, `step`, `done`),
    then that message's model; an adapter call by its `adapter` and `op`."""
    data = _object(raw, "app")
    kinds = [k for k in _KINDS if k in data]
    if len(kinds) != 1:
        raise ProtocolError(
            "(line): expected exactly one of " + ", ".join(f"'{k}'" for k in _KINDS)
        )
    kind = kinds[0]
    if kind == "ready":
        return _validate(Ready, data)  # type: ignore[no-any-return]
    if kind == "step":
        return _validate(StepReport, data)  # type: ignore[no-any-return]
    if kind == "done":
        return _validate(Done, data)  # type: ignore[no-any-return]
    adapter, op = data.get("adapter"), data.get("op")
    if not isinstance(adapter, str):
        raise ProtocolError("adapter: missing" if adapter is None else "adapter: not a string")
    if not isinstance(op, str):
        raise ProtocolError("op: missing" if op is None else "op: not a string")
    entry = CALLS.get(f"{adapter}.{op}")
    if entry is None:
        adapters = {name.partition(".")[0] for name in CALLS}
        if adapter not in adapters:
            raise ProtocolError("adapter: unknown value" + _close(adapter, adapters))
        ops = [name.partition(".")[2] for name in CALLS if name.startswith(adapter + ".")]
        raise ProtocolError("op: unknown value" + _close(op, ops))
    return _validate(entry[0], data)  # type: ignore[no-any-return]


def _close(given: str, known: Any) -> str:
    return did_you_mean(given, sorted(known))


def read_hello(raw: bytes) -> Hello:
    return _validate(Hello, _object(raw, "world"))  # type: ignore[no-any-return]


def read_callback(raw: bytes) -> _Callback | Hello:
    """A callback, or a `hello` (become a fresh process)."""
    data = _object(raw, "world")
    if "hello" in data:
        return read_hello(raw)
    return _validate(Callback, data)  # type: ignore[no-any-return]


def answer_model(call: AppCall) -> Any:
    """The model of the answer to `call` (besides `Raised`)."""
    return CALLS[f"{call.adapter}.{call.op}"][1]


def read_answer(raw: bytes, call: AppCall) -> Any:
    """The world's answer to `call` (the app's side): `Raised`, the call's answer model, or a
    `Hello` (to an app that said `reset_in_call`: it was killed, it starts again)."""
    data = _object(raw, "world")
    if "hello" in data:
        return _validate(Hello, data)
    if "raised" in data:
        return _validate(Raised, data)
    return _validate(answer_model(call), data)


# Writing lines ------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """`value` as JSON data with secrets revealed; an `Attributes` object loses the keys it does
    not name (a SecItem dictionary has no nulls)."""
    if isinstance(value, BaseModel):
        out: dict[str, Any] = {}
        for name, info in type(value).model_fields.items():
            item = getattr(value, name)
            # A SecItem dictionary has no nulls; a callback's optional field left out is what
            # an app written before it existed expects.
            if item is None and isinstance(value, Attributes | _Callback | PerformWorkCall):
                continue
            out[info.alias or name] = _plain(item)
        return out
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, SecretBytes):
        return _reveal_base64(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def secrets_of(value: Any) -> set[str]:
    """Every secret `value` carries, as the text a process that was sent it could print: a
    `SecretStr`'s value; item data in base64, decoded, and the `secret` of the reference payload
    (`{"account", "secret"}`) inside it."""
    found: set[str] = set()
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            found |= secrets_of(getattr(value, name))
    elif isinstance(value, SecretStr):
        found.add(value.get_secret_value())
    elif isinstance(value, SecretBytes):
        raw = value.get_secret_value()
        found |= {_reveal_base64(value), raw.decode("utf-8", errors="replace")}
        try:
            inner = json.loads(raw)
        except ValueError:
            inner = None
        if isinstance(inner, dict) and isinstance(inner.get("secret"), str):
            found.add(inner["secret"])
    elif isinstance(value, list | tuple):
        for item in value:
            found |= secrets_of(item)
    return {s for s in found if s}


def wire(line: BaseModel) -> bytes:
    """One line to send: compact JSON, secrets revealed, newline-terminated."""
    return (json.dumps(_plain(line), separators=(",", ":")) + "\n").encode("utf-8")


# The schema ---------------------------------------------------------------------------------


@functools.cache
def json_schema() -> dict[str, Any]:
    """One JSON Schema document: `$defs` holds every message; `world_to_app` and `app_to_world`
    list which lines travel which way."""
    world: Any = Hello | Callback | Raised | _answer_union()
    app: Any = Ready | AppCall | StepReport | Done
    world_schema = TypeAdapter(world).json_schema(ref_template="#/$defs/{model}")
    app_schema = TypeAdapter(app).json_schema(ref_template="#/$defs/{model}")
    defs = {**world_schema.pop("$defs", {}), **app_schema.pop("$defs", {})}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://authsession.invalid/schemas/app-protocol-1.json",
        "title": APP_SCHEMA,
        "description": "One JSON object per line: world_to_app on the app's stdin, "
        "app_to_world on its stdout. See docs/app-protocol.md.",
        "properties": {"world_to_app": world_schema, "app_to_world": app_schema},
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """`json_schema()` as the file `docs/app-protocol.schema.json` holds it."""
    return json.dumps(json_schema(), indent=2) + "\n"


def _answer_union() -> Any:
    answers: list[Any] = []
    for _, answer in CALLS.values():
        if answer not in answers:
            answers.append(answer)
    union: Any = answers[0]
    for answer in answers[1:]:
        union = union | answer
    return union
