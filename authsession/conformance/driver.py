"""The port process driver: speaks `authsession.port/1` to a port under test, never hangs.

Owns: starting the port as a subprocess, writing `{"reset": …}` plus one machine event per line,
reading one answer line per event with a timeout on every read, and turning every way a port can
misbehave (cannot start, crash, silence, non-JSON, unknown state, missing field) into one typed
`PortError` whose text is `SOURCE:sequence N step M: problem`. It does not judge answers against
the reference; `vectors` and `difftest` do. Must not import the runtime, the world or the CLI.
"""

from __future__ import annotations

import contextlib
import json
import queue
import shlex
import subprocess
import threading
from collections import deque
from collections.abc import Sequence
from types import TracebackType
from typing import IO, Final

from pydantic import ValidationError

from authsession.conformance.vectors import Initial, Outcome, describe_error
from authsession.errors import InvalidInputError
from authsession.spec.events import MachineEvent
from authsession.spec.states import State

DEFAULT_TIMEOUT: Final = 5.0
_EOF: Final = None
_STATES: Final = frozenset(s.value for s in State)


class PortError(InvalidInputError):
    """The port broke the protocol. `str()` is `SOURCE:sequence N step M: problem` (one line)."""

    def __init__(self, source: str, sequence: int, step: int, problem: str) -> None:
        self.sequence = sequence
        self.step = step
        self.problem = problem
        super().__init__(f"{source}:sequence {sequence} step {step}", problem)


class PortStartError(InvalidInputError):
    """The port command could not be started at all."""


def _excerpt(text: str, limit: int = 60) -> str:
    text = text.rstrip("\n")
    return repr(text if len(text) <= limit else text[:limit] + "…")


def parse_answer(line: str) -> Outcome:
    """One answer line → `Outcome`, or `ValueError` with a one-line problem."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        raise ValueError(f"answer is not JSON: {_excerpt(line)}") from None
    if not isinstance(data, dict):
        raise ValueError(f"answer is not a JSON object: {_excerpt(line)}")
    state = data.get("state")
    if isinstance(state, str) and state not in _STATES:
        # pydantic would list all nine states; the name of the wrong one is what helps.
        raise ValueError(f"state: unknown state {state!r}")
    try:
        return Outcome.model_validate(data)
    except ValidationError as err:
        raise ValueError(describe_error(err)) from None


class PortProcess:
    """A running port. Use as a context manager; `run()` one sequence at a time.

    Each sequence is written in one go (reset line, then the events) and then answered line by
    line: equivalent to lockstep for a conforming port, and one pipe round trip per sequence
    instead of one per event. A reader thread drains stdout into a queue so every read can time
    out, and drains stderr so a chatty port cannot block on a full pipe.
    """

    def __init__(
        self, command: str, *, timeout: float = DEFAULT_TIMEOUT, source: str | None = None
    ) -> None:
        try:
            argv = shlex.split(command)
        except ValueError as err:
            raise PortStartError("--port", f"cannot parse command: {err}") from None
        if not argv:
            raise PortStartError("--port", "empty command")
        self.source = source if source is not None else command
        self.timeout = timeout
        try:
            self._proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                bufsize=1,
            )
        except OSError as err:
            raise PortStartError(self.source, f"cannot start: {err.strerror or err}") from None
        self._answers: queue.Queue[str | None] = queue.Queue()
        self._stderr_tail: deque[str] = deque(maxlen=3)
        self._broken = False
        assert self._proc.stdout is not None and self._proc.stderr is not None
        threading.Thread(target=self._pump, args=(self._proc.stdout,), daemon=True).start()
        self._stderr_thread = threading.Thread(
            target=self._drain, args=(self._proc.stderr,), daemon=True
        )
        self._stderr_thread.start()

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            self._answers.put(line)
        self._answers.put(_EOF)

    def _drain(self, stream: IO[str]) -> None:
        for line in stream:
            if line.strip():
                self._stderr_tail.append(line.strip())

    def _exit_problem(self) -> str:
        try:
            code = self._proc.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            return "port closed its output but kept running"
        # Give the stderr thread a moment to collect the port's last words.
        self._stderr_thread.join(timeout=0.5)
        tail = f" (stderr: {_excerpt(self._stderr_tail[-1], 120)})" if self._stderr_tail else ""
        return f"port exited with code {code} before answering{tail}"

    def run(self, sequence: int, initial: Initial, events: Sequence[MachineEvent]) -> list[Outcome]:
        """Reset the port to `initial`, feed `events`, return one answer per event."""
        if self._broken:
            raise PortError(self.source, sequence, 0, "port is unusable after an earlier error")
        reset = {"reset": {"state": initial.state.value, "context": initial.full_context()}}
        lines = [json.dumps(reset), *(event.model_dump_json() for event in events)]
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write("\n".join(lines) + "\n")
            self._proc.stdin.flush()
        except OSError:
            pass  # the port died; reading reports it at the first missing answer
        answers: list[Outcome] = []
        for step in range(1, len(events) + 1):
            try:
                line = self._answers.get(timeout=self.timeout)
            except queue.Empty:
                self._fail()
                raise PortError(
                    self.source, sequence, step, f"no answer within {self.timeout:g} s"
                ) from None
            if line is _EOF:
                self._broken = True
                raise PortError(self.source, sequence, step, self._exit_problem())
            try:
                answers.append(parse_answer(line))
            except ValueError as err:
                self._fail()
                raise PortError(self.source, sequence, step, str(err)) from None
        return answers

    def _fail(self) -> None:
        # After a protocol error the answers no longer line up with the events, and a silent port
        # may never read another line: stop it now rather than waiting for it to exit.
        self._broken = True
        if self._proc.poll() is None:
            self._proc.kill()
        self.close()

    def close(self) -> None:
        """Close stdin, give the port a second to exit, then kill it. Idempotent."""
        proc = self._proc
        if proc.stdin is not None and not proc.stdin.closed:
            with contextlib.suppress(OSError):
                proc.stdin.close()
        try:
            proc.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def __enter__(self) -> PortProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
