"""The app's end of the `authsession.app/1` pipe.

Owns: `Channel` (world lines in, app lines out: one bounded line at a time, calls numbered from 1
per process, every world answer validated against the model it must be) and the three ways a
call can end other than with an answer — `WorldEnded`, `Restart` (a `hello` in its place: the
process was killed mid-call) and `AdapterRaised`. Must not import the world or the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from authsession.app import protocol as p
from authsession.errors import InvalidInputError


class WorldEnded(BaseException):
    """The world closed the pipe while this process waited for an answer: it is over. A
    `BaseException`, like `Restart`: the session's adapter guards must not turn it into that
    adapter's failure and go on calling a world that is gone."""


class Restart(BaseException):
    """A `hello` came in place of an answer: this process was killed mid-call. A
    `BaseException`, so that no adapter guard of the session (`except Exception`) can swallow it:
    the whole callback is abandoned, as a kill would end it."""

    def __init__(self, hello: p.Hello) -> None:
        super().__init__("reset")
        self.hello = hello


class AdapterRaised(Exception):
    """The world answered `raised`: the adapter threw (the host makes it that call's failure)."""


class Channel:
    """This process's end of the pipe: world lines in, app lines out."""

    def __init__(self, stdin: IO[bytes], stdout: IO[bytes]) -> None:
        self._in = stdin
        self._out = stdout
        self.line = 0
        self._calls = 0
        #: Runs before each adapter call: reports the steps taken since the last one.
        self.before_call: Callable[[], None] | None = None

    def reset(self) -> None:
        self._calls = 0

    def read(self) -> bytes | None:
        """The next world line (None: the world closed the pipe)."""
        raw = self._in.readline(p.MAX_LINE_BYTES + 2)
        if not raw:
            return None
        self.line += 1
        if len(raw.rstrip(b"\n")) > p.MAX_LINE_BYTES:
            self.fail(f"(line): longer than {p.MAX_LINE_BYTES:,} bytes")
        return raw

    def fail(self, problem: str) -> Any:
        raise InvalidInputError(f"stdin:{self.line}", problem)

    def send(self, line: Any) -> None:
        self._out.write(p.wire(line))
        self._out.flush()

    def call(self, model: type[Any], **fields: Any) -> Any:
        """Make one adapter call and return the world's answer (`AdapterRaised` if it threw)."""
        if self.before_call is not None:
            self.before_call()
        self._calls += 1
        call = model(call=self._calls, **fields)
        self.send(call)
        raw = self.read()
        if raw is None:
            raise WorldEnded
        try:
            answer = p.read_answer(raw, call)
        except p.ProtocolError as err:
            self.fail(str(err))
        if isinstance(answer, p.Hello):
            raise Restart(answer)
        if answer.re != self._calls:
            self.fail(f"re: answers call {answer.re}, expected {self._calls}")
        if isinstance(answer, p.Raised):
            raise AdapterRaised(f"{call.adapter}.{call.op} raised")
        return answer
