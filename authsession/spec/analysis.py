"""Facts derived from the table: guard evaluation, which pairs are ignored, the complete rule set.

Owns: the meaning of a guard literal and the rule that every (state, event) pair has exactly one
outcome. Must not import the machine or runtime; everything here is a pure function of `table`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from functools import cache

from authsession.spec.events import EVENT_TYPES
from authsession.spec.states import State
from authsession.spec.table import CONTEXT_FLAGS, IGNORE_REASONS, TABLE, Rule

Context = Mapping[str, bool]


def literal_holds(literal: str, context: Context) -> bool:
    """`flag` holds when the flag is true, `!flag` when it is false."""
    if literal.startswith("!"):
        return not context[literal[1:]]
    return context[literal]


def guard_holds(when: tuple[str, ...], context: Context) -> bool:
    return all(literal_holds(lit, context) for lit in when)


def all_contexts() -> Iterator[dict[str, bool]]:
    """Every assignment of the context flags (16 of them)."""
    names = tuple(CONTEXT_FLAGS)
    for values in itertools.product((False, True), repeat=len(names)):
        yield dict(zip(names, values, strict=True))


def _exhaustive(rules: tuple[Rule, ...]) -> bool:
    return all(any(guard_holds(r.when, ctx) for r in rules) for ctx in all_contexts())


@cache
def _index(table: tuple[Rule, ...]) -> dict[tuple[State, str], tuple[Rule, ...]]:
    index: dict[tuple[State, str], tuple[Rule, ...]] = {}
    for rule in table:
        index[(rule.source, rule.event)] = (*index.get((rule.source, rule.event), ()), rule)
    return index


@cache
def ignore_rules(table: tuple[Rule, ...] = TABLE) -> tuple[Rule, ...]:
    """One catch-all row for each pair whose explicit rows do not cover every context."""
    index = _index(table)
    return tuple(
        Rule(state, event, None, IGNORE_REASONS[event])
        for state in State
        for event in EVENT_TYPES
        if not _exhaustive(index.get((state, event), ()))
    )


@cache
def complete_rules(table: tuple[Rule, ...] = TABLE) -> tuple[Rule, ...]:
    """The table followed by its ignore rows: a total function of (state, event, context)."""
    return (*table, *ignore_rules(table))


def select_rule(
    state: State, event: str, context: Context, table: tuple[Rule, ...] = TABLE
) -> Rule:
    """The one rule that fires — the table's meaning read directly, without `transitions`."""
    for rule in _index(table).get((state, event), ()):
        if guard_holds(rule.when, context):
            return rule
    return Rule(state, event, None, IGNORE_REASONS[event])
