"""What an app process said and was told over `authsession.app/1`, as comparable text.

Owns: `Transcript` (one scenario's lines both ways: every adapter call with its arguments, in
order, the world's answer, each callback, each `done` with its state and timers) and `Labels`
(each secret value shown as a label, `<secret-1>`, the same label on both sides of one
comparison — a transcript never holds a secret). `authsession.modelcheck.hostdiff` compares two.
Must not import the CLI.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pydantic import BaseModel, SecretBytes, SecretStr

from authsession.app import protocol as p
from authsession.world.app_process import KILLED


class Labels:
    """Secret values as labels (`<secret-N>`), numbered by first appearance, shared by both
    sides of a comparison: equal labels, equal values. Item and snapshot data are shown decoded,
    with every secret seen so far — and the `secret` of a credentials payload — masked by its
    label; data that is not UTF-8 is `<data-N>`."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}
        self._data: dict[bytes, str] = {}

    def of(self, secret: str) -> str:
        label = self._known.get(secret)
        if label is None:
            label = self._known[secret] = f"<secret-{len(self._known) + 1}>"
        return label

    def learn(self, value: Any) -> None:
        """Register every secret `value` (a protocol line) carries, before any is shown."""
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                self.learn(getattr(value, name))
        elif isinstance(value, SecretStr):
            self.of(value.get_secret_value())
        elif isinstance(value, SecretBytes):
            try:
                inner = json.loads(value.get_secret_value())
            except ValueError:
                return
            if isinstance(inner, dict) and isinstance(inner.get("secret"), str):
                self.of(inner["secret"])
        elif isinstance(value, list | tuple):
            for item in value:
                self.learn(item)

    def data(self, raw: bytes) -> str:
        """Item or snapshot data as text, every known secret masked."""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            label = self._data.get(raw)
            if label is None:
                label = self._data[raw] = f"<data-{len(self._data) + 1}>"
            return label
        for secret in sorted(self._known, key=len, reverse=True):
            if secret:
                text = text.replace(secret, self._known[secret])
        return text


def _plain(value: Any, labels: Labels) -> Any:
    """A protocol value as JSON data, every secret a label (an `Attributes` without its unset
    keys, as the wire has it)."""
    if isinstance(value, BaseModel):
        out: dict[str, Any] = {}
        for name, info in type(value).model_fields.items():
            item = getattr(value, name)
            if item is None and isinstance(value, p.Attributes):
                continue
            out[info.alias or name] = _plain(item, labels)
        return out
    if isinstance(value, SecretStr):
        return labels.of(value.get_secret_value())
    if isinstance(value, SecretBytes):
        return labels.data(value.get_secret_value())
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v, labels) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, labels) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 3570.0 and 3570 are one number on the wire
    return value


def _fields(data: dict[str, Any], skip: Sequence[str]) -> str:
    parts = []
    for key, value in data.items():
        if key in skip:
            continue
        text = value if isinstance(value, str) else _compact(value)
        parts.append(f"{key}={text}")
    return " ".join(parts)


def _compact(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_compact(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_compact(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass
class Transcript:
    """What one app said and was told, line by line, as text (`entries`): what is compared."""

    labels: Labels
    entries: list[str] = field(default_factory=list)
    #: Adapter calls among the entries.
    calls: int = 0

    def listen(self, direction: str, line: Any) -> None:
        """An `AppLauncher` listener."""
        self.labels.learn(line)
        entry = self._entry(direction, line)
        if entry is not None:
            self.entries.append(entry)

    def _entry(self, direction: str, line: Any) -> str | None:
        labels = self.labels
        if line == KILLED:
            return "   killed (no answer)"
        if isinstance(line, p.Hello):
            body = _plain(line.hello, labels)
            return "process " + _fields(body, ("schema", "item", "earlier_protections", "seed"))
        if isinstance(line, p.Ready):
            # The name and whether the process can be reset are the app's own business.
            return f"ready lease={_compact(line.ready.lease)}"
        if isinstance(line, p.StepReport):
            return None  # the trace compares the steps
        if isinstance(line, p.Done):
            deadlines = {k: _plain(v, labels) for k, v in sorted(line.deadlines.items())}
            escaped = None if line.escaped is None else _plain(line.escaped, labels)
            return f"   done state={line.state.value} deadlines={_compact(deadlines)}" + (
                "" if escaped is None else f" escaped={_compact(escaped)}"
            )
        data = _plain(line, labels)
        if direction == "world" and "callback" in data:
            return f"callback {data['callback']} " + _fields(data, ("n", "callback"))
        if direction == "world":
            return "     -> " + _fields(data, ("re",))
        self.calls += 1
        return f"   {data['adapter']}.{data['op']} " + _fields(data, ("call", "adapter", "op"))
