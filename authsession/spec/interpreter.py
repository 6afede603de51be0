"""The one meaning of the table: a pure `step`, and the facts derived from the table with it.

Owns: what a guard literal means, the event's effects on the context, which rule fires (the
ignore rows included, so every (state, event, context) has exactly one outcome), what entering a
state clears, and `step()` — the whole semantics in one function (h11's `_state.py` is the
model). `step()` is three calls — `apply_effects`, `select_rule` (guards via `guard_holds`),
`fire` — and the `transitions` core runs the same three, `transitions` choosing the row by calling
`guard_holds` as its conditions: no other module evaluates a guard or applies an effect, entry
clear or `sets`. Vectors, difftest, the trace checker and the ports are derived from this module
or checked against it exhaustively: every state x every context x every event variant.
Must not import the core, adapters or runtime; everything here is a pure function of the table.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Final

from pydantic import BaseModel

from authsession.spec.commands import Command
from authsession.spec.events import (
    EVENT_CLASSES,
    EVENT_TYPES,
    KeychainSecretLost,
    MachineEvent,
    event_type,
)
from authsession.spec.states import State
from authsession.spec.table import (
    AVAILABILITY_FIELD,
    CONTEXT_FLAGS,
    ENTRY_CLEARS,
    EVENT_EFFECTS,
    EVENTS_CARRYING_AVAILABILITY,
    IGNORE_REASONS,
    TABLE,
    Rule,
)

#: The context flags in the spec's order (what tuples of flags are ordered by).
FLAG_NAMES: Final = tuple(CONTEXT_FLAGS)
_flags_of: Final = operator.itemgetter(*FLAG_NAMES)
Flags = tuple[bool, ...]
Values = Mapping[str, bool]


def _boolean_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    return tuple(
        name
        for name, field in cls.model_fields.items()
        if name != AVAILABILITY_FIELD and field.annotation is bool
    )


#: Per event type, the boolean fields a guard may name besides the context flags
#: (`protected_data_available` is not among them: it is copied into the context first).
EVENT_GUARD_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    event_type(cls): _boolean_fields(cls) for cls in EVENT_CLASSES
}


def guard_names(etype: str) -> tuple[str, ...]:
    """Every name a guard of an `etype` row may test: the context flags, then the event's own
    boolean fields."""
    return (*FLAG_NAMES, *EVENT_GUARD_FIELDS[etype])


Literals = tuple[tuple[str, bool], ...]


@cache
def literals(when: tuple[str, ...]) -> Literals:
    """A guard's literals as (name, the value it requires): `name` wants true, `!name` false."""
    return tuple((lit[1:], False) if lit.startswith("!") else (lit, True) for lit in when)


def literals_hold(guard: Literals, values: Values) -> bool:
    """Every literal of `guard` (see `literals`) holds for `values`."""
    # A loop, not `all(...)` over a generator: the `transitions` core calls this as the
    # condition of every guarded row it tries.
    for name, wanted in guard:  # noqa: SIM110
        if bool(values[name]) is not wanted:
            return False
    return True


def guard_holds(when: tuple[str, ...], values: Values) -> bool:
    """Every literal of `when` holds: `name` when it is true, `!name` when it is false."""
    return literals_hold(literals(when), values)


def assignments(names: tuple[str, ...]) -> Iterator[dict[str, bool]]:
    """Every assignment of `names` (2**len of them)."""
    for bits in itertools.product((False, True), repeat=len(names)):
        yield dict(zip(names, bits, strict=True))


def all_contexts() -> Iterator[dict[str, bool]]:
    """Every assignment of the context flags."""
    return assignments(FLAG_NAMES)


_Index = dict[tuple[State, str], tuple[Rule, ...]]
#: id(table) -> (table, its index). Keyed on identity, not on the table: hashing a 100-row tuple
#: of frozen dataclasses on every step was four fifths of the interpreter's step. The entry
#: holds the table, so its id cannot be reused while the entry lives.
_INDEXES: Final[dict[int, tuple[tuple[Rule, ...], _Index]]] = {}


def _index(table: tuple[Rule, ...]) -> _Index:
    known = _INDEXES.get(id(table))
    if known is not None and known[0] is table:
        return known[1]
    index: _Index = {}
    for rule in table:
        index[(rule.source, rule.event)] = (*index.get((rule.source, rule.event), ()), rule)
    if len(_INDEXES) >= 256:
        _INDEXES.clear()  # tests build many mutated tables; the shipped one is rebuilt at once
    _INDEXES[id(table)] = (table, index)
    return index


def _exhaustive(etype: str, rules: tuple[Rule, ...]) -> bool:
    return all(
        any(guard_holds(r.when, values) for r in rules)
        for values in assignments(guard_names(etype))
    )


@cache
def ignore_rules(table: tuple[Rule, ...] = TABLE) -> tuple[Rule, ...]:
    """One catch-all row for each pair whose explicit rows do not cover every context: its guards
    all failing is exactly what "ignored" means."""
    index = _index(table)
    return tuple(
        Rule(state, etype, None, IGNORE_REASONS[etype])
        for state in State
        for etype in EVENT_TYPES
        if not _exhaustive(etype, index.get((state, etype), ()))
    )


@cache
def complete_rules(table: tuple[Rule, ...] = TABLE) -> tuple[Rule, ...]:
    """The table followed by its ignore rows: a total function of (state, event, context)."""
    return (*table, *ignore_rules(table))


def select_rule(state: State, etype: str, values: Values, table: tuple[Rule, ...] = TABLE) -> Rule:
    """The one rule that fires for `values` (the context after the event's effects, plus the
    event's boolean fields)."""
    for rule in _index(table).get((state, etype), ()):
        if guard_holds(rule.when, values):
            return rule
    return Rule(state, etype, None, IGNORE_REASONS[etype])


def effects_of(event: MachineEvent) -> tuple[tuple[str, bool], ...]:
    """What `event` does to the context in every state, before any guard is read."""
    etype = event.type
    fixed = EVENT_EFFECTS.get(etype, ())
    if etype in EVENTS_CARRYING_AVAILABILITY:
        return ((AVAILABILITY_FIELD, bool(getattr(event, AVAILABILITY_FIELD))), *fixed)
    return fixed


def event_values(event: MachineEvent) -> dict[str, bool]:
    """The event's own boolean fields a guard may name."""
    return {name: bool(getattr(event, name)) for name in EVENT_GUARD_FIELDS[event.type]}


def entry_clears(source: State, dest: State) -> tuple[str, ...]:
    """The flags a move from `source` into `dest` forgets: entering another state clears what it
    forgets; staying put forgets nothing."""
    if dest is source:
        return ()
    return ENTRY_CLEARS.get(dest, ())


def clears_on_entry(rule: Rule) -> tuple[str, ...]:
    """The flags a row's move forgets."""
    return () if rule.dest is None else entry_clears(rule.source, rule.dest)


def enter(source: State, dest: State, context: Values) -> dict[str, bool]:
    """`context` as a session that moved from `source` into `dest` holds it (the trace checker
    resumes from an observed state with this)."""
    after = {name: bool(context[name]) for name in FLAG_NAMES}
    after.update(dict.fromkeys(entry_clears(source, dest), False))
    return after


#: The reasons of the ignore rows (`ignore_rules`): a step with one of them and no move or
#: command did nothing.
IGNORED_REASONS: Final = frozenset(IGNORE_REASONS.values())


@dataclass(frozen=True, slots=True)
class Transition:
    """What one event does: the row that fired, where the session goes, its context after, the
    commands the host runs, the reason, and a lost secret's cause (`detail`)."""

    rule: Rule
    source: State
    state: State
    context: dict[str, bool]
    commands: tuple[Command, ...]
    reason: str
    detail: str | None = None
    #: Credentials were in hand (`store_pending`) when the event arrived (invariant 9).
    in_hand: bool = False

    @property
    def flags(self) -> Flags:
        return _flags_of(self.context)  # type: ignore[no-any-return]

    @property
    def changed(self) -> bool:
        return self.state is not self.source

    @property
    def ignored(self) -> bool:
        """No row of the table matched: nothing happened (the reason says why)."""
        return self.state is self.source and not self.commands and self.reason in IGNORED_REASONS


def apply_effects(context: Values, event: MachineEvent) -> tuple[dict[str, bool], Values]:
    """The first move of a step: the context after the event's effects, and the values its guards
    read (that context plus the event's own booleans)."""
    after = dict(zip(FLAG_NAMES, map(bool, _flags_of(context)), strict=True))
    after.update(effects_of(event))
    fields = EVENT_GUARD_FIELDS[event.type]
    if not fields:  # most events: nothing to read on the (slow) pydantic model
        return after, after
    return after, {**after, **event_values(event)}


def fire(rule: Rule, before: Values, after: dict[str, bool], event: MachineEvent) -> Transition:
    """The last moves of a step, once `rule` fired: the flags its move clears on entry, then its
    `sets`. `before` is the context the event arrived in, `after` the one its effects left (the
    first of `apply_effects`' results)."""
    context = dict(after)
    for flag in entry_clears(rule.source, rule.target):
        context[flag] = False
    context.update(rule.sets)
    detail = event.cause.value if isinstance(event, KeychainSecretLost) else None
    return Transition(
        rule,
        rule.source,
        rule.target,
        context,
        rule.commands,
        rule.reason,
        detail,
        bool(before["store_pending"]),
    )


def step(
    state: State, context: Values, event: MachineEvent, table: tuple[Rule, ...] = TABLE
) -> Transition:
    """THE semantics of the spec, in four moves: the event's effects on the context, the one rule
    whose guard holds (over the context and the event's own booleans), the flags its move clears
    on entry, then its `sets`."""
    after, values = apply_effects(context, event)
    return fire(select_rule(state, event.type, values, table), context, after, event)


def table_problems(table: tuple[Rule, ...] = TABLE) -> list[str]:
    """Everything that would make `table` mean nothing or two things: an event field named like a
    context flag, a guard naming neither a flag nor a field of its event, a `sets` naming no flag,
    two rows of one pair that can both fire. Empty for the shipped table (a test checks it, and
    every mutated table a test builds)."""
    problems = [
        f"{etype}: field {name!r} has the name of a context flag (a guard could mean either)"
        for etype, fields in EVENT_GUARD_FIELDS.items()
        for name in fields
        if name in FLAG_NAMES
    ]
    sound = []
    for rule in table:
        names = guard_names(rule.event)
        unknown = [lit for lit in rule.when if lit.lstrip("!") not in names]
        problems += [f"{rule.source.value}.{rule.event}: unknown guard {lit!r}" for lit in unknown]
        problems += [
            f"{rule.source.value}.{rule.event}: sets unknown flag {flag!r}"
            for flag, _ in rule.sets
            if flag not in FLAG_NAMES
        ]
        if not unknown:
            sound.append(rule)
    for (state, etype), rules in _index(tuple(sound)).items():
        for values in assignments(guard_names(etype)):
            firing = [r for r in rules if guard_holds(r.when, values)]
            if len(firing) > 1:
                problems.append(f"{state.value}.{etype}: {len(firing)} rows fire for {values}")
                break
    return problems
