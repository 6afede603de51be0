"""The one path search over the core's configuration space: invariants and vectors both use it.

Owns: the event alphabet (every event with every value of its boolean and enum fields), the
reachable configurations (state, context flags, work owed) from any set of starting nodes, and
`explore()` — a breadth-first search that checks every invariant on every transition and records,
for every table row, the first (hence shortest) path that fires it. Invariant checking stops at
the first violation with its shortest counterexample; vector generation
(`authsession.conformance.vectors`) reads the same search's `first_paths`. Because a step depends
only on the node it starts from, covering every edge of the reachable graph covers every event
sequence of any length from every reachable configuration.
Must not import adapters, runtime or CLI.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from transitions import Machine

from authsession.core.machine import MACHINE, Context, SessionCore
from authsession.core.records import record_of
from authsession.invariants import Violation, check_records, work_pending_after
from authsession.spec.events import EVENT_CLASSES, MachineEvent
from authsession.spec.interpreter import FLAG_NAMES, Flags, Transition, step
from authsession.spec.states import INITIAL_STATE, RESUMED_STATES, SIGNED_OUT_STATES, State
from authsession.spec.table import AVAILABILITY_FIELD, TABLE, Rule

_AVAILABLE = FLAG_NAMES.index(AVAILABILITY_FIELD)


def _choices(annotation: Any) -> tuple[Any, ...]:
    if annotation is bool:
        return (False, True)
    return tuple(annotation)  # an enum: every member


def event_alphabet() -> tuple[MachineEvent, ...]:
    """Each event type once per combination of its boolean and enum field values."""
    out: list[MachineEvent] = []
    for cls in EVENT_CLASSES:
        names = [n for n in cls.model_fields if n != "type"]
        options = [_choices(cls.model_fields[n].annotation) for n in names]
        for values in itertools.product(*options):
            event: BaseModel = cls(**dict(zip(names, values, strict=True)))
            out.append(event)  # type: ignore[arg-type]
    return tuple(out)


Node = tuple[State, Flags, bool]  # state, context flags, work owed (observer's view)
#: A next-state function: (state, flags, event) -> the transition (the interpreter's meaning, or
#: a machine's).
Stepper = Callable[[State, Flags, MachineEvent], Transition]
Edge = tuple[Node, MachineEvent, Transition]
START: Node = (INITIAL_STATE, (False,) * len(FLAG_NAMES), False)


def restored_starts() -> tuple[Node, ...]:
    """Where a relaunched session can start besides `START`: the state a snapshot resumes
    (`starting`, a wipe in progress, a session the server ended) with the flags a restore sets
    — work owed (not for a signed-out user) and a revocation owed."""
    out: list[Node] = []
    for state in (INITIAL_STATE, *sorted(RESUMED_STATES, key=list(State).index)):
        for owed in (False, True) if state not in SIGNED_OUT_STATES else (False,):
            for revoking in (False, True):
                flags = tuple(
                    (name == "work_pending" and owed) or (name == "revocation_pending" and revoking)
                    for name in FLAG_NAMES
                )
                node: Node = (state, flags, owed)
                if node != START:
                    out.append(node)
    return tuple(out)


#: Every node a session can start from: a fresh one, then every restore.
STARTS: tuple[Node, ...] = (START, *restored_starts())


def interpreter_stepper(table: tuple[Rule, ...] = TABLE) -> Stepper:
    """The spec's meaning itself (`authsession.spec.interpreter.step`) as a next-state function."""

    def next_state(state: State, flags: Flags, event: MachineEvent) -> Transition:
        return step(state, dict(zip(FLAG_NAMES, flags, strict=True)), event, table)

    return next_state


def machine_stepper(machine: Machine = MACHINE) -> Stepper:
    """A `transitions` machine as a next-state function (what the runtime runs)."""

    def next_state(state: State, flags: Flags, event: MachineEvent) -> Transition:
        core = SessionCore(state, Context(*flags), machine=machine)
        taken = core.step(event)
        return taken

    return next_state


@dataclass(frozen=True)
class Exploration:
    nodes: int
    edges: int
    states_reached: frozenset[State]
    rules_fired: frozenset[Rule]
    violations: tuple[Violation, ...]
    counterexample: tuple[MachineEvent, ...]
    #: The node each counterexample/first path starts from.
    origin: Node = START
    #: For each rule fired, the first (shortest) path from its origin whose last event fires it.
    first_paths: dict[Rule, tuple[Node, tuple[MachineEvent, ...]]] = field(default_factory=dict)
    #: Every reachable node (with the path that first reached it), when asked for.
    reachable: dict[Node, tuple[Node, tuple[MachineEvent, ...]]] = field(default_factory=dict)
    #: Every explored edge, when asked for (agreement tests between next-state functions).
    transitions: tuple[Edge, ...] = ()


def node_after(node: Node, event: MachineEvent, taken: Transition) -> Node:
    record = record_of(0, event, taken, taken.flags[_AVAILABLE])
    return (taken.state, taken.flags, work_pending_after(record, node[2]))


def explore(
    machine: Machine | None = None,
    *,
    stepper: Stepper | None = None,
    starts: Iterable[Node] = STARTS,
    keep_transitions: bool = False,
    keep_reachable: bool = False,
    stop_at_violation: bool = True,
) -> Exploration:
    """Visit the whole reachable space from `starts`; check every invariant on every transition.
    Stops at the first violation (the shortest path to it) unless told not to. The next-state
    function is the interpreter by default; `machine` or `stepper` replace it."""
    if stepper is None:
        stepper = interpreter_stepper() if machine is None else machine_stepper(machine)
    alphabet = event_alphabet()
    origins: dict[Node, Node] = {}
    parents: dict[Node, tuple[Node, MachineEvent] | None] = {}
    queue: deque[Node] = deque()
    for start in starts:
        if start not in parents:
            parents[start] = None
            origins[start] = start
            queue.append(start)
    fired: dict[Rule, tuple[Node, tuple[MachineEvent, ...]]] = {}
    kept: list[Edge] = []
    violations: list[Violation] = []
    counterexample: tuple[MachineEvent, ...] = ()
    origin = START
    edges = 0

    def path_to(node: Node) -> tuple[MachineEvent, ...]:
        out: list[MachineEvent] = []
        cursor = parents[node]
        while cursor is not None:
            out.append(cursor[1])
            cursor = parents[cursor[0]]
        return tuple(reversed(out))

    while queue:
        node = queue.popleft()
        state, flags, owed = node
        for event in alphabet:
            taken = stepper(state, flags, event)
            edges += 1
            if taken.rule not in fired:
                fired[taken.rule] = (origins[node], (*path_to(node), event))
            if keep_transitions:
                kept.append((node, event, taken))
            record = record_of(0, event, taken, taken.flags[_AVAILABLE])
            broken = check_records([record], pending_at_start=owed)
            if broken and not violations:
                violations = broken
                counterexample = (*path_to(node), event)
                origin = origins[node]
                if stop_at_violation:
                    queue.clear()
                    break
            child = node_after(node, event, taken)
            if child not in parents:
                parents[child] = (node, event)
                origins[child] = origins[node]
                queue.append(child)
    reachable = {n: (origins[n], path_to(n)) for n in parents} if keep_reachable else {}
    return Exploration(
        nodes=len(parents),
        edges=edges,
        states_reached=frozenset(n[0] for n in parents),
        rules_fired=frozenset(fired),
        violations=tuple(violations),
        counterexample=counterexample,
        origin=origin,
        first_paths=fired,
        reachable=reachable,
        transitions=tuple(kept),
    )
