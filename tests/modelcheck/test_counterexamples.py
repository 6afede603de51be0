"""Issue 10's five failures, as `authsession explore` found them on the commit before the table
redesign (commands and outputs in docs/reliability.md), and those its later searches found (issue
14's), kept as regression scenarios.

Each file records its policy and every world option it needs, so `authsession replay FILE
--check` reproduces it with no flags. Every one of them failed on that commit; the test asserts
the reference is clean on each now. `oracle-*` files are the checker's false reports found after
the redesign (the reference was right, the world's judgement wrong), and `r1-*` the reference's
own failures found by `benchmarks/r1.py`'s walks, kept the same way.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from authsession.cli import main
from authsession.testing import check_world
from authsession.world import load_scenario, replay

FOUND = Path(__file__).parent / "counterexamples"
#: file -> the kind of failure `explore` reported for it.
KIND = {
    "issue10-1-f12-meets-f2": "spurious logout",
    "issue10-2-credentials-in-hand": "spurious logout",
    "issue10-3-two-lost-races": "spurious logout",
    "issue10-4-stranded-without-passcode": "stranded user",
    "issue10-4b-stranded-passcode-removed": "stranded user",
    "issue10-5-wedged-signal-raises": "stranded user",
    # A false report of the world's oracle, found on the redesign: the server definitively
    # rejected the stored token while protected data was unavailable, then (`server ok`) would
    # have taken it again by the time the app confirmed the rejection against the keychain.
    "oracle-1-rejection-confirmed-later": "spurious logout",
    # Found by the R1 benchmark's walks on the redesign: an earlier version stored a password;
    # the app exchanged it for a rotating token it could not store (a WhenPasscodeSet class on a
    # phone without a passcode), lost that token to a sibling's race, and took the stored
    # password for a token rotated away — the password still signs in.
    "r1-1-password-still-a-password": "spurious logout",
    # Found by the same walks once issue 14's events joined them: an Android phone restored from
    # a backup, its lock screen then removed; the restored item's key never left the old phone,
    # and the adapter's get-or-create of a new key fails without a lock screen, so every read
    # "failed" and the session retried for good instead of telling the user the secret is gone.
    "r1-2-android-restored-without-a-lock-screen": "stranded user",
    # Issue 14's reality events: a running app opened by the user was told it came to the
    # foreground before the world put it on screen, so its access-controlled item could not
    # prompt (the world's fault, not the reference's).
    "issue14-1-user-presence-opened-after-update": "stranded user",
    # The update's relaunch was judged by what the dead process had held in memory (a login
    # its access control could not store without a passcode): no client keeps memory across
    # an update, as across a kill (the world's fault).
    "issue14-2-unstorable-login-then-update": "spurious logout",
    # Found by hand on b30ae15 (issue 19), each two or three steps deep in a slice the default
    # search never combined. The iOS adapter judged a -25308 on a passcode-less phone by the
    # configured class (WhenPasscodeSet) while the stored item was an earlier version's
    # after_first_unlock (or always) one behind access control: a sign-out.
    "issue19-1-passcode-removal-judged-by-the-configured-class": "spurious logout",
    "issue19-1b-biometry-gate-passcode-removed": "spurious logout",
    "issue19-1c-earlier-item-under-always": "spurious logout",
    # The oracle's: a kill's records were filed before records stamped earlier in the step, and
    # the earlier ones judged by facts taken after the kill.
    "issue19-2-killed-after-the-first-store": "spurious logout",
    "issue19-2b-android-killed-before-the-store": "invariant 3",
    # The world's: a lock while the foreground's refresh was in flight was undone when the
    # call returned, so the deferral the lock forced was judged as if on an unlocked screen.
    "issue19-3-locked-while-the-foreground-refreshes": "stranded user",
    # Found by the default run's walks once the oracle counted credentials in any process's
    # memory: an envelope whose key item was lost in a restore never replaced it, so no store
    # ever landed and an extension told a signed-in user to sign in again.
    "issue19-4-envelope-key-lost-by-a-restore-never-replaced": "spurious logout",
    # A false report of the oracle found by R1's walks once they drew every family: a revocation
    # on reuse charged to the app when the family's live token had been lost in flight already.
    "oracle-2-revocation-of-a-token-already-lost": "spurious logout",
    # The same walks, a million steps: credentials a process held before its user signed out
    # were still counted as the user's.
    "oracle-3-credentials-held-before-a-sign-out": "spurious logout",
    # The world's server, found by the default run after issue 21: an earlier version's item
    # held the password; the user signed out, the process died before the revocation went out,
    # the user signed back in with the same password, and the delayed revocation of the password
    # ended the new session too. A password identifies only the sessions it started that have no
    # refresh token (as `sessions_of` already said); the new one is its refresh family's.
    "issue21-1-delayed-password-revocation": "work with revoked token",
    "issue21-1b-delayed-password-revocation-without-refresh-tokens": "work with revoked token",
    # Found by the default run on a first fix (a password ends only sessions without a refresh
    # token): the app signed out holding the password (stored) and a refresh token it could not
    # store (in memory, lost with the process); the outbox kept only the password, so the
    # session the lost token stood for went on honouring it. A password ends what it stood for
    # when the user signed out: every session of the credentials the app had then.
    "issue21-2-password-stands-for-the-session-its-lost-token-held": "token honoured after logout",
}
FILES = sorted(FOUND.glob("*.json"))


def test_every_counterexample_is_kept_with_its_kind() -> None:
    assert {p.stem for p in FILES} == set(KIND)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_a_counterexample_records_everything_it_needs(path: Path) -> None:
    data = json.loads(path.read_text())
    assert data["policy"] == "reference"
    # Who found it: `authsession explore` (with its command), `benchmarks/r1.py`, or a person.
    assert data["description"].startswith(
        ("found by `authsession explore", "found by `python benchmarks/r1.py", "found by hand")
    )
    assert KIND[path.stem] in data["description"]
    load_scenario(path)  # valid as written


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_reference_is_clean_on_each_counterexample(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    failures = check_world(replay(load_scenario(path)))
    assert failures == []
    assert main(["replay", str(path), "--check"]) == 0  # no flag: policy and options are in it
