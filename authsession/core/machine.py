"""The sans-I/O session core, built on `transitions` from the spec table.

Owns: `SessionCore` (one session's state and context) and the single `transitions.Machine` that
every core shares as its transition table (never rebuilt per session). Given an event it returns
the new state, the commands to run and the reason — it never touches a keychain, clock or network,
so the same events give the same steps in every language. The machine is *derived* from the
table and the interpreter (`authsession.spec.interpreter`): event effects, guard meaning, entry
clears and `sets` all come from there, and a test checks every state x context x event variant
against `interpreter.step`.
Must not import adapters, runtime or CLI.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any, Final, cast

from transitions import EventData, Machine

from authsession.spec.commands import Command
from authsession.spec.events import KeychainSecretLost, MachineEvent
from authsession.spec.interpreter import (
    EVENT_GUARD_FIELDS,
    FLAG_NAMES,
    clears_on_entry,
    complete_rules,
    effects_of,
)
from authsession.spec.states import INITIAL_STATE, USER_PRESENT, State, UserPresence
from authsession.spec.table import IGNORE_REASONS, TABLE, Rule


@dataclass(slots=True)
class Context:
    """The machine's memory besides its state (see `CONTEXT_FLAGS` in the spec)."""

    protected_data_available: bool = False
    work_pending: bool = False
    token_valid: bool = False
    store_pending: bool = False
    lease_held: bool = False
    revocation_pending: bool = False

    def as_dict(self) -> dict[str, bool]:
        return dict(zip(FLAG_NAMES, self.as_tuple(), strict=True))

    def as_tuple(self) -> tuple[bool, ...]:
        """The flags in `CONTEXT_FLAGS` order (what the compiled table keys on)."""
        return (
            self.protected_data_available,
            self.work_pending,
            self.token_valid,
            self.store_pending,
            self.lease_held,
            self.revocation_pending,
        )


@dataclass(frozen=True, slots=True)
class Step:
    """What one event did: the state after it, the commands to run and why. `in_hand`: the
    session held credentials it had not stored yet when the event arrived (invariant 9)."""

    state: State
    commands: tuple[Command, ...]
    reason: str
    source: State
    detail: str | None = None
    in_hand: bool = False

    @property
    def changed(self) -> bool:
        return self.state is not self.source

    @property
    def ignored(self) -> bool:
        """No row of the table matched: nothing happened (the reason says why)."""
        return self.state is self.source and not self.commands and self.reason in _IGNORED


def row_step(rule: Rule, *, in_hand: bool = False) -> Step:
    """What firing `rule` reports, for every event but a lost secret (the one place a fired row
    becomes a `Step`; the machine builds both variants once per row)."""
    return Step(
        state=rule.target,
        commands=rule.commands,
        reason=rule.reason,
        source=rule.source,
        in_hand=in_hand,
    )


def step_of(rule: Rule, event: MachineEvent, *, in_hand: bool = False) -> Step:
    """What firing `rule` for `event` reports: the row's step, plus a lost secret's cause."""
    step = row_step(rule, in_hand=in_hand)
    if isinstance(event, KeychainSecretLost):
        return replace(step, detail=event.cause.value)
    return step


def _guard(etype: str, literal: str) -> Callable[[EventData], bool]:
    name = literal.lstrip("!")
    negated = literal.startswith("!")
    if name in EVENT_GUARD_FIELDS[etype]:  # a field of the event itself (interpreter's rule)
        if negated:
            return lambda ed: not getattr(cast(SessionCore, ed.model)._event, name)
        return lambda ed: bool(getattr(cast(SessionCore, ed.model)._event, name))
    if negated:
        return lambda ed: not getattr(cast(SessionCore, ed.model).context, name)
    return lambda ed: bool(getattr(cast(SessionCore, ed.model).context, name))


def _fire(rule: Rule, steps: tuple[Step, Step], event_data: EventData) -> None:
    core = cast(SessionCore, event_data.model)
    ctx = core.context
    core._rule = rule
    core._step = steps[ctx.store_pending]
    for flag in clears_on_entry(rule):
        setattr(ctx, flag, False)
    for flag, value in rule.sets:
        setattr(ctx, flag, value)


def build_machine(table: tuple[Rule, ...] = TABLE) -> Machine:
    """A `transitions.Machine` for `table` (the spec's by default; tests pass mutated ones)."""
    transitions: list[dict[str, Any]] = [
        {
            "trigger": rule.event,
            "source": rule.source.value,
            "dest": None if rule.dest is None else rule.dest.value,
            "conditions": [_guard(rule.event, lit) for lit in rule.when],
            # The step a row reports is fixed (bar a lost secret's cause): built once, here.
            "after": [partial(_fire, rule, (row_step(rule), row_step(rule, in_hand=True)))],
        }
        for rule in complete_rules(table)
    ]
    return Machine(
        model=None,
        states=[s.value for s in State],
        transitions=transitions,
        initial=INITIAL_STATE.value,
        auto_transitions=False,
        send_event=True,
        # Every pair is covered by complete_rules(); an unmatched trigger is a bug, so raise.
        ignore_invalid_triggers=False,
    )


@functools.cache
def shipped_machine() -> Machine:
    """The machine of the shipped table, built on first use and shared by every core (building
    it is most of what importing the core would otherwise cost every client)."""
    return build_machine()


if TYPE_CHECKING:
    MACHINE: Final[Machine] = build_machine()


def __getattr__(name: str) -> Machine:
    # `MACHINE` is `shipped_machine()`: a module attribute built on first access (PEP 562).
    if name == "MACHINE":
        return shipped_machine()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Steps already taken, per machine: (state, context, event) -> (state, context, rule, step).
#: The machine is deterministic and its events are frozen values, so a step taken once is taken
#: again from the cache (the model checker and the fleet take the same few hundred over and over).
_Cached = tuple[str, tuple[bool, ...], "Rule | None", Step]
_CACHES: Final[weakref.WeakKeyDictionary[Machine, dict[tuple[Any, ...], _Cached]]] = (
    weakref.WeakKeyDictionary()
)
_CACHE_LIMIT: Final = 65_536


def _cache_of(machine: Machine) -> dict[tuple[Any, ...], _Cached]:
    cache = _CACHES.get(machine)
    if cache is None:
        cache = _CACHES[machine] = {}
    return cache


#: `State(value)` without the enum's lookup machinery (read on every step by the runtime).
_STATE_OF: Final[dict[str, State]] = {s.value: s for s in State}
#: The reasons of the ignore rows `complete_rules` adds (one per event, from the table's data).
_IGNORED: Final = frozenset(IGNORE_REASONS.values())


class SessionCore:
    """One session's position in the spec. Feed it events with `step`; run what it returns.

    >>> from authsession.spec.events import AppLaunched
    >>> core = SessionCore()
    >>> step = core.step(AppLaunched(protected_data_available=False))
    >>> step.state.value, step.reason
    ('credentials_unavailable', 'launched_while_protected_data_unavailable')
    >>> core.close()
    """

    __slots__ = ("_event", "_machine", "_rule", "_step", "context", "state")

    state: str  # the machine's model attribute: transitions reads and writes it

    def __init__(
        self,
        state: State = INITIAL_STATE,
        context: Context | None = None,
        *,
        machine: Machine | None = None,
    ) -> None:
        """`machine`: the `transitions` machine to run on (default: the shipped table's)."""
        self.context = context if context is not None else Context()
        self._rule: Rule | None = None
        self._step: Step | None = None
        self._event: MachineEvent | None = None
        self._machine = machine if machine is not None else shipped_machine()
        # Not `machine.add_model(self)`: that binds ~50 convenience methods (one trigger and one
        # `may_` per event, one `is_` per state) onto every model — most of a session's memory
        # and of its construction time — and nothing here calls them. Every step dispatches
        # through the machine's own event objects (`Event.trigger(model)`), which read and write
        # the model's `state` attribute and need no registration.
        self.state = State(state).value

    @property
    def last_rule(self) -> Rule | None:
        """The table row the last `step` fired (an ignore row if none matched)."""
        return self._rule

    @property
    def current(self) -> State:
        return _STATE_OF[self.state]

    @property
    def user_present(self) -> UserPresence:
        return USER_PRESENT[_STATE_OF[self.state]]

    def step(self, event: MachineEvent) -> Step:
        """Apply one event; return the resulting state, commands and reason."""
        ctx = self.context
        key = (self.state, ctx.as_tuple(), event)
        cache = _cache_of(self._machine)
        known = cache.get(key)
        if known is not None:
            # A step is a function of (state, context, event): the machine ran it once.
            self.state, flags, self._rule, cached = known
            (
                ctx.protected_data_available,
                ctx.work_pending,
                ctx.token_valid,
                ctx.store_pending,
                ctx.lease_held,
                ctx.revocation_pending,
            ) = flags
            return cached
        for flag, value in effects_of(event):
            setattr(ctx, flag, value)
        self._rule = None
        self._event = event
        # The machine's event object directly: the same dispatch as `self.trigger(etype)`
        # without the by-name lookup on every step.
        self._machine.events[event.type].trigger(self)
        rule, step = self._rule, self._step
        # complete_rules() covers every pair, so some row always fires.
        assert rule is not None and step is not None, f"no rule fired for {event.type}"
        if isinstance(event, KeychainSecretLost):
            step = replace(step, detail=event.cause.value)  # the one step reporting its event
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()  # bounded: events carry booleans and a few enums, so it rarely fills
        cache[key] = (self.state, ctx.as_tuple(), rule, step)
        return step

    def close(self) -> None:
        """Release the session (kept for the runtime's lifecycle: the shared machine holds no
        reference to a core, so there is nothing to detach). Idempotent."""

    def __repr__(self) -> str:
        return f"SessionCore(state={self.state!r}, context={self.context.as_dict()!r})"
