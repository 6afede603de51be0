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
from collections.abc import Mapping
from typing import Final

from authsession.spec import host as rules
from authsession.spec.codegen import DISCRIMINATOR, SpecData, detail_field
from authsession.spec.swift_declarations import SwiftDeclarations
from authsession.spec.swift_names import (
    WIDTH,
    SwiftExportError,
    SwiftField,
    lower_camel,
    model_tag,
    swift_doc,
    swift_string,
    upper_camel,
    wrapped,
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
#: The spec as data (shared with the other generators: `authsession.spec.codegen`).
SwiftSpec = SpecData


class _Renderer(SwiftDeclarations):
    """The whole file: the declarations, then the wire codec, the commands and the data."""

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
                self.emit(*wrapped(" " * 8, name + "(", args, "),"))
        self.emit("    ]", "")

    @staticmethod
    def choices(field: SwiftField) -> list[str]:
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
            f"        switch try object.tag({swift_string(DISCRIMINATOR)}) {{",
        )
        for model, tag in zip(self.spec.events, self.event_tags, strict=True):
            fields = self.event_fields[tag]
            self.emit(f"        case {swift_string(tag)}:")
            reader = "object"
            if fields or model.model_config.get("extra") == "forbid":
                self.emit(f"            let fields = object.scoped({swift_string(tag)})")
                reader = "fields"
            if model.model_config.get("extra") == "forbid":
                allowed = [swift_string(w) for w in (DISCRIMINATOR, *(f.wire for f in fields))]
                self.emit(*wrapped(" " * 12, f"try {reader}.only([", allowed, "])"))
            if not fields:
                self.emit(f"            self = .{self.event_names[tag]}")
                continue
            self.emit(f"            self = try .{self.event_names[tag]}(")
            for i, f in enumerate(fields):
                strict = "true" if f.strict else "false"
                method, args = (
                    ("required", f"{swift_string(f.wire)}, strict: {strict}")
                    if f.default is None
                    else (
                        "optional",
                        f"{swift_string(f.wire)}, default: {f.default}, strict: {strict}",
                    )
                )
                last = i == len(fields) - 1
                self.emit(*self.argument(f"{f.label.strip('`')}: {reader}.{method}", args, last))
        self.emit(
            "        default:",
            f"            throw WireError(field: {swift_string(DISCRIMINATOR)}, problem: "
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
        if len(line) + 1 <= WIDTH:
            return [line + (")" if last else ",")]
        if last and len(line) <= WIDTH:
            return [line, indent[4:] + ")"]
        return [f"{indent}{call}(", f"{indent}    {args})" + (")" if last else ",")]

    def encoder(self, by_tag: Mapping[str, list[SwiftField]]) -> None:
        self.emit(
            '    /// The JSON object `model_dump(mode="json")` gives, members in field order.',
            "    public var wire: JSONValue {",
            "        switch self {",
        )
        for tag, fields in by_tag.items():
            members = [f"{swift_string(DISCRIMINATOR)}: {swift_string(tag)}"]
            members += [f"{swift_string(f.wire)}: v{i}.wire" for i, f in enumerate(fields)]
            case = f"        case .{lower_camel(tag)}{self.bindings(fields)}:"
            body = f".object([{', '.join(members)}])"
            if len(case) + 1 + len(body) <= WIDTH:
                self.emit(f"{case} {body}")
            elif len(body) + 12 <= WIDTH:
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
            tag = model_tag(model)
            self.emit(
                *swift_doc(model.__doc__, "    "),
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
            f"    public static let retryTimer: String = {swift_string(rules.RETRY_TIMER)}",
            f"    public static let tokenTimer: String = {swift_string(rules.TOKEN_TIMER)}",
            "    public static let revocationTimer: String = "
            f"{swift_string(rules.REVOCATION_TIMER)}",
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
        self.emit(*swift_doc(doc, "    "), f"    public static let {name}: [Row] = [")
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
            args.append(f"reason: {swift_string(rule.reason)}")
            self.emit(*self.call("Row", args, "        "))
        self.emit("    ]")

    @staticmethod
    def call(function: str, args: list[str | tuple[str, list[str]]], indent: str) -> list[str]:
        """`function(args),` on one line if it fits, else the first two arguments on a line of
        their own and one argument per line after them (swift-format's layout); a labelled list
        argument (`(label, items)`) too long for its line breaks after its `[`, one item per
        line (`wrapped`)."""
        texts = [a if isinstance(a, str) else f"{a[0]}: [{', '.join(a[1])}]" for a in args]
        one_line = f"{indent}{function}({', '.join(texts)}),"
        if len(one_line) <= WIDTH:
            return [one_line]
        inner = indent + "    "
        lines: list[str] = [f"{indent}{function}(", f"{inner}{', '.join(texts[:2])},"]
        for position, arg in enumerate(args[2:], start=3):
            end = ")," if position == len(args) else ","
            if isinstance(arg, str):
                lines.append(f"{inner}{arg}{end}")
            else:
                lines.extend(wrapped(inner, f"{arg[0]}: [", arg[1], f"]{end}"))
        return lines


def to_swift(spec: SwiftSpec | None = None) -> str:
    """The Swift core's generated half, for `spec` (the package's own by default)."""
    return _Renderer(spec if spec is not None else SwiftSpec.current()).render()
