"""The world oracle: spurious logouts, stranded users and app errors, judged once
(`authsession.oracle`) and used by `replay --check`, `simulate`, `explore` and the test helpers.

Every test here uses a naive policy, a deliberately broken app, or a scenario the reference
handles: they hold whatever the reference does."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from authsession import oracle
from authsession.cli import main
from authsession.testing import assert_world_ok, check_world
from authsession.world import World, parse_scenario, replay
from authsession.world import policies as policies_module
from authsession.world.policies import NaiveApp

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PW = "correct horse battery staple"
LOGIN = [
    {"event": "launch", "mode": "foreground"},
    {"event": "login", "user": "ada", "password": PW},
]


def _run(steps: list[dict[str, object]], policy: str = "reference", **fields: object) -> World:
    scenario = parse_scenario(
        {"schema": "authsession.scenario/1", "name": "t", **fields, "steps": steps}, "test"
    )
    world = World(scenario, policy)
    for event in scenario.steps:
        world.feed(event)
    return world


def test_the_definitions() -> None:
    assert oracle.spurious_logout("credentials_absent", "stored")
    assert not oracle.spurious_logout("user_logout", "stored")
    assert not oracle.spurious_logout("server_rejected", None)
    assert oracle.usable_credentials(
        server_accepts_any=False, stored_usable=True, held_usable=True, destroyed_by_the_app=True
    ) is None  # fmt: skip
    assert oracle.stranded(to_foreground=True, unlocked=True, fault_struck=False,
                           user_present="unknown")  # fmt: skip
    assert not oracle.stranded(to_foreground=True, unlocked=True, fault_struck=True,
                               user_present="unknown")  # fmt: skip
    assert not oracle.stranded(to_foreground=True, unlocked=True, fault_struck=False,
                               user_present="no")  # fmt: skip


def test_replay_check_fails_a_spurious_logout_no_invariant_sees(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The forum post's NotFound looks authoritative to every record-level check; only the world
    knows the item was there. `replay --check` used to exit 0 here."""
    path = EXAMPLES / "forum-post-class-switch.json"
    summary = replay(parse_scenario(__import__("json").loads(path.read_text()), "x"),
                     "forum-post").summary  # fmt: skip
    assert summary.violations == [] and summary.spurious_logouts == 1
    assert main(["replay", str(path), "--policy", "forum-post", "--check"]) == 1
    assert "spurious logout" in capsys.readouterr().err
    assert main(["replay", str(path), "--check"]) == 0


def test_credentials_in_hand_count_as_usable() -> None:
    """A naive app that ignores a failed store still holds the password it signed in with; a
    logout on a later NotFound is spurious because of what it held, not what was stored."""
    world = _run([*LOGIN[:1], {"event": "fault", "call": "keychain.store"}, LOGIN[1],
                  {"event": "advance", "seconds": 7200}, {"event": "background_fetch"}],
                 "naive-gilt", platform="memory")  # fmt: skip
    (finding,) = world.findings
    assert finding.kind == "spurious_logout" and "held usable credentials" in finding.message
    world.close()


def test_a_lost_race_is_not_a_rejection() -> None:
    """F6: the server answers the predecessor "already rotated"; the live token is usable."""
    path = EXAMPLES / "f6-concurrent-rotation.json"
    scenario = parse_scenario(__import__("json").loads(path.read_text()), "x")
    assert replay(scenario, "naive-rotation").summary.spurious_logouts == 1
    assert check_world(replay(scenario, "reference")) == []


def test_a_server_rejecting_everything_makes_no_logout_spurious() -> None:
    steps = [{"event": "advance", "seconds": 7200}, {"event": "background_fetch"}]
    world = _run([*LOGIN, {"event": "server", "mode": "reject"}, *steps])
    assert world.summary().logouts and check_world(world) == []
    world.close()


def test_kills_blame_only_the_client_that_destroyed_what_it_held() -> None:
    """F7: a kill after the rotation answer and before the first write loses the new token under
    any client (nobody is blamed); deleting the old token first and dying is the app's fault."""
    steps = [*LOGIN, {"event": "background"}, {"event": "advance", "seconds": 900},
             {"event": "kill", "call": "keychain.store", "when": "before"},
             {"event": "background_fetch"}, {"event": "launch", "mode": "foreground"},
             {"event": "advance", "seconds": 900}, {"event": "background_fetch"}]  # fmt: skip
    server = {"rotating": True, "token_lifetime": 600}
    reference = _run(steps, server=server)
    assert reference.summary().logouts and check_world(reference) == []  # fate, not a fault
    naive = _run(steps, "naive-rotation", server=server)
    assert naive.summary().spurious_logouts == 1
    assert "destroyed usable credentials" in naive.summary().findings[0]
    f7 = parse_scenario(__import__("json").loads((EXAMPLES / "f7-killed-mid-rotation.json")
                                                 .read_text()), "x")  # fmt: skip
    assert replay(f7, "naive-rotation").summary.spurious_logouts == 1
    assert check_world(replay(f7, "reference")) == []
    for world in (reference, naive):
        world.close()


class _Stuck(NaiveApp):
    """An app that never decides: its session stays "starting" whatever happens."""

    def launch(self, mode: str) -> None:
        pass


class _Buggy(NaiveApp):
    def foreground(self) -> None:
        raise RuntimeError(PW)  # a message that quotes a secret


@pytest.fixture
def broken_apps(monkeypatch: pytest.MonkeyPatch) -> None:
    table = dict(policies_module.POLICIES)
    table["stuck"] = (lambda ctx: _Stuck(ctx), "never leaves starting")
    table["buggy"] = (lambda ctx: _Buggy(ctx), "raises on foreground")
    monkeypatch.setattr(policies_module, "POLICIES", table)
    monkeypatch.setattr("authsession.world.world.POLICIES", table)


@pytest.mark.usefixtures("broken_apps")
def test_an_unknown_session_after_a_foreground_strands_the_user() -> None:
    world = _run([{"event": "lock"}, {"event": "foreground"}], "stuck")
    (finding,) = world.findings
    assert finding.kind == "stranded_user" and finding.step == 1
    assert "still starting after foreground" in finding.message
    with pytest.raises(AssertionError, match="stranded user"):
        assert_world_ok(world)
    world.close()


@pytest.mark.usefixtures("broken_apps")
def test_only_a_fault_that_struck_excuses_an_unknown_session() -> None:
    world = _run([{"event": "fault", "call": "protected_data", "effect": "raise"},
                  {"event": "launch", "mode": "foreground"}], "stuck")  # fmt: skip
    # Armed, but the stuck app never asks the signal: nothing struck, nothing excused.
    assert [f.kind for f in world.findings] == ["stranded_user"]
    world.close()
    reference = _run([{"event": "fault", "call": "protected_data", "effect": "raise"},
                      {"event": "launch", "mode": "foreground"}], platform="memory")  # fmt: skip
    # The reference contains the raise (the signal answers "unavailable"): it waits, and the
    # fault that struck excuses that.
    summary = reference.summary()
    assert (summary.escapes, summary.faults_injected, reference.findings) == (0, 1, ())
    reference.close()


@pytest.mark.usefixtures("broken_apps")
def test_an_exception_of_the_app_itself_is_a_finding_that_names_only_its_type() -> None:
    world = _run([{"event": "launch", "mode": "background"}, {"event": "foreground"}], "buggy")
    (finding,) = world.findings
    assert finding.kind == "app_error" and "RuntimeError escaped the app on foreground" in str(
        finding
    )
    assert PW not in str(world.summary())
    world.close()


def test_summary_counts_and_check_world_agree() -> None:
    world = _run([*LOGIN, {"event": "lock"}, {"event": "advance", "seconds": 7200},
                  {"event": "background_fetch"}], "naive-gilt")  # fmt: skip
    summary = world.summary()
    assert summary.spurious_logouts == 1 and summary.findings
    assert check_world(world) == check_world(summary) == oracle.failures(summary)
    world.close()


def test_held_credentials_never_reach_the_trace() -> None:
    canary = "canary-oracle-pw-5d21"
    scenario = parse_scenario(
        {"schema": "authsession.scenario/1", "name": "t", "platform": "memory",
         "steps": [{"event": "launch"}, {"event": "fault", "call": "keychain.store"},
                   {"event": "login", "user": "ada", "password": canary},
                   {"event": "advance", "seconds": 7200}, {"event": "background_fetch"}]},
        "test",
    )  # fmt: skip
    run = replay(scenario, "naive-gilt")
    text = repr(run.summary) + "".join(line.model_dump_json() for line in run.lines)
    assert canary not in text and run.summary.findings
    assert SecretStr(canary) != canary  # the scenario keeps it secret too


# Issue 19: the oracle and the world, exact ------------------------------------------------


def test_a_foreground_that_starts_the_process_puts_it_on_screen() -> None:
    """A launch the user opened is on screen whichever event started it: an access-controlled
    read may prompt there, as on `launch foreground` (it answered -25308 on b30ae15)."""
    steps = [*LOGIN, {"event": "terminate"}, {"event": "foreground"}]
    world = _run(steps, platform="ios", access_control="user_presence")
    first = world.records[-3:]
    assert [r.event for r in first][:2] == ["app_launched", "keychain_found"]
    assert world.last_state == "logged_in" and check_world(world) == []


def test_a_sign_out_aimed_at_a_killed_launch_reaches_the_next_process() -> None:
    kill = {"event": "kill", "call": "keychain.read", "when": "before"}
    steps = [*LOGIN, {"event": "terminate"}, kill, {"event": "logout"}]
    world = _run(steps, platform="ios")
    assert [o.reason for o in world.summary().logouts] == ["user_logout"]
    assert world.last_state == "logged_out" and world.stored_credentials() == ()


def test_credentials_held_and_never_stored_are_lost_by_the_process_however_it_ends() -> None:
    """A client that keeps a rotated token only in memory: a plain termination loses it, and
    the logout that follows the relaunch is the client's doing (Why 7(a))."""

    class Forgetful(policies_module.ReferenceApp):
        def __init__(self, ctx: policies_module.AppContext) -> None:
            class NoStore:
                def __init__(self, inner: object) -> None:
                    self._inner = inner

                def read(self) -> object:
                    return self._inner.read()  # type: ignore[attr-defined]

                def store(self, credentials: object, protection: object) -> object:
                    from authsession.adapters import Stored

                    return Stored()  # "saved" — the rotated token stays in memory only

                def delete(self) -> object:
                    return self._inner.delete()  # type: ignore[attr-defined]

            from dataclasses import replace

            super().__init__(replace(ctx, keychain=NoStore(ctx.keychain)))  # type: ignore[arg-type]

    scenario = parse_scenario(
        {"schema": "authsession.scenario/1", "name": "t", "server": {"rotating": True},
         "steps": [*LOGIN, {"event": "terminate"}, {"event": "launch", "mode": "foreground"}]},
        "test",
    )  # fmt: skip
    world = World(scenario, app=Forgetful)
    world.run()
    assert any("spurious logout" in f for f in check_world(world))
    assert check_world(replay(scenario, "reference")) == []


def test_events_never_drop_what_faults_name() -> None:
    from authsession.modelcheck.space import Family, space

    chosen = space("ios", faults=["sibling", "during:*", "keychain.read:lasting"],
                   events=["launch", "login"])  # fmt: skip
    labels = {type(e).__name__ for e in chosen.alphabet(Family(rotating=True))}
    assert {"SiblingRacesNextRefresh", "DuringNextRefresh", "Fault", "ClearFaults"} <= labels
    assert "Boot" not in labels


def test_the_counterexample_reported_is_the_most_harmful_found() -> None:
    """A naive policy with a harmless failure (an invariant broken with nobody signed in) at
    depth 1 and a harmful one deeper: the report is the harmful one (Why 7(c))."""
    from authsession.modelcheck import explore_world, space

    chosen = space("ios", protections=[None], preexisting=[None], passcodes=(True,),
                   quirks=(True,), rotating=(False,), faults=["none"])  # fmt: skip
    found = explore_world(space_=chosen, policy="naive-gilt", depth=4)
    assert found.harm == 0 and found.counterexample is not None
    assert any("spurious logout" in v or "stranded" in v for v in found.violations)
