"""The one error of an app process that breaks `authsession.app/1`.

Owns: `AppProcessError` — `SOURCE:message N: field: problem`, one line, never a quote of what the
app wrote. It is a `BaseException`, like the world's `ProcessKilled`: the world's run loop takes
any `Exception` out of an app as the app's own defect (a finding, the run goes on), but a broken
process is bad input to the tool — exit 2 — and must pass through every layer up to the CLI.
Must not import anything from the package but `authsession.errors`.
"""

from __future__ import annotations

from authsession.errors import printable


class AppProcessError(BaseException):
    def __init__(self, source: str, message: int, problem: str) -> None:
        self.source = printable(source)
        self.message = message
        self.problem = printable(" ".join(problem.split()))
        super().__init__(f"{self.source}:message {message}: {self.problem}")

    def __reduce__(self) -> tuple[object, ...]:
        # A process pool sends it back from a worker: rebuild it from its parts.
        return AppProcessError, (self.source, self.message, self.problem)

    def __str__(self) -> str:
        return f"{self.source}:message {self.message}: {self.problem}"
