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
The lines themselves live in `authsession.app.line_base` (limits, field types),
`authsession.app.world_lines` and `authsession.app.app_lines`; every name of theirs is reached
from here (`from authsession.app import protocol as p`: `p.Hello`, `p.CALLS`).
Must not import the world, the runtime or the CLI.
"""

from __future__ import annotations

import functools
import json
from enum import Enum
from typing import Any, Final, TypeAlias

from pydantic import (
    BaseModel,
    SecretBytes,
    SecretStr,
    TypeAdapter,
    ValidationError,
)

# Every line model is reached as `protocol.<name>`: the three modules' own `__all__` say which.
from authsession.app.app_lines import *  # noqa: F403
from authsession.app.app_lines import (
    CALLS,
    AppCall,
    Done,
    PerformWorkCall,
    Ready,
    StepReport,
)
from authsession.app.line_base import *  # noqa: F403
from authsession.app.line_base import (
    APP_SCHEMA,
    _reveal_base64,
)
from authsession.app.world_lines import *  # noqa: F403
from authsession.app.world_lines import (
    Attributes,
    Callback,
    Hello,
    Raised,
    _Answer,
    _Callback,
)
from authsession.errors import (
    AuthSessionError,
    MalformedInputError,
    describe_validation_error,
    did_you_mean,
    schema_names,
)
from authsession.inputs import FILE_FIELD, decode_utf8, parse_json

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
