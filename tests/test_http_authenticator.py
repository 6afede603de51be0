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
}


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        status, payload = REPLIES[body["username"]]
        self.send_response(status)
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
