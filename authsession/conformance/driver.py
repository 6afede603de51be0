"""The port process driver: speaks `authsession.port/1` to a port under test, never hangs.

Owns: writing `{"reset": …}` plus one machine event per line to the port, reading one answer line
per event with a timeout on every read, and turning every way a port can misbehave (cannot start,
crash, silence, never reading its input, an endless line, a flood, non-JSON, unknown state,
missing field) into one typed `PortError` whose text is `SOURCE:sequence N step M: problem`. The
process itself — in a session of its own, so Ctrl-C reaches the driver only and the driver ends
the port and anything it started; writer, reader and stderr threads — is
`authsession.childprocess`. Memory is bounded whatever the port does: an answer line is capped
(`MAX_ANSWER_BYTES`), answers queued ahead of the reader are capped, and only the last
`STDERR_TAIL_BYTES` of its stderr are kept. Timeouts are finite and positive (`check_timeout`).
It does not judge answers against the reference; `vectors` and `difftest` do.
Must not import the runtime, the world or the CLI.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from types import TracebackType
from typing import Final

from pydantic import ValidationError

from authsession.childprocess import EOF, QUEUED_LINES, LineProcess, StartError
from authsession.childprocess import EXIT_GRACE as EXIT_GRACE
from authsession.childprocess import STDERR_TAIL_BYTES as STDERR_TAIL_BYTES
from authsession.conformance.vectors import Initial, Outcome, describe_error
from authsession.errors import InvalidInputError, MalformedInputError, did_you_mean
from authsession.inputs import parse_json
from authsession.spec.events import MachineEvent
from authsession.spec.states import State

DEFAULT_TIMEOUT: Final = 5.0
#: An answer is computed from one event; an hour without one is a port that is not coming back.
MAX_TIMEOUT: Final = 3600.0
#: A real answer is well under 1 KB; a line longer than this is a broken (or hostile) port.
MAX_ANSWER_BYTES: Final = 64 * 1024
#: Answers read ahead of the driver (`authsession.childprocess` keeps the stderr tail and ends the
#: port after its input is closed and `EXIT_GRACE` seconds; the constants are re-exported here
#: because the documented limits name them).
QUEUED_ANSWERS: Final = QUEUED_LINES

_STATES: Final = frozenset(s.value for s in State)


def check_timeout(seconds: float, option: str = "--timeout") -> float:
    """`seconds` if it is a usable per-answer timeout: finite, above 0, at most `MAX_TIMEOUT`.
    (`nan` passes a plain `<= 0` check and then never fires; `inf` never fires either.)"""
    if not (isinstance(seconds, int | float) and math.isfinite(seconds)):
        raise InvalidInputError(option, "must be a finite number of seconds")
    if not 0 < seconds <= MAX_TIMEOUT:
        raise InvalidInputError(option, f"must be above 0 and at most {MAX_TIMEOUT:g} seconds")
    return float(seconds)


class PortError(InvalidInputError):
    """The port broke the protocol. `str()` is `SOURCE:sequence N step M: problem` (one line)."""

    def __init__(self, source: str, sequence: int, step: int, problem: str) -> None:
        self.sequence = sequence
        self.step = step
        self.problem = problem
        super().__init__(f"{source}:sequence {sequence} step {step}", problem)


#: The port command could not be started at all.
PortStartError = StartError


_KINDS: Final = {list: "an array", str: "a string", int: "a number", float: "a number",
                 bool: "true or false", type(None): "null"}  # fmt: skip


def parse_answer(line: str | bytes) -> Outcome:
    """One answer line → `Outcome`, or `ValueError` with a one-line problem. Read through the
    input layer: a 5,000-digit number or deep nesting is a protocol error, not a crash. The answer
    is never quoted (like any input: a port can echo anything it was given); the problem names
    the field and, for a state, the closest real one."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("answer is not UTF-8") from None
    try:
        data = parse_json(line, "answer", first_line=None)
    except MalformedInputError as err:
        raise ValueError(f"answer is {err.message.partition(': ')[2]}") from None
    if not isinstance(data, dict):
        raise ValueError(f"answer is not a JSON object but {_KINDS.get(type(data), 'a value')}")
    state = data.get("state")
    if isinstance(state, str) and state not in _STATES:
        # pydantic would list all nine states; the closest real one is what helps.
        raise ValueError("state: unknown state" + did_you_mean(state, sorted(_STATES)))
    try:
        return Outcome.model_validate(data)
    except ValidationError as err:
        raise ValueError(describe_error(err)) from None


class PortProcess:
    """A running port. Use as a context manager; `run()` one sequence at a time.

    Each sequence is handed to the child's writer thread in one go (reset line, then the events)
    and then answered line by line: equivalent to lockstep for a conforming port, one pipe round
    trip per sequence instead of one per event — and a port that never reads its input cannot
    block the driver, whose every read still times out. The process handling (own session,
    capped lines, bounded queue, stderr tail) is `authsession.childprocess`.
    """

    def __init__(
        self,
        command: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        source: str | None = None,
        max_answer_bytes: int = MAX_ANSWER_BYTES,
    ) -> None:
        self.timeout = check_timeout(timeout)
        self.source = source if source is not None else command
        self.max_answer_bytes = max_answer_bytes
        self._child = LineProcess(
            command,
            option="--port",
            source=self.source,
            max_line_bytes=max_answer_bytes,
            noun="port",
            line_name="answer line",
        )
        self._broken = False
        self._closed = False

    @property
    def pid(self) -> int:
        """The port's OS process (the fuzz campaign checks nothing of its group outlives it)."""
        return self._child.pid

    # Protocol ------------------------------------------------------------------------------------

    def _problem(self, item: object) -> str | None:
        """What a reader marker means, or None for an answer line."""
        return self._child.problem(item, self.timeout)

    def _fail(self, sequence: int, step: int, problem: str) -> PortError:
        # After a protocol error the answers no longer line up with the events, and a silent port
        # may never read another line: end it now rather than waiting for it to exit.
        self._broken = True
        self._child.end()
        return PortError(self.source, sequence, step, problem)

    def run(self, sequence: int, initial: Initial, events: Sequence[MachineEvent]) -> list[Outcome]:
        """Reset the port to `initial`, feed `events`, return one answer per event."""
        if self._broken or self._closed:
            raise PortError(self.source, sequence, 0, "port is unusable after an earlier error")
        early = self._child.unasked()  # anything here came before it was asked for
        if early is not None:
            before = self._problem(early) or "port answered more lines than it was sent events"
            raise self._fail(sequence, 0 if early is not EOF else 1, before)
        reset = {"reset": {"state": initial.state.value, "context": initial.full_context()}}
        lines = [json.dumps(reset), *(event.model_dump_json() for event in events)]
        self._child.send(("\n".join(lines) + "\n").encode("utf-8"))
        answers: list[Outcome] = []
        for step in range(1, len(events) + 1):
            item = self._child.receive(self.timeout)
            problem = self._problem(item)
            if problem is not None:
                raise self._fail(sequence, step, problem)
            assert isinstance(item, bytes)
            try:
                answers.append(parse_answer(item))
            except ValueError as err:
                raise self._fail(sequence, step, str(err)) from None
        return answers

    # Ending --------------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the port's input, give it `EXIT_GRACE` seconds to exit, then end its group.
        Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._child.close(grace=not self._broken)

    def __enter__(self) -> PortProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            self._broken = True  # Ctrl-C or an error: no grace period, end it now
        self.close()
