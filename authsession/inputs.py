"""The one way input gets in: bounded bytes, strict UTF-8, limited JSON, JSON Lines split on "\\n".

Owns: the input limits (`Limits`, `DEFAULT_LIMITS`, `limits_in_effect` to override them for a call
tree, as the CLI's `--max-input-bytes` family does), reading a file without ever holding more than
the limit in memory, UTF-8 decoding with the line of the first bad byte, JSON parsing with
nesting-depth and integer-length limits (Python's `json` raises `ValueError` for a > 4,300-digit
integer and `RecursionError` for deep nesting — both become one line here), JSON Lines split on
`"\\n"` only (not `str.splitlines()`, which also breaks on U+2028 and on a lone `"\\r"`), and
finding the line of a pydantic error's path in a document. Every failure is a `MalformedInputError`:
`source:line: field: problem`, never a quote of the input. Every verb, the scenario and vector
loaders, the trace checker, the port driver's answers and the snapshot loader read through here.
Must not import anything from the package but `authsession.errors`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final

from pydantic import ValidationError

from authsession.errors import MalformedInputError, describe_validation_error

MIB: Final = 1 << 20

#: The field name of problems below any schema (size, encoding, JSON syntax, depth, numbers).
FILE_FIELD: Final = "(file)"


@dataclass(frozen=True, slots=True)
class Limits:
    """What one input may cost. The defaults are orders of magnitude above any real input (the
    shipped vector suite is 92 KB; a scenario, a few KB; an answer or a log line, < 1 KB) and
    orders below what hurts a machine."""

    #: Bytes of one input file (scenario, vectors, trace log). `--max-input-bytes`.
    file_bytes: int = 16 * MIB
    #: Bytes of one JSON Lines line (`port` input, `check-trace` log lines). `--max-line-bytes`.
    line_bytes: int = 1 * MIB
    #: Nesting of arrays and objects; our formats need 6. `--max-json-depth`.
    depth: int = 64
    #: Digits of one JSON integer; our formats need 10. `--max-json-digits`.
    int_digits: int = 100

    def checked(self) -> Limits:
        for name, ceiling in CEILINGS.items():
            if not 1 <= getattr(self, name) <= ceiling:
                raise ValueError(f"{name} must be between 1 and {ceiling:,}")
        return self


#: Upper bounds of the overrides themselves: the depth stays far below Python's recursion limit
#: (`json` recurses once per level), the digits below its 4,300-digit int conversion limit.
CEILINGS: Final = {"file_bytes": 1 << 30, "line_bytes": 256 * MIB, "depth": 500, "int_digits": 4300}


DEFAULT_LIMITS: Final = Limits()
_LIMITS: ContextVar[Limits] = ContextVar("authsession_input_limits", default=DEFAULT_LIMITS)


def current_limits() -> Limits:
    return _LIMITS.get()


@contextlib.contextmanager
def limits_in_effect(limits: Limits) -> Iterator[Limits]:
    """Use `limits` for every read in this call tree (this thread or task)."""
    token = _LIMITS.set(limits.checked())
    try:
        yield limits
    finally:
        _LIMITS.reset(token)


# Bytes -----------------------------------------------------------------------------------------


def read_bytes(path: Path, *, limit: int | None = None, source: str | None = None) -> bytes:
    """At most `limit` bytes of a file (the `file_bytes` limit by default); a larger, missing or
    unreadable file is one line. A regular file is judged by its size before any byte is read;
    an endless one (`/dev/zero`, a pipe) by reading one byte past the limit."""
    name = source if source is not None else str(path)
    cap = current_limits().file_bytes if limit is None else limit
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise MalformedInputError(name, None, f"{FILE_FIELD}: is a directory")
            if stat.S_ISREG(info.st_mode) and info.st_size > cap:
                raise _too_large(name, cap)
            data = handle.read(cap + 1)
    except OSError as err:
        raise _unreadable(name, err) from None
    if len(data) > cap:
        raise _too_large(name, cap)
    return data


def _unreadable(source: str, err: OSError) -> MalformedInputError:
    problem = (
        "is a directory"
        if isinstance(err, IsADirectoryError)
        else (f"cannot read: {err.strerror or type(err).__name__}")
    )
    return MalformedInputError(source, None, f"{FILE_FIELD}: {problem}")


def _too_large(source: str, cap: int) -> MalformedInputError:
    return MalformedInputError(
        source, None, f"{FILE_FIELD}: larger than {cap:,} bytes (raise with --max-input-bytes)"
    )


def decode_utf8(data: bytes, source: str, *, line: int | None = 1) -> str:
    """Strict UTF-8; the error names the line and column of the first bad byte (not the byte)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        start = data.rfind(b"\n", 0, err.start) + 1
        where = None if line is None else line + data.count(b"\n", 0, err.start)
        raise MalformedInputError(
            source, where, f"{FILE_FIELD}: not UTF-8 (bad byte at column {err.start - start + 1})"
        ) from None


def read_text(path: Path, *, source: str | None = None) -> str:
    """A whole input file as text, bounded and strictly UTF-8."""
    name = source if source is not None else str(path)
    return decode_utf8(read_bytes(path, source=name), name)


# JSON ------------------------------------------------------------------------------------------

# A JSON string token, or a bracket: enough to follow nesting without a full parser.
_STRING = r'"(?:[^"\\]|\\.)*"'
_BRACKETS = re.compile(rf"{_STRING}|[\[\]{{}}]", re.DOTALL)


class _TooManyDigits(Exception):
    pass


class _NotAConstant(Exception):
    pass


def _bounded_int(digits: int) -> Any:
    def parse(text: str) -> int:
        if len(text.lstrip("-")) > digits:
            raise _TooManyDigits
        return int(text)

    return parse


def _reject_constant(name: str) -> Any:
    raise _NotAConstant(name)


def _line_at(text: str, position: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, position)


def _too_deep_at(text: str, depth: int) -> int | None:
    """Offset of the first bracket that opens level `depth + 1`, or None."""
    level = 0
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token in "[{":
            level += 1
            if level > depth:
                return match.start()
        elif token in "]}":
            level -= 1
    return None


def _long_int_at(text: str, digits: int) -> int:
    pattern = re.compile(rf"{_STRING}|-?\d{{{digits + 1},}}", re.DOTALL)
    for match in pattern.finditer(text):
        if not match.group().startswith('"'):
            return match.start()
    return 0


def parse_json(text: str, source: str, *, first_line: int | None = 1) -> Any:
    """A JSON value within the current limits. `first_line`: the line `text` starts on in its
    source (None: the source has no lines to name, e.g. a port's single answer)."""
    limits = current_limits()
    line = first_line if first_line is not None else 1

    def fail(position: int, problem: str) -> MalformedInputError:
        where = None if first_line is None else _line_at(text, position, line)
        return MalformedInputError(source, where, f"{FILE_FIELD}: {problem}")

    # Counting brackets is C-speed; the scan that finds the first too-deep one only runs when
    # there could be one. Checked before parsing, so `json` never recurses deeper than allowed.
    if text.count("[") + text.count("{") > limits.depth:
        deep = _too_deep_at(text, limits.depth)
        if deep is not None:
            raise fail(deep, f"nested deeper than {limits.depth} levels")
    try:
        return json.loads(
            text, parse_int=_bounded_int(limits.int_digits), parse_constant=_reject_constant
        )
    except json.JSONDecodeError as err:
        raise fail(err.pos, f"not JSON ({err.msg}, column {err.colno})") from None
    except _TooManyDigits:
        at = _long_int_at(text, limits.int_digits)
        raise fail(at, f"integer longer than {limits.int_digits} digits") from None
    except _NotAConstant as err:
        raise fail(text.find(str(err)), f"not JSON ({err} is not a JSON number)") from None
    except RecursionError:  # not reachable within the depth ceiling; kept as the last fence
        raise fail(0, "nested too deeply") from None


@dataclass(frozen=True, slots=True)
class JsonDocument:
    """A parsed JSON file, kept with its text so a schema error can name its line."""

    source: str
    text: str
    value: Any

    def invalid(self, error: ValidationError, message: str | None = None) -> MalformedInputError:
        """`source:line: field: problem` for a pydantic error on `value` (the line where the
        failing field sits; `message` overrides the default `field: problem`)."""
        # The full path finds the line (an unknown key's own line); only the sanitised one is shown.
        first = error.errors(include_url=False, include_input=False)[0]
        line = line_of(self.text, tuple(first["loc"]))
        return MalformedInputError(self.source, line, message or describe_validation_error(error))


def read_json(path: Path, *, source: str | None = None) -> JsonDocument:
    """One JSON document from a file: bounded, UTF-8, within the JSON limits."""
    name = source if source is not None else str(path)
    text = read_text(path, source=name)
    return JsonDocument(name, text, parse_json(text, name))


# JSON Lines ------------------------------------------------------------------------------------


def _json_line(raw: bytes, number: int, source: str, limit: int) -> Any:
    """One JSON Lines line (without its "\\n") → value; `_BLANK` for a blank line."""
    if len(raw) > limit:
        raise MalformedInputError(source, number, f"{FILE_FIELD}: line longer than {limit:,} bytes")
    text = decode_utf8(raw, source, line=number)
    if not text.strip(" \t\r"):  # JSON's own whitespace only: U+2028 is not a line break here
        return _BLANK
    return parse_json(text, source, first_line=number)


_BLANK: Final = object()


def json_lines(data: bytes, source: str) -> Iterator[tuple[int, Any]]:
    """(line number, value) for each non-blank line of a JSON Lines text, split on "\\n" only."""
    limit = current_limits().line_bytes
    for number, raw in enumerate(data.split(b"\n"), start=1):
        value = _json_line(raw, number, source, limit)
        if value is not _BLANK:
            yield number, value


def stream_json_lines(stream: IO[bytes], source: str) -> Iterator[tuple[int, Any]]:
    """As `json_lines`, reading a stream one bounded line at a time (a `port` process's stdin:
    answers go out as lines come in, and an endless line costs one limit, not all memory)."""
    limit = current_limits().line_bytes
    number = 0
    while chunk := stream.readline(limit + 2):
        number += 1
        raw = chunk[:-1] if chunk.endswith(b"\n") else chunk
        value = _json_line(raw, number, source, limit)
        if value is not _BLANK:
            yield number, value


def open_input(path: Path | None, stdin: IO[Any]) -> tuple[IO[bytes], str]:
    """A binary stream and its name: the file, or standard input (`None` or `-`)."""
    if path is None or str(path) == "-":
        buffer = getattr(stdin, "buffer", None)
        return (buffer if buffer is not None else _encoded(stdin)), "stdin"
    try:
        if os.path.isdir(path):
            raise IsADirectoryError(21, "Is a directory", str(path))
        return open(path, "rb"), str(path)
    except OSError as err:
        raise _unreadable(str(path), err) from None


def _encoded(stream: IO[str]) -> IO[bytes]:
    # A text stream without a byte buffer (a test's StringIO): its text, as UTF-8 bytes.
    import io

    return io.BytesIO(stream.read().encode("utf-8", "surrogateescape"))


# Lines of a path in a document -----------------------------------------------------------------

_TOKEN = re.compile(rf'\s*({_STRING}|[\[\]{{}},:]|[^\s\[\]{{}},:"]+)', re.DOTALL)


def line_of(text: str, path: tuple[str | int, ...]) -> int:
    """The line where the value at `path` (a pydantic `loc`) starts in a JSON `text`: the deepest
    part of the path that exists. Parts that are not keys or indexes (pydantic puts a union's tag
    in the path) are skipped. Only called on the error path, on text that parsed."""
    tokens = [(m.group(1), m.start(1)) for m in _TOKEN.finditer(text)]
    position = _find(tokens, 0, list(path))[1] if tokens else 0
    return 1 + text.count("\n", 0, position)


def _skip(tokens: list[tuple[str, int]], i: int) -> int:
    """Index after the value starting at `i`."""
    level = 0
    while i < len(tokens):
        token = tokens[i][0]
        if token in ("[", "{"):
            level += 1
        elif token in ("]", "}"):
            level -= 1
        i += 1
        if level == 0:
            return i
    return i


def _find(tokens: list[tuple[str, int]], i: int, path: list[str | int]) -> tuple[int, int]:
    """(index, offset) of the value at `path` below the value starting at token `i`."""
    here = tokens[i][1]
    while path:
        part, opening = path[0], tokens[i][0]
        j = i + 1
        found = None
        if opening == "{" and isinstance(part, str):
            while j < len(tokens) and tokens[j][0] != "}":
                key = json.loads(tokens[j][0]) if tokens[j][0].startswith('"') else None
                if key == part:
                    found = j + 2  # key, colon, value
                    break
                j = _skip(tokens, j + 2)
                if j < len(tokens) and tokens[j][0] == ",":
                    j += 1
        elif opening == "[" and isinstance(part, int):
            index = 0
            while j < len(tokens) and tokens[j][0] != "]":
                if index == part:
                    found = j
                    break
                j = _skip(tokens, j)
                index += 1
                if j < len(tokens) and tokens[j][0] == ",":
                    j += 1
        path = path[1:]
        if found is not None and found < len(tokens):
            i, here = found, tokens[found][1]
    return i, here
