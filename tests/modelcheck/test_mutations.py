"""The checker can fail: every mutation of a rule that keeps users signed in is caught.

Three mutations, each in a slice of the space where the shipped reference is clean (so the
failure found is the mutation's):

- the spec table where "unavailable" means "no user" (every row into an unknown state ends the
  session instead) — caught by the record-level invariants;
- two *host* rules, which on today's code live in `authsession.runtime.session` rather than in the
  table, so they are mutated by patching the runtime in this process (a search with a patched
  runtime must run serially: a worker process would import the unpatched one):
  - "the first `invalid_grant` is final" (no re-read of the keychain for a sibling's newer
    token, F6) — caught by the world oracle as a spurious logout after one sibling race;
  - "discard the old refresh token before storing the rotated one" (F7's order) — a kill between
    the two loses the only live token; every record is lawful, only the world oracle sees it.
("A NotFound is authoritative even while locked" is not among them: the reference never reads
while the signal says locked, so the rule only matters where an earlier version's stricter class
fools the signal — where today's reference already fails, issue 10's first failure.)
When the table owns these decisions (issue "The table decides everything"), the last two become
table mutations like the first.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Generator
from pathlib import Path

import pytest

from authsession import oracle
from authsession.adapters.keychain import Failed
from authsession.cli import main
from authsession.core.machine import build_machine
from authsession.modelcheck import explore_world, space
from authsession.runtime.session import AdapterCall, AuthSession, _call
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


def _first_rejection_is_final(self: AuthSession, sent: object) -> Generator[object, object, None]:
    return None
    yield  # a generator, as the method it replaces


def test_taking_the_first_invalid_grant_as_final_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    races = space("memory", rotating=(True,), quirks=(False,), faults=("sibling",), siblings=1)
    clean = explore_world(platform="memory", depth=6, space_=races)
    assert clean.violations == []  # one race at a time: the reference re-reads and retries
    monkeypatch.setattr(AuthSession, "_reread_after_rejection", _first_rejection_is_final)
    result = explore_world(platform="memory", depth=6, space_=races)
    assert result.counterexample is not None
    assert any("spurious logout: server_rejected" in v for v in result.violations)
    assert sum(s["event"] == "sibling_races_next_refresh" for s in result.counterexample["steps"])


def test_deleting_the_old_token_before_storing_the_rotated_one_is_caught_by_the_world_oracle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kills = space("memory", rotating=(True,), quirks=(False,), faults=("*:kill_*",))
    original = AuthSession._persist_rotated

    def delete_first(self: AuthSession) -> Generator[AdapterCall, object, None]:
        if self._rotated is not None:  # F7's order: discard the old token, then write the new
            yield from _call(self.keychain.delete, Failed(detail="raised"), self.keychain)
        yield from original(self)

    monkeypatch.setattr(AuthSession, "_persist_rotated", delete_first)
    result = explore_world(platform="memory", space_=kills)
    assert result.counterexample is not None
    assert result.violations and all("spurious logout" in v for v in result.violations)
    assert any(s["event"] == "kill" for s in result.counterexample["steps"])
    world = World(parse_scenario(result.counterexample, "counterexample"))
    summary = world.run().summary
    world.close()
    assert summary.violations == []  # every record looks lawful: only the world knows
    assert oracle.failures(summary)


def test_the_compiled_explorer_finds_the_table_mutation() -> None:
    from authsession.modelcheck.compiled import compile_spec, explore_compiled

    result = explore_compiled(compile_spec(_unavailable_means_no_user()))
    assert result.violations and result.counterexample
