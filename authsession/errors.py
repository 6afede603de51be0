"""The package's typed exceptions.

Owns: every exception the public API raises on bad input. Messages name the field and the
problem in one line and never include a secret. Must not import anything but pydantic.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError


class AuthSessionError(Exception):
    """Base class of every error this package raises on purpose."""


class InvalidInputError(AuthSessionError, ValueError):
    """Input (an event, a config, a file) does not fit its schema. `str()` is one line."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.message = " ".join(message.split())  # one line, whatever the validator said
        super().__init__(f"{source}: {self.message}")


class InsecureProtectionError(AuthSessionError, ValueError):
    """Credentials were to be stored in a class readable before the first unlock (iOS `Always*`,
    Android device-encrypted storage) without explicit permission: silently lowering protection
    is what this package exists to prevent (invariant 7)."""


class UnsupportedProtectionError(AuthSessionError, ValueError):
    """The protection class does not exist on this platform, or this keychain cannot honour it."""


def did_you_mean(given: str, known: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest known name, or nothing: never the given text, which
    could be a secret pasted into the wrong field."""
    close = difflib.get_close_matches(given, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _quoted(ctx: dict[str, object]) -> list[str]:
    return re.findall(r"'([^']*)'", str(ctx.get("expected_tags", "")))


def describe_validation_error(error: ValidationError) -> str:
    """The first problem of a pydantic error as `field: message` — one line, input not echoed
    (the input could hold a password)."""
    first = error.errors(include_url=False, include_input=False)[0]
    location = ".".join(str(part) for part in first["loc"]) or "(root)"
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
    more = error.error_count() - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{location}: {first['msg']}{suffix}"


def read_input(path: Path) -> str:
    """An input file's text; a missing, unreadable or non-UTF-8 file is one `InvalidInputError`
    line naming it (what every verb that reads a file promises)."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise InvalidInputError(str(path), f"cannot read: {err.strerror}") from None
    except UnicodeDecodeError:
        raise InvalidInputError(str(path), "not UTF-8 text") from None
