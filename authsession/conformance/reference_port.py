"""The reference core as an `authsession.port/1` peer: what every port is compared against.

Owns: the meaning of one decoded protocol line — `{"reset": {...}}` starts a sequence from a
state and context (no answer), anything else is one machine event answered with
`{"state", "commands", "reason"}` — for the reference core. `authsession port` feeds it the
lines of stdin or a file; tests and tools can call it directly. Every problem is one
`InvalidInputError` naming the source and the field, never quoting the input.
Must not import the runtime, the world or the CLI.
"""

from __future__ import annotations

from typing import Any, Final

from pydantic import ValidationError

from authsession.conformance.vectors import Initial
from authsession.core.machine import SessionCore
from authsession.errors import InvalidInputError, describe_validation_error
from authsession.spec.events import parse_event

_RESET_NAMES: Final = frozenset(["state", "context"])


class ReferencePort:
    """One protocol conversation: a core that `handle()` resets and steps."""

    def __init__(self) -> None:
        self._core = SessionCore()

    def handle(self, payload: Any, source: str) -> dict[str, Any] | None:
        """The answer to one decoded line (None for a reset, which gets no answer)."""
        if isinstance(payload, dict) and "reset" in payload:
            try:
                # `Initial` checks context keys before their values: an unknown key is named
                # by a close known flag only, never quoted.
                reset = Initial.model_validate(payload["reset"] or {})
            except ValidationError as err:
                raise InvalidInputError(
                    source, "reset." + describe_validation_error(err, known=_RESET_NAMES)
                ) from None
            self._core = reset.core()
            return None
        step = self._core.step(parse_event(payload, source=source))
        return {
            "state": step.state.value,
            "commands": [c.model_dump(mode="json") for c in step.commands],
            "reason": step.reason,
        }

    def close(self) -> None:
        """The core is memory only: nothing to release."""
