"""What the spec's code generators share: the spec as data and its fields read once.

Owns: `SpecData` (everything a generated core is made from; `current()` reads the package's
spec, tests pass changed copies), the reading of an event's or command's pydantic fields into
language-neutral `FieldSpec`s (booleans, strict or lax; strings; `StrEnum`s and `Literal`s as
closed sets of strings; `X | None`; defaults), which field a step reports as `detail`, the
`Analysis` of a spec (tags, fields, guard fields, value types) and its consistency checks —
everything `swift_export` and `kotlin_export` would otherwise each restate. What a generator
cannot translate is an `ExportError` naming it in one line, never wrong code; each language
raises its own subclass. Names and layout are each generator's own.
Pure: returns data. Must not import the core, adapters or runtime.
"""

from __future__ import annotations

import enum
import re
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from pydantic import BaseModel, Strict
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from authsession.errors import AuthSessionError
from authsession.spec.commands import COMMAND_CLASSES
from authsession.spec.events import EVENT_CLASSES
from authsession.spec.interpreter import EVENT_GUARD_FIELDS, ignore_rules
from authsession.spec.states import (
    INITIAL_STATE,
    STATE_DESCRIPTIONS,
    USER_PRESENT,
    State,
    UserPresence,
)
from authsession.spec.table import (
    AVAILABILITY_FIELD,
    CONTEXT_FLAGS,
    ENTRY_CLEARS,
    EVENT_EFFECTS,
    EVENTS_CARRYING_AVAILABILITY,
    TABLE,
    Rule,
)

DISCRIMINATOR: Final = "type"
#: Bits of the word a compiled guard is matched against: the flags, then the event fields.
GUARD_BITS: Final = 64


class ExportError(AuthSessionError, ValueError):
    """The spec holds something a generated core cannot express; `str()` is one line."""


@dataclass(frozen=True)
class SpecData:
    """Everything a generated core is made from (`current()` reads the package's spec; tests
    pass changed copies to prove a generator follows the data)."""

    states: tuple[enum.Enum, ...]
    initial_state: enum.Enum
    user_present: Mapping[Any, str]
    presence_values: tuple[str, ...]
    state_descriptions: Mapping[Any, str]
    flags: Mapping[str, str]
    events: tuple[type[BaseModel], ...]
    #: Per event type, the boolean fields of the event a guard may name (an event not listed has
    #: none); a guard literal names one of its event's fields, else a context flag.
    guard_fields: Mapping[str, tuple[str, ...]]
    commands: tuple[type[BaseModel], ...]
    rows: tuple[Rule, ...]
    ignored: tuple[Rule, ...]
    effects: Mapping[str, tuple[tuple[str, bool], ...]]
    entry_clears: Mapping[Any, tuple[str, ...]]
    carrying_availability: frozenset[str]
    availability_field: str

    @classmethod
    def current(cls) -> SpecData:
        return cls(
            states=tuple(State),
            initial_state=INITIAL_STATE,
            user_present=USER_PRESENT,
            presence_values=typing.get_args(UserPresence),
            state_descriptions=STATE_DESCRIPTIONS,
            flags=CONTEXT_FLAGS,
            events=EVENT_CLASSES,
            guard_fields=EVENT_GUARD_FIELDS,
            commands=COMMAND_CLASSES,
            rows=TABLE,
            ignored=ignore_rules(TABLE),
            effects=EVENT_EFFECTS,
            entry_clears=ENTRY_CLEARS,
            carrying_availability=EVENTS_CARRYING_AVAILABILITY,
            availability_field=AVAILABILITY_FIELD,
        )


def words(wire: str, language: str, error: type[ExportError]) -> list[str]:
    """The words of a wire name (`logged_in` → `logged`, `in`), for a generator's casing."""
    found = [w for w in re.split(r"[^0-9A-Za-z]+", wire) if w]
    if not found:
        raise error(f"{wire!r}: no letters or digits to name it by in {language}")
    return found


def unique(
    kind: str,
    names: Iterable[tuple[str, str]],
    reserved: frozenset[str],
    language: str,
    error: type[ExportError],
) -> None:
    """No two wire names may take one generated name, nor a reserved one."""
    seen: dict[str, str] = {}
    for wire, name in names:
        bare = name.strip("`")
        if bare in reserved:
            raise error(f"{kind} {wire!r}: its {language} name {bare!r} is taken")
        if bare in seen:
            raise error(f"{kind} {wire!r}: same {language} name {bare!r} as {seen[bare]!r}")
        seen[bare] = wire


# Fields ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueEnum:
    """A closed set of strings a field takes (a `StrEnum` or a `Literal`)."""

    name: str
    values: tuple[str, ...]
    doc: str | None
    from_enum: bool  # a StrEnum (its value is what a step reports as `detail`)


@dataclass(frozen=True)
class FieldSpec:
    """One field of an event or command, as any wire codec needs it."""

    wire: str
    kind: Literal["bool", "str", "enum"]
    strict: bool
    optional: bool
    required: bool
    #: The default's raw value (None, a bool or a string) when the field is not required.
    default: object
    value_enum: ValueEnum | None


def tag(model: type[BaseModel], error: type[ExportError] = ExportError) -> str:
    field = model.model_fields.get(DISCRIMINATOR)
    if field is None or not isinstance(field.default, str):
        raise error(f"{model.__name__}: no {DISCRIMINATOR!r} discriminator default")
    return field.default


def _unwrap(annotation: Any, error: type[ExportError]) -> tuple[Any, bool, bool]:
    """(base type, optional?, strict?) of e.g. `Annotated[bool, Strict()] | None`."""
    optional = False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1 or len(typing.get_args(annotation)) != 2:
            raise error(f"union {annotation!r}: only `X | None` is supported")
        annotation, optional = args[0], True
    strict = False
    if typing.get_origin(annotation) is typing.Annotated:
        annotation, *metadata = typing.get_args(annotation)
        strict = any(isinstance(m, Strict) and m.strict for m in metadata)
    return annotation, optional, strict


def _field(
    model: type[BaseModel],
    wire: str,
    info: FieldInfo,
    language: str,
    error: type[ExportError],
    literal_name: str,
) -> FieldSpec:
    where = f"{model.__name__}.{wire}"
    if info.alias is not None or info.default_factory is not None:
        raise error(f"{where}: aliases and default factories are not supported")
    base, optional, strict = _unwrap(info.annotation, error)
    strict = strict or any(isinstance(m, Strict) and m.strict for m in info.metadata)
    strict = strict or bool(model.model_config.get("strict"))
    value_enum: ValueEnum | None = None
    kind: Literal["bool", "str", "enum"]
    if base is bool:
        kind = "bool"
    elif base is str:
        kind = "str"
    elif isinstance(base, type) and issubclass(base, enum.Enum):
        values = tuple(member.value for member in base)
        if not all(isinstance(v, str) for v in values):
            raise error(f"{where}: only string enums are supported")
        value_enum, kind = ValueEnum(base.__name__, values, base.__doc__, from_enum=True), "enum"
    elif typing.get_origin(base) is typing.Literal:
        values = typing.get_args(base)
        if not all(isinstance(v, str) for v in values):
            raise error(f"{where}: only string literals are supported")
        value_enum, kind = ValueEnum(literal_name, values, None, from_enum=False), "enum"
    else:
        raise error(f"{where}: type {base!r} has no {language} wire codec")
    default: object = None
    if not info.is_required():
        default = info.default
        if default is PydanticUndefined:
            raise error(f"{where}: no default")
        if isinstance(default, enum.Enum):
            default = default.value
        if default is not None and not isinstance(default, bool | str):
            raise error(f"{where}: default {info.default!r} has no {language} literal")
    return FieldSpec(wire, kind, strict, optional, info.is_required(), default, value_enum)


def model_fields(
    model: type[BaseModel],
    language: str = "",
    error: type[ExportError] = ExportError,
    literal_name: typing.Callable[[str], str] = lambda wire: wire,
) -> list[FieldSpec]:
    """The fields of an event or command model but its discriminator, in order;
    `literal_name(wire)` names the value type of a `Literal` field."""
    tag(model, error)
    return [
        _field(model, wire, info, language, error, literal_name(wire))
        for wire, info in model.model_fields.items()
        if wire != DISCRIMINATOR
    ]


def detail_index(
    model: type[BaseModel], fields: list[FieldSpec], error: type[ExportError] = ExportError
) -> int | None:
    """Which field's value a step reports as `detail`: the reference reports a lost secret's
    cause, i.e. the event's one `StrEnum` field (tests check this against the Python core)."""
    found = [i for i, f in enumerate(fields) if f.value_enum and f.value_enum.from_enum]
    if len(found) > 1:
        raise error(f"{model.__name__}: more than one enum field to report as detail")
    return found[0] if found else None


def detail_field(model: type[BaseModel]) -> str | None:
    """The field of `model` whose value a generated core reports as a step's `detail`."""
    fields = model_fields(model)
    index = detail_index(model, fields)
    return None if index is None else fields[index].wire


# The analysis ----------------------------------------------------------------------------------


class Analysis:
    """A spec read for generation: the event and command tags with their fields, each event's
    guard fields, every guard field once (in the order the events first name them: their bits
    follow the context flags'), and every value type once. `check()` refuses what no generated
    core can mean (a guard naming neither a flag nor a field of its event, a row naming an
    unknown state …), in the order the messages are documented."""

    def __init__(
        self,
        spec: SpecData,
        language: str,
        error: type[ExportError],
        literal_name: typing.Callable[[type[BaseModel], str], str],
    ) -> None:
        self.spec, self.language, self.error = spec, language, error
        self.event_tags = [tag(e, error) for e in spec.events]

        def read(model: type[BaseModel]) -> list[FieldSpec]:
            return model_fields(model, language, error, lambda wire: literal_name(model, wire))

        self.event_fields = {tag(e, error): read(e) for e in spec.events}
        self.command_fields = {tag(c, error): read(c) for c in spec.commands}
        self.guard_fields = {t: tuple(spec.guard_fields.get(t, ())) for t in self.event_tags}
        self.field_wires = list(dict.fromkeys(f for fs in self.guard_fields.values() for f in fs))
        self.value_enums: dict[str, ValueEnum] = {}
        for fields in (*self.event_fields.values(), *self.command_fields.values()):
            for field in fields:
                if field.value_enum is not None:
                    known = self.value_enums.setdefault(field.value_enum.name, field.value_enum)
                    if known != field.value_enum:
                        raise error(f"two value types named {known.name!r}")

    def details(self) -> dict[str, int]:
        """Per event tag with one, the index of the field a step reports as `detail`."""
        found = {}
        for model, event in zip(self.spec.events, self.event_tags, strict=True):
            index = detail_index(model, self.event_fields[event], self.error)
            if index is not None:
                found[event] = index
        return found

    def check(self) -> None:
        spec, error = self.spec, self.error
        if len(spec.flags) + len(self.field_wires) > GUARD_BITS:
            raise error(f"more than {GUARD_BITS} context flags and event guard fields")
        for event in spec.guard_fields:
            if event not in self.event_fields:
                raise error(f"guard fields of {event!r}: unknown event")
        for event, names in self.guard_fields.items():
            fields = {f.wire: f for f in self.event_fields[event]}
            for name in names:
                if name not in fields or fields[name].kind != "bool":
                    raise error(f"{event}: guard field {name!r} is no boolean field")
        if spec.availability_field not in spec.flags:
            raise error(f"availability field {spec.availability_field!r} is no flag")
        for event in sorted(spec.carrying_availability):
            field = {f.wire: f for f in self.event_fields.get(event, [])}.get(
                spec.availability_field
            )
            if field is None or field.kind != "bool":
                raise error(
                    f"{event}: carries availability but has no boolean {spec.availability_field!r}"
                )
        states = {s.value for s in spec.states}
        for state in spec.states:
            if spec.user_present.get(state) not in spec.presence_values:
                raise error(f"state {state.value!r}: no user presence")
        for rule in (*spec.rows, *spec.ignored):
            where = f"row {rule.source.value}.{rule.event}"
            if rule.event not in self.event_fields:
                raise error(f"{where}: unknown event")
            for named in (rule.source, rule.dest):
                if named is not None and named.value not in states:
                    raise error(f"{where}: unknown state {named.value!r}")
            for literal in rule.when:
                if literal.lstrip("!") not in (*self.guard_fields[rule.event], *spec.flags):
                    raise error(f"{where}: unknown guard {literal!r}")
            for flag, _ in rule.sets:
                if flag not in spec.flags:
                    raise error(f"{where}: unknown flag {flag!r}")
            for command in rule.commands:
                if tag(type(command), error) not in self.command_fields:
                    raise error(f"{where}: unknown command {tag(type(command), error)!r}")
        for event, effects in spec.effects.items():
            if event not in self.event_fields or any(f not in spec.flags for f, _ in effects):
                raise error(f"event effects of {event!r}: unknown event or flag")
        for state, flags in spec.entry_clears.items():
            if state.value not in states or any(f not in spec.flags for f in flags):
                raise error(f"entry clears of {state.value!r}: unknown state or flag")

    def field_guard(self, event: str, literal: str) -> tuple[str, bool, bool]:
        """A row's guard literal for `event`: (name, is it the event's field?, value). The
        event's field shadows a context flag of the same name, as the interpreter reads it."""
        name = literal.lstrip("!")
        return name, name in self.guard_fields[event], not literal.startswith("!")
