"""The authenticator adapter: send credentials to the server, classify the answer.

Owns: `Accepted | Rejected | Transient`, the `Authenticator` Protocol and `HttpAuthenticator`, a
real JSON-over-HTTP implementation on the standard library. Only a *definitive* answer about the
credentials is `Rejected`; anything that says nothing about them (network, timeouts, 5xx, 429,
garbled replies) is `Transient`, because treating it as a rejection logs users out (failure F5).
Must not import the core or runtime.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from authsession.adapters.keychain import Credentials


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Accepted(_Result):
    kind: Literal["accepted"] = "accepted"
    token: SecretStr
    expires_in: float = Field(gt=0, description="Seconds the session token stays valid.")


class Rejected(_Result):
    """The server says these credentials will never work (OAuth `invalid_grant`, 401, 403)."""

    kind: Literal["rejected"] = "rejected"
    detail: str = ""


class Transient(_Result):
    kind: Literal["transient"] = "transient"
    detail: str = ""


AuthResult = Accepted | Rejected | Transient


@runtime_checkable
class Authenticator(Protocol):
    def authenticate(self, credentials: Credentials) -> AuthResult: ...


class _TokenReply(BaseModel):
    access_token: SecretStr
    expires_in: float = Field(gt=0)


class HttpAuthenticator:
    """POSTs `{"username", "password"}` as JSON to `url`; expects
    `{"access_token", "expires_in"}` back.

    401 and 403 are `Rejected`, and so is a 400 whose JSON `error` is `invalid_grant` (RFC 6749
    §5.2). Every other status, a timeout, a network error or a malformed body is `Transient`.
    """

    def __init__(self, url: str, *, timeout: float = 10.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"HttpAuthenticator url must be http(s), got {url!r}")
        self.url = url
        self.timeout = timeout

    def authenticate(self, credentials: Credentials) -> AuthResult:
        body = json.dumps(
            {"username": credentials.account, "password": credentials.secret.get_secret_value()}
        ).encode()
        request = urllib.request.Request(
            self.url, data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                payload = response.read()
        except urllib.error.HTTPError as err:
            return _classify_error(err.code, err.read())
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            return Transient(detail=f"network: {type(err).__name__}")
        try:
            reply = _TokenReply.model_validate_json(payload)
        except ValidationError:
            return Transient(detail="malformed token reply")
        return Accepted(token=reply.access_token, expires_in=reply.expires_in)

    def __repr__(self) -> str:
        return f"HttpAuthenticator({self.url!r})"


def _classify_error(status: int, body: bytes) -> AuthResult:
    if status in (401, 403):
        return Rejected(detail=f"http {status}")
    if status == 400:
        try:
            error = json.loads(body).get("error")
        except (ValueError, AttributeError):
            error = None
        if error == "invalid_grant":
            return Rejected(detail="invalid_grant")
    return Transient(detail=f"http {status}")
