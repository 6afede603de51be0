"""The world reproduces each seed story and catalogued failure, and the reference survives them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from authsession.oracle import failures
from authsession.world import POLICIES, World, load_scenario, parse_scenario, replay, to_jsonl
from authsession.world.scenario import Scenario

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.json"))
CANARY = "canary-world-pw-31c7"

#: example -> the naive policy it defeats (a spurious logout under it, none under the reference):
#: the catalogue's examples here, the real threads' in their own `defeats` field.
DEFEATS = {
    "gilt-background-fetch": "naive-gilt",
    "forum-post-class-switch": "forum-post",
    "f1-prewarm-before-first-unlock": "naive-gilt",
    "f2-not-found-while-locked": "naive-gilt",
    "f3-prewarm-fresh-install-wipe": "naive-fresh-install",
    "f4-request-without-credentials": "naive-no-credentials",
    "f5-transient-refresh-failure": "naive-transient",
    "f9-wall-clock-jump": "naive-wall-clock",
    "f11-android-direct-boot": "naive-gilt",
    "f13-expired-is-not-signed-out": "naive-expired",
    "f6-concurrent-rotation": "naive-rotation",
    "f7-killed-mid-rotation": "naive-rotation",
    "f8-extension-rotates-first": "naive-cached",
    "f12-stricter-class-from-an-earlier-version": "naive-gilt",
    "passcode-removed-strands-nobody": "naive-gilt",
}
DEFEATS.update(
    {p.stem: defeats for p in EXAMPLES if (defeats := json.loads(p.read_text()).get("defeats"))}
)
#: Examples that show a platform fact and defeat no naive policy (no client can do better, or
#: every policy ends the session for a real loss); each has its own test below.
SHOWS = {
    "gilt-no-passcode-qa-device",
    "f10-android-key-invalidated",
    "tink-java-23-restored-to-new-android",
    "biometric-storage-128-biometry-changed",
    "apple-forum-706128-team-id-change",
    "auth0-swift-490-killed-mid-renewal",
    "lock-between-read-and-store",
}


def test_every_example_has_an_expectation() -> None:
    names = {p.stem for p in EXAMPLES}
    assert names == set(DEFEATS) | SHOWS


@pytest.mark.parametrize(
    "path", [p for p in EXAMPLES if json.loads(p.read_text()).get("sources")], ids=lambda p: p.stem
)
def test_a_reproduced_thread_names_its_public_source(path: Path) -> None:
    """Every example taken from a public report says where it comes from (facts only)."""
    scenario = load_scenario(path)
    assert all(url.startswith("https://") for url in scenario.sources)
    assert scenario.description and scenario.policy is None  # replay --check runs the reference


#: What every policy ends in on every example, and what the oracle and the invariants find: one
#: line per (example, policy). Regenerate after a deliberate change of a verdict with
#: `AUTHSESSION_UPDATE_VERDICTS=1 pytest tests/test_world.py -k verdict`, and read the diff.
VERDICTS = Path(__file__).resolve().parent / "data" / "verdicts.txt"


def _verdict(name: str, policy: str, final_state: str, found: list[str]) -> str:
    # A finding's head ("step 6: work with revoked token"), not its prose.
    heads = [":".join(failure.split(":")[:2]) for failure in found]
    return f"{name} {policy} {final_state} | {'; '.join(heads) or 'clean'}"


def test_every_example_under_every_policy_keeps_its_verdict() -> None:
    """Each naive policy's replay of each example ends as recorded: a change in the world, the
    referee, the oracle or a policy that moves one verdict fails here, at the first it moves."""
    update = os.environ.get("AUTHSESSION_UPDATE_VERDICTS") == "1"
    expected = (
        {} if update else {tuple(v.split()[:2]): v for v in VERDICTS.read_text().splitlines()}
    )
    lines = []
    for path in EXAMPLES:
        scenario = load_scenario(path)
        for policy in POLICIES:
            run = replay(scenario, policy)
            assert len(run.lines) == len(scenario.steps), (path.stem, policy)
            line = _verdict(path.stem, policy, run.summary.final_state, failures(run.summary))
            if not update:
                assert line == expected.pop((path.stem, policy), None), f"verdict moved: {line}"
            lines.append(line)
    if update:
        VERDICTS.parent.mkdir(exist_ok=True)
        VERDICTS.write_text("\n".join(lines) + "\n")
    assert expected == {}, f"verdicts of no (example, policy): {sorted(expected)}"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_reference_survives_every_example(path: Path) -> None:
    summary = replay(load_scenario(path), "reference").summary
    assert summary.spurious_logouts == 0
    assert summary.violations == []
    assert summary.keychain_reads_while_unavailable == 0
    assert summary.auth_requests_while_unavailable == 0
    assert summary.exposure_seconds == 0
    # Deferred work is never lost — unless the user is gone for good (a non-spurious logout:
    # an ended user owes nothing).
    assert summary.deferred_pending == 0 or summary.logouts


#: Issue 21's examples: what each naive policy loses them by (the reference loses none).
LOSES_BY = {
    "amplify-swift-1660-signed-out-elsewhere": "work_with_revoked_tokens",
    "supabase-js-2501-sign-out-offline": "violations",
    "auth0-swift-312-revocation-dropped": "tokens_honoured_after_logout",
    "firebase-js-sdk-148-null-first-value": "spurious_logouts",
    "msal-objc-1839-interaction-required-offline": "spurious_logouts",
}


@pytest.mark.parametrize(("name", "policy"), DEFEATS.items())
def test_each_naive_policy_is_defeated_by_its_example(name: str, policy: str) -> None:
    path = next(p for p in EXAMPLES if p.stem == name)
    summary = replay(load_scenario(path), policy).summary
    assert getattr(summary, LOSES_BY.get(name, "spurious_logouts")), summary


def test_issue_21_threads_replay_as_the_issue_says() -> None:
    """A confirmed rejection is "re-authentication required" (never a sign-out), an offline
    sign-out completes at once and its token is revoked when the network returns, and the first
    observer value of a locked launch is "not known yet"."""
    run = replay(load_scenario(_example("amplify-swift-1660-signed-out-elsewhere")), "reference")
    states = [m.state for line in run.lines[2:] for m in line.machine]  # after the sign-in
    assert run.summary.final_state == "reauth_required" and "logged_out" not in states
    assert [lo.reason for lo in run.summary.logouts] == ["server_rejected"]
    offline = replay(load_scenario(_example("supabase-js-2501-sign-out-offline")), "reference")
    logout = next(line for line in offline.lines if line.event["event"] == "logout")
    assert logout.state == "logged_out"  # at once, offline
    assert offline.summary.revocations >= 2 and offline.summary.tokens_honoured_after_logout == 0
    assert "queued_tokens_revoked" in [m.reason for m in offline.lines[-1].machine]
    locked = replay(load_scenario(_example("firebase-js-sdk-148-null-first-value")), "reference")
    launch = next(line for line in locked.lines if line.event.get("mode") == "background")
    assert launch.state in ("credentials_unavailable", "deferred_auth")  # "not known yet"


def _example(name: str) -> Path:
    return next(p for p in EXAMPLES if p.stem == name)


def test_every_naive_policy_is_defeated_by_some_example() -> None:
    """Each naive policy reproduces a real bug, and an example shows it."""
    naive = {name for name in POLICIES if name not in ("reference", "always")}
    assert naive == set(DEFEATS.values())


def test_gilt_story_resumes_the_deferred_fetch_after_unlock() -> None:
    path = next(p for p in EXAMPLES if p.stem == "gilt-background-fetch")
    run = replay(load_scenario(path), "reference")
    states = [line.state for line in run.lines]
    assert "deferred_auth" in states
    assert states[-1] == "logged_in"
    assert run.summary.deferred_completed == 1


def test_qa_devices_without_passcode_never_see_the_bug() -> None:
    path = next(p for p in EXAMPLES if p.stem == "gilt-no-passcode-qa-device")
    assert replay(load_scenario(path), "naive-gilt").summary.logouts == []


def test_android_key_invalidation_is_an_explicit_sign_in_again() -> None:
    path = next(p for p in EXAMPLES if p.stem == "f10-android-key-invalidated")
    reference = replay(load_scenario(path), "reference")
    assert [lo.reason for lo in reference.summary.logouts] == ["credentials_absent"]
    assert reference.summary.spurious_logouts == 0  # the local secret is really gone
    assert "notify_user" in [c for line in reference.lines for c in line.commands]
    naive = replay(load_scenario(path), "naive-gilt")
    assert "notify_user" not in [c for line in naive.lines for c in line.commands]  # silent


def test_always_trades_logouts_for_exposure() -> None:
    path = next(p for p in EXAMPLES if p.stem == "gilt-background-fetch")
    summary = replay(load_scenario(path), "always").summary
    assert summary.spurious_logouts == 0
    assert summary.exposure_seconds > 0


def test_replay_is_deterministic_and_secret_free() -> None:
    doc = json.loads(next(p for p in EXAMPLES if p.stem == "gilt-background-fetch").read_text())
    for step in doc["steps"]:
        if step["event"] == "login":
            step["password"] = CANARY
    scenario = parse_scenario(doc, "inline")
    outputs = [to_jsonl(*(lambda r: (r.lines, r.summary))(replay(scenario, p))) for p in POLICIES]
    again = [to_jsonl(*(lambda r: (r.lines, r.summary))(replay(scenario, p))) for p in POLICIES]
    assert outputs == again
    assert all(CANARY not in text for text in outputs)
    assert CANARY not in repr(scenario)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "authsession", *args],
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip


def test_replay_cli_prints_the_trace_contract() -> None:
    result = _cli("replay", str(EXAMPLES[0]))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert set(lines[0]) >= {"step", "event", "state", "reason", "commands",
                             "protected_data_available"}  # fmt: skip
    assert set(lines[-1]["summary"]) >= {
        "final_state", "logouts", "keychain_reads_while_unavailable", "auth_requests",
        "auth_requests_while_unavailable", "deferred_completed",
    }  # fmt: skip


def test_replay_check_exits_1_on_violations() -> None:
    gilt = next(p for p in EXAMPLES if p.stem == "gilt-background-fetch")
    assert _cli("replay", str(gilt), "--policy", "naive-gilt", "--check").returncode == 1
    assert _cli("replay", str(gilt), "--policy", "reference", "--check").returncode == 0


def test_replay_schema_is_the_scenario_json_schema() -> None:
    schema = json.loads(_cli("replay", "--schema").stdout)
    assert schema["properties"]["schema"]["const"] == "authsession.scenario/1"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["steps"].insert(2, {"event": "advance", "seconds": -5}), "step 2: seconds:"),
        (lambda d: d["steps"].insert(1, {"event": "teleport"}), "step 1: event: unknown value"),
        (lambda d: d.update(protection="always"), "protection: protection 'always'"),
        (lambda d: d.update(platform="android", protection="when_unlocked"), "protection:"),
        (lambda d: d.update(device={"phase": "asleep"}), "device.phase:"),
        (lambda d: d.pop("steps"), "steps: Field required"),
        (
            lambda d: d["steps"].insert(1, {"event": "fault", "call": "clock"}),
            "step 1: event: clock has no failure answer; use effect 'raise'",
        ),
        (
            lambda d: d["steps"].insert(
                1, {"event": "fault", "call": "keychain.read", "nth": 2, "lasting": True}
            ),
            "step 1: event: a lasting fault strikes every call: nth must be 1",
        ),
        (lambda d: d["steps"].insert(1, {"event": "kill", "call": "clock"}), "step 1: call:"),
        (
            lambda d: d["steps"].insert(0, {"event": "sibling_races_next_refresh", "count": 0}),
            "step 0: count:",
        ),
        (lambda d: d.update(policy="yolo"), "policy: unknown policy (expected one of"),
    ],
)
def test_bad_scenarios_give_one_line_and_exit_2(
    tmp_path: Path, mutate: object, expected: str
) -> None:
    doc = json.loads(EXAMPLES[0].read_text())
    mutate(doc)  # type: ignore[operator]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    result = _cli("replay", str(bad))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    # One-line JSON: everything is on line 1 (the policy is checked after parsing: no line).
    assert f"{bad}:1: {expected}" in result.stderr or f"{bad}: {expected}" in result.stderr
    assert "yolo" not in result.stderr  # never echoed
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["replay", "missing.json"], "missing.json: (file): cannot read"),
        (["replay", "README.md"], "README.md:1: (file): not JSON"),
        (["replay", "examples/gilt-background-fetch.json", "--policy", "yolo"], "unknown policy"),
    ],
)
def test_bad_replay_arguments(args: list[str], expected: str) -> None:
    result = _cli(*args)
    assert (result.returncode, result.stderr.count("\n")) == (2, 1)
    assert expected in result.stderr


@pytest.mark.parametrize("event", ["invalidate_keys", "remove_passcode"])
def test_key_events_on_an_android_without_lock_screen_change_nothing(event: str) -> None:
    steps = [{"event": "launch"}, {"event": "login", "user": "ada", "password": "pw"},
             {"event": event}, {"event": "terminate"}, {"event": "launch"}]  # fmt: skip
    doc = {"schema": "authsession.scenario/1", "name": "x", "platform": "android",
           "device": {"passcode": False}, "steps": steps}  # fmt: skip
    run = replay(parse_scenario(doc, "inline"), "reference")
    assert run.summary.final_state == "logged_in"
    assert run.summary.logouts == []


def test_a_read_in_the_grace_period_is_judged_when_it_happened() -> None:
    """Found by a 1,000-device fleet run: a suspended app's retry fired within the 10 s after a
    lock (complete-protection items are still readable then), inside an advance that ended after
    the grace period. The read was legal; stamping it with the availability at the *end* of the
    advance reported an invariant 2 violation that never happened."""
    steps: list[dict[str, object]] = [
        {"event": "launch", "mode": "foreground"},
        {"event": "login", "user": "ada", "password": "pw"},
        {"event": "background"},
        {"event": "lock"},
        {"event": "advance", "seconds": 7200},  # the token expired while suspended
        {"event": "server", "mode": "down"},
        {"event": "unlock"},
        {"event": "background_fetch"},  # wakes the app for 30 s: refresh fails, retry in ~1 s
        {"event": "advance", "seconds": 25},  # the retry fails too, the next is ~2 s later
        {"event": "lock"},  # 5 s of budget left, 10 s of grace
        {"event": "advance", "seconds": 300},  # the retry fires in the grace period
    ]
    scenario = parse_scenario(
        {"schema": "authsession.scenario/1", "name": "grace", "platform": "ios", "steps": steps},
        "grace",
    )
    run = replay(scenario, "reference")
    last = run.lines[-1]
    assert [m.event for m in last.machine][:2] == ["retry_due", "keychain_found"]
    assert not last.protected_data_available  # after the advance the grace period is over
    assert run.summary.violations == []
    assert run.summary.keychain_reads_while_unavailable == 0


@pytest.mark.parametrize("platform", ["ios", "android", "memory"])
@pytest.mark.parametrize(
    "opening",
    [
        {"event": "launch", "mode": "foreground"},
        {"event": "foreground"},
        {"event": "login", "user": "ada", "password": "pw"},
    ],
)
def test_opening_the_app_on_a_locked_phone_means_unlocking_it_first(
    platform: str, opening: dict[str, object]
) -> None:
    """No phone shows an app behind its lock screen: the world unlocks before the user opens the
    app or types a password, so no trace (or explored configuration) has a foreground app on a
    locked device."""
    steps: list[dict[str, object]] = [
        {"event": "launch", "mode": "foreground"},
        {"event": "login", "user": "ada", "password": "pw"},
        {"event": "background"},
        {"event": "lock"},
        {"event": "advance", "seconds": 60},
        opening,
    ]
    scenario = parse_scenario(
        {
            "schema": "authsession.scenario/1",
            "name": "locked-open",
            "platform": platform,
            "device": {"passcode": True, "phase": "unlocked"},
            "steps": steps,
        },
        "locked-open",
    )
    run = replay(scenario, "reference")
    assert run.lines[-2].protected_data_available is False  # really locked before
    assert run.lines[-1].protected_data_available is True
    assert run.summary.violations == [] and run.summary.spurious_logouts == 0
    assert run.lines[-1].state == "logged_in"


def _extension_scenario(platform: str, locked: bool) -> Scenario:
    steps: list[dict[str, object]] = [
        {"event": "launch", "mode": "foreground"},
        {"event": "login", "user": "ada", "password": "pw"},
        {"event": "background"},
        *([{"event": "lock"}, {"event": "advance", "seconds": 60}] if locked else []),
        {"event": "advance", "seconds": 7200},
        {"event": "extension_wake"},
    ]
    return parse_scenario(
        {"schema": "authsession.scenario/1", "name": "ext", "platform": platform, "steps": steps},
        "ext",
    )


@pytest.mark.parametrize("platform", ["ios", "android"])
def test_an_extension_woken_on_a_locked_phone_leaves_the_session_alone(platform: str) -> None:
    """F8's other half: the extension runs the same logic in its own process. Locked, the
    reference extension neither reads nor ends anything; a Gilt extension ends the session for
    both (it shares the item and the app-group storage)."""
    reference = replay(_extension_scenario(platform, locked=True), "reference")
    last = reference.lines[-1]
    assert [m.event for m in last.machine] == ["app_launched", "work_requested"]
    assert last.machine[0].state == "credentials_unavailable"
    assert reference.summary.keychain_reads_while_unavailable == 0
    assert reference.summary.logouts == [] and reference.summary.violations == []
    gilt = replay(_extension_scenario(platform, locked=True), "naive-gilt")
    assert gilt.summary.spurious_logouts == 1
    assert gilt.summary.logouts[-1].step == len(gilt.lines) - 1  # the extension's step


def test_extension_runs_are_judged_as_sessions_of_their_own() -> None:
    world = World(_extension_scenario("ios", locked=False), "reference")
    run = world.run()
    world.close()
    assert len(world.extension_runs) == 1
    usable, records = world.extension_runs[0]
    assert usable and records[0].event == "app_launched"  # a fresh process, from `starting`
    assert all(r not in world.records for r in records)  # not spliced into the app's stream
    assert run.lines[-1].state == "logged_in"  # the trace's state is the app's
    assert [m.event for m in run.lines[-1].machine][-1] == "auth_accepted"
