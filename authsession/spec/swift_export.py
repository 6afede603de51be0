"""Renders the spec as Swift source: the data half of the Swift package's core.

Owns: the translation of the spec's Python objects — states with their user presence, context
flags, the event and command models with their pydantic fields (booleans, strings, string enums,
`Literal`s, optionals, defaults), the boolean event fields a guard may name, the table's rows and
ignore rows, event effects, entry clears and the events that carry protected-data availability —
into one Swift file of enums and array literals, in a layout `swift format lint --strict` accepts
(`swift/Sources/AuthSessionCore/Spec.generated.swift`). The hand-written interpreter and wire
codec beside it in the Swift package give it meaning, so nothing here knows any particular row: a
changed spec needs only a regeneration. What this module cannot translate (a field type
the codec lacks, a guard naming neither a flag nor a field of its event) is a `SwiftExportError`
naming it, never wrong Swift.
Pure: returns text. Must not import the core, adapters or runtime.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from pydantic import BaseModel

from authsession.spec import host as rules
from authsession.spec.codegen import (
    DISCRIMINATOR,
    Analysis,
    ExportError,
    FieldSpec,
    SpecData,
    ValueEnum,
    detail_field,
    model_fields,
    unique,
    words,
)
from authsession.spec.codegen import (
    tag as _model_tag,
)
from authsession.spec.table import Rule

__all__ = [
    "SWIFT_CORE_PATH",
    "SwiftExportError",
    "SwiftSpec",
    "detail_field",
    "lower_camel",
    "to_swift",
    "upper_camel",
]

#: Where the generated file lives, relative to the repository root.
SWIFT_CORE_PATH: Final = "swift/Sources/AuthSessionCore/Spec.generated.swift"
_DISCRIMINATOR: Final = DISCRIMINATOR
_WIDTH: Final = 100
#: Type names the package already declares (generated or hand-written): no field type may take one.
_SWIFT_TYPES: Final = frozenset((
    "State", "Flag", "EventField", "EventType", "MachineEvent", "Command", "Spec", "UserPresence",
    "Row", "NameValue", "FlagValue", "GuardName", "GuardLiteral", "Context", "Step", "Table",
    "SessionCore", "JSONValue", "JSONObject",
))  # fmt: skip
#: The spec as data (shared with the other generators: `authsession.spec.codegen`).
SwiftSpec = SpecData
_ValueEnum = ValueEnum


class SwiftExportError(ExportError):
    """The spec holds something the Swift core cannot express; `str()` is one line."""


# Swift names -----------------------------------------------------------------------------------

_KEYWORDS: Final = frozenset((
    "associatedtype", "borrowing", "class", "consuming", "deinit", "enum", "extension",
    "fileprivate", "func", "import", "init", "inout", "internal", "let", "nonisolated", "open",
    "operator", "private", "precedencegroup", "protocol", "public", "rethrows", "static",
    "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default",
    "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw",
    "switch", "where", "while", "Any", "as", "await", "false", "is", "nil", "self", "Self",
    "super", "throws", "true", "try",
))  # fmt: skip


def _words(wire: str) -> list[str]:
    return words(wire, "Swift", SwiftExportError)


def lower_camel(wire: str) -> str:
    """`logged_in` → `loggedIn` (a keyword is backticked, a leading digit gets `_`)."""
    first, *rest = _words(wire)
    name = first[:1].lower() + first[1:] + "".join(w[:1].upper() + w[1:] for w in rest)
    if name[0].isdigit():
        return "_" + name
    return f"`{name}`" if name in _KEYWORDS else name


def upper_camel(wire: str) -> str:
    name = "".join(w[:1].upper() + w[1:] for w in _words(wire))
    return "_" + name if name[0].isdigit() else name


def _string(text: str) -> str:
    """A Swift string literal."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif " " <= char <= "~":
            out.append(char)
        else:
            out.append(f"\\u{{{ord(char):x}}}")
    return '"' + "".join(out) + '"'


def _doc(text: str | None, indent: str) -> list[str]:
    words = " ".join((text or "").split())
    if not words:
        return []
    width = _WIDTH - len(indent) - 4
    return [f"{indent}/// {line}" for line in textwrap.wrap(words, width, break_on_hyphens=False)]


def _wrapped(indent: str, opening: str, items: list[str], closing: str) -> list[str]:
    """`opening` + the items + `closing` on one line if it fits, else a break after `opening` and
    one item per line (a layout swift-format keeps, as the package's `.swift-format` respects
    existing line breaks). A collection literal (`opening` ends in `[`) gets a trailing comma and
    its closing bracket on a line of its own, as swift-format wants; a call's `)` follows its last
    argument."""
    one_line = f"{indent}{opening}{', '.join(items)}{closing}"
    if len(one_line) <= _WIDTH or not items:
        return [one_line]
    inner = indent + "    "
    if opening.endswith("["):
        return [f"{indent}{opening}", *(f"{inner}{i}," for i in items), indent + closing]
    return [f"{indent}{opening}", *(f"{inner}{i}," for i in items[:-1]),
            f"{inner}{items[-1]}{closing}"]  # fmt: skip


def _unique(kind: str, names: Iterable[tuple[str, str]], reserved: frozenset[str]) -> None:
    unique(kind, names, reserved, "Swift", SwiftExportError)


# Fields ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    wire: str
    label: str
    swift_type: str
    strict: bool
    default: str | None  # a Swift expression, or None when the field is required
    value_enum: _ValueEnum | None
    optional: bool


def _tag(model: type[BaseModel]) -> str:
    return _model_tag(model, SwiftExportError)


def _swift_field(field: FieldSpec) -> _Field:
    if field.value_enum is not None:
        swift_type = field.value_enum.name
    else:
        swift_type = "Bool" if field.kind == "bool" else "String"
    default = None
    if not field.required:
        default = _default(field.default, field.value_enum)
    if field.optional:
        swift_type += "?"
    return _Field(field.wire, lower_camel(field.wire), swift_type, field.strict, default,
                  field.value_enum, field.optional)  # fmt: skip


def _default(value: object, value_enum: _ValueEnum | None) -> str:
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value_enum is not None and value in value_enum.values:
        return "." + lower_camel(str(value))
    return _string(str(value))


def _literal_name(model: type[BaseModel], wire: str) -> str:
    return model.__name__ + upper_camel(wire)


def _fields(model: type[BaseModel]) -> list[_Field]:
    specs = model_fields(model, "Swift", SwiftExportError, lambda w: _literal_name(model, w))
    fields = [_swift_field(f) for f in specs]
    _unique(f"{model.__name__} field", ((f.wire, f.label) for f in fields), frozenset())
    return fields


def _detail_field(model: type[BaseModel], fields: list[_Field]) -> int | None:
    found = [i for i, f in enumerate(fields) if f.value_enum and f.value_enum.from_enum]
    if len(found) > 1:
        raise SwiftExportError(f"{model.__name__}: more than one enum field to report as detail")
    return found[0] if found else None


# Rendering -------------------------------------------------------------------------------------


class _Renderer:
    def __init__(self, spec: SwiftSpec) -> None:
        self.spec = spec
        self.lines: list[str] = []
        analysis = Analysis(spec, "Swift", SwiftExportError, _literal_name)
        self.analysis = analysis
        self.state_names = {s.value: lower_camel(s.value) for s in spec.states}
        self.flag_names = {f: lower_camel(f) for f in spec.flags}
        self.event_tags = analysis.event_tags
        self.event_names = {t: lower_camel(t) for t in self.event_tags}
        self.event_fields = {t: _fields(e) for t, e in zip(self.event_tags, spec.events,
                                                            strict=True)}  # fmt: skip
        self.command_fields = {_tag(c): _fields(c) for c in spec.commands}
        self.guard_fields = analysis.guard_fields
        #: Every field a guard may name, each once, in the order the events first name them: the
        #: cases of `EventField`, whose bits follow the context flags'.
        self.field_names = {f: lower_camel(f) for f in analysis.field_wires}
        self.value_enums = analysis.value_enums
        self._check()

    # Consistency: anything the Swift side would have to guess is an error here.

    def _check(self) -> None:
        reserved = frozenset({"ordinal", "allCases", "rawValue", "wire", "userPresent"})
        _unique("state", self.state_names.items(), reserved)
        _unique("flag", self.flag_names.items(), reserved)
        _unique("event field", self.field_names.items(), reserved)
        members = {"type", "carriedAvailability", "detail", "guardFields", "guardBits"}
        _unique("event", self.event_names.items(), reserved | members)
        _unique("command", ((t, lower_camel(t)) for t in self.command_fields), reserved)
        for value_enum in self.value_enums.values():
            _unique(value_enum.name, ((v, lower_camel(v)) for v in value_enum.values), reserved)
        _unique("type", ((n, n) for n in self.value_enums), _SWIFT_TYPES)
        self.analysis.check()

    # Output helpers

    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)

    def name_enum(
        self, swift: str, doc: str, conformances: str, cases: list[tuple[str, str, str | None]]
    ) -> None:
        """An enum of wire names, (wire, Swift case, doc) per case; spec names get `ordinal`."""
        self.emit(*_doc(doc, ""), f"public enum {swift}: {conformances} {{")
        for wire, case, case_doc in cases:
            self.emit(*_doc(case_doc, "    "), f"    case {case} = {_string(wire)}")
        if "SpecName" in conformances:
            self.emit("", "    public var ordinal: Int {", "        switch self {")
            self.emit(*(f"        case .{c}: {i}" for i, (_, c, _) in enumerate(cases)))
            self.emit("        }", "    }")
        self.emit("}", "")

    def state(self, state: Any) -> str:
        return "." + self.state_names[state.value]

    def flag_value(self, flag: str, value: bool) -> str:
        return f".{'on' if value else 'off'}(.{self.flag_names[flag]})"

    def guard_literal(self, event: str, literal: str) -> str:
        """`name` / `!name` of a row for `event`: its field when the event has one by that name
        (as the interpreter reads it), else the context flag."""
        name = literal.lstrip("!")
        if name not in self.guard_fields[event]:
            return self.flag_value(name, not literal.startswith("!"))
        return f".{'off' if literal.startswith('!') else 'on'}(field: .{self.field_names[name]})"

    def command(self, command: BaseModel) -> str:
        tag = _tag(type(command))
        fields = self.command_fields[tag]
        if not fields:
            return "." + lower_camel(tag)
        dumped = command.model_dump(mode="json")
        args = ", ".join(f"{f.label.strip('`')}: {self.literal(f, dumped[f.wire])}" for f in fields)
        return f".{lower_camel(tag)}({args})"

    def literal(self, field: _Field, value: Any) -> str:
        if value is None:
            return "nil"
        if isinstance(value, bool):
            return "true" if value else "false"
        if field.value_enum is not None:
            return "." + lower_camel(value)
        return _string(value)

    # Sections

    def render(self) -> str:
        spec = self.spec
        self.emit(
            "// GENERATED from the Python spec (authsession/spec) by `authsession spec --format "
            "swift`.",
            "// Do not edit: `python -m authsession.docsync` regenerates it, and the test "
            "suite fails",
            "// when it drifts. The hand-written interpreter that gives it meaning is "
            "SessionCore.swift.",
            f"// {len(spec.states)} states, {len(spec.flags)} context flags, "
            f"{len(spec.events)} events, {len(self.field_names)} event guard fields, "
            f"{len(spec.commands)} commands,",
            f"// {len(spec.rows)} rows, {len(spec.ignored)} ignore rows.",
            "",
        )
        self.states()
        self.flags()
        self.guard_field_names()
        self.values()
        self.events()
        self.commands()
        self.data()
        self.host_rules()
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"

    def states(self) -> None:
        spec = self.spec
        self.emit("// MARK: - States", "")
        self.name_enum(
            "State",
            "Every state a session can be in (the names are a public contract).",
            "String, SpecName, WireEnum",
            [(s.value, self.state_names[s.value], spec.state_descriptions.get(s))
             for s in spec.states],
        )  # fmt: skip
        self.name_enum(
            "UserPresence",
            "What the app may show about the user in a state: `unknown` is never `no`.",
            "String, WireEnum",
            [(v, lower_camel(v), None) for v in spec.presence_values],
        )

    def flags(self) -> None:
        self.emit("// MARK: - Context flags", "")
        self.name_enum(
            "Flag",
            "The machine's only memory besides its state; every flag starts false.",
            "String, SpecName, WireEnum",
            [(f, self.flag_names[f], text) for f, text in self.spec.flags.items()],
        )

    def guard_field_names(self) -> None:
        self.emit("// MARK: - Event guard fields", "")
        doc = ("A boolean field of an event that a row's guard may name besides the context flags "
               "(`EventType.guardFields` says which event has which).")  # fmt: skip
        if self.field_names:
            self.name_enum("EventField", doc, "String, SpecName",
                           [(f, name, None) for f, name in self.field_names.items()])  # fmt: skip
            return
        # Swift gives no raw type to an enum without cases: spell out what the cases would give.
        self.emit(
            *_doc(doc + " No event has one.", ""),
            "public enum EventField: SpecName {",
            "    public init?(rawValue: String) { nil }",
            "    public var rawValue: String { switch self {} }",
            "    public var ordinal: Int { switch self {} }",
            "}",
            "",
        )

    def values(self) -> None:
        if not self.value_enums:
            return
        self.emit("// MARK: - Field value types", "")
        for value_enum in self.value_enums.values():
            self.name_enum(
                value_enum.name,
                value_enum.doc or "The values this field takes.",
                "String, WireEnum",
                [(v, lower_camel(v), None) for v in value_enum.values],
            )

    def events(self) -> None:
        spec = self.spec
        self.emit("// MARK: - Events", "")
        self.name_enum(
            "EventType",
            "The wire name of each machine event.",
            "String, SpecName, WireEnum",
            [(t, self.event_names[t], None) for t in self.event_tags],
        )
        self.emit(
            "extension EventType {",
            "    /// The event's boolean fields a guard may name besides the context flags.",
            "    public var guardFields: [EventField] {",
            "        switch self {",
        )
        for tag in self.event_tags:
            names = ", ".join("." + self.field_names[f] for f in self.guard_fields[tag])
            self.emit(f"        case .{self.event_names[tag]}: [{names}]")
        self.emit("        }", "    }", "}", "")
        self.emit(
            "/// Everything the core can be told. Events carry no secrets.",
            "public enum MachineEvent: Hashable, Sendable {",
        )
        for model, tag in zip(spec.events, self.event_tags, strict=True):
            self.emit(
                *_doc(model.__doc__, "    "),
                *self.payload_case(tag, self.event_fields[tag]),
            )
        self.emit("}", "", "extension MachineEvent {")
        self.emit("    public var type: EventType {", "        switch self {")
        self.emit(*(f"        case .{self.event_names[t]}: .{self.event_names[t]}"
                    for t in self.event_tags))  # fmt: skip
        self.emit("        }", "    }", "")
        self.carried_availability()
        self.guard_bits()
        self.detail()
        self.alphabet()
        self.decoder()
        self.encoder(self.event_fields)
        self.emit("}", "")

    @staticmethod
    def payload_case(tag: str, fields: list[_Field]) -> list[str]:
        name = lower_camel(tag)
        if not fields:
            return [f"    case {name}"]
        params = [f"{f.label}: {f.swift_type}" + (f" = {f.default}" if f.default else "")
                  for f in fields]  # fmt: skip
        return _wrapped("    ", f"case {name}(", params, ")")

    @staticmethod
    def bindings(fields: list[_Field], keep: Iterable[int] | None = None) -> str:
        kept = range(len(fields)) if keep is None else frozenset(keep)
        names = [f"let v{i}" if i in kept else "_" for i in range(len(fields))]
        return f"({', '.join(names)})" if fields else ""

    def field_accessor(self, doc: list[str], declaration: str, pick: dict[str, str]) -> None:
        """A computed property over every event: `pick[tag]` names the field it returns (a Swift
        suffix such as `.rawValue` may follow the name after a space); other events give nil."""
        self.emit(*doc, f"    public var {declaration} {{", "        switch self {")
        for tag in self.event_tags:
            fields = self.event_fields[tag]
            if tag not in pick:
                self.emit(f"        case .{self.event_names[tag]}: nil")
                continue
            wire, _, access = pick[tag].partition(" ")
            index = [f.wire for f in fields].index(wire)
            case = f".{self.event_names[tag]}{self.bindings(fields, (index,))}"
            self.emit(f"        case {case}: v{index}{access}")
        self.emit("        }", "    }", "")

    def carried_availability(self) -> None:
        field = self.spec.availability_field
        self.field_accessor(
            [f"    /// The event's `{field}`, for the events that copy it into the context",
             "    /// before the guards are evaluated; nil for the others."],
            "carriedAvailability: Bool?",
            {tag: field for tag in self.event_tags if tag in self.spec.carrying_availability},
        )  # fmt: skip

    def guard_bits(self) -> None:
        self.emit(
            "    /// The event's guard fields (`EventType.guardFields`) that are true, each as its",
            "    /// bit above the context flags: what a row's guard reads besides the context.",
            "    public var guardBits: UInt64 {",
            "        switch self {",
        )
        for tag in self.event_tags:
            fields = self.event_fields[tag]
            wires = [f.wire for f in fields]
            indexes = [wires.index(name) for name in self.guard_fields[tag]]
            case = f"        case .{self.event_names[tag]}"
            if not indexes:
                self.emit(f"{case}: 0")
                continue
            terms = [f"EventField.{self.field_names[fields[i].wire]}.bit(v{i})" for i in indexes]
            case += self.bindings(fields, indexes) + ":"
            body = " | ".join(terms)
            if len(case) + 1 + len(body) <= _WIDTH:
                self.emit(f"{case} {body}")
                continue
            # swift-format's layout: as many terms per line as fit, continuations indented.
            lines = [" " * 12 + terms[0]]
            for term in terms[1:]:
                if len(lines[-1]) + 3 + len(term) <= _WIDTH:
                    lines[-1] += " | " + term
                else:
                    lines.append(" " * 16 + "| " + term)
            self.emit(case, *lines)
        self.emit("        }", "    }", "")

    def detail(self) -> None:
        pick = {}
        for model, tag in zip(self.spec.events, self.event_tags, strict=True):
            fields = self.event_fields[tag]
            index = _detail_field(model, fields)
            if index is not None:
                access = "?.rawValue" if fields[index].optional else ".rawValue"
                pick[tag] = f"{fields[index].wire} {access}"
        self.field_accessor(
            ["    /// What a step reports of the event besides the row (a lost secret's cause)."],
            "detail: String?",
            pick,
        )

    def alphabet(self) -> None:
        self.emit(
            "    /// Every event with every value of its boolean and enum fields (optionals also",
            "    /// nil), in the spec's order: what exhaustive checks step through.",
            "    public static let alphabet: [MachineEvent] = [",
        )
        for tag in self.event_tags:
            fields = self.event_fields[tag]
            choices = [self.choices(f) for f in fields]
            for values in itertools.product(*choices):
                args = [f"{f.label.strip('`')}: {v}" for f, v in zip(fields, values, strict=True)]
                name = "." + self.event_names[tag]
                if not fields:
                    self.emit(f"        {name},")
                    continue
                self.emit(*_wrapped(" " * 8, name + "(", args, "),"))
        self.emit("    ]", "")

    @staticmethod
    def choices(field: _Field) -> list[str]:
        if field.swift_type.rstrip("?") == "Bool":
            values = ["false", "true"]
        elif field.value_enum is not None:
            values = ["." + lower_camel(v) for v in field.value_enum.values]
        else:
            values = [field.default if field.default not in (None, "nil") else '""']
        return ["nil", *values] if field.optional else values

    def decoder(self) -> None:
        self.emit(
            "    /// Decode a machine event from its JSON object (the reference's pydantic rules).",
            "    public init(wire value: JSONValue) throws(WireError) {",
            "        let object = try WireObject(value)",
            f"        switch try object.tag({_string(_DISCRIMINATOR)}) {{",
        )
        for model, tag in zip(self.spec.events, self.event_tags, strict=True):
            fields = self.event_fields[tag]
            self.emit(f"        case {_string(tag)}:")
            reader = "object"
            if fields or model.model_config.get("extra") == "forbid":
                self.emit(f"            let fields = object.scoped({_string(tag)})")
                reader = "fields"
            if model.model_config.get("extra") == "forbid":
                allowed = [_string(w) for w in (_DISCRIMINATOR, *(f.wire for f in fields))]
                self.emit(*_wrapped(" " * 12, f"try {reader}.only([", allowed, "])"))
            if not fields:
                self.emit(f"            self = .{self.event_names[tag]}")
                continue
            self.emit(f"            self = try .{self.event_names[tag]}(")
            for i, f in enumerate(fields):
                strict = "true" if f.strict else "false"
                method, args = (
                    ("required", f"{_string(f.wire)}, strict: {strict}")
                    if f.default is None
                    else ("optional", f"{_string(f.wire)}, default: {f.default}, strict: {strict}")
                )
                last = i == len(fields) - 1
                self.emit(*self.argument(f"{f.label.strip('`')}: {reader}.{method}", args, last))
        self.emit(
            "        default:",
            f"            throw WireError(field: {_string(_DISCRIMINATOR)}, problem: "
            '"unknown value")',
            "        }",
            "    }",
            "",
        )

    @staticmethod
    def argument(call: str, args: str, last: bool) -> list[str]:
        """One `label: reader.method(args)` argument of a decoder's case, `,` after it (`)` after
        the last), in swift-format's layout: broken after `(` when too long, and the closing `)`
        on a line of its own when only it does not fit."""
        indent = " " * 16
        line = f"{indent}{call}({args})"
        if len(line) + 1 <= _WIDTH:
            return [line + (")" if last else ",")]
        if last and len(line) <= _WIDTH:
            return [line, indent[4:] + ")"]
        return [f"{indent}{call}(", f"{indent}    {args})" + (")" if last else ",")]

    def encoder(self, by_tag: Mapping[str, list[_Field]]) -> None:
        self.emit(
            '    /// The JSON object `model_dump(mode="json")` gives, members in field order.',
            "    public var wire: JSONValue {",
            "        switch self {",
        )
        for tag, fields in by_tag.items():
            members = [f"{_string(_DISCRIMINATOR)}: {_string(tag)}"]
            members += [f"{_string(f.wire)}: v{i}.wire" for i, f in enumerate(fields)]
            case = f"        case .{lower_camel(tag)}{self.bindings(fields)}:"
            body = f".object([{', '.join(members)}])"
            if len(case) + 1 + len(body) <= _WIDTH:
                self.emit(f"{case} {body}")
            elif len(body) + 12 <= _WIDTH:
                self.emit(case, f"            {body}")
            else:
                lines = (f"                {m}," for m in members)
                self.emit(case, "            .object([", *lines, "            ])")
        self.emit("        }", "    }")

    def commands(self) -> None:
        self.emit("// MARK: - Commands", "")
        self.emit(
            "/// What the core asks the host to do. Commands carry no secrets.",
            "public enum Command: Hashable, Sendable {",
        )
        for model in self.spec.commands:
            tag = _tag(model)
            self.emit(
                *_doc(model.__doc__, "    "),
                *self.payload_case(tag, self.command_fields[tag]),
            )
        self.emit("}", "", "extension Command {")
        self.encoder(self.command_fields)
        self.emit("}", "")

    def host_rules(self) -> None:
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        self.emit(
            "",
            "// MARK: - The host's numbers",
            "",
            "/// The host's numbers (spec.json `host`): the retry backoff, the token leeway, the "
            "timers' names.",
            "public enum HostRules {",
            f"    public static let retryBaseSeconds: Double = {rules.RETRY_BASE_SECONDS!r}",
            f"    public static let retryCapSeconds: Double = {rules.RETRY_CAP_SECONDS!r}",
            f"    public static let retryJitter: Double = {rules.RETRY_JITTER!r}",
            f"    public static let retryMaxExponent: Int = {rules.RETRY_MAX_EXPONENT}",
            f"    public static let tokenLeewaySeconds: Double = {rules.TOKEN_LEEWAY_SECONDS!r}",
            "    public static let tokenLeewayMaxFraction: Double = "
            f"{rules.TOKEN_LEEWAY_MAX_FRACTION!r}",
            f"    public static let retryTimer: String = {_string(rules.RETRY_TIMER)}",
            f"    public static let tokenTimer: String = {_string(rules.TOKEN_TIMER)}",
            f"    public static let revocationTimer: String = {_string(rules.REVOCATION_TIMER)}",
            f"    public static let outboxMaxEntries: Int = {rules.OUTBOX_MAX_ENTRIES}",
            "}",
        )

    def data(self) -> None:
        spec = self.spec
        self.emit(
            "// MARK: - The table",
            "",
            "/// The spec's data, read by `Table` and `SessionCore`.",
            "public enum Spec {",
            f"    public static let initialState: State = {self.state(spec.initial_state)}",
            "    /// The flag the availability-carrying events copy their field into.",
            "    public static let availabilityFlag: Flag = "
            f".{self.flag_names[spec.availability_field]}",
            "",
            "    public static let userPresent: [State: UserPresence] = [",
        )
        self.emit(*(f"        {self.state(s)}: .{lower_camel(spec.user_present[s])},"
                    for s in spec.states))  # fmt: skip
        self.emit(
            "    ]",
            "",
            "    /// Entering one of these states (from another) clears these flags.",
            "    public static let entryClears: [State: [Flag]] = [",
        )
        clears = [(s, spec.entry_clears[s]) for s in spec.states if s in spec.entry_clears]
        self.emit(*(f"        {self.state(s)}: [{', '.join('.' + self.flag_names[f] for f in fl)}],"
                    for s, fl in clears))  # fmt: skip
        if not clears:
            self.emit("        :")
        self.emit(
            "    ]",
            "",
            "    /// Context effects of an event, in every state, before the guards.",
            "    public static let eventEffects: [EventType: [FlagValue]] = [",
        )
        effects = [(t, spec.effects[t]) for t in self.event_tags if t in spec.effects]
        for tag, assignments in effects:
            values = ", ".join(self.flag_value(f, v) for f, v in assignments)
            self.emit(f"        .{self.event_names[tag]}: [{values}],")
        if not effects:
            self.emit("        :")
        self.emit("    ]", "")
        self.rules("rows", "The transition table, in the spec's order.", spec.rows)
        self.emit("")
        self.rules(
            "ignoredRows",
            "One row per (state, event) pair whose rows do not cover every context: it fires "
            "when none of them does.",
            spec.ignored,
        )
        self.emit("}")

    def rules(self, name: str, doc: str, rules: tuple[Rule, ...]) -> None:
        self.emit(*_doc(doc, "    "), f"    public static let {name}: [Row] = [")
        for rule in rules:
            args: list[str | tuple[str, list[str]]] = [
                self.state(rule.source),
                "." + self.event_names[rule.event],
            ]
            if rule.when:
                args.append(("when", [self.guard_literal(rule.event, lit) for lit in rule.when]))
            if rule.dest is not None:
                args.append(f"to: {self.state(rule.dest)}")
            if rule.commands:
                args.append(("commands", [self.command(c) for c in rule.commands]))
            if rule.sets:
                args.append(("sets", [self.flag_value(f, v) for f, v in rule.sets]))
            args.append(f"reason: {_string(rule.reason)}")
            self.emit(*self.call("Row", args, "        "))
        self.emit("    ]")

    @staticmethod
    def call(function: str, args: list[str | tuple[str, list[str]]], indent: str) -> list[str]:
        """`function(args),` on one line if it fits, else the first two arguments on a line of
        their own and one argument per line after them (swift-format's layout); a labelled list
        argument (`(label, items)`) too long for its line breaks after its `[`, one item per
        line (`_wrapped`)."""
        texts = [a if isinstance(a, str) else f"{a[0]}: [{', '.join(a[1])}]" for a in args]
        one_line = f"{indent}{function}({', '.join(texts)}),"
        if len(one_line) <= _WIDTH:
            return [one_line]
        inner = indent + "    "
        lines: list[str] = [f"{indent}{function}(", f"{inner}{', '.join(texts[:2])},"]
        for position, arg in enumerate(args[2:], start=3):
            end = ")," if position == len(args) else ","
            if isinstance(arg, str):
                lines.append(f"{inner}{arg}{end}")
            else:
                lines.extend(_wrapped(inner, f"{arg[0]}: [", arg[1], f"]{end}"))
        return lines


def to_swift(spec: SwiftSpec | None = None) -> str:
    """The Swift core's generated half, for `spec` (the package's own by default)."""
    return _Renderer(spec if spec is not None else SwiftSpec.current()).render()
