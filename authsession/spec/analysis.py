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
from authsession.spec.table import CONTEXT_FLAGS, IGNORE_REASONS, TABLE, Rule, rules_for

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
def ignore_rules() -> tuple[Rule, ...]:
    """One catch-all row for each pair whose explicit rows do not cover every context."""
    out: list[Rule] = []
    for state in State:
        for event in EVENT_TYPES:
            if not _exhaustive(rules_for(state, event)):
                out.append(Rule(state, event, None, IGNORE_REASONS[event]))
    return tuple(out)


@cache
def complete_rules() -> tuple[Rule, ...]:
    """The table followed by its ignore rows: a total function of (state, event, context)."""
    return (*TABLE, *ignore_rules())


def select_rule(state: State, event: str, context: Context) -> Rule:
    """The one rule that fires — the reference meaning of the table, without `transitions`."""
    for rule in rules_for(state, event):
        if guard_holds(rule.when, context):
            return rule
    return Rule(state, event, None, IGNORE_REASONS[event])
