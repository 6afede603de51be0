"""The error taxonomy is one table; the platform adapters and `HttpAuthenticator` agree with it,
and F4 holds: a request without credentials is never sent, and its 401 is never a rejection."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import keyring.errors
import pytest
from pydantic import SecretStr

from authsession.adapters import (
    Credentials,
    HttpAuthenticator,
    Rejected,
    Transient,
)
from authsession.adapters.authenticator import classify_error
from authsession.platforms.android import api as android
from authsession.platforms.android.adapter import AndroidKeychain
from authsession.platforms.desktop.keyring_adapter import KeyringKeychain
from authsession.platforms.ios import adapter as ios_adapter
from authsession.platforms.ios.status import OSStatus
from authsession.platforms.ios.status import classify as ios_classify
from authsession.spec.taxonomy import (
    TAXONOMY,
    ErrorClass,
    ErrorSource,
    classify,
    classify_http,
    taxonomy_json,
)

#: The keychain result an error class must become (the adapter contract's vocabulary).
RESULT_OF = {
    ErrorClass.UNAVAILABLE: "unavailable",
    ErrorClass.ABSENT: "not_found",
    ErrorClass.TRANSIENT: "failed",
    ErrorClass.LOCAL_SECRET_LOST: "secret_lost",
}


def test_table_is_well_formed() -> None:
    keys = [(e.source, e.code) for e in TAXONOMY]
    assert len(keys) == len(set(keys))
    assert {e.error_class for e in TAXONOMY} == set(ErrorClass)
    # Only the server can reject.
    assert {e.source for e in TAXONOMY if e.error_class is ErrorClass.REJECTED} <= {
        ErrorSource.HTTP_STATUS,
        ErrorSource.OAUTH_ERROR,
    }
    assert json.dumps(taxonomy_json())  # exportable


@pytest.mark.parametrize("status", [*[int(s) for s in OSStatus if s != 0], -99_999])
def test_ios_adapter_agrees_with_the_taxonomy(status: int) -> None:
    read = ios_adapter._READ_OUTCOME[ios_classify(status)]("detail")
    assert read.kind == RESULT_OF[classify(ErrorSource.IOS_OSSTATUS, status)]


class _Keystore:
    def __init__(self, error: Exception | None) -> None:
        self.error = error

    def contains_alias(self, alias: str) -> bool:
        return True

    def decrypt(self, alias: str, blob: bytes) -> bytes:
        if self.error is not None:
            raise self.error
        return b'{"account": "ada", "secret": "pw"}'


class _Prefs:
    def __init__(self, record: str | None, error: Exception | None) -> None:
        self.record, self.error = record, error

    def get_string(self, key: str) -> str | None:
        if self.error is not None:
            raise self.error
        return self.record


class _Device:
    def __init__(self, *, prefs_error: Exception | None = None, key_error: Exception | None = None,
                 record: bool = True) -> None:  # fmt: skip
        sealed = base64.b64encode(b"x").decode()
        self.record = json.dumps({"format": 1, "key_alias": "a", "sealed": sealed})
        self.keystore = _Keystore(key_error)
        self.prefs = _Prefs(self.record if record else None, prefs_error)
        self.serial = "fake"

    def shared_preferences(self, name: str, area: object) -> _Prefs:
        return self.prefs


@pytest.mark.parametrize(
    ("code", "device"),
    [
        ("IllegalStateException", _Device(prefs_error=android.IllegalStateException())),
        ("UserNotAuthenticatedException",
         _Device(key_error=android.UserNotAuthenticatedException())),
        ("KeyPermanentlyInvalidatedException",
         _Device(key_error=android.KeyPermanentlyInvalidatedException())),
        ("AEADBadTagException", _Device(key_error=android.AEADBadTagException())),
        ("no_item", _Device(record=False)),
        ("ProviderException", _Device(key_error=android.ProviderException())),
    ],
)  # fmt: skip
def test_android_adapter_agrees_with_the_taxonomy(code: str, device: _Device) -> None:
    read = AndroidKeychain(device).read()  # type: ignore[arg-type]
    assert read.kind == RESULT_OF[classify(ErrorSource.ANDROID_EXCEPTION, code)]


class _Backend:
    def __init__(self, error: Exception | None) -> None:
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        if self.error is not None:
            raise self.error
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NotImplementedError

    def delete_password(self, service: str, username: str) -> None:
        raise NotImplementedError


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("KeyringLocked", keyring.errors.KeyringLocked()),
        ("get_password_none", None),
        ("NoKeyringError", keyring.errors.NoKeyringError()),
        ("InitError", keyring.errors.InitError()),
        ("KeyringError", keyring.errors.KeyringError()),
        ("SomethingElse", RuntimeError("bus gone")),
    ],
)
def test_keyring_adapter_agrees_with_the_taxonomy(code: str, error: Exception | None) -> None:
    read = KeyringKeychain("app", backend=_Backend(error), timeout=2).read()
    assert read.kind == RESULT_OF[classify(ErrorSource.KEYRING, code)]


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (401, b"", Rejected),
        (403, b"", Rejected),
        (400, b'{"error": "invalid_grant"}', Rejected),
        (400, b'{"error": "invalid_request"}', Transient),
        (401, b'{"error": "invalid_client"}', Transient),  # the app's problem, not the user's
        (400, b'{"error": "something_new"}', Transient),  # unknown OAuth code: status decides
        (401, b'{"error": "something_new"}', Rejected),
        (400, b"[1]", Transient),
        (429, b"", Transient),
        (503, b"<html>", Transient),
        (418, b"", Transient),
    ],
)
def test_http_authenticator_classifies_through_the_taxonomy(
    status: int, body: bytes, expected: type
) -> None:
    assert isinstance(classify_error(status, body), expected)


def test_f4_a_401_to_a_request_without_credentials_is_not_a_rejection() -> None:
    assert classify_http(401) is ErrorClass.REJECTED
    assert classify_http(401, credentials_sent=False) is ErrorClass.TRANSIENT
    assert classify_http(400, "invalid_grant", credentials_sent=False) is ErrorClass.TRANSIENT
    assert isinstance(classify_error(401, b"", credentials_sent=False), Transient)


class _Counting(BaseHTTPRequestHandler):
    hits = 0

    def do_POST(self) -> None:
        type(self).hits += 1
        self.send_response(401)  # what a server says to a request without credentials
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/token"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("account", "secret"), [("ada", ""), ("", "pw")])
def test_f4_a_request_without_credentials_is_never_sent(
    url: str, account: str, secret: str
) -> None:
    _Counting.hits = 0
    result = HttpAuthenticator(url, timeout=5).authenticate(
        Credentials(account=account, secret=SecretStr(secret))
    )
    assert isinstance(result, Transient)
    assert _Counting.hits == 0  # never sent, so its 401 never existed to be misread
    sent = HttpAuthenticator(url, timeout=5).authenticate(
        Credentials(account="ada", secret=SecretStr("pw"))
    )
    assert isinstance(sent, Rejected) and _Counting.hits == 1
