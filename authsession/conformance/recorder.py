"""Writes an app's own steps in the trace checker's format, so `check-trace` needs no glue.

Owns: `TraceRecorder`, a step observer (`AuthSession.add_observer`) that writes one
`authsession.tracelog/1` line per step — `{"time", "event", "state", "reason"}`, time on the
session clock's monotonic seconds — after an optional header line with the state and context the
log starts from. Events carry no secrets, so neither does the log. Lines are flushed as written:
a crash loses at most the step in progress. Must not import the runtime (it is handed steps).
"""

from __future__ import annotations

import json
from typing import Protocol, TextIO

from authsession.conformance.tracecheck import TraceHeader, TraceStep
from authsession.conformance.vectors import Initial
from authsession.spec.events import MachineEvent
from authsession.spec.states import State


class _Step(Protocol):
    @property
    def state(self) -> State: ...
    @property
    def reason(self) -> str: ...


class _Observable(Protocol):
    @property
    def state(self) -> State: ...
    @property
    def context(self) -> dict[str, bool]: ...
    def add_observer(self, observer: TraceRecorder) -> None: ...


class TraceRecorder:
    """`recorder(event, step, time)` appends one log line to `stream`.

    >>> import io
    >>> from authsession.testing import MemoryKeychain, ManualClock, ScriptedAuthenticator
    >>> from authsession import AuthSession
    >>> session = AuthSession(keychain=MemoryKeychain(), clock=ManualClock(),
    ...                       authenticator=ScriptedAuthenticator())
    >>> log = io.StringIO()
    >>> _ = TraceRecorder.attach(session, log)
    >>> _ = session.launch()
    >>> import json
    >>> json.loads(log.getvalue().splitlines()[1])["state"]
    'checking_credentials'
    """

    def __init__(self, stream: TextIO, *, initial: Initial | None = None) -> None:
        self._stream = stream
        if initial is not None:
            self._write(TraceHeader(initial=initial).model_dump(mode="json"))

    @classmethod
    def attach(cls, session: _Observable, stream: TextIO) -> TraceRecorder:
        """Start logging `session` from where it stands now (the header says where)."""
        recorder = cls(stream, initial=Initial(state=session.state, context=session.context))
        session.add_observer(recorder)
        return recorder

    def __call__(self, event: MachineEvent, step: _Step, time: float) -> None:
        line = TraceStep(time=float(time), event=event, state=step.state, reason=step.reason)
        self._write(line.model_dump(mode="json"))

    def _write(self, data: dict[str, object]) -> None:
        self._stream.write(json.dumps(data) + "\n")
        self._stream.flush()
