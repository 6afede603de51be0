"""The steps a session keeps, and what is built from them when asked.

Owns: `StepLog` — the last `history_limit` steps (the event, the interpreter's `Transition`, and
protected-data availability after it), how many were taken, and the `HistoryEntry`s and
invariant `Record`s (`authsession.core.records.record_of`) built from them on demand: most apps
never read them, and a kept `Record` per step would double an idle session's memory. Must not
import the session, the host or the drivers.
"""

from __future__ import annotations

from authsession.core.records import record_of
from authsession.invariants import Record
from authsession.runtime.bounded import BoundedLog
from authsession.runtime.view import HistoryEntry
from authsession.spec.events import MachineEvent
from authsession.spec.interpreter import Transition

#: One step as the log keeps it: the event (a shared instance), the step it took, and
#: protected-data availability after it.
_Entry = tuple[MachineEvent, Transition, bool]


class StepLog:
    """The newest steps of one session (bounded), and the count of every step taken."""

    __slots__ = ("_entries", "count")

    def __init__(self, limit: int) -> None:
        self._entries: BoundedLog[_Entry] = BoundedLog(limit)
        #: Steps taken since the session was created (not bounded).
        self.count = 0

    def append(self, event: MachineEvent, step: Transition, available: bool) -> None:
        self._entries.append((event, step, available))
        self.count += 1

    def history(self) -> tuple[HistoryEntry, ...]:
        return tuple(
            HistoryEntry.model_construct(
                event=event,
                source=step.source,
                state=step.state,
                reason=step.reason,
                commands=tuple(c.type for c in step.commands),
                detail=step.detail,
            )
            for event, step, _ in self._entries
        )

    def records_since(self, count: int) -> tuple[Record, ...]:
        """Records of the kept steps after the first `count`, numbered from the first step."""
        new = self.count - max(0, count)
        if new <= 0:
            return ()
        entries = self._entries.tail(new)
        first = self.count - len(entries)
        return tuple(
            record_of(first + offset, event, step, available)
            for offset, (event, step, available) in enumerate(entries)
        )
