"""`ScriptedRevoker`: a revocation endpoint a test can take offline.

Owns: the answers of a fake RFC 7009 endpoint (`Revoked` while online, `Transient` while not, or a
queue of scripted answers) and the log of what it was asked — account, scope and token type, never
the token; `revoked` holds the tokens' values only so a test can assert *which* token was revoked
(read through `was_revoked`, never printed). Must not import the runtime.
"""

from __future__ import annotations

from collections import deque
from typing import ClassVar

from authsession.adapters.authenticator import Transient
from authsession.adapters.revocation import (
    LogoutScope,
    RevocationRequest,
    Revoked,
    RevokeResult,
    TokenTypeHint,
)


class ScriptedRevoker:
    """Implements `authsession.adapters.Revoker`. Answers from `results` in order; once they run
    out, `Revoked` while `online`, else `Transient` ("network offline")."""

    blocking: ClassVar[bool] = False

    def __init__(self, *results: RevokeResult, online: bool = True) -> None:
        self._results: deque[RevokeResult] = deque(results)
        self.online = online
        #: (account, scope, token type) of every request, in order.
        self.requests: list[tuple[str, LogoutScope, TokenTypeHint]] = []
        self._revoked: list[str] = []

    def script(self, *results: RevokeResult) -> None:
        self._results.extend(results)

    def revoke(self, request: RevocationRequest) -> RevokeResult:
        self.requests.append((request.account, request.scope, request.token_type_hint))
        if self._results:
            answer = self._results.popleft()
        elif self.online:
            answer = Revoked()
        else:
            answer = Transient(detail="network offline")
        if isinstance(answer, Revoked):
            self._revoked.append(request.token.get_secret_value())
        return answer

    def was_revoked(self, token: str) -> bool:
        return token in self._revoked

    def __repr__(self) -> str:
        return f"ScriptedRevoker(online={self.online}, requests={len(self.requests)})"
