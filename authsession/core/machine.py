"""The sans-I/O session core, built on `transitions` from the spec table.

Owns: `SessionCore` (one session's state and context) and the single `transitions.Machine` that
every core shares as its transition table (never rebuilt per session). Given an event it returns
the interpreter's `Transition` (the new state, the commands to run and the reason) — it never
touches a keychain, clock or network, so the same events give the same steps in every language.
`transitions` chooses the row and moves the state; everything a step means runs in the
interpreter (`authsession.spec.interpreter`): the event's effects (`apply_effects`) before the
trigger, each row's guard (`literals_hold`, the loop of `guard_holds`) as its condition, and the
fired row's outcome (`fire`: entry clears, `sets`, a lost secret's cause) as its after-callback.
A test checks every state x context x event variant against `interpreter.step`.
Must not import adapters, runtime or CLI.
"""

from __future__ import annotations

import functools
import weakref
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Final, cast

from transitions import EventData, Machine

from authsession.spec.events import KeychainSecretLost, MachineEvent
from authsession.spec.interpreter import (
    FLAG_NAMES,
    Literals,
    Transition,
    Values,
    apply_effects,
    complete_rules,
    fire,
    literals,
    literals_hold,
)
from authsession.spec.states import INITIAL_STATE, USER_PRESENT, State, UserPresence
from authsession.spec.table import TABLE, Rule


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
        """The flags in `CONTEXT_FLAGS` order (what snapshots compare and the step cache keys)."""
        return (
            self.protected_data_available,
            self.work_pending,
            self.token_valid,
            self.store_pending,
            self.lease_held,
            self.revocation_pending,
        )


def _holds(guard: Literals, event_data: EventData) -> bool:
    return literals_hold(guard, cast(SessionCore, event_data.model)._values)


#: A row's outcomes already built: (flags after the event's effects, credentials in hand, a lost
#: secret's cause) -> the interpreter's `Transition` for them.
_Outcomes = dict[tuple[Any, ...], Transition]


def _fire(rule: Rule, outcomes: _Outcomes, event_data: EventData) -> None:
    core = cast(SessionCore, event_data.model)
    event = cast(MachineEvent, core._event)
    after = core._after
    # `fire` is a pure function of these: a row's few outcomes are built once each (building a
    # frozen `Transition` would otherwise be a third of an uncached step).
    key = (
        *after.values(),
        core._before["store_pending"],
        event if isinstance(event, KeychainSecretLost) else None,  # its cause is the detail
    )
    taken = outcomes.get(key)
    if taken is None:
        taken = outcomes[key] = fire(rule, core._before, after, event)
    core._enter(taken)


def build_machine(table: tuple[Rule, ...] = TABLE) -> Machine:
    """A `transitions.Machine` for `table` (the spec's by default; tests pass mutated ones)."""
    transitions: list[dict[str, Any]] = [
        {
            "trigger": rule.event,
            "source": rule.source.value,
            "dest": None if rule.dest is None else rule.dest.value,
            # The interpreter's own guard and outcome: `transitions` only chooses and moves.
            "conditions": [partial(_holds, literals(rule.when))] if rule.when else [],
            "after": [partial(_fire, rule, {})],
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


#: Steps already taken, per machine: (state, context, event) -> the interpreter's `Transition`.
#: The machine is deterministic and its events are frozen values, so a step taken once is taken
#: again from the cache (the model checker and the fleet take the same few hundred over and over).
_CACHES: Final[weakref.WeakKeyDictionary[Machine, dict[tuple[Any, ...], Transition]]] = (
    weakref.WeakKeyDictionary()
)
_CACHE_LIMIT: Final = 65_536


def _cache_of(machine: Machine) -> dict[tuple[Any, ...], Transition]:
    cache = _CACHES.get(machine)
    if cache is None:
        cache = _CACHES[machine] = {}
    return cache


#: `State(value)` without the enum's lookup machinery (read on every step by the runtime).
_STATE_OF: Final[dict[str, State]] = {s.value: s for s in State}
_EMPTY: Final[dict[str, bool]] = {}


class SessionCore:
    """One session's position in the spec. Feed it events with `step`; run what it returns.

    >>> from authsession.spec.events import AppLaunched
    >>> core = SessionCore()
    >>> step = core.step(AppLaunched(protected_data_available=False))
    >>> step.state.value, step.reason
    ('credentials_unavailable', 'launched_while_protected_data_unavailable')
    """

    __slots__ = (
        "_after",
        "_before",
        "_event",
        "_machine",
        "_rule",
        "_taken",
        "_values",
        "context",
        "state",
    )

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
        self._taken: Transition | None = None
        # What the step in progress hands the machine's callbacks (the interpreter's inputs).
        self._event: MachineEvent | None = None
        self._before: Values = _EMPTY
        self._after: dict[str, bool] = _EMPTY
        self._values: Values = _EMPTY
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

    def _enter(self, taken: Transition) -> None:
        # The one place a `Transition` becomes the core's state and context (a fired row, or a
        # step replayed from the cache).
        self._taken = taken
        self._rule = taken.rule
        self.state = taken.state.value
        (
            self.context.protected_data_available,
            self.context.work_pending,
            self.context.token_valid,
            self.context.store_pending,
            self.context.lease_held,
            self.context.revocation_pending,
        ) = taken.flags

    def step(self, event: MachineEvent) -> Transition:
        """Apply one event; return the interpreter's `Transition` (state, commands, reason)."""
        flags = self.context.as_tuple()
        key = (self.state, flags, event)
        cache = _cache_of(self._machine)
        known = cache.get(key)
        if known is not None:
            # A step is a function of (state, context, event): the machine ran it once.
            self._enter(known)
            return known
        self._event = event
        self._before = dict(zip(FLAG_NAMES, flags, strict=True))
        self._after, self._values = apply_effects(self._before, event)
        self._taken = None
        # The machine's event object directly: the same dispatch as `self.trigger(etype)`
        # without the by-name lookup on every step.
        self._machine.events[event.type].trigger(self)
        taken = self._taken
        # complete_rules() covers every pair, so some row always fires.
        assert taken is not None, f"no rule fired for {event.type}"
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()  # bounded: events carry booleans and a few enums, so it rarely fills
        cache[key] = taken
        return taken

    def __repr__(self) -> str:
        return f"SessionCore(state={self.state!r}, context={self.context.as_dict()!r})"
