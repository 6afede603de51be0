"""A planned command, as values: the adapter call it needs and how its result is answered.

Owns: `AdapterCall` (one call to a keychain, authenticator, outbox or snapshot store, described
as a value a driver can run anywhere; guarded: an exception becomes the call's failure result),
`Effect` (a command planned by `authsession.runtime.host.Host.plan`: what it does inside the host,
the adapter call, and the answer) and `may_block` (whether a driver must run a call off its
event loop). Must not import the host, the session or the drivers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from authsession.spec.events import MachineEvent

log = logging.getLogger("authsession")

_R = TypeVar("_R")


@dataclass(frozen=True, slots=True)
class AdapterCall(Generic[_R]):
    """One adapter call, as a value: whose (`adapter`), what (`operation`), the call itself
    (guarded: it never raises — an exception becomes `failure`), and whether it may block (the
    adapter's own word, `blocking = False` on its class; an adapter that says nothing may)."""

    adapter: str
    operation: str
    run: Callable[[], _R] = field(repr=False)
    failure: _R = field(repr=False)
    blocking: bool = True

    def __call__(self) -> _R:
        try:
            return self.run()
        except Exception as err:
            # Only the type: the message of an adapter's exception could quote a secret.
            log.warning("%s.%s raised %s", self.adapter, self.operation, type(err).__name__)
            return self.failure


@dataclass(frozen=True, slots=True)
class Effect:
    """A command, planned. `local` is what the command does inside the host — its bookkeeping,
    timers, the protected-data samples a read is judged by, the app's work handler and
    callbacks — which `Host.perform` runs once, before anything else of the effect. With a
    `call`, the driver then runs it and hands the result to `answer` (which returns the machine
    event answering the command, if any); without one, `event` is the answer (or None: the
    command needs no answer)."""

    call: AdapterCall[object] | None = None
    answer: Callable[[object], MachineEvent | None] | None = field(default=None, repr=False)
    event: MachineEvent | None = None
    local: Callable[[], None] | None = field(default=None, repr=False)


def _no_answer(_result: object) -> None:
    """A command answered by nothing (its adapter call's result changes no decision)."""
    return None


def may_block(adapter: object) -> bool:
    """Whether calls to `adapter` may block (the default for any adapter that does not declare
    `blocking = False`): the asyncio driver runs those in a worker thread."""
    return bool(getattr(adapter, "blocking", True))
