"""`Run`: one operation of a session in progress, handing out the adapter calls it needs.

Owns: the loop of one operation — plan each command (`Host.plan`), perform its part inside the
host (`Host.perform`), hand out its adapter call as a value, take the result back and apply the
answer — with a command's answers applied before anything queued from outside, and the snapshot
saved after each step and once at the end. The sync session drives it on the spot; the drivers
drive it under a lock or on an event loop. Must not import the drivers.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from authsession.adapters.keychain import Credentials
from authsession.runtime.effects import AdapterCall, Effect
from authsession.spec.events import MachineEvent
from authsession.spec.interpreter import Transition

if TYPE_CHECKING:
    from authsession.runtime.session import AuthSession

#: A queued event, produced when its turn comes (so availability is sampled then, not earlier):
#: the event (None: nothing to do after all), the typed credentials of a login, and whether it is
#: the event of the call that queued it (whose step that call returns).
Produced = tuple[MachineEvent | None, Credentials | None, bool]
Queued = Callable[[], Produced]


class Run:
    """One operation in progress. `next_call()` returns the next adapter call the session needs
    made (None: the operation is finished); hand its result to `give()`. A driver may run the
    call anywhere (inline, in a thread) — the session itself never calls an adapter that may
    block. Asking again without giving returns the same call: nothing is skipped silently."""

    def __init__(self, session: AuthSession) -> None:
        self._session = session
        self._pending: Effect | None = None
        self._commands: deque[object] = deque()
        #: Answers to this run's commands: applied before anything queued from outside (a
        #: command's answer belongs to the state that asked for it).
        self._answers: deque[MachineEvent] = deque()
        self._save_due = False
        self._closing_save = True
        #: The step the operation's own event took (None until applied, or if it fed none).
        self.result: Transition | None = None

    def next_call(self) -> AdapterCall[object] | None:
        session = self._session
        while True:
            if self._pending is not None:
                assert self._pending.call is not None
                return self._pending.call
            if self._save_due:
                self._save_due = False
                save = session._save_call()
                if save is not None:
                    self._pending = save
                    continue
            if self._commands:
                host = session._host
                effect = host.plan(self._commands.popleft())  # type: ignore[arg-type]
                host.perform(effect)
                if effect.call is not None:
                    self._pending = effect
                elif effect.event is not None:
                    self._answers.append(effect.event)
                continue
            if self._answers or session._queue:
                produced: Produced = (
                    (self._answers.popleft(), None, False)
                    if self._answers
                    else session._queue.pop(0)()
                )
                event, typed, own = produced
                if event is not None:
                    step = session._apply(event, typed)
                    if own:
                        self.result = step
                    self._save_due = True
                    self._commands.extend(step.commands)
                continue
            if self._closing_save:
                # Once per run: what the commands changed (work done, account). A save that
                # fails is tried again by the next run, not in a loop here.
                self._closing_save = False
                save = session._save_call()
                if save is not None:
                    self._pending = save
                    continue
            session._active = None
            return None

    def give(self, result: object) -> None:
        effect, self._pending = self._pending, None
        if effect is None or effect.answer is None:
            raise RuntimeError("give() without a call from next_call()")
        event = effect.answer(result)
        if event is not None:
            self._answers.append(event)

    def drive(self) -> Transition | None:
        """Run every adapter call on the spot (the sync session's way)."""
        while (call := self.next_call()) is not None:
            self.give(call())
        return self.result
