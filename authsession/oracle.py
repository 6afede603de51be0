"""The world-level oracle: a spurious logout, a stranded user, lost work, defined once.

Owns: the judgements no record of the app can make about itself — only the world knows whether
usable credentials existed, whether the user was looking at an unlocked screen and what work it
asked for — and `failures()`, which every tool uses to decide whether a world run failed:
`authsession replay --check`, `authsession explore`, `authsession simulate`,
`authsession.testing.check_world` and the world-level `RuleBasedStateMachine` (invariants 10
and 11 of the architecture, 3 as the world sees it).

- A logout (or a "sign in again" notice) is **spurious** when the user did not ask, and a token
  the server would honour existed anywhere at the moment the app decided it: stored, in the
  memory of any process of the app, or in an answer in flight — or the app's own doing had just
  destroyed the last of them (a delete that was no logout's, a process that died holding
  credentials it never tried to store). A revoked or rotated-away token is not usable, and a
  server rejecting everything accepts nothing: a lost race is therefore no excuse, the live token
  was usable. A logout that confirms a definitive rejection later (after protected data returned,
  the keychain still holding the rejected token) is judged by what was usable when the rejection
  arrived: the server may have changed its mind since, and the app could not know.
- A user is **stranded** when a world step that puts the app on the screen of an unlocked device
  (and leaves it there: a lock meanwhile takes it off), in which no injected fault struck, leaves
  the session "unknown".
- **Work is lost** when such a step leaves a session that says it is signed in without having
  done work the world asked of it while a user existed, with the server reachable: the app
  dropped it instead of deferring it (invariant 3 as the user sees it).
- The **screen** is judged too (issue 21): a sign-in screen shown, at such a step, while usable
  credentials exist and the user did not sign out, is a spurious logout as the user sees it (an
  app that shows a first observer value of "not known yet" as "signed out").
- A **token is honoured after a logout** when, at such a step with the server reachable, a session
  the user signed out of (locally or everywhere) still accepts a token: the app never revoked it.
- **Work is done with a revoked token** when the app hands its work an access token whose
  session the server had revoked, after the app was told (a revocation hint reached it, or the
  revocation was its own).
- An **app error** is an exception the app's code raised of its own (not one the world injected
  into an adapter or callback) that escaped to its caller: a host defect, whatever followed.

Each step is judged with the facts of its own moment (the world files records as they happen:
`authsession.world.referee`). Must not import the world, runtime or CLI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Protocol

from authsession.spec.table import USER_LOGOUT

#: Why credentials counted as usable at the start of a step (None: they did not).
Usable = Literal["stored", "held", "destroyed_by_the_app"]
Kind = Literal[
    "spurious_logout",
    "stranded_user",
    "lost_work",
    "app_error",
    "token_honoured_after_logout",
    "work_with_revoked_token",
]

#: The order a report ranks findings in: what a signed-in user suffers first.
HARM: dict[str, int] = {
    "spurious_logout": 0,
    "stranded_user": 0,
    "lost_work": 0,
    "token_honoured_after_logout": 0,
    "work_with_revoked_token": 0,
    "app_error": 1,
}

_WHY: dict[Usable, str] = {
    "stored": "usable credentials were stored",
    "held": "a process of the app held usable credentials (in memory or in an answer in flight)",
    "destroyed_by_the_app": "the app's own doing destroyed usable credentials and left none",
}


def usable_credentials(
    *,
    server_accepts_any: bool,
    stored_usable: bool,
    held_usable: bool,
    destroyed_by_the_app: bool,
) -> Usable | None:
    """Whether (and why) a user still had credentials the server would accept."""
    if not server_accepts_any:
        return None
    if stored_usable:
        return "stored"
    if held_usable:
        return "held"
    return "destroyed_by_the_app" if destroyed_by_the_app else None


def spurious_logout(reason: str, usable: Usable | None) -> bool:
    """The user did not ask, and usable credentials existed."""
    return reason != USER_LOGOUT and usable is not None


def stranded(*, to_foreground: bool, unlocked: bool, fault_struck: bool, user_present: str) -> bool:
    """A foreground on an unlocked device, with no injected fault striking, left "unknown"."""
    return to_foreground and unlocked and not fault_struck and user_present == "unknown"


@dataclass(frozen=True, slots=True)
class Finding:
    """One failure the world judged (never a secret: reasons, events and states only)."""

    step: int
    kind: Kind
    message: str

    def __str__(self) -> str:
        return f"step {self.step}: {self.kind.replace('_', ' ')}: {self.message}"


def spurious_finding(step: int, reason: str, event: str, usable: Usable) -> Finding:
    return Finding(step, "spurious_logout", f"{reason} on {event}, although {_WHY[usable]}")


def stranded_finding(step: int, state: str, event: str) -> Finding:
    return Finding(
        step,
        "stranded_user",
        f"still {state} after {event} in the foreground of an unlocked device",
    )


def lost_work_finding(step: int, event: str, labels: int) -> Finding:
    return Finding(
        step,
        "lost_work",
        f"signed in after {event} on an unlocked screen, but {labels} unit(s) of work asked "
        "while a user existed never ran",
    )


def screen_finding(step: int, screen: str, event: str, usable: Usable) -> Finding:
    """A sign-in screen shown while a user exists: a spurious logout as the user sees it."""
    return Finding(
        step, "spurious_logout", f"the {screen} screen shown after {event}, although {_WHY[usable]}"
    )


def honoured_finding(step: int, event: str, sessions: int) -> Finding:
    return Finding(
        step,
        "token_honoured_after_logout",
        f"after {event}, {sessions} session(s) the user signed out of still honoured a token, "
        "with the app on screen and the server reachable",
    )


def revoked_work_finding(step: int, event: str) -> Finding:
    return Finding(
        step,
        "work_with_revoked_token",
        f"work done on {event} with an access token the server had revoked, after the app was "
        "told (a revocation hint, or its own sign-out)",
    )


def app_error_finding(step: int, error: BaseException, event: str) -> Finding:
    # The type only: a message could quote a secret.
    return Finding(step, "app_error", f"{type(error).__name__} escaped the app on {event}")


class Judged(Protocol):
    """What a world run's summary carries for the oracle (`authsession.world.Summary`)."""

    @property
    def violations(self) -> list[str]: ...
    @property
    def findings(self) -> list[str]: ...


def failures(summary: Judged) -> list[str]:
    """Everything that makes a world run fail: record-level invariant violations (1-8) and the
    world's findings (spurious logouts, stranded users, app errors)."""
    return [*summary.violations, *summary.findings]


def harm(findings: Iterable[Finding], violations: int) -> int | None:
    """How a failed run ranks (`HARM`; lower is worse): 0 a user signed out, stranded or left
    without the work owed; 1 the app's own exception escaped; 2 only a record-level invariant
    broke, and no user was hurt (say, a read while locked with nobody signed in). None: no
    failure. A checker reports the most harmful failure it found first."""
    ranks = [HARM[f.kind] for f in findings]
    if violations:
        ranks.append(2)
    return min(ranks) if ranks else None


def count(findings: Iterable[Finding], kind: Kind) -> int:
    return sum(1 for f in findings if f.kind == kind)
