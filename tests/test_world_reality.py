"""The world's reality events: what each does, and what the examples that defeat no naive policy
show (a real loss the reference names, a loss no client can avoid, an interleaving survived)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from authsession import oracle
from authsession.adapters.keychain import Credentials, ProtectionClass
from authsession.world import POLICIES, World, load_scenario, parse_scenario, replay
from authsession.world.scenario import Scenario

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SIGN_IN = [
    {"event": "launch", "mode": "foreground"},
    {"event": "login", "user": "ada", "password": "pw"},
    {"event": "background"},
]


def _scenario(steps: list[dict[str, Any]], **options: Any) -> Scenario:
    doc = {"schema": "authsession.scenario/1", "name": "reality", "steps": steps, **options}
    return parse_scenario(doc, "inline")


def _example(name: str) -> Scenario:
    return load_scenario(EXAMPLES / f"{name}.json")


def _reasons(run: Any, step: int) -> list[str]:
    return [m.reason for m in run.lines[step].machine]


# -- what the "shows" examples show --------------------------------------------------------------


def test_a_restored_android_tells_the_user_and_a_repair_by_deletion_is_silent() -> None:
    scenario = _example("tink-java-23-restored-to-new-android")
    world = World(scenario, "reference")
    run = world.run()
    world.close()
    assert [lo.reason for lo in run.summary.logouts] == ["credentials_absent"]
    assert world.told == ["sign_in_again"]
    assert any(r.detail == "aead_bad_tag" for r in world.records)  # the cause is named
    assert run.summary.final_state == "logged_in"  # the next sign-in works on the new phone
    naive = replay(scenario, "naive-gilt")
    assert "notify_user" not in [c for line in naive.lines for c in line.commands]


def test_a_new_biometric_enrollment_loses_the_secret_and_says_so() -> None:
    scenario = _example("biometric-storage-128-biometry-changed")
    world = World(scenario, "reference")
    run = world.run()
    world.close()
    assert run.summary.spurious_logouts == 0 and run.summary.stranded_users == 0
    assert world.told == ["sign_in_again"]
    assert any(r.detail == "biometry_changed" for r in world.records)
    assert run.summary.final_state == "logged_in"  # the dead item was replaced at sign-in


def test_a_team_id_change_hides_the_item_from_every_client() -> None:
    scenario = _example("apple-forum-706128-team-id-change")
    for policy in POLICIES:
        summary = replay(scenario, policy).summary
        assert summary.spurious_logouts == 0, policy
    world = World(scenario, "reference")
    world.run()
    assert world.device.device.items()  # the old item is still on the device ...
    assert world.stored_credentials() == ()  # ... but nothing the app can read
    world.close()


@pytest.mark.parametrize(("grace", "logouts"), [(60.0, []), (0.0, ["server_rejected"])])
def test_a_kill_after_the_server_rotated_is_saved_only_by_a_reuse_interval(
    grace: float, logouts: list[str]
) -> None:
    doc = json.loads((EXAMPLES / "auth0-swift-490-killed-mid-renewal.json").read_text())
    doc["server"]["reuse_grace"] = grace
    summary = replay(parse_scenario(doc, "inline"), "reference").summary
    assert [lo.reason for lo in summary.logouts] == logouts
    assert oracle.failures(summary) == []  # without the interval, nobody is blamed


def test_a_token_that_arrives_on_a_locked_phone_is_kept_in_hand_and_stored_on_foreground() -> None:
    run = replay(_example("lock-between-read-and-store"), "reference")
    assert _reasons(run, 4)[-1] == "store_waits_for_protected_data"
    assert _reasons(run, 7) == ["retrying_store", "credentials_stored"]
    assert run.summary.logouts == [] and run.summary.violations == []


# -- requests in flight ------------------------------------------------------------------------


def _expired(*extra: dict[str, Any]) -> list[dict[str, Any]]:
    return [*SIGN_IN, {"event": "advance", "seconds": 3700}, *extra, {"event": "background_fetch"}]


@pytest.mark.parametrize("reached", [False, True])
def test_a_suspension_cancels_the_request_before_or_after_the_server_had_it(
    reached: bool,
) -> None:
    steps = _expired({"event": "during_next_refresh", "meanwhile": "suspend",
                      "reached_server": reached})  # fmt: skip
    world = World(_scenario(steps, server={"rotating": True}), "reference")
    run = world.run()
    assert "server_unreachable_retrying" in _reasons(run, len(steps) - 1)  # -999 is transient
    # Sign-in, then the refresh only if it got there.
    assert len(world.server.requests) == 1 + reached
    assert not world.foreground and world.awake_until <= world.clock.monotonic()  # suspended
    world.close()


def test_an_interleaving_is_never_armed_for_a_typed_sign_in() -> None:
    steps = [{"event": "during_next_refresh", "meanwhile": "kill"}, *SIGN_IN]
    world = World(_scenario(steps), "reference")
    world.run()
    assert world.app is not None and world.last_state == "logged_in"
    assert world.server.in_flight  # still armed for the first re-authentication
    world.close()


@pytest.mark.parametrize(("latency", "cut", "reached"), [(40.0, True, True), (60.0, False, True),
                                                         (20.0, False, True)])  # fmt: skip
def test_a_slow_request_is_cut_off_where_the_background_budget_ends(
    latency: float, cut: bool, reached: bool
) -> None:
    """30 s of background budget: the server has the request halfway through the flight (a
    flight of 60 s ends exactly as the budget does: the answer arrives)."""
    world = World(_scenario(_expired(), server={"latency": latency, "rotating": True}))
    run = world.run()
    last = _reasons(run, len(run.lines) - 1)
    assert ("server_unreachable_retrying" in last) == cut
    assert len(world.server.requests) == 1 + reached
    world.close()


def test_a_rate_limited_refresh_waits_at_least_the_retry_after() -> None:
    steps = _expired({"event": "server", "mode": "rate_limited"})
    world = World(_scenario(steps, server={"retry_after": 900}), "reference")
    world.run()
    app = world.app
    assert app is not None
    timers = app.session.timers  # type: ignore[attr-defined]
    assert timers["retry"] - world.clock.monotonic() >= 900
    world.close()


@pytest.mark.parametrize(("after", "honoured"), [(30, True), (120, False)])
def test_the_reuse_grace_honours_the_predecessor_only_within_it(
    after: float, honoured: bool
) -> None:
    steps = [*_expired(), {"event": "advance", "seconds": after}]
    world = World(_scenario(steps, server={"rotating": True, "reuse_grace": 60}), "reference")
    world.run()
    (live,) = world.stored_credentials()
    family = world.server._families[live.secret.get_secret_value()]
    assert family.predecessor is not None
    old = Credentials(account=live.account, secret=SecretStr(family.predecessor))
    assert world.server.honours(old) is honoured
    assert world.server.standing(old) == "predecessor"
    world.close()


def test_a_skewed_device_clock_leaves_the_servers_alone() -> None:
    world = World(_scenario([*SIGN_IN], device={"clock_skew": 86_400}, server={"expires_at": True}))
    world.run()
    assert world.clock.wall() - world.server_time() == 86_400
    world.close()


# -- updates, restores, access control -----------------------------------------------------------


def test_an_update_kills_the_process_and_may_relaunch_it_prewarmed() -> None:
    steps = [*SIGN_IN, {"event": "app_update", "relaunch": "prewarm"}]
    world = World(_scenario(steps), "reference")
    run = world.run()
    assert world.app_version == 2
    assert run.lines[-1].state == "credentials_unavailable"  # prewarmed: as before first unlock
    assert run.summary.logouts == []
    world.close()


def test_an_update_that_changes_the_class_keeps_the_old_one_as_earlier() -> None:
    steps = [*SIGN_IN, {"event": "app_update", "protection": "after_first_unlock"}]
    world = World(_scenario(steps), "reference")
    world.run()
    assert world.protection.value == "after_first_unlock"
    assert [p.value for p in world.earlier] == ["when_unlocked"]
    world.close()


@pytest.mark.parametrize(
    ("protection", "kept"),
    [("when_unlocked", True), ("when_unlocked_this_device_only", False)],
)
def test_a_restore_to_a_new_iphone_drops_this_device_only_items(
    protection: str, kept: bool
) -> None:
    steps = [*SIGN_IN, {"event": "restore_to_new_device"}, {"event": "launch"}]
    world = World(_scenario(steps, protection=protection), "reference")
    run = world.run()
    assert bool(world.stored_credentials()) is kept
    assert world.snapshots.load() is not None  # app storage (the snapshot) came along
    assert run.summary.spurious_logouts == 0
    assert run.summary.final_state == ("logged_in" if kept else "logged_out")
    world.close()


def test_user_presence_items_are_unavailable_off_screen_and_read_on_screen() -> None:
    run = replay(_example("stytch-ios-528-user-presence-in-background"), "reference")
    fetch = run.lines[4]
    assert fetch.state == "deferred_auth" and fetch.protected_data_available  # not locked
    assert run.lines[-1].state == "logged_in"
    assert run.summary.deferred_completed == 1


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("access_control", "user_presence", "access_control: needs platform ios"),
        ("credential_storage", "cloud", "credential_storage"),
        (
            "preexisting_credentials",
            {"user": "ada", "password": "pw", "protection": "when_unlocked"},
            "preexisting_credentials.protection: 'when_unlocked' is not a protection class on",
        ),
    ],
)
def test_new_options_are_checked(field: str, value: object, problem: str, tmp_path: Path) -> None:
    doc = {"schema": "authsession.scenario/1", "name": "x", "platform": "android",
           "steps": [], field: value}  # fmt: skip
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    result = subprocess.run([sys.executable, "-m", "authsession", "replay", str(path)],
                            capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert problem in result.stderr and "Traceback" not in result.stderr


def test_an_unknown_defeated_policy_is_bad_input(tmp_path: Path) -> None:
    doc = json.loads((EXAMPLES / "supabase-swift-707-cancelled-refresh.json").read_text())
    doc["defeats"] = "naive-yolo"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    result = subprocess.run([sys.executable, "-m", "authsession", "replay", str(path),
                             "--compare"], capture_output=True, text=True, timeout=60,
                            check=False)  # fmt: skip
    assert result.returncode == 2 and "defeats: unknown policy" in result.stderr
    assert "yolo" not in result.stderr


#: Every example that names the naive policy of its thread.
DEFEATING = sorted(p for p in EXAMPLES.glob("*.json") if json.loads(p.read_text()).get("defeats"))


@pytest.mark.parametrize("path", DEFEATING, ids=lambda p: p.stem)
def test_replay_compare_shows_the_reference_surviving_and_the_naive_policy_failing(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What docs/world.md promises for each example with `defeats`: `replay --compare` puts the
    defeated policy beside the reference; the naive column fails (a spurious logout, a stranded
    user, a token honoured after a sign-out, work done with a revoked token, a violation), the
    reference column has none of them."""
    from authsession.cli import main

    defeats = json.loads(path.read_text())["defeats"]
    main(["replay", str(path), "--compare"])
    lines = capsys.readouterr().out.splitlines()
    columns = next(line for line in lines if line.startswith("step ")).split()[2:]
    assert set(columns) == {defeats, "reference"}
    table = {
        line.split()[0]: dict(zip(columns, line.split()[1:], strict=True))
        for line in lines
        if line.startswith("      ")
    }
    assert table["spurious_logouts"]["reference"] == "0"
    assert table["stranded_users"]["reference"] == "0"
    assert table["violations"]["reference"] == "0"
    failing = ("spurious_logouts", "stranded_users", "tokens_honoured_after_logout",
               "work_with_revoked_tokens", "violations")  # fmt: skip
    assert sum(int(table[row][defeats]) for row in failing) >= 1
    assert table["tokens_honoured_after_logout"]["reference"] == "0"
    assert table["work_with_revoked_tokens"]["reference"] == "0"


def test_an_earlier_android_item_without_a_class_is_credential_encrypted() -> None:
    # `when_unlocked`, the iOS default, does not exist on Android: replay exited with a traceback.
    doc = {"schema": "authsession.scenario/1", "name": "x", "platform": "android",
           "preexisting_credentials": {"user": "ada", "password": "correct horse battery staple"},
           "steps": [{"event": "launch", "mode": "foreground"}]}  # fmt: skip
    scenario = parse_scenario(doc, "x")
    assert scenario.preexisting_credentials is not None
    assert scenario.preexisting_credentials.protection is ProtectionClass.CREDENTIAL_ENCRYPTED
    assert replay(scenario, "reference").lines[-1].state == "logged_in"
