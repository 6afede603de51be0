"""The authenticator adapter: send credentials to the server, classify the answer.

Owns: `Accepted | Rejected | Transient`, the `Authenticator` Protocol and `HttpAuthenticator`, a
real JSON-over-HTTP implementation on the standard library. Only a *definitive* answer about the
credentials is `Rejected`; anything that says nothing about them (network, timeouts, 5xx, 429,
garbled replies) is `Transient`, because treating it as a rejection logs users out (failure F5).
Error answers are classified through the spec's error taxonomy (`authsession.spec.taxonomy`), the
one table every adapter shares. A request without credentials is never sent (F4).
Must not import the core or runtime.
"""

from __future__ import annotations

import json
from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from authsession.adapters.clock import SystemClock
from authsession.adapters.keychain import Credentials
from authsession.spec.taxonomy import ErrorClass, ErrorSource, classify, classify_http, lookup


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Accepted(_Result):
    """The server accepted the credentials. `refresh_token` is set when it also rotated the
    stored secret: the old one is (or soon will be) worthless, so the runtime must persist this
    one before forgetting the old (F7)."""

    kind: Literal["accepted"] = "accepted"
    token: SecretStr
    expires_in: float = Field(gt=0, description="Seconds the session token stays valid.")
    refresh_token: SecretStr | None = None
    #: The expiry as the server stated it, an absolute time on *the server's* clock, when it did.
    #: Informational: `expires_in` is what a session times the token with (on monotonic time). An
    #: adapter that only gets `expires_at` derives `expires_in` from the server's own clock (its
    #: `Date` header), never from the device's wall clock, which may be wrong by days (F9).
    expires_at: float | None = None


class Rejected(_Result):
    """The server says these credentials will never work (OAuth `invalid_grant`, 401, 403)."""

    kind: Literal["rejected"] = "rejected"
    detail: str = ""


class Transient(_Result):
    """No verdict on the credentials (network down, 5xx, timeout, 429): try again later; never a
    reason to sign out. `retry_after` is the server's `Retry-After`, if it sent one."""

    kind: Literal["transient"] = "transient"
    detail: str = ""
    #: The server asked for this many seconds before the next request (`Retry-After` on a 429 or
    #: 503): the retry waits at least that long.
    retry_after: float | None = Field(default=None, ge=0)


AuthResult = Accepted | Rejected | Transient


@runtime_checkable
class Authenticator(Protocol):
    """Exchanges credentials for a session token: the one call to the server the session makes."""

    def authenticate(self, credentials: Credentials) -> AuthResult: ...


class _TokenReply(BaseModel):
    model_config = ConfigDict(defer_build=True)

    access_token: SecretStr
    expires_in: float | None = Field(default=None, gt=0)
    expires_at: float | None = None
    refresh_token: SecretStr | None = None


#: A token reply is a few hundred bytes; a server's body is read no further than this.
MAX_REPLY_BYTES = 1 << 20


class HttpAuthenticator:
    """POSTs `{"username", "password"}` as JSON to `url`; expects
    `{"access_token", "expires_in"}` back (or `expires_at`, an absolute expiry on the server's
    clock, read against the answer's `Date` header), and `refresh_token` when the server rotates.

    The error taxonomy decides: a known OAuth `error` in the body (RFC 6749 §5.2), else the status
    — `invalid_grant`, 401 and 403 are `Rejected`; every other answer, a timeout, a network error
    or a malformed body is `Transient`. Credentials with an empty account or secret are not sent
    at all (F4): the answer to such a request could only be misread as a rejection.
    """

    def __init__(self, url: str, *, timeout: float = 10.0) -> None:
        if not url.startswith(("http://", "https://")):
            # Not quoted: whatever was passed could be a secret (or hold one).
            raise ValueError("HttpAuthenticator url must start with http:// or https://")
        self.url = url
        self.timeout = timeout

    def authenticate(self, credentials: Credentials) -> AuthResult:
        # Imported here: urllib costs ~40 ms at `import authsession`, and most users of the
        # package (tests, ports, the simulators) never send a real request.
        import urllib.error
        import urllib.request

        if not credentials.account or not credentials.secret.get_secret_value():
            return Transient(detail="not sent: no credentials to send")
        body = json.dumps(
            {"username": credentials.account, "password": credentials.secret.get_secret_value()}
        ).encode()
        request = urllib.request.Request(
            self.url, data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                payload = response.read(MAX_REPLY_BYTES + 1)
                date = response.headers.get("Date")
        except urllib.error.HTTPError as err:
            body = err.read(MAX_REPLY_BYTES + 1)[:MAX_REPLY_BYTES]
            headers = err.headers
            retry_after = parse_retry_after(
                headers.get("Retry-After"), _http_date(headers.get("Date"))
            )
            return classify_error(err.code, body, retry_after=retry_after)
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            assert classify(ErrorSource.HTTP_STATUS, "network") is ErrorClass.TRANSIENT
            return Transient(detail=f"network: {type(err).__name__}")
        if len(payload) > MAX_REPLY_BYTES:
            return Transient(detail="token reply too large")
        return token_reply(payload, date)

    def __repr__(self) -> str:
        return f"HttpAuthenticator({redact_url(self.url)!r})"


def token_reply(payload: bytes, date: str | None = None) -> AuthResult:
    """A 200's body as an `AuthResult`. A body that is not a token reply — a captive portal's
    login page, a proxy's error page answered with 200 — is `Transient`: it says nothing about the
    credentials. An `expires_at` without `expires_in` is read against the server's `Date`, never
    against the device's wall clock; without a usable `Date` the reply cannot be timed and is
    `Transient` too."""
    try:
        reply = _TokenReply.model_validate_json(payload)
    except ValidationError:
        return Transient(detail="malformed token reply")
    expires_in = reply.expires_in
    if expires_in is None:
        server_now = _http_date(date)
        if reply.expires_at is None or server_now is None or reply.expires_at <= server_now:
            return Transient(detail="token reply without a usable expiry")
        expires_in = reply.expires_at - server_now
    return Accepted(
        token=reply.access_token,
        expires_in=expires_in,
        refresh_token=reply.refresh_token,
        expires_at=reply.expires_at,
    )


def _http_date(value: str | None) -> float | None:
    from email.utils import parsedate_to_datetime  # see `authenticate` on import costs

    if not value:
        return None
    try:
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


#: A `Retry-After` longer than this is read as this (a day): a server cannot park a session for
#: ever, and a garbled header must not.
MAX_RETRY_AFTER = 86_400.0


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """`Retry-After` (RFC 9110 §10.2.3) in seconds: delay-seconds, or an HTTP-date read against
    `now` (the server's `Date` where known). None when absent or unreadable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    when = _http_date(value)
    if when is None:
        return None
    # Only an HTTP-date without the server's `Date` to read it against needs this device's
    # clock, and only the clock adapter reads it (a skewed device clock skews this too).
    reference = SystemClock().wall() if now is None else now
    return min(max(0.0, when - reference), MAX_RETRY_AFTER)


def redact_url(url: str) -> str:
    """`url` without its userinfo (`https://user:password@host/` → `https://***@host/`): a
    password in a URL must not reach a repr, a log or an error."""
    from urllib.parse import urlsplit, urlunsplit  # see `authenticate` on urllib's import cost

    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable url>"
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2]))


def classify_error(
    status: int,
    body: bytes,
    *,
    credentials_sent: bool = True,
    retry_after: float | None = None,
) -> AuthResult:
    """An HTTP error answer as an `AuthResult`, through the error taxonomy. The detail names the
    server's OAuth `error` only when it is a code the taxonomy knows: an arbitrary string from the
    server could carry anything (a token, the user's input) into logs."""
    try:
        payload = json.loads(body)
        error = payload.get("error") if isinstance(payload, dict) else None
    except (ValueError, RecursionError):  # garbled, a > 4,300-digit number, deep nesting
        error = None
    oauth_error = error if isinstance(error, str) else None
    verdict = classify_http(status, oauth_error, credentials_sent=credentials_sent)
    if oauth_error is None:
        detail = f"http {status}"
    elif lookup(ErrorSource.OAUTH_ERROR, oauth_error) is not None:
        detail = f"http {status} {oauth_error}"
    else:
        detail = f"http {status} (unknown OAuth error)"
    if verdict is ErrorClass.REJECTED:
        return Rejected(detail=detail)
    return Transient(detail=detail, retry_after=retry_after)
