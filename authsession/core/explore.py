"""Breadth-first exploration of the core's configuration space, checking the invariants.

Owns: the event alphabet (every event with every value of its boolean fields), `explore()`, which
visits every reachable (state, context, owed-work) node from the initial state and checks every
transition out of each, and the shortest counterexample when one breaks an invariant. Because a
step depends only on the node it starts from, covering every edge of the reachable graph covers
every event sequence of any length from every reachable configuration.
Must not import adapters, runtime or CLI.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from transitions import Machine

from authsession.core.machine import MACHINE, Context, SessionCore, step_of
from authsession.core.records import record_of
from authsession.invariants import Violation, check_records, work_pending_after
from authsession.spec.events import EVENT_CLASSES, MachineEvent, SecretLossCause
from authsession.spec.states import INITIAL_STATE, State
from authsession.spec.table import AVAILABILITY_FIELD, Rule

_AVAILABLE = [f.name for f in fields(Context)].index(AVAILABILITY_FIELD)


def event_alphabet() -> tuple[MachineEvent, ...]:
    """Each event type once per combination of its boolean and enum field values."""
    out: list[MachineEvent] = []
    for cls in EVENT_CLASSES:
        choices: dict[str, tuple[Any, ...]] = {}
        for name, field in cls.model_fields.items():
            if name == "type":
                continue
            choices[name] = (
                tuple(SecretLossCause)
                if field.annotation is SecretLossCause
                else (
                    False,
                    True,
                )
            )
        names = list(choices)
        for values in itertools.product(*(choices[n] for n in names)):
            out.append(cls(**dict(zip(names, values, strict=True))))  # type: ignore[arg-type]
    return tuple(out)


Flags = tuple[bool, ...]
Node = tuple[State, Flags, bool]  # state, context flags, work owed (observer's view)
#: A next-state function: (state, flags, event) -> (row fired, next state, next flags).
Stepper = Callable[[State, Flags, MachineEvent], tuple[Rule, State, Flags]]
Edge = tuple[Node, MachineEvent, tuple[Rule, State, Flags]]


def machine_stepper(machine: Machine = MACHINE) -> Stepper:
    """The `transitions` machine as a next-state function (the reference meaning)."""

    def step(state: State, flags: Flags, event: MachineEvent) -> tuple[Rule, State, Flags]:
        core = SessionCore(state, Context(*flags), machine=machine)
        core.step(event)
        core.close()
        assert core.last_rule is not None
        return core.last_rule, core.current, tuple(core.context.as_dict().values())

    return step


@dataclass(frozen=True)
class Exploration:
    nodes: int
    edges: int
    states_reached: frozenset[State]
    rules_fired: frozenset[Rule]
    violations: tuple[Violation, ...]
    counterexample: tuple[MachineEvent, ...]
    #: Every explored edge, when asked for (agreement tests between next-state functions).
    transitions: tuple[Edge, ...] = ()


def explore(
    machine: Machine = MACHINE,
    *,
    stepper: Stepper | None = None,
    keep_transitions: bool = False,
) -> Exploration:
    """Visit the whole reachable space; stop at the first violation with the shortest path.
    `stepper` replaces the `transitions` machine (e.g. a compiled table)."""
    step = stepper if stepper is not None else machine_stepper(machine)
    alphabet = event_alphabet()
    start: Node = (INITIAL_STATE, tuple(Context().as_dict().values()), False)
    parents: dict[Node, tuple[Node, MachineEvent] | None] = {start: None}
    queue = deque([start])
    fired: set[Rule] = set()
    kept: list[Edge] = []
    edges = 0

    def result(violations: tuple[Violation, ...], path: tuple[MachineEvent, ...]) -> Exploration:
        reached = frozenset(n[0] for n in parents)
        return Exploration(
            len(parents), edges, reached, frozenset(fired), violations, path, tuple(kept)
        )

    while queue:
        node = queue.popleft()
        state, flags, owed = node
        for event in alphabet:
            rule, target, after = step(state, flags, event)
            edges += 1
            fired.add(rule)
            if keep_transitions:
                kept.append((node, event, (rule, target, after)))
            available = after[_AVAILABLE]
            record = record_of(0, event, step_of(rule, event), available)
            violations = check_records([record], pending_at_start=owed)
            if violations:
                path = [event]
                cursor = parents[node]
                while cursor is not None:
                    path.append(cursor[1])
                    cursor = parents[cursor[0]]
                return result(tuple(violations), tuple(reversed(path)))
            child: Node = (target, after, work_pending_after(record, owed))
            if child not in parents:
                parents[child] = (node, event)
                queue.append(child)
    return result((), ())
