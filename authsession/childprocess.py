"""A child process that speaks JSON Lines on its stdio, run so that it can never hang or flood us.

Owns: starting a command (split like a shell would, no shell) in a process session of its own —
so a terminal's Ctrl-C reaches only us, and ending it ends everything it started —, a writer
thread (a child that never reads its input cannot block us), a reader thread that cuts its stdout
into lines of at most `max_line_bytes` into a bounded queue (a child flooding lines waits on its
pipe), a thread draining its stderr that keeps only the last `STDERR_TAIL_BYTES`, every read with
a timeout, and the one-line description of how it ended (exit code and its last stderr line).
Both harnesses of foreign code use it: the port driver (`authsession.port/1`) and the app
process of the world (`authsession.app/1`). What the lines mean is theirs.
Must not import anything from the package but `authsession.errors`.
"""

from __future__ import annotations

import contextlib
import io
import os
import queue
import shlex
import signal
import subprocess
import threading
from typing import IO, Final

from authsession.errors import InvalidInputError

#: The child's stderr is drained continuously (a chatty child must not block on a full pipe);
#: only this much of its end is kept, to quote its last words when it dies.
STDERR_TAIL_BYTES: Final = 4096
#: Lines read ahead of the reader's consumer; past this the reader waits (and so, on its pipe,
#: does a child that floods lines nobody asked for).
QUEUED_LINES: Final = 1024
#: How long a child gets to exit after its input is closed, before it is killed.
EXIT_GRACE: Final = 1.0

#: What `receive` returns instead of a line.
EOF: Final = object()
TOO_LONG: Final = object()
TIMEOUT: Final = object()
_OWN_SESSION: Final = os.name == "posix"


class StartError(InvalidInputError):
    """The command could not be started at all."""


def excerpt(text: str, limit: int = 60) -> str:
    text = text.rstrip("\n")
    return repr(text if len(text) <= limit else text[:limit] + "…")


class LineProcess:
    """A running child. `send` bytes (written in order by the writer thread), `receive` one line
    (bytes without a length check past `max_line_bytes`), or a marker: `EOF`, `TOO_LONG`,
    `TIMEOUT`. `noun` names the child in problems ("port", "app"), `line_name` what it writes
    ("answer line")."""

    def __init__(
        self,
        command: str,
        *,
        option: str,
        source: str,
        max_line_bytes: int,
        noun: str,
        line_name: str = "line",
    ) -> None:
        try:
            argv = shlex.split(command)
        except ValueError as err:
            raise StartError(option, f"cannot parse command: {err}") from None
        if not argv:
            raise StartError(option, "empty command")
        self.source = source
        self.noun = noun
        self.line_name = line_name
        self.max_line_bytes = max_line_bytes
        try:
            self._proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                bufsize=0,
                # Its own session: a terminal's Ctrl-C interrupts us, and we then end the whole
                # group (the child and whatever it started), instead of racing the child.
                start_new_session=_OWN_SESSION,
            )
        except OSError as err:
            raise StartError(source, f"cannot start: {err.strerror or err}") from None
        self._lines: queue.Queue[object] = queue.Queue(maxsize=QUEUED_LINES)
        self._outbox: queue.Queue[bytes | None] = queue.Queue()
        self._stopping = threading.Event()
        self._tail = bytearray()
        self._tail_lock = threading.Lock()
        self._ended = False
        #: Strings the child was sent that must never be quoted back (a harness that sends
        #: secrets fills it): its last stderr words are shown with each one masked.
        self.secrets: set[str] = set()
        proc = self._proc
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        self._threads = [
            threading.Thread(target=self._read_lines, args=(proc.stdout,), daemon=True),
            threading.Thread(target=self._drain_stderr, args=(proc.stderr,), daemon=True),
            threading.Thread(target=self._write, args=(proc.stdin,), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    @property
    def pid(self) -> int:
        return self._proc.pid

    # Threads -------------------------------------------------------------------------------------

    def _put(self, item: object) -> None:
        while not self._stopping.is_set():
            try:
                self._lines.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def _read_lines(self, raw: IO[bytes]) -> None:
        stream = io.BufferedReader(raw, buffer_size=64 * 1024)  # type: ignore[type-var]
        limit = self.max_line_bytes
        try:
            while line := stream.readline(limit + 2):
                if len(line.rstrip(b"\n")) > limit:
                    self._put(TOO_LONG)
                    return  # the rest of the line is not read: the child is ended instead
                self._put(line)
        except (OSError, ValueError):
            pass
        self._put(EOF)

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
            pass  # the child closed its input or died: the missing answers report it
        finally:
            with contextlib.suppress(OSError):
                raw.close()

    # Talking -------------------------------------------------------------------------------------

    def send(self, payload: bytes) -> None:
        self._outbox.put(payload)

    def receive(self, timeout: float) -> object:
        """The next line (bytes, with its newline if it had one), or a marker: `EOF`, `TOO_LONG`,
        `TIMEOUT`."""
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            return TIMEOUT

    def unasked(self) -> object | None:
        """A line (or marker) already waiting, if any: what a child wrote before it was asked."""
        try:
            return self._lines.get_nowait()
        except queue.Empty:
            return None

    def stderr_last_line(self) -> str | None:
        with self._tail_lock:
            text = bytes(self._tail).decode("utf-8", errors="replace")
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, "***")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return lines[-1] if lines else None

    def exit_problem(self) -> str:
        """How the child ended its output: its exit code and last stderr line."""
        try:
            code = self._proc.wait(timeout=EXIT_GRACE)
        except subprocess.TimeoutExpired:
            return f"{self.noun} closed its output but kept running"
        # Give the stderr thread a moment to collect the child's last words.
        self._threads[1].join(timeout=0.5)
        last = self.stderr_last_line()
        tail = f" (stderr: {excerpt(last, 120)})" if last else ""
        return f"{self.noun} exited with code {code} before answering{tail}"

    def problem(self, item: object, timeout: float) -> str | None:
        """What a marker means, or None for a line."""
        if item is EOF:
            return self.exit_problem()
        if item is TOO_LONG:
            return f"{self.line_name} longer than {self.max_line_bytes:,} bytes"
        if item is TIMEOUT:
            return f"no answer within {timeout:g} s"
        return None

    # Ending --------------------------------------------------------------------------------------

    @property
    def ended(self) -> bool:
        return self._ended

    def end(self) -> None:
        """Kill the child and everything in its session (a shell's children hold its pipes), then
        reap it. Idempotent."""
        self._ended = True
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
        self._outbox.put(None)

    def close(self, *, grace: bool = True) -> None:
        """Close the child's input, give it `EXIT_GRACE` seconds to exit (unless `grace` is
        false), then end its group."""
        if self._ended:
            return
        self._outbox.put(None)  # the writer closes stdin once everything before it is written
        if grace:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(timeout=EXIT_GRACE)
        self.end()
