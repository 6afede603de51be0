"""The checker can fail: every mutation of a rule that keeps users signed in is caught.

Each mutation is a mutated spec table, searched in a slice of the space where the shipped
reference is clean (so the failure found is the mutation's). A search with a mutated machine runs
in this process (a worker process would build the shipped one):

- "unavailable" means "no user" (every row into an unknown state ends the session instead) —
  caught by the record-level invariants;
- the rules that used to live in the runtime and are rows now (issue "The table decides
  everything"):
  - "the first `invalid_grant` is final" (no re-read of the keychain for a sibling's newer token,
    F6) — caught by the world oracle as a spurious logout after one sibling race;
  - "discard the old refresh token before storing the rotated one" (F7's order) — a kill between
    the two loses the only live token; every record is lawful, only the world oracle sees it;
  - "a NotFound is authoritative even while locked" — caught where an earlier version's stricter
    class fools the signal (F12 with F2).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from authsession import oracle
from authsession.adapters.keychain import ProtectionClass
from authsession.cli import main
from authsession.core.machine import build_machine
from authsession.modelcheck import explore_world, space
from authsession.spec.commands import (
    DeleteCredentials,
    NotifyUser,
    PerformWork,
    StoreCredentials,
)
from authsession.spec.states import State
from authsession.spec.table import TABLE, Rule
from authsession.world import World, load_scenario, parse_scenario

#: Where the shipped reference is clean: no injected fault, the default class, no earlier item.
CLEAN = space(
    "ios",
    protections=(None,),
    preexisting=(None,),
    quirks=(False,),
    rotating=(False,),
    faults=("none",),
)


def _unavailable_means_no_user() -> tuple[Rule, ...]:
    unavailable = (State.CREDENTIALS_UNAVAILABLE, State.DEFERRED_AUTH)
    return tuple(
        dataclasses.replace(r, dest=State.LOGGED_OUT, reason="credentials_absent")
        if r.dest in unavailable and r.source not in unavailable
        else r
        for r in TABLE
    )


def test_the_reference_is_clean_where_the_mutations_are_sought() -> None:
    assert explore_world(platform="ios", depth=3, space_=CLEAN).violations == []


def test_a_spec_where_unavailable_means_no_user_is_caught(tmp_path: Path) -> None:
    machine = build_machine(_unavailable_means_no_user())
    result = explore_world(platform="ios", depth=3, machine=machine, space_=CLEAN)
    assert result.counterexample is not None
    assert len(result.counterexample["steps"]) <= 4
    path = tmp_path / "cx.json"
    path.write_text(json.dumps(result.counterexample))
    # The shipped reference passes it; the mutated machine's world breaks it.
    assert main(["replay", str(path), "--check"]) == 0
    world = World(load_scenario(path), machine=machine)
    run = world.run()
    world.close()
    assert run.summary.violations


def _mutated(predicate: object, **changes: object) -> tuple[Rule, ...]:
    out, hit = [], False
    for rule in TABLE:
        if predicate(rule):  # type: ignore[operator]
            rule = dataclasses.replace(rule, **changes)  # type: ignore[arg-type]
            hit = True
        out.append(rule)
    assert hit, "the mutation matched no row"
    return tuple(out)


def test_taking_the_first_invalid_grant_as_final_is_caught() -> None:
    races = space("memory", rotating=(True,), quirks=(False,), faults=("sibling",), siblings=1)
    clean = explore_world(platform="memory", depth=6, space_=races)
    assert clean.violations == []  # one race at a time: the table re-reads and retries
    mutant = _mutated(
        lambda r: r.source is State.AUTHENTICATING and r.event == "auth_rejected",
        dest=State.LOGGING_OUT,
        reason="server_rejected",
        commands=(DeleteCredentials(), NotifyUser(message="sign_in_again")),
    )
    result = explore_world(platform="memory", depth=6, space_=races, machine=build_machine(mutant))
    assert result.counterexample is not None
    # Both oracles see it: the record-level invariant 1 (a rejection believed before the
    # keychain was checked) and, where the race was lost, the world's spurious logout.
    assert any("invariant 1" in v or "spurious logout" in v for v in result.violations)


def test_deleting_the_old_token_before_storing_the_rotated_one_is_caught_by_the_world_oracle() -> (
    None
):
    kills = space("memory", rotating=(True,), quirks=(False,), faults=("*:kill_*",))
    mutant = _mutated(
        lambda r: r.event == "auth_accepted" and "rotated" in r.when,
        commands=(DeleteCredentials(), StoreCredentials(), PerformWork()),
    )
    machine = build_machine(mutant)
    result = explore_world(platform="memory", space_=kills, machine=machine)
    assert result.counterexample is not None
    assert result.violations and all("spurious logout" in v for v in result.violations)
    assert any(s["event"] == "kill" for s in result.counterexample["steps"])
    world = World(parse_scenario(result.counterexample, "counterexample"), machine=machine)
    summary = world.run().summary
    world.close()
    assert summary.violations == []  # every record looks lawful: only the world knows
    assert oracle.failures(summary)


def test_trusting_a_not_found_while_locked_is_caught_where_a_stricter_class_fools_the_signal() -> (
    None
):
    stricter = space(
        "ios",
        protections=(ProtectionClass.AFTER_FIRST_UNLOCK,),
        preexisting=(ProtectionClass.WHEN_UNLOCKED,),
        quirks=(True,),
        rotating=(False,),
        faults=("none",),
    )
    assert explore_world(platform="ios", depth=2, space_=stricter).violations == []
    mutant = _mutated(
        lambda r: r.event == "keychain_not_found" and "!protected_data_available" in r.when,
        dest=State.LOGGED_OUT,
        reason="credentials_absent",
        commands=(),
    )
    result = explore_world(platform="ios", depth=2, space_=stricter, machine=build_machine(mutant))
    assert result.counterexample is not None and result.violations


def test_the_interpreter_explorer_finds_the_table_mutation() -> None:
    from authsession.core.explore import explore, interpreter_stepper

    result = explore(stepper=interpreter_stepper(_unavailable_means_no_user()))
    assert result.violations and result.counterexample


# Issue 21: one mutation per new invariant, each caught by the checker ---------------------------


def test_a_confirmed_rejection_that_signs_the_user_out_is_caught() -> None:
    """Invariant 13: the table before issue 21 — a confirmed rejection ends in a sign-out
    (`logging_out`) instead of "re-authentication required"."""
    rejects = space(
        "memory", rotating=(False,), quirks=(False,), faults=("none",), passcodes=(True,)
    )
    clean = explore_world(platform="memory", depth=5, space_=rejects)
    assert clean.violations == []
    mutant = _mutated(
        lambda r: r.source is State.CONFIRMING_REJECTION and r.dest is State.REAUTH_CLEARING,
        dest=State.LOGGING_OUT,
    )
    result = explore_world(
        platform="memory", depth=5, space_=rejects, machine=build_machine(mutant)
    )
    assert result.counterexample is not None
    assert any("invariant 13" in v for v in result.violations), result.violations


def test_a_transient_failure_that_asks_to_sign_in_again_is_caught() -> None:
    """Invariant 13: "interaction required" when the server merely did not answer."""
    mutant = _mutated(
        lambda r: r.source is State.AUTHENTICATING and r.event == "auth_transient",
        dest=State.REAUTH_REQUIRED,
        reason="interaction_required",
        commands=(NotifyUser(message="sign_in_again"),),
    )
    result = explore_world(
        platform="memory", depth=5, space_=CLEAN_MEMORY, machine=build_machine(mutant)
    )
    assert result.counterexample is not None
    assert any("invariant 13" in v for v in result.violations), result.violations


def test_deleting_before_the_revocation_is_queued_is_caught() -> None:
    """Invariant 14: the sign-out of the table before issue 21 deletes the credentials at once:
    the refresh token is gone before it reached the revocation outbox."""
    mutant = _mutated(
        lambda r: (
            r.source is State.LOGGED_IN
            and r.event == "logout_requested"
            and "protected_data_available" in r.when
        ),
        commands=(DeleteCredentials(),),
    )
    result = explore_world(
        platform="memory", depth=3, space_=CLEAN_MEMORY, machine=build_machine(mutant)
    )
    assert result.counterexample is not None
    assert any("invariant 14" in v for v in result.violations), result.violations


def test_a_revocation_failure_left_unretried_is_caught() -> None:
    """Invariant 14: a failed revocation dropped (Amplify's `.partial` sign-out)."""
    mutant = tuple(
        dataclasses.replace(r, commands=()) if r.event == "revocation_failed" else r for r in TABLE
    )
    result = explore_world(
        platform="memory", depth=5, space_=CLEAN_MEMORY, machine=build_machine(mutant)
    )
    assert result.counterexample is not None
    assert any("invariant 14" in v for v in result.violations), result.violations


def test_an_unknown_user_shown_as_no_user_is_caught() -> None:
    """Invariant 15: a launch that cannot read the keychain tells the observer "no user" (a
    first value that is a guess: firebase-js-sdk #148)."""
    mutant = _mutated(
        lambda r: (
            r.source is State.STARTING
            and r.event == "app_launched"
            and r.dest is State.CREDENTIALS_UNAVAILABLE
        ),
        dest=State.LOGGED_OUT,
    )
    result = explore_world(
        platform="memory", depth=2, space_=CLEAN_MEMORY, machine=build_machine(mutant)
    )
    assert result.counterexample is not None
    assert any("invariant 15" in v for v in result.violations), result.violations


#: The memory platform without faults or rotation: where the reference is clean (asserted by the
#: first test above) and a mutation's failure is the mutation's.
CLEAN_MEMORY = space(
    "memory", rotating=(False,), quirks=(False,), faults=("none",), passcodes=(True,)
)
