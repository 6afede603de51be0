"""`ScriptedAuthenticator`: a server whose answers a test writes down in advance.

Owns: a queue of `Accepted | Rejected | Transient` answers (or a handler function, like httpx's
`MockTransport`) and the log of requests it received (account names only, never secrets).
Must not import the runtime.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from pydantic import SecretStr

from authsession.adapters.authenticator import Accepted, AuthResult
from authsession.adapters.keychain import Credentials


class ScriptedAuthenticator:
    """Implements `authsession.adapters.Authenticator`.

    Answers from `results` in order; once they run out, from `handler`; with neither, it accepts
    every request with a fresh token valid for `token_lifetime` seconds.
    """

    def __init__(
        self,
        *results: AuthResult,
        handler: Callable[[Credentials], AuthResult] | None = None,
        token_lifetime: float = 3600.0,
    ) -> None:
        self._results: deque[AuthResult] = deque(results)
        self._handler = handler
        self.token_lifetime = token_lifetime
        self.requests: list[str] = []
        #: Scripted answers never wait; a `handler` is the caller's code and may (tests of
        #: concurrency make it wait on purpose), so the asyncio driver runs it off the loop.
        self.blocking = handler is not None

    def script(self, *results: AuthResult) -> None:
        """Queue more answers."""
        self._results.extend(results)

    def authenticate(self, credentials: Credentials) -> AuthResult:
        self.requests.append(credentials.account)
        if self._results:
            return self._results.popleft()
        if self._handler is not None:
            return self._handler(credentials)
        return Accepted(
            token=SecretStr(f"token-{len(self.requests)}"), expires_in=self.token_lifetime
        )

    def __repr__(self) -> str:
        return f"ScriptedAuthenticator(requests={len(self.requests)})"
