"""`HttpAuthenticator` against a real HTTP server on loopback: only definitive answers reject."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pydantic import SecretStr

from authsession.adapters import Accepted, Credentials, HttpAuthenticator, Rejected, Transient

REPLIES: dict[str, tuple[int, bytes]] = {
    "ok": (200, json.dumps({"access_token": "tok-123", "expires_in": 900}).encode()),
    "invalid_grant": (400, json.dumps({"error": "invalid_grant"}).encode()),
    "bad_request": (400, json.dumps({"error": "invalid_request"}).encode()),
    "unauthorized": (401, b""),
    "forbidden": (403, b""),
    "rate_limited": (429, b""),
    "down": (503, b"<html>maintenance</html>"),
    "garbled": (200, b"not json"),
    # A captive portal answers the token request itself, with its login page.
    "portal": (200, b"<html><form action='/login'>Welcome to the hotel</form></html>"),
    "throttled": (429, json.dumps({"error": "slow_down"}).encode()),
    # Only an absolute expiry, on the server's clock (the Date below): 600 s after it.
    "absolute": (
        200,
        json.dumps({"access_token": "tok-abs", "expires_at": 1_700_000_600}).encode(),
    ),
    "absolute_past": (
        200,
        json.dumps({"access_token": "tok-old", "expires_at": 1_699_999_000}).encode(),
    ),
}
#: Headers some answers carry: the server's `Date` is 1,700,000,000 (a day the device's clock
#: may well disagree with), and the throttled answer asks for two minutes.
SERVER_DATE = "Tue, 14 Nov 2023 22:13:20 GMT"
HEADERS: dict[str, dict[str, str]] = {
    "throttled": {"Retry-After": "120"},
    "rate_limited": {"Retry-After": "Tue, 14 Nov 2023 22:15:20 GMT"},
}


class _Handler(BaseHTTPRequestHandler):
    def date_time_string(self, timestamp: float | None = None) -> str:
        return SERVER_DATE  # the server's clock, which the client must read times against

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        status, payload = REPLIES[body["username"]]
        self.send_response(status)
        for name, value in HEADERS.get(body["username"], {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/token"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        ("ok", Accepted),
        ("invalid_grant", Rejected),
        ("unauthorized", Rejected),
        ("forbidden", Rejected),
        ("bad_request", Transient),  # a malformed request says nothing about the credentials
        ("rate_limited", Transient),
        ("down", Transient),
        ("garbled", Transient),
        ("portal", Transient),  # a 200 that is not a token reply: no answer from the server
        ("throttled", Transient),
        ("absolute_past", Transient),  # expired on the server's own clock: cannot be timed
    ],
)
def test_status_classification(url: str, scenario: str, expected: type) -> None:
    result = HttpAuthenticator(url, timeout=5).authenticate(
        Credentials(account=scenario, secret=SecretStr("pw"))
    )
    assert isinstance(result, expected)
    if isinstance(result, Accepted):
        assert result.token.get_secret_value() == "tok-123"
        assert result.expires_in == 900


def test_unreachable_server_is_transient() -> None:
    # Port 9 on loopback (discard) is closed here: connection refused, never a rejection.
    result = HttpAuthenticator("http://127.0.0.1:9/token", timeout=2).authenticate(
        Credentials(account="ada", secret=SecretStr("pw"))
    )
    assert isinstance(result, Transient)


def test_non_http_url_is_refused() -> None:
    with pytest.raises(ValueError, match="http"):
        HttpAuthenticator("file:///etc/passwd")


def _send(url: str, scenario: str) -> object:
    return HttpAuthenticator(url, timeout=5).authenticate(
        Credentials(account=scenario, secret=SecretStr("pw"))
    )


@pytest.mark.parametrize(("scenario", "seconds"), [("throttled", 120.0), ("rate_limited", 120.0)])
def test_retry_after_is_read_as_seconds_or_as_a_date_on_the_servers_clock(
    url: str, scenario: str, seconds: float
) -> None:
    """A 429 is transient, and says how long to wait: delay-seconds, or an HTTP-date read
    against the answer's own Date (never the device's clock)."""
    result = _send(url, scenario)
    assert isinstance(result, Transient)
    assert result.retry_after == seconds


def test_an_absolute_expiry_is_timed_against_the_servers_date(url: str) -> None:
    """`expires_at` alone is converted with the server's Date header: 600 s, whatever the
    device's wall clock says (F9: a skewed device must not see a fresh token as expired)."""
    result = _send(url, "absolute")
    assert isinstance(result, Accepted)
    assert result.expires_in == 600
    assert result.expires_at == 1_700_000_600
