"""Differential testing of a port against the reference: generate, compare, shrink.

Owns: the seeded sequence generator (biased towards events that fire a table row from the current
configuration, so random runs exercise the spec rather than its ignore rows), lockstep comparison
of a `Target` with the in-process reference, and delta debugging of a diverging sequence down to a
1-minimal counterexample. Deterministic for a seed. Must not import the runtime, world or CLI.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from authsession.conformance.vectors import (
    Initial,
    Outcome,
    Target,
    Vector,
    reachable_configurations,
    row_key,
    run_reference,
    vector_from_events,
)
from authsession.core.explore import event_alphabet
from authsession.spec.events import MachineEvent
from authsession.spec.interpreter import step as interpret
from authsession.spec.states import State
from authsession.spec.table import CONTEXT_FLAGS, TABLE, Rule

#: Share of generated events chosen among those that fire a real row (the rest: any event, so
#: stale results and ignored pairs are exercised too).
INTERESTING_SHARE = 0.8
#: Share of sequences that start from another reachable configuration than `starting` (the port
#: must honour `reset` to any of them).
ELSEWHERE_SHARE = 0.5


@cache
def _alphabet() -> tuple[MachineEvent, ...]:
    return event_alphabet()


@cache
def _interesting(state: State, flags: tuple[bool, ...]) -> tuple[int, ...]:
    """Indices of alphabet events that fire a table row (not an ignore row) here, by the spec's
    own interpreter. Only a bias for the generator."""
    rows = set(TABLE)
    context = dict(zip(CONTEXT_FLAGS, flags, strict=True))
    return tuple(
        index
        for index, event in enumerate(_alphabet())
        if interpret(state, context, event).rule in rows
    )


@cache
def _starts() -> tuple[Initial, ...]:
    return reachable_configurations()


@dataclass(frozen=True, slots=True)
class Walk:
    """A generated sequence with where it starts, the reference's answers and the rows fired."""

    initial: Initial
    events: tuple[MachineEvent, ...]
    expected: tuple[Outcome, ...]
    fired: tuple[Rule, ...]


def generate_sequence(rng: random.Random, length: int) -> Walk:
    """`length` events from a reachable configuration (`starting` half the time), walked on the
    reference to bias the choice."""
    alphabet = _alphabet()
    starts = _starts()
    initial = rng.choice(starts[1:]) if rng.random() < ELSEWHERE_SHARE else starts[0]
    core = initial.core()
    events: list[MachineEvent] = []
    expected: list[Outcome] = []
    fired: list[Rule] = []
    for _ in range(length):
        choices = _interesting(core.current, tuple(core.context.as_dict().values()))
        if choices and rng.random() < INTERESTING_SHARE:
            event = alphabet[rng.choice(choices)]
        else:
            event = rng.choice(alphabet)
        step = core.step(event)
        assert core.last_rule is not None
        events.append(event)
        expected.append(Outcome(state=step.state, commands=step.commands, reason=step.reason))
        fired.append(core.last_rule)
    return Walk(initial, tuple(events), tuple(expected), tuple(fired))


def first_divergence(
    target: Target,
    sequence: int,
    events: Sequence[MachineEvent],
    expected: Sequence[Outcome] | None = None,
    initial: Initial | None = None,
) -> tuple[int, Outcome, Outcome] | None:
    """(0-based step, reference outcome, target outcome) of the first difference, or None."""
    initial = initial if initial is not None else Initial()
    if expected is None:
        expected = run_reference(initial, events)[0]
    observed = target.run(sequence, initial, events)
    for index, (want, got) in enumerate(zip(expected, observed, strict=True)):
        if want != got:
            return index, want, got
    return None


def ddmin(
    items: Sequence[MachineEvent], fails: Callable[[Sequence[MachineEvent]], bool]
) -> tuple[MachineEvent, ...]:
    """Zeller's delta debugging: a 1-minimal subsequence of `items` on which `fails` holds
    (removing any single event makes it pass)."""
    current = tuple(items)
    granularity = 2
    while len(current) >= 2:
        chunk = -(-len(current) // granularity)
        parts = [current[i : i + chunk] for i in range(0, len(current), chunk)]
        for index, part in enumerate(parts):
            complement = tuple(e for j, p in enumerate(parts) if j != index for e in p)
            if fails(part):
                current, granularity = part, 2
                break
            if fails(complement):
                current, granularity = complement, max(granularity - 1, 2)
                break
        else:
            if granularity >= len(current):
                break
            granularity = min(len(current), granularity * 2)
    return current


@dataclass(frozen=True, slots=True)
class Divergence:
    sequence: int  # 1-based number of the generated sequence that diverged
    original_length: int
    events: tuple[MachineEvent, ...]  # shrunk; the last event is where they differ
    expected: Outcome
    observed: Outcome
    checks: int  # sequences run while shrinking
    initial: Initial = field(default_factory=Initial)

    def vector(self, seed: int) -> Vector:
        name = f"difftest-seed{seed}-sequence{self.sequence}"
        return vector_from_events(name, self.events, self.initial)

    def describe(self) -> str:
        return (
            f"sequence {self.sequence} diverged; shrunk from {self.original_length} to "
            f"{len(self.events)} events: after {self.events[-1].type} the reference says "
            f"{self.expected.describe()}, the port says {self.observed.describe()}"
        )


@dataclass(frozen=True, slots=True)
class DifftestResult:
    sequences: int
    events: int
    seconds: float
    rows_exercised: frozenset[str]
    divergence: Divergence | None

    def summary(self, seed: int) -> str:
        rate = self.sequences / self.seconds if self.seconds > 0 else float("inf")
        return (
            f"difftest: no divergence in {self.sequences} sequences ({self.events} events, "
            f"seed {seed}); {len(self.rows_exercised)}/{len(TABLE)} rows exercised; "
            f"{self.seconds:.2f} s ({rate:.0f} sequences/s)"
        )


def difftest(target: Target, *, sequences: int, seed: int, length: int) -> DifftestResult:
    """Run `sequences` generated sequences on `target` and the reference; shrink the first
    divergence. Port protocol errors propagate as `PortError`."""
    rng = random.Random(seed)
    started = time.perf_counter()
    counter = 0
    total_events = 0
    keys = {rule: row_key(rule) for rule in TABLE}
    exercised: set[str] = set()
    for number in range(1, sequences + 1):
        walk = generate_sequence(rng, length)
        events = walk.events
        counter += 1
        total_events += len(events)
        exercised.update(keys[r] for r in walk.fired if r in keys)
        initial = walk.initial
        found = first_divergence(target, counter, events, walk.expected, initial)
        if found is None:
            continue
        checks = 0

        def fails(candidate: Sequence[MachineEvent], initial: Initial = initial) -> bool:
            nonlocal counter, checks
            counter += 1
            checks += 1
            return bool(candidate) and (
                first_divergence(target, counter, candidate, initial=initial) is not None
            )

        prefix = events[: found[0] + 1]
        shrunk = ddmin(prefix, fails)
        counter += 1
        final = first_divergence(target, counter, shrunk, initial=initial)
        assert final is not None  # ddmin only keeps failing candidates
        step, want, got = final
        divergence = Divergence(
            number, len(events), tuple(shrunk[: step + 1]), want, got, checks + 1, initial
        )
        return DifftestResult(
            number, total_events, time.perf_counter() - started, frozenset(exercised), divergence
        )
    return DifftestResult(
        sequences, total_events, time.perf_counter() - started, frozenset(exercised), None
    )
