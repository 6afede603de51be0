"""The host's rules as data (`authsession.spec.host`, spec.json `host`, issue 22), each checked
against what the Python host does: the backoff curve and its generator, `retry_after` as a floor,
the token leeway, the order and number of protected-data samples around a read, and the timers'
names."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from pydantic import SecretStr

from authsession.adapters.authenticator import Accepted, Transient
from authsession.adapters.keychain import Credentials
from authsession.runtime import AuthSession, SessionConfig
from authsession.runtime.backoff import Backoff
from authsession.spec import host as rules
from authsession.testing import FakeProtectedData, ManualClock, MemoryKeychain
from authsession.testing.authenticator import ScriptedAuthenticator

ROOT = Path(__file__).resolve().parents[2]


def test_spec_json_carries_the_rules_the_host_runs_on() -> None:
    spec = json.loads((ROOT / "docs" / "spec.json").read_text())
    assert spec["host"] == rules.host_json()
    config = SessionConfig()
    assert (config.retry_base, config.retry_cap, config.retry_jitter, config.token_leeway) == (
        spec["host"]["backoff"]["base_seconds"],
        spec["host"]["backoff"]["cap_seconds"],
        spec["host"]["backoff"]["jitter"],
        spec["host"]["token"]["leeway_seconds"],
    )
    swift = (ROOT / "swift/Sources/AuthSessionCore/Spec.generated.swift").read_text()
    kotlin = (ROOT / "kotlin/src/main/kotlin/authsession/core/Spec.generated.kt").read_text()
    assert "public static let retryCapSeconds: Double = 300.0" in swift
    assert "const val TOKEN_LEEWAY_SECONDS: Double = 30.0" in kotlin


@pytest.mark.parametrize("seed", [0, 1, 2**40 + 7])
def test_the_backoff_is_the_stated_curve_on_cpythons_mt19937(seed: int) -> None:
    backoff = Backoff(base=1.0, cap=300.0, jitter=0.2, seed=seed)
    generator = random.Random(seed)  # one generator, drawn once per delay
    for attempt in range(12):
        ceiling = min(300.0, 1.0 * 2.0 ** min(attempt, 64))
        assert backoff.delay(attempt) == ceiling * (1 - 0.2 * generator.random())


def _session(
    *results: object, earlier: tuple[str, ...] = ()
) -> tuple[AuthSession, ManualClock, list[str]]:
    clock = ManualClock(monotonic=100.0)
    signal = FakeProtectedData(available=True)
    samples: list[str] = []

    class Counting:
        def available(self) -> bool:
            samples.append("general")
            return signal.available()

        def available_for(self, protection: object) -> bool:
            samples.append(str(getattr(protection, "value", protection)))
            return signal.available()

    keychain = MemoryKeychain(
        available=signal.available,
        credentials=Credentials(account="ada", secret=SecretStr("refresh-1")),
    )
    session = AuthSession(
        keychain=keychain,
        clock=clock,
        authenticator=ScriptedAuthenticator(*results),  # type: ignore[arg-type]
        protected_data=Counting(),
        config=SessionConfig(seed=5, earlier_protections=earlier),  # type: ignore[arg-type]
    )
    return session, clock, samples


def test_samples_around_a_read_one_class() -> None:
    session, _, samples = _session()
    session.launch()  # app_launched samples once, then the read
    assert samples == [
        "general",  # app_launched
        "general",  # before the read: the general sample
        "general",  # before: each class (one class: the general sample once more)
        "general",  # after: the general sample (the first said yes)
    ]


def test_samples_around_a_read_with_an_earlier_class_and_a_not_found() -> None:
    session, _, samples = _session(earlier=("after_first_unlock",))
    session.keychain.delete()
    session.launch()
    assert samples == [
        "general",  # app_launched
        "general",
        "when_unlocked",
        "after_first_unlock",  # before: each class by name, the configured one first
        "general",  # after: general
        "when_unlocked",
        "after_first_unlock",  # after: each class, only for the NotFound
    ]
    assert session.state.value == "logged_out"


def test_the_token_deadline_and_the_retry_floor() -> None:
    session, clock, _ = _session(
        Transient(detail="rate limited", retry_after=120.0),
        Accepted(token=SecretStr("t"), expires_in=40.0),
    )
    session.launch()
    session.request_work("sync")  # read, then authenticate: transient with Retry-After
    assert set(session.timers) == {rules.RETRY_TIMER}
    assert session.timers[rules.RETRY_TIMER] == 100.0 + 120.0  # the floor beats 1 s of backoff
    clock.advance(120.0)
    session.poll()
    # A 40 s token: the leeway is at most half its lifetime (20 s), not 30 s.
    assert session.timers == {rules.TOKEN_TIMER: 220.0 + 40.0 - 20.0}
