"""The declarations half of the spec's Swift export: the types the Swift core declares.

Owns: `SwiftDeclarations`, which checks that every Swift name is unique and renders the states,
context flags, event guard fields, value enums, events (with their carried availability, guard
bits and detail) — the Swift enums and their members. `authsession.spec.swift_export` adds the
wire codec, the commands and the table's data, and renders the whole file.
Pure: returns text. Must not import the core, adapters or runtime.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel

from authsession.spec.codegen import Analysis, SpecData
from authsession.spec.swift_names import (
    SWIFT_TYPES,
    WIDTH,
    SwiftExportError,
    SwiftField,
    check_unique,
    detail_index,
    literal_name,
    lower_camel,
    model_tag,
    swift_doc,
    swift_fields,
    swift_string,
    wrapped,
)


class SwiftDeclarations(ABC):
    """The renderer's state and its type declarations; `emit` collects the file's lines."""

    def __init__(self, spec: SpecData) -> None:
        self.spec = spec
        self.lines: list[str] = []
        analysis = Analysis(spec, "Swift", SwiftExportError, literal_name)
        self.analysis = analysis
        self.state_names = {s.value: lower_camel(s.value) for s in spec.states}
        self.flag_names = {f: lower_camel(f) for f in spec.flags}
        self.event_tags = analysis.event_tags
        self.event_names = {t: lower_camel(t) for t in self.event_tags}
        self.event_fields = {t: swift_fields(e) for t, e in zip(self.event_tags, spec.events,
                                                            strict=True)}  # fmt: skip
        self.command_fields = {model_tag(c): swift_fields(c) for c in spec.commands}
        self.guard_fields = analysis.guard_fields
        #: Every field a guard may name, each once, in the order the events first name them: the
        #: cases of `EventField`, whose bits follow the context flags'.
        self.field_names = {f: lower_camel(f) for f in analysis.field_wires}
        self.value_enums = analysis.value_enums
        self._check()

    # Consistency: anything the Swift side would have to guess is an error here.

    def _check(self) -> None:
        reserved = frozenset({"ordinal", "allCases", "rawValue", "wire", "userPresent"})
        check_unique("state", self.state_names.items(), reserved)
        check_unique("flag", self.flag_names.items(), reserved)
        check_unique("event field", self.field_names.items(), reserved)
        members = {"type", "carriedAvailability", "detail", "guardFields", "guardBits"}
        check_unique("event", self.event_names.items(), reserved | members)
        check_unique("command", ((t, lower_camel(t)) for t in self.command_fields), reserved)
        for value_enum in self.value_enums.values():
            check_unique(
                value_enum.name, ((v, lower_camel(v)) for v in value_enum.values), reserved
            )
        check_unique("type", ((n, n) for n in self.value_enums), SWIFT_TYPES)
        self.analysis.check()

    # Output helpers

    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)

    def name_enum(
        self, swift: str, doc: str, conformances: str, cases: list[tuple[str, str, str | None]]
    ) -> None:
        """An enum of wire names, (wire, Swift case, doc) per case; spec names get `ordinal`."""
        self.emit(*swift_doc(doc, ""), f"public enum {swift}: {conformances} {{")
        for wire, case, case_doc in cases:
            self.emit(*swift_doc(case_doc, "    "), f"    case {case} = {swift_string(wire)}")
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
        tag = model_tag(type(command))
        fields = self.command_fields[tag]
        if not fields:
            return "." + lower_camel(tag)
        dumped = command.model_dump(mode="json")
        args = ", ".join(f"{f.label.strip('`')}: {self.literal(f, dumped[f.wire])}" for f in fields)
        return f".{lower_camel(tag)}({args})"

    def literal(self, field: SwiftField, value: Any) -> str:
        if value is None:
            return "nil"
        if isinstance(value, bool):
            return "true" if value else "false"
        if field.value_enum is not None:
            return "." + lower_camel(value)
        return swift_string(value)

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
            *swift_doc(doc + " No event has one.", ""),
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
                *swift_doc(model.__doc__, "    "),
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
    def payload_case(tag: str, fields: list[SwiftField]) -> list[str]:
        name = lower_camel(tag)
        if not fields:
            return [f"    case {name}"]
        params = [f"{f.label}: {f.swift_type}" + (f" = {f.default}" if f.default else "")
                  for f in fields]  # fmt: skip
        return wrapped("    ", f"case {name}(", params, ")")

    @staticmethod
    def bindings(fields: list[SwiftField], keep: Iterable[int] | None = None) -> str:
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
            if len(case) + 1 + len(body) <= WIDTH:
                self.emit(f"{case} {body}")
                continue
            # swift-format's layout: as many terms per line as fit, continuations indented.
            lines = [" " * 12 + terms[0]]
            for term in terms[1:]:
                if len(lines[-1]) + 3 + len(term) <= WIDTH:
                    lines[-1] += " | " + term
                else:
                    lines.append(" " * 16 + "| " + term)
            self.emit(case, *lines)
        self.emit("        }", "    }", "")

    def detail(self) -> None:
        pick = {}
        for model, tag in zip(self.spec.events, self.event_tags, strict=True):
            fields = self.event_fields[tag]
            index = detail_index(model, fields)
            if index is not None:
                access = "?.rawValue" if fields[index].optional else ".rawValue"
                pick[tag] = f"{fields[index].wire} {access}"
        self.field_accessor(
            ["    /// What a step reports of the event besides the row (a lost secret's cause)."],
            "detail: String?",
            pick,
        )

    # The event enum's wire codec, rendered inside `extension MachineEvent` (`swift_export`).

    @abstractmethod
    def alphabet(self) -> None: ...

    @abstractmethod
    def decoder(self) -> None: ...

    @abstractmethod
    def encoder(self, by_tag: Mapping[str, list[SwiftField]]) -> None: ...
