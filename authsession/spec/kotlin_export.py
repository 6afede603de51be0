"""Renders the spec as Kotlin source: the data half of the Kotlin package's core.

Owns: the Kotlin spelling of the spec — states with their user presence, context flags, event
guard fields, the fields' value types, `EventType`, the `MachineEvent` and `Command` sealed
classes with their fields (typed, defaulted, encoded as the reference's `model_dump`), the event
decoder with the reference's pydantic rules (`Events.decode`), the alphabet, and the table
(`Spec`: rows, ignore rows, effects, entry clears) — as one file of enums, sealed classes and
list literals (`kotlin/src/main/kotlin/authsession/core/Spec.generated.kt`). The hand-written
interpreter and wire codec beside it (`Rows.kt`, `SessionCore.kt`, `Wire.kt`) give it meaning, so
nothing here knows any particular row: a changed spec needs only a regeneration. The spec read as
data, its fields and its consistency checks are shared with the Swift generator
(`authsession.spec.codegen`). The output keeps to the Kotlin that both kotlinc 1.3 and 2.x
accept (no trailing commas, no `data object`, no `entries`), and splits long lists into
functions of at most `_CHUNK` elements so no JVM method outgrows 64 KiB as the table grows.
What Kotlin cannot express is a `KotlinExportError` naming it in one line, never wrong Kotlin.
Pure: returns text. Must not import the core, adapters or runtime.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any, Final

from pydantic import BaseModel

from authsession.spec import host as rules
from authsession.spec.codegen import (
    DISCRIMINATOR,
    Analysis,
    ExportError,
    FieldSpec,
    SpecData,
    unique,
    words,
)
from authsession.spec.table import Rule

#: Where the generated file lives, relative to the repository root.
KOTLIN_CORE_PATH: Final = "kotlin/src/main/kotlin/authsession/core/Spec.generated.kt"
_PACKAGE: Final = "authsession.core"
_WIDTH: Final = 100
#: Elements per generated list function: far below the JVM's 64 KiB per method.
_CHUNK: Final = 40
_KEYWORDS: Final = frozenset((
    "as", "break", "class", "continue", "do", "else", "false", "for", "fun", "if", "in",
    "interface", "is", "null", "object", "package", "return", "super", "this", "throw", "true",
    "try", "typealias", "typeof", "val", "var", "when", "while",
))  # fmt: skip
#: Types the package declares by hand or elsewhere in this file: no value type may take one.
_TYPES: Final = frozenset((
    "State", "Flag", "EventField", "EventType", "MachineEvent", "Command", "Spec", "Events",
    "UserPresence", "Row", "FlagValue", "GuardLiteral", "Context", "Step", "Table",
    "SessionCore", "JsonValue", "WireObject", "WireName", "WireCodec", "WireError",
))  # fmt: skip
#: Members of `MachineEvent` (and `Command`) that no field of an event may be named.
_EVENT_MEMBERS: Final = frozenset(("type", "carriedAvailability", "guardBits", "detail", "wire"))


class KotlinExportError(ExportError):
    """The spec holds something the Kotlin core cannot express; `str()` is one line."""


def constant(wire: str) -> str:
    """`logged_in` → `LOGGED_IN` (an enum constant; a leading digit gets `_`)."""
    name = "_".join(w.upper() for w in words(wire, "Kotlin", KotlinExportError))
    return "_" + name if name[0].isdigit() else name


def type_name(wire: str) -> str:
    """`keychain_found` → `KeychainFound`."""
    name = "".join(w[:1].upper() + w[1:] for w in words(wire, "Kotlin", KotlinExportError))
    return "_" + name if name[0].isdigit() else name


def member(wire: str) -> str:
    """`rotated_elsewhere` → `rotatedElsewhere` (a hard keyword is backticked)."""
    first, *rest = words(wire, "Kotlin", KotlinExportError)
    name = first[:1].lower() + first[1:] + "".join(w[:1].upper() + w[1:] for w in rest)
    if name[0].isdigit():
        return "_" + name
    return f"`{name}`" if name in _KEYWORDS else name


def string(text: str) -> str:
    """A Kotlin string literal (`$` escaped: no template)."""
    out = []
    for char in text:
        if char in '"\\$':
            out.append("\\" + char)
        elif " " <= char <= "~":
            out.append(char)
        else:
            out.extend(f"\\u{unit:04x}" for unit in _utf16(char))
    return '"' + "".join(out) + '"'


def _utf16(char: str) -> tuple[int, ...]:
    data = char.encode("utf-16-be")
    return tuple(int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2))


def _doc(text: str | None, indent: str) -> list[str]:
    # `/*` would open a nested comment and `*/` end the doc early: Kotlin nests block comments.
    flat = " ".join((text or "").split()).replace("*/", "*&#47;").replace("/*", "/&#42;")
    if not flat:
        return []
    lines = textwrap.wrap(flat, _WIDTH - len(indent) - 3, break_on_hyphens=False)
    if len(lines) == 1 and len(indent) + len(lines[0]) + 7 <= _WIDTH:
        return [f"{indent}/** {lines[0]} */"]
    return [f"{indent}/**", *(f"{indent} * {line}" for line in lines), f"{indent} */"]


def _literal_name(model: type[BaseModel], wire: str) -> str:
    return model.__name__ + type_name(wire)


def _call(indent: str, opening: str, items: Sequence[str], closing: str) -> list[str]:
    """`opening` + items + `closing` on one line if it fits, else one item per line."""
    line = f"{indent}{opening}{', '.join(items)}{closing}"
    if len(line) <= _WIDTH or not items:
        return [line]
    inner = indent + "    "
    return [f"{indent}{opening}", *(f"{inner}{item}," for item in items[:-1]),
            f"{inner}{items[-1]}", f"{indent}{closing.lstrip()}"]  # fmt: skip


class _Renderer:
    def __init__(self, spec: SpecData) -> None:
        self.spec = spec
        self.a = Analysis(spec, "Kotlin", KotlinExportError, _literal_name)
        self.lines: list[str] = []
        self._check()

    def _check(self) -> None:
        a, spec = self.a, self.spec
        none: frozenset[str] = frozenset()
        unique("state", ((s.value, constant(s.value)) for s in spec.states), none, *self._lang)
        unique("flag", ((f, constant(f)) for f in spec.flags), none, *self._lang)
        unique("event field", ((f, constant(f)) for f in a.field_wires), none, *self._lang)
        unique("event", ((t, type_name(t)) for t in a.event_tags), _TYPES, *self._lang)
        unique("command", ((t, type_name(t)) for t in a.command_fields), _TYPES, *self._lang)
        for value_enum in a.value_enums.values():
            pairs = ((v, constant(v)) for v in value_enum.values)
            unique(value_enum.name, pairs, none, *self._lang)
        unique("type", ((n, n) for n in a.value_enums), _TYPES, *self._lang)
        for tag, fields in (*a.event_fields.items(), *a.command_fields.items()):
            pairs = ((f.wire, member(f.wire)) for f in fields)
            unique(f"{type_name(tag)} field", pairs, _EVENT_MEMBERS, *self._lang)
        a.check()

    @property
    def _lang(self) -> tuple[str, type[ExportError]]:
        return "Kotlin", KotlinExportError

    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)

    # Spelling of values

    def state(self, state: Any) -> str:
        return "State." + constant(state.value)

    def flag(self, name: str) -> str:
        return "Flag." + constant(name)

    def kotlin_type(self, field: FieldSpec) -> str:
        base = {"bool": "Boolean", "str": "String"}.get(field.kind)
        if field.value_enum is not None:
            base = field.value_enum.name
        return f"{base}?" if field.optional else str(base)

    def value(self, field: FieldSpec, raw: object) -> str:
        if raw is None:
            return "null"
        if isinstance(raw, bool):
            return "true" if raw else "false"
        if field.value_enum is not None and raw in field.value_enum.values:
            return f"{field.value_enum.name}.{constant(str(raw))}"
        return string(str(raw))

    def codec(self, field: FieldSpec) -> str:
        if field.value_enum is not None:
            codec = f"EnumCodec({field.value_enum.name}.values())"
        elif field.kind == "bool":
            codec = "BoolCodec.STRICT" if field.strict else "BoolCodec.LAX"
        else:
            codec = "StringCodec"
        return f"Nullable({codec})" if field.optional else codec

    # Sections

    def render(self) -> str:
        spec, a = self.spec, self.a
        self.emit(
            "// GENERATED from the Python spec (authsession/spec) by `authsession spec --format "
            "kotlin`.",
            "// Do not edit: `python -m authsession.docsync` regenerates it, and the test suite "
            "fails",
            "// when it drifts. The hand-written interpreter that gives it meaning is "
            "SessionCore.kt.",
            f"// {len(spec.states)} states, {len(spec.flags)} context flags, "
            f"{len(spec.events)} events, {len(a.field_wires)} event guard fields, "
            f"{len(spec.commands)} commands,",
            f"// {len(spec.rows)} rows, {len(spec.ignored)} ignore rows.",
            "",
            f"package {_PACKAGE}",
            "",
        )
        self.name_enum("State", "Every state a session can be in (the names are a public "
                       "contract).", [(s.value, spec.state_descriptions.get(s))
                                      for s in spec.states])  # fmt: skip
        presence = [(v, None) for v in spec.presence_values]
        self.name_enum("UserPresence", "What the app may show about the user in a state: "
                       "`unknown` is never `no`.", presence)  # fmt: skip
        self.name_enum("Flag", "The machine's only memory besides its state; every flag starts "
                       "false.", list(spec.flags.items()))  # fmt: skip
        self.name_enum("EventField", "A boolean field of an event that a row's guard may name "
                       "besides the context flags (`EventType.guardFields` says which event has "
                       "which).", [(f, None) for f in a.field_wires])  # fmt: skip
        for value_enum in a.value_enums.values():
            self.name_enum(value_enum.name, value_enum.doc or "The values this field takes.",
                           [(v, None) for v in value_enum.values])  # fmt: skip
        self.event_types()
        self.sealed("MachineEvent", "Everything the core can be told. Events carry no secrets.",
                    spec.events, a.event_fields, events=True)  # fmt: skip
        self.sealed("Command", "What the core asks the host to do. Commands carry no secrets.",
                    spec.commands, a.command_fields, events=False)  # fmt: skip
        self.events_object()
        self.table()
        self.host_rules()
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"

    def host_rules(self) -> None:
        self.emit(
            "",
            "/** The host's numbers (spec.json `host`): the retry backoff, the token leeway, the "
            "timers' names. */",
            "object HostRules {",
            f"    const val RETRY_BASE_SECONDS: Double = {rules.RETRY_BASE_SECONDS!r}",
            f"    const val RETRY_CAP_SECONDS: Double = {rules.RETRY_CAP_SECONDS!r}",
            f"    const val RETRY_JITTER: Double = {rules.RETRY_JITTER!r}",
            f"    const val RETRY_MAX_EXPONENT: Int = {rules.RETRY_MAX_EXPONENT}",
            f"    const val TOKEN_LEEWAY_SECONDS: Double = {rules.TOKEN_LEEWAY_SECONDS!r}",
            "    const val TOKEN_LEEWAY_MAX_FRACTION: Double = "
            f"{rules.TOKEN_LEEWAY_MAX_FRACTION!r}",
            f"    const val RETRY_TIMER: String = {string(rules.RETRY_TIMER)}",
            f"    const val TOKEN_TIMER: String = {string(rules.TOKEN_TIMER)}",
            f"    const val REVOCATION_TIMER: String = {string(rules.REVOCATION_TIMER)}",
            f"    const val OUTBOX_MAX_ENTRIES: Int = {rules.OUTBOX_MAX_ENTRIES}",
            "}",
        )

    def name_enum(self, name: str, doc: str, cases: Sequence[tuple[str, str | None]]) -> None:
        self.emit(*_doc(doc, ""), f"enum class {name}(override val wire: String) : WireName {{")
        for i, (wire, case_doc) in enumerate(cases):
            end = "," if i < len(cases) - 1 else ";"
            self.emit(*_doc(case_doc, "    "), f"    {constant(wire)}({string(wire)}){end}")
        if not cases:
            self.emit("    ;")
        self.emit("}", "")

    def event_types(self) -> None:
        a = self.a
        self.emit(
            "/** The wire name of each machine event, and the boolean fields of the event a guard "
            "may name. */",
            "enum class EventType(override val wire: String, val guardFields: List<EventField>) "
            ": WireName {",
        )
        for i, tag in enumerate(a.event_tags):
            fields = ", ".join("EventField." + constant(f) for f in a.guard_fields[tag])
            end = "," if i < len(a.event_tags) - 1 else ";"
            self.emit(f"    {constant(tag)}({string(tag)}, listOf({fields})){end}")
        self.emit("}", "")

    def sealed(
        self,
        name: str,
        doc: str,
        models: Sequence[type[BaseModel]],
        by_tag: dict[str, list[FieldSpec]],
        *,
        events: bool,
    ) -> None:
        self.emit(*_doc(doc, ""), f"sealed class {name} {{")
        if events:
            self.emit(
                "    abstract val type: EventType",
                "    /** The event's availability, for the events that copy it into the context "
                "first. */",
                "    open val carriedAvailability: Boolean? get() = null",
                "    /** The event's true guard fields, each as its bit above the context flags. "
                "*/",
                "    open val guardBits: Long get() = 0L",
                "    /** What a step reports of the event besides the row (a lost secret's "
                "cause). */",
                "    open val detail: String? get() = null",
            )
        self.emit("    /** The JSON object `model_dump(mode=\"json\")` gives, in field order. */",
                  "    abstract val wire: JsonValue", "")  # fmt: skip
        details = self.a.details() if events else {}
        for model, tag in zip(models, by_tag, strict=True):
            self.subclass(name, model, tag, by_tag[tag], details.get(tag), events=events)
        self.emit("}", "")

    def subclass(
        self,
        parent: str,
        model: type[BaseModel],
        tag: str,
        fields: list[FieldSpec],
        detail: int | None,
        *,
        events: bool,
    ) -> None:
        cls = type_name(tag)
        self.emit(*_doc(model.__doc__, "    "))
        if fields:
            params = [f"val {member(f.wire)}: {self.kotlin_type(f)}"
                      + ("" if f.required else f" = {self.value(f, f.default)}")
                      for f in fields]  # fmt: skip
            self.emit(*_call("    ", f"data class {cls}(", params, f") : {parent}() {{"))
        else:
            self.emit(f"    object {cls} : {parent}() {{")
            self.emit(f"        override fun toString(): String = {string(cls)}")
        members = [f"{string(DISCRIMINATOR)} to JsonValue.Str({string(tag)})"]
        members += [f"{string(f.wire)} to jsonOf({member(f.wire)})" for f in fields]
        if events:
            self.emit(f"        override val type: EventType get() = EventType.{constant(tag)}")
            if tag in self.spec.carrying_availability:
                carried = member(self.spec.availability_field)
                self.emit(f"        override val carriedAvailability: Boolean? get() = {carried}")
            bits = [f"EventField.{constant(f)}.bit({member(f)})" for f in self.a.guard_fields[tag]]
            if bits:
                self.emit(f"        override val guardBits: Long get() = {' or '.join(bits)}")
            if detail is not None:
                field = fields[detail]
                access = "?.wire" if field.optional else ".wire"
                self.emit(f"        override val detail: String? get() = {member(field.wire)}"
                          f"{access}")  # fmt: skip
        self.emit(*_call("        ", "override val wire: JsonValue get() = jsonObject(", members,
                         ")"), "    }", "")  # fmt: skip

    def events_object(self) -> None:
        a = self.a
        alphabet = []
        for tag in a.event_tags:
            fields = a.event_fields[tag]
            choices = [self.choices(f) for f in fields]
            for values in itertools.product(*choices):
                joined = ", ".join(values)
                item = f"MachineEvent.{type_name(tag)}" + (f"({joined})" if fields else "")
                alphabet.append([" " * 8 + item])
        self.emit(
            "/** The events' alphabet and their wire decoder (the reference's pydantic rules). */",
            "object Events {",
            "    /**",
            "     * Every event with every value of its boolean and enum fields (optionals also",
            "     * null), in the spec's order: what exhaustive checks step through.",
            "     */",
        )
        self.chunked("ALPHABET", "MachineEvent", alphabet)
        self.emit(
            "",
            "    /** Decode a machine event from its JSON object; a problem names the field. */",
            "    fun decode(value: JsonValue): MachineEvent {",
            '        val obj = WireObject.of(value, "")',
            f"        return when (obj.tag({string(DISCRIMINATOR)})) {{",
        )
        for model, tag in zip(self.spec.events, a.event_tags, strict=True):
            fields = a.event_fields[tag]
            forbid = model.model_config.get("extra") == "forbid"
            self.emit(f"            {string(tag)} -> {{")
            if fields or forbid:
                self.emit(f"                val fields = obj.scoped({string(tag)})")
            if forbid:
                allowed = [string(w) for w in (DISCRIMINATOR, *(f.wire for f in fields))]
                self.emit(*_call(" " * 16, "fields.only(", allowed, ")"))
            if not fields:
                self.emit(f"                MachineEvent.{type_name(tag)}", "            }")
                continue
            args = [
                f"fields.required({string(f.wire)}, {self.codec(f)})"
                if f.required
                else f"fields.optional({string(f.wire)}, {self.codec(f)}, "
                f"{self.value(f, f.default)})"
                for f in fields
            ]
            self.emit(*_call(" " * 16, f"MachineEvent.{type_name(tag)}(", args, ")"))
            self.emit("            }")
        self.emit(
            f'            else -> throw WireError({string(DISCRIMINATOR)}, "unknown value")',
            "        }",
            "    }",
            "}",
            "",
        )

    def choices(self, field: FieldSpec) -> list[str]:
        if field.kind == "bool":
            values = ["false", "true"]
        elif field.value_enum is not None:
            values = [self.value(field, v) for v in field.value_enum.values]
        else:
            values = [self.value(field, field.default if field.default is not None else "")]
        return ["null", *values] if field.optional else values

    def chunked(self, name: str, element: str, items: list[list[str]]) -> None:
        """`val NAME: List<element>` built from functions of at most `_CHUNK` items each (an
        item is its lines, indented for the list)."""
        chunks = [items[i : i + _CHUNK] for i in range(0, len(items), _CHUNK)] or [[]]
        parts = " + ".join(f"{name.lower()}{i}()" for i in range(len(chunks)))
        self.emit(f"    val {name}: List<{element}> = {parts}")
        for i, chunk in enumerate(chunks):
            self.emit(f"    private fun {name.lower()}{i}(): List<{element}> = listOf(")
            for j, lines in enumerate(chunk):
                self.emit(*lines[:-1], lines[-1] + ("," if j < len(chunk) - 1 else ""))
            self.emit("    )")

    def table(self) -> None:
        spec = self.spec
        self.emit(
            "/** The spec's data, read by `Table` and `SessionCore`. */",
            "object Spec {",
            f"    val INITIAL_STATE: State = {self.state(spec.initial_state)}",
            "    /** The flag the availability-carrying events copy their field into. */",
            f"    val AVAILABILITY_FLAG: Flag = {self.flag(spec.availability_field)}",
        )
        presence = [f"{self.state(s)} to UserPresence.{constant(spec.user_present[s])}"
                    for s in spec.states]  # fmt: skip
        self.mapping("USER_PRESENT", "State, UserPresence", presence)
        self.emit("    /** Entering one of these states (from another) clears these flags. */")
        clears = [f"{self.state(s)} to listOf({', '.join(map(self.flag, spec.entry_clears[s]))})"
                  for s in spec.states if s in spec.entry_clears]  # fmt: skip
        self.mapping("ENTRY_CLEARS", "State, List<Flag>", clears)
        self.emit("    /** Context effects of an event, in every state, before the guards. */")
        effects = [f"EventType.{constant(t)} to listOf({self.assignments(spec.effects[t])})"
                   for t in self.a.event_tags if t in spec.effects]  # fmt: skip
        self.mapping("EVENT_EFFECTS", "EventType, List<FlagValue>", effects)
        self.emit("    /** The transition table, in the spec's order. */")
        self.chunked("ROWS", "Row", [self.row(r) for r in spec.rows])
        self.emit(*_doc("One row per (state, event) pair whose rows do not cover every context: "
                        "it fires when none of them does.", "    "))  # fmt: skip
        self.chunked("IGNORED_ROWS", "Row", [self.row(r) for r in spec.ignored])
        self.emit("}")

    def mapping(self, name: str, types: str, pairs: list[str]) -> None:
        self.emit(*_call("    ", f"val {name}: Map<{types}> = mapOf(", pairs, ")"))

    def assignments(self, values: Iterable[tuple[str, bool]]) -> str:
        return ", ".join(f"FlagValue({self.flag(f)}, {'true' if v else 'false'})"
                         for f, v in values)  # fmt: skip

    def row(self, rule: Rule) -> list[str]:
        args = [self.state(rule.source), f"EventType.{constant(rule.event)}"]
        if rule.when:
            literals = []
            for literal in rule.when:
                name, is_field, value = self.a.field_guard(rule.event, literal)
                target = f"EventField.{constant(name)}" if is_field else self.flag(name)
                literals.append(f"GuardLiteral.{'on' if value else 'off'}({target})")
            args.append(f"guard = listOf({', '.join(literals)})")
        if rule.dest is not None:
            args.append(f"dest = {self.state(rule.dest)}")
        if rule.commands:
            args.append(f"commands = listOf({', '.join(self.command(c) for c in rule.commands)})")
        if rule.sets:
            args.append(f"sets = listOf({self.assignments(rule.sets)})")
        args.append(f"reason = {string(rule.reason)}")
        return _call(" " * 8, "Row(", args, ")")

    def command(self, command: BaseModel) -> str:
        tag = type(command).model_fields[DISCRIMINATOR].default
        fields = self.a.command_fields[tag]
        if not fields:
            return f"Command.{type_name(tag)}"
        dumped = command.model_dump(mode="json")
        args = ", ".join(self.value(f, dumped[f.wire]) for f in fields)
        return f"Command.{type_name(tag)}({args})"


def to_kotlin(spec: SpecData | None = None) -> str:
    """The Kotlin core's generated half, for `spec` (the package's own by default)."""
    return _Renderer(spec if spec is not None else SpecData.current()).render()
