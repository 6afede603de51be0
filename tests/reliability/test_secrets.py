"""Invariant 6 end to end: a canary password and token driven through every public path we have —
runtime, both drivers, snapshots on disk, exceptions, `logging` at DEBUG, reprs, the `spec` and
`port` verbs — and then one scan of everything written: zero hits."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import pytest
from pydantic import SecretStr

from authsession import AuthSession, State
from authsession.adapters import Accepted, Credentials, HttpAuthenticator
from authsession.cli import main as cli_main
from authsession.invariants import secrets_in
from authsession.runtime import (
    AsyncAuthSession,
    FileSnapshotStore,
    SnapshotError,
    ThreadSafeAuthSession,
    parse_snapshot,
)
from authsession.testing import (
    FakeProtectedData,
    ManualClock,
    MemoryKeychain,
    ScriptedAuthenticator,
)

PASSWORD = "canary-pw-c41e9d07"
TOKEN = "canary-tok-88ab31f5"
CANARIES = (PASSWORD, TOKEN)


class LeakyKeychain(MemoryKeychain):
    """Fails now and then with the password in the exception message."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.explode = False

    def read(self):  # type: ignore[no-untyped-def]
        if self.explode:
            self.explode = False
            raise RuntimeError(f"backend crashed while holding {PASSWORD}")
        return super().read()


def test_no_canary_anywhere(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    device = FakeProtectedData(available=True)
    keychain = LeakyKeychain(available=device.available)
    clock = ManualClock()
    server = ScriptedAuthenticator(
        handler=lambda _: Accepted(token=SecretStr(TOKEN), expires_in=600)
    )
    seen_tokens: list[str] = []
    store_path = tmp_path / "snapshot.json"
    session = AuthSession(
        keychain=keychain,
        clock=clock,
        authenticator=server,
        protected_data=device,
        store=FileSnapshotStore(store_path),
        work_handler=lambda label, token: seen_tokens.append(token.get_secret_value()),
    )
    session.launch()
    session.login("ada", SecretStr(PASSWORD))
    session.request_work("sync")
    assert seen_tokens == [TOKEN]  # the token really flowed …
    clock.advance(1200)
    keychain.explode = True
    session.request_work("retry-me")  # an adapter exception quoting the password
    clock.advance(10)
    session.poll()
    device.lock()
    clock.advance(1200)
    session.request_work("deferred")
    texts += [repr(session), repr(session.snapshot()), str(session.history), str(session.records)]

    threaded = ThreadSafeAuthSession(session)
    device.unlock()
    threaded.foreground()
    outcome = threaded.get_token()
    assert outcome.token is not None and outcome.token.get_secret_value() == TOKEN
    texts += [repr(threaded), repr(outcome), str(outcome), outcome.model_dump_json()]

    async def run_async() -> None:
        driver = AsyncAuthSession(session)
        clock.advance(1200)
        result = await driver.get_token()
        texts.extend([repr(driver), repr(result), str(result.model_dump())])
        await driver.logout()

    asyncio.run(run_async())
    assert session.state is State.LOGGED_OUT

    # Exceptions that met secret-looking input.
    for bad in (
        json.dumps({"version": 2, "state": PASSWORD}).encode(),
        json.dumps({"version": 1, "state": "x", "deferred": PASSWORD, "user": TOKEN}).encode(),
        json.dumps({"version": 2, "schema": "authsession.snapshot", "state": "logged_in",
                    "account": {"secret": PASSWORD}}).encode(),
        PASSWORD.encode(),
    ):  # fmt: skip
        with pytest.raises(SnapshotError) as caught:
            parse_snapshot(bad, str(store_path))
        texts.append(str(caught.value))
    texts += [
        repr(Credentials(account="ada", secret=SecretStr(PASSWORD))),
        repr(Accepted(token=SecretStr(TOKEN), expires_in=1)),
        repr(HttpAuthenticator("https://example.invalid/token")),
    ]

    # Every CLI verb that exists: spec (to stdout and to a file) and port (input quoting secrets).
    assert cli_main(["spec", "--format", "json", "--output", str(tmp_path / "spec.json")]) == 0
    assert cli_main(["spec", "--format", "markdown"]) == 0
    port_input = tmp_path / "port.jsonl"
    port_input.write_text(
        json.dumps({"type": "app_launched", "protected_data_available": True}) + "\n"
        + json.dumps({"type": "login_requested", "password": PASSWORD}) + "\n"
    )  # fmt: skip
    assert cli_main(["port", str(port_input)]) == 2
    port_input.unlink()  # the input file is ours, not output
    bad_state = tmp_path / "bad_state.jsonl"
    bad_state.write_text(json.dumps({"reset": {"state": PASSWORD}}) + "\n")
    assert cli_main(["port", str(bad_state)]) == 2
    bad_state.unlink()

    captured = capsys.readouterr()
    texts += [captured.out, captured.err, caplog.text]
    texts += [
        path.read_bytes().decode("utf-8", "replace")
        for path in tmp_path.rglob("*")
        if path.is_file()
    ]
    assert store_path.exists() and (tmp_path / "spec.json").exists()
    assert "RuntimeError" in caplog.text  # the exploding read was logged — by type only
    assert secrets_in(texts, CANARIES) == []
