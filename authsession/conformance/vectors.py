"""Conformance vectors (`authsession.vectors/1`): generated from the spec, checked against a target.

Owns: the vector file format (frozen pydantic models), its generation by shortest-path search over
the core's configuration space — the explorer's alphabet and node notion, reused from
`authsession.core.explore` — the byte-stable rendering shipped as package data
(`conformance/data/vectors.json`), loading with one-line errors, and running a suite against any
`Target` (the in-process reference, or a port process from `conformance.driver`) with row coverage.
Must not import the runtime, the world or the CLI.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, field_validator
from pydantic import model_validator as _model_validator
from transitions import Machine

from authsession.core.explore import event_alphabet, explore
from authsession.core.machine import MACHINE, Context, SessionCore
from authsession.errors import (
    describe_validation_error,
    did_you_mean,
    schema_names,
)
from authsession.inputs import JsonDocument, parse_json, read_json
from authsession.spec.commands import Command
from authsession.spec.events import MachineEvent
from authsession.spec.export import SPEC_SCHEMA
from authsession.spec.states import INITIAL_STATE, State
from authsession.spec.table import CONTEXT_FLAGS, TABLE, Rule

VECTORS_SCHEMA: Final = "authsession.vectors/1"
DATA_FILE: Final = "vectors.json"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


class Initial(_Frozen):
    """Where a vector starts: a state and the context flags (missing flags are false)."""

    state: State = INITIAL_STATE
    context: dict[str, StrictBool] = Field(default_factory=dict)

    @field_validator("context", mode="before")
    @classmethod
    def _known_flags(cls, value: object) -> object:
        # Before type checks: a key is the input's own text, so an unknown one is named by a
        # close known flag only (a key with a wrong value would otherwise be quoted in `loc`).
        if isinstance(value, dict):
            unknown = sorted(str(k) for k in value if k not in CONTEXT_FLAGS)
            if unknown:
                raise ValueError("unknown flag" + did_you_mean(unknown[0], CONTEXT_FLAGS))
        return value

    def full_context(self) -> dict[str, bool]:
        return {name: bool(self.context.get(name, False)) for name in CONTEXT_FLAGS}

    def core(self, machine: Machine = MACHINE) -> SessionCore:
        return SessionCore(self.state, Context(**self.full_context()), machine=machine)


class Outcome(_Frozen):
    """What one event did, as the port protocol answers it."""

    state: State
    commands: tuple[Command, ...]
    reason: str

    def wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def describe(self) -> str:
        return json.dumps(self.wire(), separators=(", ", ": "))


class Vector(_Frozen):
    """One sequence: start at `initial`, feed `events`, expect `expected[i]` after `events[i]`."""

    name: str = Field(min_length=1)
    covers: tuple[str, ...] = ()
    initial: Initial = Field(default_factory=Initial)
    events: tuple[MachineEvent, ...] = Field(min_length=1)
    expected: tuple[Outcome, ...]

    @_model_validator(mode="after")
    def _one_expectation_per_event(self) -> Vector:
        if len(self.expected) != len(self.events):
            raise ValueError(
                f"expected has {len(self.expected)} entries for {len(self.events)} events"
            )
        return self


class VectorSuite(_Frozen):
    """An `authsession.vectors/1` file: conformance vectors a port must answer exactly."""

    schema_: Literal["authsession.vectors/1"] = Field(alias="schema")
    spec: str = SPEC_SCHEMA
    rows: int = Field(ge=0, description="Rows in the spec table the suite was generated from.")
    vectors: tuple[Vector, ...]


# Rows ------------------------------------------------------------------------------------------


def row_key(rule: Rule) -> str:
    """A stable, readable name for a table row: `source.event[guard literals]`.
    Unique because the guards of one (source, event) pair are mutually exclusive."""
    guard = f"[{' '.join(rule.when)}]" if rule.when else ""
    return f"{rule.source.value}.{rule.event}{guard}"


def row_keys(table: tuple[Rule, ...] = TABLE) -> tuple[str, ...]:
    return tuple(row_key(rule) for rule in table)


# Generation ------------------------------------------------------------------------------------


def shortest_paths_to_rows(
    table: tuple[Rule, ...] = TABLE, machine: Machine = MACHINE
) -> dict[Rule, tuple[MachineEvent, ...]]:
    """For each row reachable from the initial state, one shortest event path whose last step
    fires it: the `first_paths` of the one path search that also checks the invariants
    (`authsession.core.explore.explore`). Rows reached only from a restored start (a relaunch
    resuming a snapshot) are `shortest_starts_and_paths`'s."""
    return {
        rule: path
        for rule, (initial, path) in shortest_starts_and_paths(table, machine).items()
        if initial == Initial()
    }


def shortest_starts_and_paths(
    table: tuple[Rule, ...] = TABLE, machine: Machine = MACHINE
) -> dict[Rule, tuple[Initial, tuple[MachineEvent, ...]]]:
    """For each reachable row, where its shortest path starts — a fresh session, or a relaunch
    that resumed a snapshot (`authsession.core.explore.STARTS`) — and the path."""
    rows = set(table)
    found = explore(machine, stop_at_violation=False).first_paths
    return {
        rule: (_initial(origin), path) for rule, (origin, path) in found.items() if rule in rows
    }


def _initial(node: tuple[State, tuple[bool, ...], bool]) -> Initial:
    state, flags, _ = node
    on = {name: True for name, value in zip(CONTEXT_FLAGS, flags, strict=True) if value}
    return Initial(state=state, context=on)


def reachable_configurations(machine: Machine = MACHINE) -> tuple[Initial, ...]:
    """Every (state, flags) the session can reach from `starting`, in search order: where a
    port's `reset` must be able to put it."""
    nodes = explore(machine, stop_at_violation=False, keep_reachable=True).reachable
    seen: dict[tuple[State, tuple[bool, ...]], None] = {}
    for state, flags, _ in nodes:
        seen.setdefault((state, flags), None)
    return tuple(
        Initial(state=state, context=dict(zip(CONTEXT_FLAGS, flags, strict=True)))
        for state, flags in seen
    )


def transition_vectors(table: tuple[Rule, ...] = TABLE) -> tuple[Vector, ...]:
    """One single-event vector per reachable configuration (but the start) and per event variant
    that fires a row of the table there: together with the paths from `starting`, the whole
    reachable transition function, including every `reset` a port must honour."""
    rows = set(table)
    out = []
    for initial in reachable_configurations()[1:]:
        core = initial.core()
        flags = tuple(core.context.as_dict().values())
        for event in event_alphabet():
            fired = run_reference(initial, (event,))[1][0]
            if fired in rows:
                bits = "".join("1" if f else "0" for f in flags)
                variant = event.model_dump_json(exclude={"type"})
                name = f"from {initial.state.value}/{bits}: {event.type} {variant}"
                out.append(vector_from_events(name, (event,), initial, table=table))
    return tuple(out)


def run_reference(
    initial: Initial, events: Sequence[MachineEvent], machine: Machine = MACHINE
) -> tuple[list[Outcome], list[Rule]]:
    """The reference's answer to each event, and the row each one fired."""
    core = initial.core(machine)
    outcomes: list[Outcome] = []
    fired: list[Rule] = []
    for event in events:
        step = core.step(event)
        outcomes.append(Outcome(state=step.state, commands=step.commands, reason=step.reason))
        assert core.last_rule is not None
        fired.append(core.last_rule)
    return outcomes, fired


def vector_from_events(
    name: str,
    events: Sequence[MachineEvent],
    initial: Initial | None = None,
    *,
    table: tuple[Rule, ...] = TABLE,
) -> Vector:
    """A vector whose expectations are the reference's answers. The hook for vectors that do not
    come from the path search (difftest counterexamples, scenario-derived sequences)."""
    initial = initial if initial is not None else Initial()
    outcomes, fired = run_reference(initial, events)
    rows = set(table)
    covers = tuple(dict.fromkeys(row_key(r) for r in fired if r in rows))
    return Vector(
        name=name, covers=covers, initial=initial, events=tuple(events), expected=tuple(outcomes)
    )


def generate_vectors(table: tuple[Rule, ...] = TABLE) -> tuple[Vector, ...]:
    """One vector per shortest path to a row; a path that is a prefix of another is dropped
    (the longer one passes through the same row at the same depth)."""
    paths = shortest_starts_and_paths(table)
    order = {rule: index for index, rule in enumerate(table)}
    kept: list[tuple[Rule, Initial, tuple[MachineEvent, ...]]] = []
    by_length = sorted(paths.items(), key=lambda item: (-len(item[1][1]), order[item[0]]))
    for rule, (initial, path) in by_length:
        if not any(start == initial and other[: len(path)] == path for _, start, other in kept):
            kept.append((rule, initial, path))
    kept.sort(key=lambda item: order[item[0]])
    return tuple(
        vector_from_events(row_key(rule), path, initial, table=table)
        for rule, initial, path in kept
    )


def build_suite(extra: Iterable[Vector] = ()) -> VectorSuite:
    """The shipped suite: the shortest paths to every row, one event from every other reachable
    configuration, then `extra` (e.g. scenario-derived ones)."""
    vectors = (*generate_vectors(), *transition_vectors(), *extra)
    names = [v.name for v in vectors]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"duplicate vector name {duplicates[0]!r}")
    return VectorSuite(schema_=VECTORS_SCHEMA, rows=len(TABLE), vectors=vectors)


# Rendering and loading -------------------------------------------------------------------------


def _line(value: object) -> str:
    return json.dumps(value, sort_keys=False, separators=(", ", ": "))


def render_suite(suite: VectorSuite) -> str:
    """Byte-stable JSON: one event or expectation per line, so diffs of the shipped file read."""
    out = ["{", f'  "schema": {_line(suite.schema_)},', f'  "spec": {_line(suite.spec)},']
    out += [f'  "rows": {suite.rows},', '  "vectors": [']
    for index, vector in enumerate(suite.vectors):
        data = vector.model_dump(mode="json")
        out += ["    {", f'      "name": {_line(data["name"])},']
        out.append(f'      "covers": {_line(data["covers"])},')
        initial = {"state": vector.initial.state.value, "context": vector.initial.full_context()}
        out.append(f'      "initial": {_line(initial)},')
        for key in ("events", "expected"):
            items = [f"        {_line(item)}" for item in data[key]]
            closing = "]," if key == "events" else "]"
            out += [f'      "{key}": [', ",\n".join(items), f"      {closing}"]
        out.append("    }," if index < len(suite.vectors) - 1 else "    }")
    out += ["  ]", "}"]
    return "\n".join(out) + "\n"


def describe_error(error: ValidationError, *, known: frozenset[str] | None = None) -> str:
    """`describe_validation_error`, keeping the path to a discriminated union whose tag is wrong
    (`vectors.1.events.0.type: unknown value 'reboot'`, not just `type: …`)."""
    first = error.errors(include_url=False, include_input=False)[0]
    text = describe_validation_error(error, known=_known_names() if known is None else known)
    if first["type"] in ("union_tag_invalid", "union_tag_not_found") and first["loc"]:
        return ".".join(str(part) for part in first["loc"]) + "." + text
    return text


@functools.cache
def _known_names() -> frozenset[str]:
    """Names a `did you mean` may offer: the suite's fields, the events' and commands' fields and
    tags, the context flags (ours, so quoting them echoes nothing a user typed)."""
    suite, outcome = VectorSuite.model_json_schema(by_alias=True), Outcome.model_json_schema()
    return schema_names(suite) | schema_names(outcome) | frozenset(CONTEXT_FLAGS)


def load_suite(path: Path | None = None) -> VectorSuite:
    """Read a vectors file (the shipped one by default) through the input layer (size, UTF-8,
    JSON limits); every problem is one line `FILE:LINE: field: problem`."""
    if path is None:
        source = f"authsession/conformance/data/{DATA_FILE}"
        text = shipped_text()
        document = JsonDocument(source, text, parse_json(text, source))
    else:
        document = read_json(path)
    try:
        return VectorSuite.model_validate(document.value)
    except ValidationError as err:
        raise document.invalid(err, describe_error(err)) from None


def shipped_text() -> str:
    return resources.files("authsession.conformance").joinpath("data", DATA_FILE).read_text("utf-8")


# Running ---------------------------------------------------------------------------------------


class Target(Protocol):
    """Something that answers machine events: the reference, or a port process."""

    def run(
        self, sequence: int, initial: Initial, events: Sequence[MachineEvent]
    ) -> list[Outcome]: ...


class ReferenceTarget:
    """The reference core, in process."""

    def __init__(self, machine: Machine = MACHINE) -> None:
        self._machine = machine

    def run(self, sequence: int, initial: Initial, events: Sequence[MachineEvent]) -> list[Outcome]:
        return run_reference(initial, events, self._machine)[0]


@dataclass(frozen=True, slots=True)
class Mismatch:
    vector: str
    step: int  # 1-based
    expected: Outcome
    observed: Outcome

    def __str__(self) -> str:
        return (
            f"{self.vector}: step {self.step}: expected {self.expected.describe()}, "
            f"got {self.observed.describe()}"
        )


@dataclass(frozen=True, slots=True)
class VerifyReport:
    vectors: int
    steps: int
    mismatches: tuple[Mismatch, ...]
    rows_covered: frozenset[str]
    rows_total: int

    @property
    def coverage(self) -> float:
        return 1.0 if self.rows_total == 0 else len(self.rows_covered) / self.rows_total

    def summary(self) -> str:
        passed = self.vectors - len({m.vector for m in self.mismatches})
        return (
            f"vectors: {passed}/{self.vectors} passed ({self.steps} steps); coverage "
            f"{len(self.rows_covered)}/{self.rows_total} rows ({100 * self.coverage:.1f} %)"
        )


def verify(
    suite: VectorSuite,
    target: Target,
    *,
    on_mismatch: Callable[[Mismatch], None] | None = None,
) -> VerifyReport:
    """Run every vector on `target`; record the first mismatch of each. Coverage is the set of
    table rows the vectors fire *in the reference*, whatever the target answered."""
    mismatches: list[Mismatch] = []
    covered: set[str] = set()
    keys: Mapping[Rule, str] = {rule: row_key(rule) for rule in TABLE}
    steps = 0
    for number, vector in enumerate(suite.vectors, start=1):
        _, fired = run_reference(vector.initial, vector.events)
        covered.update(keys[r] for r in fired if r in keys)
        answers = target.run(number, vector.initial, vector.events)
        steps += len(answers)
        for index, (want, got) in enumerate(zip(vector.expected, answers, strict=True), start=1):
            if want != got:
                mismatch = Mismatch(vector.name, index, want, got)
                mismatches.append(mismatch)
                if on_mismatch is not None:
                    on_mismatch(mismatch)
                break
    return VerifyReport(
        vectors=len(suite.vectors),
        steps=steps,
        mismatches=tuple(mismatches),
        rows_covered=frozenset(covered),
        rows_total=len(TABLE),
    )
