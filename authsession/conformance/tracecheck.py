"""The trace checker: an app's own log of machine events and observed states, judged by the spec.

Owns: the log line format (`TraceHeader`, `TraceStep`, with a JSON Schema for `check-trace
--schema`), parsing it with `FILE:LINE: field: problem` errors, and replaying each event through
the reference core to report every line whose observed state or reason the spec does not allow,
and every line where an invariant from `authsession.invariants.check_records` breaks. After a
disagreement the replay continues from what the app observed, so one bug is reported once, not on
every later line. Must not import the runtime, the world or the CLI.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, TypeAdapter, ValidationError

from authsession.conformance.vectors import Initial, describe_error
from authsession.core.machine import Context, SessionCore
from authsession.core.records import record_of
from authsession.errors import InvalidInputError, schema_names
from authsession.inputs import json_lines, read_bytes
from authsession.invariants import Record, check_records
from authsession.spec.events import MachineEvent
from authsession.spec.interpreter import enter
from authsession.spec.states import State

TRACE_LOG_SCHEMA: Final = "authsession.tracelog/1"


class TraceHeader(BaseModel):
    """Optional first line: where the session stood when the log starts (default: `starting`,
    every flag false)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    initial: Initial


class TraceStep(BaseModel):
    """One step as the app logged it."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    time: StrictFloat = Field(
        description="When the event happened, seconds (any clock the app uses)."
    )
    event: MachineEvent
    state: State = Field(description="The session's state after the event, as the app saw it.")
    reason: str | None = Field(default=None, description="The reason the app's machine gave.")


_LINE: TypeAdapter[TraceHeader | TraceStep] = TypeAdapter(
    TraceHeader | TraceStep, config=ConfigDict(defer_build=True)
)


def trace_log_json_schema() -> dict[str, Any]:
    """The JSON Schema of an `authsession.tracelog/1` log that `check-trace` reads."""

    schema = _LINE.json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{TRACE_LOG_SCHEMA}: one line of an app's session log (JSON Lines)",
        "description": "Each line is a step; an optional first line gives the initial state.",
        **schema,
    }


def validate_line(data: object, source: str) -> TraceHeader | TraceStep:
    if not isinstance(data, dict):
        raise InvalidInputError(source, "(root): expected a JSON object")
    try:
        if "initial" in data:
            return TraceHeader.model_validate(data)
        return TraceStep.model_validate(data)
    except ValidationError as err:
        raise InvalidInputError(source, describe_error(err, known=_known_names())) from None


@functools.cache
def _known_names() -> frozenset[str]:
    return schema_names(trace_log_json_schema())


def load_log(path: Path) -> tuple[Initial, list[tuple[int, TraceStep]]]:
    """Read and validate the whole log first, so a malformed line is reported before any
    judgement (exit 2 rather than a half report). Bounded (the input layer's file and line
    limits) and split on "\n" only: a raw U+2028 inside a JSON string is text, not a line break,
    and a "\r" does not shift the numbering."""
    initial = Initial()
    steps: list[tuple[int, TraceStep]] = []
    for number, value in json_lines(read_bytes(path), str(path)):
        parsed = validate_line(value, f"{path}:{number}")
        if isinstance(parsed, TraceHeader):
            if steps:
                raise InvalidInputError(
                    f"{path}:{number}", "initial: only allowed as the first line"
                )
            initial = parsed.initial
        else:
            steps.append((number, parsed))
    return initial, steps


@dataclass(frozen=True, slots=True)
class Finding:
    line: int
    message: str


def check_steps(initial: Initial, steps: Iterable[tuple[int, TraceStep]]) -> list[Finding]:
    """Every line where the observation disagrees with the spec or an invariant breaks."""
    findings: list[Finding] = []
    records: list[Record] = []
    core = initial.core()
    pending_at_start = core.context.work_pending
    for number, logged in steps:
        source = core.current
        step = core.step(logged.event)
        reason = logged.reason if logged.reason is not None else step.reason
        agrees = logged.state is step.state and reason == step.reason
        if not agrees:
            want = f"{step.state.value} ({step.reason})"
            got = logged.state.value + (f" ({logged.reason})" if logged.reason else "")
            findings.append(
                Finding(
                    number,
                    f"{logged.event.type} in {source.value}: the spec gives {want}, "
                    f"the app logged {got}",
                )
            )
        # The app logs no commands: when it agrees, the spec's are what it should have run.
        observed = (
            step
            if agrees
            else replace(
                step,
                state=logged.state,
                commands=(),
                reason=logged.reason if logged.reason is not None else "unlogged",
            )
        )
        available = core.context.protected_data_available
        records.append(record_of(number, logged.event, observed, available))
        if logged.state is not step.state:
            core = _resync(core, logged.state)
    findings += [
        Finding(v.step, f"invariant {v.invariant}: {v.message}")
        for v in check_records(records, pending_at_start=pending_at_start)
    ]
    return sorted(findings, key=lambda f: f.line)


def _resync(core: SessionCore, observed: State) -> SessionCore:
    """Continue from the state the app was really in (its context as the spec would leave it)."""
    context = Context(**enter(core.current, observed, core.context.as_dict()))
    return SessionCore(observed, context)


def check_log(path: Path) -> tuple[int, list[Finding]]:
    """(steps read, findings) for a log file; `InvalidInputError` on a malformed line."""
    initial, steps = load_log(path)
    return len(steps), check_steps(initial, steps)
