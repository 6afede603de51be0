"""Renders the spec table for people and for ports: JSON, Markdown and a Mermaid diagram (and
dispatches to the Swift and Kotlin core generators).

Owns: every textual form of the spec. All of it is computed from `table` and `analysis`, so the
docs, the diagram and the JSON a port reads can never disagree with the machine.
Must not import the core, adapters or runtime.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Final

from authsession.spec.commands import COMMAND_ADAPTER, COMMAND_CLASSES
from authsession.spec.events import EVENT_CLASSES, MACHINE_EVENT_ADAPTER, event_type
from authsession.spec.host import host_json
from authsession.spec.interpreter import EVENT_GUARD_FIELDS, ignore_rules
from authsession.spec.kotlin_export import to_kotlin
from authsession.spec.states import INITIAL_STATE, SCREEN, STATE_DESCRIPTIONS, USER_PRESENT, State
from authsession.spec.swift_export import to_swift
from authsession.spec.table import (
    CONTEXT_FLAGS,
    ENTRY_CLEARS,
    EVENT_EFFECTS,
    EVENTS_CARRYING_AVAILABILITY,
    IGNORE_REASONS,
    LOGOUT_REASONS,
    TABLE,
    Rule,
)
from authsession.spec.taxonomy import taxonomy_json

SPEC_SCHEMA: Final = "authsession.spec/1"
FORMATS: Final = ("json", "markdown", "mermaid", "schema", "swift", "kotlin")


def _selected(rules: Iterable[Rule], states: frozenset[State] | None) -> list[Rule]:
    return [r for r in rules if states is None or r.source in states]


def _rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "source": rule.source.value,
        "event": rule.event,
        "when": list(rule.when),
        "dest": rule.target.value,
        "commands": [c.model_dump(mode="json") for c in rule.commands],
        "reason": rule.reason,
        "sets": dict(rule.sets),
    }


def event_schema() -> dict[str, Any]:
    return {
        "machine_event": MACHINE_EVENT_ADAPTER.json_schema(),
        "command": COMMAND_ADAPTER.json_schema(),
    }


def to_json(states: frozenset[State] | None = None) -> str:
    """The whole spec as one JSON document a port can implement from."""
    document = {
        "schema": SPEC_SCHEMA,
        "initial_state": INITIAL_STATE.value,
        "states": [
            {
                "name": s.value,
                "user_present": USER_PRESENT[s],
                "screen": SCREEN[s],
                "description": STATE_DESCRIPTIONS[s],
                "entry_clears": list(ENTRY_CLEARS.get(s, ())),
            }
            for s in State
        ],
        "context": [
            {"name": name, "initial": False, "description": text}
            for name, text in CONTEXT_FLAGS.items()
        ],
        "events": [
            {
                "type": event_type(cls),
                "fields": [f for f in cls.model_fields if f != "type"],
                "guard_fields": list(EVENT_GUARD_FIELDS[event_type(cls)]),
                "copies_protected_data_available": event_type(cls) in EVENTS_CARRYING_AVAILABILITY,
                "effects": dict(EVENT_EFFECTS.get(event_type(cls), ())),
                "ignore_reason": IGNORE_REASONS[event_type(cls)],
                "description": (cls.__doc__ or "").strip(),
            }
            for cls in EVENT_CLASSES
        ],
        "commands": [
            {"type": cls.model_fields["type"].default, "description": (cls.__doc__ or "").strip()}
            for cls in COMMAND_CLASSES
        ],
        "logout_reasons": sorted(LOGOUT_REASONS),
        "transitions": [_rule_json(r) for r in _selected(TABLE, states)],
        "ignored": [
            {"source": r.source.value, "event": r.event, "reason": r.reason}
            for r in _selected(ignore_rules(), states)
        ],
        "json_schema": event_schema(),
        "host": host_json(),
        "error_taxonomy": taxonomy_json(),
    }
    return json.dumps(document, indent=2, sort_keys=False) + "\n"


def _guard_text(when: tuple[str, ...]) -> str:
    return " and ".join(f"not {lit[1:]}" if lit.startswith("!") else lit for lit in when)


def _commands_text(rule: Rule) -> str:
    parts = []
    for command in rule.commands:
        extra = {k: v for k, v in command.model_dump(mode="json").items() if k != "type"}
        args = ", ".join(f"{k}={v}" for k, v in extra.items())
        parts.append(f"`{command.type}({args})`" if args else f"`{command.type}`")
    return ", ".join(parts)


def to_markdown(states: frozenset[State] | None = None) -> str:
    """The transition table and the ignored-event list, as Markdown tables."""
    lines = [
        "| from | event | when | to | commands | reason | sets |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in _selected(TABLE, states):
        sets = ", ".join(f"{k}={'true' if v else 'false'}" for k, v in r.sets)
        lines.append(
            f"| `{r.source.value}` | `{r.event}` | {_guard_text(r.when)} | "
            f"{'—' if r.dest is None else f'`{r.dest.value}`'} | {_commands_text(r)} | "
            f"`{r.reason}` | {sets} |"
        )
    grouped: dict[tuple[State, str], list[str]] = defaultdict(list)
    for r in _selected(ignore_rules(), states):
        grouped[(r.source, r.reason)].append(f"`{r.event}`")
    lines += ["", "Ignored (state unchanged, no commands):", "", "| in | events | reason |"]
    lines.append("|---|---|---|")
    for (state, reason), events in grouped.items():
        lines.append(f"| `{state.value}` | {', '.join(events)} | `{reason}` |")
    return "\n".join(lines) + "\n"


def to_mermaid(states: frozenset[State] | None = None) -> str:
    """A `stateDiagram-v2` of every state-changing row (guards merged per edge)."""
    edges: dict[tuple[State, State, str], list[tuple[str, ...]]] = defaultdict(list)
    for r in _selected(TABLE, states):
        if r.dest is not None and r.dest is not r.source:
            edges[(r.source, r.dest, r.event)].append(r.when)
    lines = ["stateDiagram-v2", f"    [*] --> {INITIAL_STATE.value}"]
    for (source, dest, event), guards in edges.items():
        # Rows that differ only in a literal the edge does not depend on merge into one label.
        common = tuple(lit for lit in guards[0] if all(lit in g for g in guards[1:]))
        label = f"{event} [{_guard_text(common)}]" if common else event
        lines.append(f"    {source.value} --> {dest.value}: {label}")
    return "\n".join(lines) + "\n"


def render(fmt: str, states: frozenset[State] | None = None) -> str:
    if fmt == "json":
        return to_json(states)
    if fmt == "markdown":
        return to_markdown(states)
    if fmt == "mermaid":
        return to_mermaid(states)
    if fmt == "schema":
        return json.dumps(event_schema(), indent=2) + "\n"
    if fmt == "swift":
        # A core needs every row: the Swift source is never filtered by state.
        return to_swift()
    if fmt == "kotlin":
        return to_kotlin()
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def states_markdown() -> str:
    """The states and context flags as Markdown tables."""
    lines = ["| state | user present | screen | meaning |", "|---|---|---|---|"]
    lines += [
        f"| `{s.value}` | {USER_PRESENT[s]} | `{SCREEN[s]}` | {STATE_DESCRIPTIONS[s]} |"
        for s in State
    ]
    lines += ["", "| context flag (all start false) | meaning |", "|---|---|"]
    lines += [f"| `{name}` | {text} |" for name, text in CONTEXT_FLAGS.items()]
    return "\n".join(lines) + "\n"
