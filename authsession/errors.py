"""The package's typed exceptions.

Owns: every exception the public API raises on bad input. Messages name the field and the
problem in one line and never include a secret. Must not import anything but pydantic.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError


class AuthSessionError(Exception):
    """Base class of every error this package raises on purpose."""


class InvalidInputError(AuthSessionError, ValueError):
    """Input (an event, a config, a file) does not fit its schema. `str()` is one line."""

    def __init__(self, source: str, message: str) -> None:
        self.source = printable(source)  # a file name may hold a newline or a terminal escape
        self.message = printable(" ".join(message.split()))  # one line, whatever was said
        super().__init__(f"{self.source}: {self.message}")


def printable(text: str) -> str:
    """`text` with every unprintable character (newlines, U+2028, terminal escapes) written as its
    Python escape: an error stays one line and cannot drive the terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class InsecureProtectionError(AuthSessionError, ValueError):
    """Credentials were to be stored in a class readable before the first unlock (iOS `Always*`,
    Android device-encrypted storage) without explicit permission: silently lowering protection
    is what this package exists to prevent (invariant 7)."""


class UnsupportedProtectionError(AuthSessionError, ValueError):
    """The protection class does not exist on this platform, or this keychain cannot honour it."""


class MalformedInputError(InvalidInputError):
    """An input (file, stream, line) that is not what it should be, before or at its schema.
    `str()` is `SOURCE:LINE: field: problem` (`SOURCE: field: problem` where no line applies):
    one line that names the position, never quotes the input."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.path = source
        self.line = line
        super().__init__(source if line is None else f"{source}:{line}", message)


def did_you_mean(given: str, known: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest known name, or nothing: never the given text, which
    could be a secret pasted into the wrong field."""
    close = difflib.get_close_matches(given, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def schema_names(schema: Mapping[str, Any]) -> frozenset[str]:
    """Every property name and string constant in a JSON Schema: the names an error may suggest
    (they are ours, so quoting them echoes nothing a user typed)."""
    names: set[str] = set()
    todo: list[object] = [schema]
    while todo:
        node = todo.pop()
        if isinstance(node, Mapping):
            properties = node.get("properties")
            if isinstance(properties, Mapping):
                names.update(str(k) for k in properties)
            for key in ("const", "enum"):
                value = node.get(key)
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str):
                        names.add(item)
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return frozenset(names)


def _quoted(ctx: dict[str, object]) -> list[str]:
    return re.findall(r"'([^']*)'", str(ctx.get("expected_tags", "")))


def error_path(error: ValidationError) -> tuple[str | int, ...]:
    """Where the first problem is, as pydantic's `loc` — except that an unknown key (the input's
    own text, which could be a pasted secret) is cut off: the path names its parent object."""
    first = error.errors(include_url=False, include_input=False)[0]
    loc = tuple(first["loc"])
    return loc[:-1] if first["type"] == "extra_forbidden" else loc


def describe_validation_error(error: ValidationError, *, known: Iterable[str] = ()) -> str:
    """The first problem of a pydantic error as `field: message` — one line, input not echoed
    (the input could hold a password). `known`: names an unknown key may be matched against for a
    `did you mean` hint (e.g. `schema_names(Model.model_json_schema())`)."""
    first = error.errors(include_url=False, include_input=False)[0]
    location = ".".join(str(part) for part in error_path(error)) or "(root)"
    ctx = first.get("ctx") or {}
    if first["type"] == "union_tag_invalid":
        # The whole list of expected tags is long; the spec (`authsession spec`) lists them.
        # The value itself is not quoted: whatever was pasted there could be a secret. A close
        # known value is (it is one of ours).
        location, first["msg"] = (
            str(ctx.get("discriminator", "type")).strip("'"),
            "unknown value" + did_you_mean(str(ctx.get("tag", "")), _quoted(ctx)),
        )
    elif first["type"] == "union_tag_not_found":
        location, first["msg"] = str(ctx.get("discriminator", "type")).strip("'"), "missing"
    elif first["type"] == "extra_forbidden":
        # pydantic names the unknown key in `loc`; it is the input's text, so only a close known
        # name is offered.
        first["msg"] = "unknown field" + did_you_mean(str(first["loc"][-1]), known)
    else:
        # Our own validators' messages; pydantic's prefix adds nothing.
        first["msg"] = str(first["msg"]).removeprefix("Value error, ")
    more = error.error_count() - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{location}: {first['msg']}{suffix}"
