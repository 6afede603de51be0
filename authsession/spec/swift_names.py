"""Swift names and fields for the spec's Swift export: how a wire name becomes a Swift name.

Owns: the naming rules (`lower_camel`, `upper_camel`, escaping Swift keywords), string literals and
doc comments in Swift, the layout width `swift format lint --strict` accepts, the check that two
names never collide, `SwiftExportError`, and `SwiftField` (one pydantic field as the Swift codec
declares it). Pure: returns text. Must not import the core, adapters or runtime.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from pydantic import BaseModel

from authsession.spec.codegen import (
    ExportError,
    FieldSpec,
    ValueEnum,
    model_fields,
    unique,
    words,
)
from authsession.spec.codegen import (
    tag as _model_tag,
)

SWIFT_CORE_PATH: Final = "swift/Sources/AuthSessionCore/Spec.generated.swift"
WIDTH: Final = 100
#: Type names the package already declares (generated or hand-written): no field type may take one.
SWIFT_TYPES: Final = frozenset((
    "State", "Flag", "EventField", "EventType", "MachineEvent", "Command", "Spec", "UserPresence",
    "Row", "NameValue", "FlagValue", "GuardName", "GuardLiteral", "Context", "Step", "Table",
    "SessionCore", "JSONValue", "JSONObject",
))  # fmt: skip


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


def swift_string(text: str) -> str:
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


def swift_doc(text: str | None, indent: str) -> list[str]:
    words = " ".join((text or "").split())
    if not words:
        return []
    width = WIDTH - len(indent) - 4
    return [f"{indent}/// {line}" for line in textwrap.wrap(words, width, break_on_hyphens=False)]


def wrapped(indent: str, opening: str, items: list[str], closing: str) -> list[str]:
    """`opening` + the items + `closing` on one line if it fits, else a break after `opening` and
    one item per line (a layout swift-format keeps, as the package's `.swift-format` respects
    existing line breaks). A collection literal (`opening` ends in `[`) gets a trailing comma and
    its closing bracket on a line of its own, as swift-format wants; a call's `)` follows its last
    argument."""
    one_line = f"{indent}{opening}{', '.join(items)}{closing}"
    if len(one_line) <= WIDTH or not items:
        return [one_line]
    inner = indent + "    "
    if opening.endswith("["):
        return [f"{indent}{opening}", *(f"{inner}{i}," for i in items), indent + closing]
    return [f"{indent}{opening}", *(f"{inner}{i}," for i in items[:-1]),
            f"{inner}{items[-1]}{closing}"]  # fmt: skip


def check_unique(kind: str, names: Iterable[tuple[str, str]], reserved: frozenset[str]) -> None:
    unique(kind, names, reserved, "Swift", SwiftExportError)


# Fields ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SwiftField:
    wire: str
    label: str
    swift_type: str
    strict: bool
    default: str | None  # a Swift expression, or None when the field is required
    value_enum: ValueEnum | None
    optional: bool


def model_tag(model: type[BaseModel]) -> str:
    return _model_tag(model, SwiftExportError)


def _swift_field(field: FieldSpec) -> SwiftField:
    if field.value_enum is not None:
        swift_type = field.value_enum.name
    else:
        swift_type = "Bool" if field.kind == "bool" else "String"
    default = None
    if not field.required:
        default = _default(field.default, field.value_enum)
    if field.optional:
        swift_type += "?"
    return SwiftField(field.wire, lower_camel(field.wire), swift_type, field.strict, default,
                  field.value_enum, field.optional)  # fmt: skip


def _default(value: object, value_enum: ValueEnum | None) -> str:
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value_enum is not None and value in value_enum.values:
        return "." + lower_camel(str(value))
    return swift_string(str(value))


def literal_name(model: type[BaseModel], wire: str) -> str:
    return model.__name__ + upper_camel(wire)


def swift_fields(model: type[BaseModel]) -> list[SwiftField]:
    specs = model_fields(model, "Swift", SwiftExportError, lambda w: literal_name(model, w))
    fields = [_swift_field(f) for f in specs]
    check_unique(f"{model.__name__} field", ((f.wire, f.label) for f in fields), frozenset())
    return fields


def detail_index(model: type[BaseModel], fields: list[SwiftField]) -> int | None:
    found = [i for i, f in enumerate(fields) if f.value_enum and f.value_enum.from_enum]
    if len(found) > 1:
        raise SwiftExportError(f"{model.__name__}: more than one enum field to report as detail")
    return found[0] if found else None
