"""The invariants hold on the whole reachable space — and the checks can fail."""

from __future__ import annotations

import dataclasses

import pytest

from authsession.adapters.keychain import ProtectionClass
from authsession.core.explore import explore, machine_stepper
from authsession.core.machine import build_machine
from authsession.invariants import (
    Record,
    check_records,
    deferred_work_kept,
    logout_causes,
    logout_completes_and_revokes,
    no_use_while_unavailable,
    no_zombie_session,
    observer_honest,
    observer_values_honest,
    reauth_only_when_confirmed,
    secrets_in,
    security_never_lowered,
    transient_never_logs_out,
    wall_clock_jumps_harmless,
)
from authsession.spec import TABLE, State
from authsession.spec.commands import DeleteCredentials, NotifyUser, ReadCredentials
from authsession.spec.table import Rule


def test_the_reachable_space_satisfies_every_record_invariant() -> None:
    result = explore(keep_reachable=True)
    assert result.violations == ()
    assert result.states_reached == frozenset(State)
    # The same space, reached through the `transitions` machine instead of the interpreter: two
    # independent next-state functions agree on every reachable configuration.
    through_machine = explore(stepper=machine_stepper(), keep_reachable=True)
    assert set(through_machine.reachable) == set(result.reachable)


def test_credentials_in_hand_are_only_ever_held_where_the_table_can_use_them() -> None:
    """With `store_pending` the table never reads outside `confirming_rejection` (it
    authenticates with what it holds), so no reachable configuration reads while holding them."""
    reachable = explore(keep_reachable=True).reachable
    holding = {state for state, flags, _ in reachable if flags[3]}
    assert holding <= {
        State.LOGGED_IN, State.AUTHENTICATING, State.DEFERRED_AUTH, State.CONFIRMING_REJECTION,
    }  # fmt: skip


def _mutate(predicate: object, **changes: object) -> tuple[Rule, ...]:
    hit = False
    out = []
    for rule in TABLE:
        if predicate(rule):  # type: ignore[operator]
            rule = dataclasses.replace(rule, **changes)  # type: ignore[arg-type]
            hit = True
        out.append(rule)
    assert hit, "mutation matched no row"
    return tuple(out)


MUTANTS = {
    # The iOS 7 bug: an unreadable keychain taken for "no user".
    "unavailable_means_no_user": (
        lambda r: r.source is State.CHECKING_CREDENTIALS and r.event == "keychain_unavailable",
        {"dest": State.LOGGED_OUT, "reason": "credentials_absent", "commands": ()},
        {1, 4},
    ),
    # NotFound believed while locked (F2).
    "not_found_trusted_while_locked": (
        lambda r: r.event == "keychain_not_found" and "!protected_data_available" in r.when,
        {"dest": State.LOGGED_OUT, "reason": "credentials_absent", "commands": ()},
        {1},
    ),
    # Reading the keychain the moment the app launches, locked or not.
    "read_while_locked": (
        lambda r: r.source is State.STARTING and "!protected_data_available" in r.when,
        {"dest": State.CHECKING_CREDENTIALS, "commands": (ReadCredentials(),)},
        {2},
    ),
    "work_dropped": (
        lambda r: r.source is State.CREDENTIALS_UNAVAILABLE and r.event == "work_requested",
        {"dest": None, "commands": (), "sets": ()},
        {3},
    ),
    "transient_logs_out": (
        lambda r: r.source is State.AUTHENTICATING and r.event == "auth_transient",
        {"dest": State.LOGGED_OUT, "reason": "server_rejected", "commands": ()},
        {1, 4},
    ),
    "zombie_after_logout": (
        lambda r: r.source is State.LOGGING_OUT and r.event == "delete_unavailable",
        {"dest": State.LOGGED_IN},
        {5},
    ),
    # The decisions that used to live in the runtime, as table mutations the checks must catch:
    # the first invalid_grant taken as final (F6 with a sibling's rotation) ...
    "first_rejection_final": (
        lambda r: r.source is State.AUTHENTICATING and r.event == "auth_rejected",
        {
            "dest": State.LOGGING_OUT,
            "reason": "server_rejected",
            "commands": (DeleteCredentials(), NotifyUser(message="sign_in_again")),
        },
        {1},
    ),
    # ... a sibling's newer token not tried ...
    "sibling_token_ignored": (
        lambda r: (
            r.source is State.CONFIRMING_REJECTION
            and r.event == "keychain_found"
            and "rotated_elsewhere" in r.when
        ),
        {
            "dest": State.LOGGING_OUT,
            "reason": "server_rejected",
            "commands": (DeleteCredentials(), NotifyUser(message="sign_in_again")),
        },
        {1},
    ),
    # ... credentials in hand ignored: the stored ones re-read and a NotFound believed ...
    "in_hand_ignored": (
        lambda r: (
            r.source is State.AUTHENTICATING
            and r.event == "keychain_not_found"
            and "!store_pending" in r.when
        ),
        {"when": ("protected_data_available",)},
        {9},
    ),
    # ... and an unknown session that waits through a foreground.
    "stranded_on_foreground": (
        lambda r: r.source is State.CREDENTIALS_UNAVAILABLE and r.event == "app_foregrounded",
        {"dest": None, "commands": ()},
        {10},
    ),
}


@pytest.mark.parametrize("name", list(MUTANTS))
def test_a_mutated_spec_is_caught_with_a_short_counterexample(name: str) -> None:
    predicate, changes, expected = MUTANTS[name]
    machine = build_machine(_mutate(predicate, **changes))
    result = explore(machine)
    assert result.violations, f"mutant {name} not detected"
    assert {v.invariant for v in result.violations} & expected
    # Shortest by construction (breadth-first); credentials in hand take a sign-in with a
    # rotation and an expiry before anything can read past them.
    assert 1 <= len(result.counterexample) <= 7


def test_explore_reports_counterexample_that_replays_to_the_violation() -> None:
    predicate, changes, _ = MUTANTS["unavailable_means_no_user"]
    machine = build_machine(_mutate(predicate, **changes))
    path = explore(machine).counterexample
    from authsession.core.machine import SessionCore

    core = SessionCore(machine=machine)
    steps = [core.step(e) for e in path]
    assert steps[-1].state is State.LOGGED_OUT
    assert path[-1].type == "keychain_unavailable"


def _r(**kw: object) -> Record:
    base: dict[str, object] = {
        "step": 0,
        "event": "work_requested",
        "source": State.LOGGED_IN,
        "state": State.LOGGED_IN,
        "reason": "x",
        "commands": (),
        "protected_data_available": True,
    }
    base.update(kw)
    return Record(**base)  # type: ignore[arg-type]


def test_invariant_1_rejects_unexplained_logouts() -> None:
    bad = _r(event="keychain_not_found", state=State.LOGGED_OUT, reason="credentials_absent",
             source=State.CHECKING_CREDENTIALS, event_protected_data_available=False)  # fmt: skip
    assert [v.invariant for v in logout_causes([bad])] == [1]
    good = dataclasses.replace(bad, event_protected_data_available=True)
    assert logout_causes([good]) == []
    odd = _r(event="auth_transient", state=State.LOGGED_OUT, reason="timeout")
    assert [v.invariant for v in logout_causes([odd])] == [1]


def test_invariant_2_rejects_reads_while_unavailable() -> None:
    bad = _r(commands=("read_credentials",), protected_data_available=False)
    assert [v.invariant for v in no_use_while_unavailable([bad])] == [2]
    assert no_use_while_unavailable([dataclasses.replace(bad, protected_data_available=True)]) == []


def test_invariant_3_rejects_work_left_in_a_state_that_will_not_resume_it() -> None:
    dropped = _r(source=State.CREDENTIALS_UNAVAILABLE, state=State.CREDENTIALS_UNAVAILABLE)
    assert [v.invariant for v in deferred_work_kept([dropped])] == [3]
    kept = dataclasses.replace(dropped, state=State.DEFERRED_AUTH)
    assert deferred_work_kept([kept]) == []
    done = _r(commands=("perform_work",))
    assert deferred_work_kept([done]) == []


def test_invariant_4_rejects_logout_or_no_retry_on_transient_failure() -> None:
    logout = _r(event="keychain_failed", source=State.AUTHENTICATING, state=State.LOGGING_OUT)
    assert 4 in {v.invariant for v in transient_never_logs_out([logout])}
    stuck = _r(event="auth_transient", source=State.AUTHENTICATING, state=State.AUTHENTICATING)
    assert [v.invariant for v in transient_never_logs_out([stuck])] == [4]
    retried = dataclasses.replace(stuck, commands=("schedule_retry",))
    assert transient_never_logs_out([retried]) == []


def test_invariant_5_rejects_use_of_credentials_during_logout() -> None:
    zombie = _r(source=State.LOGGING_OUT, state=State.AUTHENTICATING, commands=("authenticate",))
    assert [v.invariant for v in no_zombie_session([zombie])] == [5]
    no_wipe = _r(
        event="logout_requested", state=State.LOGGING_OUT, event_protected_data_available=True
    )
    assert [v.invariant for v in no_zombie_session([no_wipe])] == [5]
    # Locked: the wipe waits for protected data (it starts with a read).
    waits = dataclasses.replace(no_wipe, event_protected_data_available=False)
    assert no_zombie_session([waits]) == []
    dead = _r(event="keychain_found", source=State.CONFIRMING_REJECTION,
              state=State.REAUTH_CLEARING, reason="server_rejected")  # fmt: skip
    assert [v.invariant for v in no_zombie_session([dead])] == [5]


def test_invariant_13_reauth_only_from_a_confirmed_rejection() -> None:
    good = _r(event="keychain_found", source=State.CONFIRMING_REJECTION,
              state=State.REAUTH_CLEARING, reason="server_rejected",
              commands=("delete_credentials",))  # fmt: skip
    assert reauth_only_when_confirmed([good]) == []
    transient = _r(event="auth_transient", source=State.AUTHENTICATING,
                   state=State.REAUTH_REQUIRED, reason="interaction_required")  # fmt: skip
    assert [v.invariant for v in reauth_only_when_confirmed([transient])] == [13]
    signed_out = dataclasses.replace(good, state=State.LOGGING_OUT)
    assert [v.invariant for v in reauth_only_when_confirmed([signed_out])] == [13]
    raced = dataclasses.replace(good, event_flags=frozenset({"rotated_elsewhere"}))
    assert [v.invariant for v in reauth_only_when_confirmed([raced])] == [13]
    hinted = _r(event="revocation_hint", state=State.CREDENTIALS_UNAVAILABLE)
    assert [v.invariant for v in reauth_only_when_confirmed([hinted])] == [13]


def test_invariant_14_logout_completes_and_revokes() -> None:
    stays = _r(event="logout_requested", reason="sign_out_failed")
    assert [v.invariant for v in logout_completes_and_revokes([stays])] == [14]
    early = _r(event="logout_requested", state=State.LOGGING_OUT, reason="user_logout",
               commands=("delete_credentials",))  # fmt: skip
    assert 14 in {v.invariant for v in logout_completes_and_revokes([early])}
    unqueued = _r(event="keychain_found", source=State.LOGGING_OUT, state=State.LOGGING_OUT,
                  commands=("delete_credentials",))  # fmt: skip
    assert [v.invariant for v in logout_completes_and_revokes([unqueued])] == [14]
    locked = _r(event="revocation_due", commands=("revoke",), protected_data_available=False)
    assert [v.invariant for v in logout_completes_and_revokes([locked])] == [14]
    dropped = _r(event="revocation_failed", reason="x", state=State.LOGGED_OUT,
                 source=State.LOGGED_OUT)  # fmt: skip
    assert [v.invariant for v in logout_completes_and_revokes([dropped])] == [14]
    others = _r(event="logout_others_requested", state=State.LOGGED_OUT)
    assert [v.invariant for v in logout_completes_and_revokes([others])] == [14]


def test_invariant_15_no_user_only_for_a_session_ending_reason() -> None:
    guess = _r(event="app_launched", source=State.STARTING, state=State.LOGGED_OUT,
               reason="launched_while_protected_data_unavailable")  # fmt: skip
    assert [v.invariant for v in observer_honest([guess])] == [15]
    ended = dataclasses.replace(guess, reason="credentials_absent")
    assert observer_honest([ended]) == []
    told = [("starting", "unknown", None), ("logged_out", "no", "launched")]
    assert [v.invariant for v in observer_values_honest(told)] == [15]
    assert observer_values_honest([("starting", "no", None)])[0].invariant == 15
    assert observer_values_honest([("logged_in", "yes", None), ("logged_in", "yes", "x")])
    honest = [("starting", "unknown", None), ("logged_in", "yes", "credentials_found"),
              ("reauth_required", "no", "server_rejected")]  # fmt: skip
    assert observer_values_honest(honest) == []


def test_invariant_6_finds_a_secret_in_output() -> None:
    assert [v.invariant for v in secrets_in(["ok", "token=s3cr3t!"], ["s3cr3t!"])] == [6]
    assert secrets_in(["ok"], ["s3cr3t!", ""]) == []


def test_invariant_7_rejects_lowered_protection() -> None:
    stored = [ProtectionClass.WHEN_UNLOCKED, ProtectionClass.ALWAYS]
    assert {v.invariant for v in security_never_lowered(stored, ProtectionClass.WHEN_UNLOCKED)} == {
        7
    }
    assert security_never_lowered([ProtectionClass.ALWAYS], ProtectionClass.ALWAYS,
                                  allow_insecure=True) == []  # fmt: skip


def test_invariant_8_rejects_logout_on_wall_clock_jump() -> None:
    bad = _r(event="wall_clock_jump", state=State.LOGGED_OUT)
    assert [v.invariant for v in wall_clock_jumps_harmless([bad])] == [8]
    assert check_records([_r(event="wall_clock_jump")]) == []
