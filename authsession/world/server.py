"""The simulated auth server of the world.

Owns: which users exist (the first successful sign-in registers a password), the server's mode
(`ok | reject | down`), the network switch, the token lifetime, and a log of every request with
whether the credentials' protection class was readable when it was sent. Never stores a secret in
its log. Must not import the runtime.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pydantic import SecretStr

from authsession.adapters.authenticator import Accepted, AuthResult, Rejected, Transient
from authsession.adapters.keychain import Credentials

Mode = Literal["ok", "reject", "down"]


@dataclass(frozen=True, slots=True)
class Request:
    account: str
    protected_data_available: bool
    outcome: str


class WorldServer:
    """Implements `authsession.adapters.Authenticator` for every policy in the world."""

    def __init__(
        self,
        *,
        mode: Mode,
        token_lifetime: float,
        protected_data_available: Callable[[], bool],
    ) -> None:
        self.mode: Mode = mode
        self.online = True
        self.token_lifetime = token_lifetime
        self._available = protected_data_available
        self._passwords: dict[str, SecretStr] = {}
        self._issued = 0
        self.requests: list[Request] = []
        self.rejections = 0

    def register(self, credentials: Credentials) -> None:
        self._passwords[credentials.account] = credentials.secret

    def authenticate(self, credentials: Credentials) -> AuthResult:
        result = self._answer(credentials)
        self.requests.append(Request(credentials.account, self._available(), result.kind))
        if isinstance(result, Rejected):
            self.rejections += 1
        return result

    def _answer(self, credentials: Credentials) -> AuthResult:
        if not self.online:
            return Transient(detail="network offline")
        if self.mode == "down":
            return Transient(detail="http 503")
        if self.mode == "reject":
            return Rejected(detail="invalid_grant")
        known = self._passwords.setdefault(credentials.account, credentials.secret)
        if known.get_secret_value() != credentials.secret.get_secret_value():
            return Rejected(detail="invalid_grant")
        self._issued += 1
        return Accepted(
            token=SecretStr(f"world-token-{self._issued}"), expires_in=self.token_lifetime
        )

    def __repr__(self) -> str:
        return (
            f"WorldServer(mode={self.mode!r}, online={self.online}, requests={len(self.requests)})"
        )
