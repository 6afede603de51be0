"""The port process driver: speaks `authsession.port/1` to a port under test, never hangs.

Owns: starting the port as a subprocess (in a session of its own, so Ctrl-C reaches the driver
only and the driver ends the port and anything it started), writing `{"reset": …}` plus one machine
event per line from a writer thread, reading one answer line per event with a timeout on every
read, and turning every way a port can misbehave (cannot start, crash, silence, never reading its
input, an endless line, a flood, non-JSON, unknown state, missing field) into one typed `PortError`
whose text is `SOURCE:sequence N step M: problem`. Memory is bounded whatever the port does: an
answer line is capped (`MAX_ANSWER_BYTES`), answers queued ahead of the reader are capped, and only
the last `STDERR_TAIL_BYTES` of its stderr are kept. Timeouts are finite and positive
(`check_timeout`). It does not judge answers against the reference; `vectors` and `difftest` do.
Must not import the runtime, the world or the CLI.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import queue
import shlex
import signal
import subprocess
import threading
from collections.abc import Sequence
from types import TracebackType
from typing import IO, Final

from pydantic import ValidationError

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
#: The port's stderr is drained continuously (a chatty port must not block on a full pipe); only
#: this much of its end is kept, to quote its last words when it dies.
STDERR_TAIL_BYTES: Final = 4096
#: Answers read ahead of the driver; past this the reader waits (and so, on its pipe, does a port
#: that floods answers nobody asked for).
QUEUED_ANSWERS: Final = 1024
#: How long a port gets to exit after its input is closed, before it is killed.
EXIT_GRACE: Final = 1.0

_EOF: Final = object()
_TOO_LONG: Final = object()
_STATES: Final = frozenset(s.value for s in State)
_OWN_SESSION: Final = os.name == "posix"


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


class PortStartError(InvalidInputError):
    """The port command could not be started at all."""


def _excerpt(text: str, limit: int = 60) -> str:
    text = text.rstrip("\n")
    return repr(text if len(text) <= limit else text[:limit] + "…")


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

    Each sequence is handed to a writer thread in one go (reset line, then the events) and then
    answered line by line: equivalent to lockstep for a conforming port, one pipe round trip per
    sequence instead of one per event — and a port that never reads its input cannot block the
    driver, whose every read still times out. A reader thread drains stdout into a bounded queue
    in capped lines; another drains stderr, keeping its tail.
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
        try:
            argv = shlex.split(command)
        except ValueError as err:
            raise PortStartError("--port", f"cannot parse command: {err}") from None
        if not argv:
            raise PortStartError("--port", "empty command")
        self.source = source if source is not None else command
        self.max_answer_bytes = max_answer_bytes
        try:
            self._proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                bufsize=0,
                # Its own session: a terminal's Ctrl-C interrupts the driver, which then ends the
                # whole group (the port and whatever it started), instead of racing the port.
                start_new_session=_OWN_SESSION,
            )
        except OSError as err:
            raise PortStartError(self.source, f"cannot start: {err.strerror or err}") from None
        self._answers: queue.Queue[object] = queue.Queue(maxsize=QUEUED_ANSWERS)
        self._outbox: queue.Queue[bytes | None] = queue.Queue()
        self._stopping = threading.Event()
        self._tail = bytearray()
        self._tail_lock = threading.Lock()
        self._broken = False
        self._closed = False
        proc = self._proc
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        self._threads = [
            threading.Thread(target=self._read_answers, args=(proc.stdout,), daemon=True),
            threading.Thread(target=self._drain_stderr, args=(proc.stderr,), daemon=True),
            threading.Thread(target=self._write, args=(proc.stdin,), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    # Threads -------------------------------------------------------------------------------------

    def _put(self, item: object) -> None:
        while not self._stopping.is_set():
            try:
                self._answers.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def _read_answers(self, raw: IO[bytes]) -> None:
        stream = io.BufferedReader(raw, buffer_size=64 * 1024)  # type: ignore[type-var]
        limit = self.max_answer_bytes
        try:
            while line := stream.readline(limit + 2):
                if len(line.rstrip(b"\n")) > limit:
                    self._put(_TOO_LONG)
                    return  # the rest of the line is not read: the port is ended instead
                self._put(line)
        except (OSError, ValueError):
            pass
        self._put(_EOF)

    def _drain_stderr(self, raw: IO[bytes]) -> None:
        with contextlib.suppress(OSError, ValueError):
            while chunk := raw.read(4096):
                with self._tail_lock:
                    self._tail += chunk
                    del self._tail[:-STDERR_TAIL_BYTES]

    def _write(self, raw: IO[bytes]) -> None:
        try:
            while (payload := self._outbox.get()) is not None:
                view = memoryview(payload)
                while view:
                    view = view[raw.write(view) or 0 :]
        except OSError:
            pass  # the port closed its input or died: the missing answers report it
        finally:
            with contextlib.suppress(OSError):
                raw.close()

    # Protocol ------------------------------------------------------------------------------------

    def _stderr_last_line(self) -> str | None:
        with self._tail_lock:
            text = bytes(self._tail).decode("utf-8", errors="replace")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return lines[-1] if lines else None

    def _exit_problem(self) -> str:
        try:
            code = self._proc.wait(timeout=EXIT_GRACE)
        except subprocess.TimeoutExpired:
            return "port closed its output but kept running"
        # Give the stderr thread a moment to collect the port's last words.
        self._threads[1].join(timeout=0.5)
        last = self._stderr_last_line()
        tail = f" (stderr: {_excerpt(last, 120)})" if last else ""
        return f"port exited with code {code} before answering{tail}"

    def _problem(self, item: object) -> str | None:
        """What a reader marker means, or None for an answer line."""
        if item is _EOF:
            return self._exit_problem()
        if item is _TOO_LONG:
            return f"answer line longer than {self.max_answer_bytes:,} bytes"
        return None

    def _fail(self, sequence: int, step: int, problem: str) -> PortError:
        # After a protocol error the answers no longer line up with the events, and a silent port
        # may never read another line: end it now rather than waiting for it to exit.
        self._broken = True
        self._end_group()
        return PortError(self.source, sequence, step, problem)

    def run(self, sequence: int, initial: Initial, events: Sequence[MachineEvent]) -> list[Outcome]:
        """Reset the port to `initial`, feed `events`, return one answer per event."""
        if self._broken or self._closed:
            raise PortError(self.source, sequence, 0, "port is unusable after an earlier error")
        with contextlib.suppress(queue.Empty):
            early = self._answers.get_nowait()  # anything here came before it was asked for
            before = self._problem(early) or "port answered more lines than it was sent events"
            raise self._fail(sequence, 0 if early is not _EOF else 1, before)
        reset = {"reset": {"state": initial.state.value, "context": initial.full_context()}}
        lines = [json.dumps(reset), *(event.model_dump_json() for event in events)]
        self._outbox.put(("\n".join(lines) + "\n").encode("utf-8"))
        answers: list[Outcome] = []
        for step in range(1, len(events) + 1):
            try:
                item = self._answers.get(timeout=self.timeout)
            except queue.Empty:
                raise self._fail(sequence, step, f"no answer within {self.timeout:g} s") from None
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

    def _end_group(self) -> None:
        """Kill the port and everything in its session (a shell's children hold its pipes), then
        reap it."""
        self._stopping.set()
        proc = self._proc
        if _OWN_SESSION:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5.0)

    def close(self) -> None:
        """Close the port's input, give it `EXIT_GRACE` seconds to exit, then end its group.
        Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._outbox.put(None)  # the writer closes stdin once everything before it is written
        if not self._broken:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(timeout=EXIT_GRACE)
        self._end_group()

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
