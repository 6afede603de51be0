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
from dataclasses import dataclass
from typing import Any

from transitions import Machine

from authsession.core.machine import MACHINE, Context, SessionCore
from authsession.core.records import record_of
from authsession.invariants import Violation, check_records, work_pending_after
from authsession.spec.events import EVENT_CLASSES, MachineEvent, SecretLossCause
from authsession.spec.states import INITIAL_STATE, State
from authsession.spec.table import Rule


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


Node = tuple[State, tuple[bool, ...], bool]  # state, context flags, work owed (observer's view)


@dataclass(frozen=True)
class Exploration:
    nodes: int
    edges: int
    states_reached: frozenset[State]
    rules_fired: frozenset[Rule]
    violations: tuple[Violation, ...]
    counterexample: tuple[MachineEvent, ...]


def explore(machine: Machine = MACHINE) -> Exploration:
    """Visit the whole reachable space; stop at the first violation with the shortest path."""
    alphabet = event_alphabet()
    start: Node = (INITIAL_STATE, tuple(Context().as_dict().values()), False)
    parents: dict[Node, tuple[Node, MachineEvent] | None] = {start: None}
    queue = deque([start])
    edges = 0
    fired: set[Rule] = set()
    while queue:
        node = queue.popleft()
        for event in alphabet:
            state, flags, owed = node
            core = SessionCore(state, Context(*flags), machine=machine)
            step = core.step(event)
            core.close()
            edges += 1
            if core.last_rule is not None:
                fired.add(core.last_rule)
            record = record_of(0, event, step, core.context.protected_data_available)
            violations = check_records([record], pending_at_start=owed)
            if violations:
                path = [event]
                cursor = parents[node]
                while cursor is not None:
                    path.append(cursor[1])
                    cursor = parents[cursor[0]]
                return Exploration(
                    len(parents), edges, frozenset(n[0] for n in parents), frozenset(fired),
                    tuple(violations), tuple(reversed(path)),
                )  # fmt: skip
            child: Node = (
                step.state,
                tuple(core.context.as_dict().values()),
                work_pending_after(record, owed),
            )
            if child not in parents:
                parents[child] = (node, event)
                queue.append(child)
    return Exploration(
        len(parents), edges, frozenset(n[0] for n in parents), frozenset(fired), (), ()
    )
