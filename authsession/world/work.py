"""The world's ledger of work it asked the app for: background fetches and pushes.

Owns: `WorkLedger` — each requested label with the step and monotonic time it was asked at and
whether a user existed then (work asked of nobody is owed by nobody), the labels the app's work
handler ran (`done`, its sink) or was handed when an injected raise struck it (`tried`), which
owed labels a later end of the session excused, when each was done (deferred-work completion and
latency, the fleet's figures), and `lost()`: the work a user was owed that the app neither did
nor still has a reason not to do (the referee judges it at a foreground that should settle it).
Must not import the world, the runtime or the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from authsession.invariants import Record
from authsession.spec.states import SIGNED_OUT_STATES


@dataclass
class WorkLedger:
    #: Labels whose work landed (the work handler's sink), in order.
    done: list[str] = field(default_factory=list)
    #: Labels handed to the work handler when an injected raise or a resource server's 401
    #: struck it: the app's own code failed them, the session did its part.
    tried: list[str] = field(default_factory=list)
    #: Labels handed back to the app as failed, with why (another account signed in while the
    #: work waited for its own): settled, not lost.
    failed: list[tuple[str, str]] = field(default_factory=list)
    _asked: dict[str, int] = field(default_factory=dict)
    _asked_at: dict[str, float] = field(default_factory=dict)
    #: Asked while a user existed, and not excused by a later end of the session.
    _owed: set[str] = field(default_factory=set)
    _done_step: dict[str, int] = field(default_factory=dict)
    _done_at: dict[str, float] = field(default_factory=dict)
    _seen: int = 0

    def asked(self, label: str, step: int, at: float, *, user: bool) -> None:
        self._asked[label] = step
        self._asked_at[label] = at
        if user:
            self._owed.add(label)

    def failed_back(self, label: str, reason: str) -> None:
        self.failed.append((label, reason))

    def note(self, record: Record) -> None:
        """A record of the app's session: an end of the session excuses what it owed."""
        if record.state in SIGNED_OUT_STATES:
            self._owed.clear()

    def settle(self, step: int, now: float) -> None:
        """Date the work that landed since the last call (at the end of a step)."""
        done = self.done
        if len(done) > self._seen:
            for label in done[self._seen :]:
                self._done_step[label] = step
                self._done_at[label] = now
            self._seen = len(done)

    def lost(self) -> list[str]:
        finished = set(self.done) | set(self.tried) | {label for label, _ in self.failed}
        return sorted(label for label in self._owed if label not in finished)

    def owed(self) -> int:
        """Work the world asked for that has not landed."""
        done = set(self.done)
        return sum(1 for label in self._asked if label not in done)

    def deferred_completed(self) -> int:
        return sum(
            1 for label, step in self._done_step.items() if step > self._asked.get(label, step)
        )

    def deferred_latencies(self) -> list[float]:
        """Seconds from each deferred request to its completion (work done at once excluded)."""
        return [
            self._done_at[label] - self._asked_at[label]
            for label, step in self._done_step.items()
            if label in self._asked and step > self._asked[label]
        ]
