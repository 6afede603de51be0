"""What a run of the world comes to: the judgements made at the end of a step, and the verdicts.

Owns: `WorldVerdicts`, the part of `World` that judges beyond the records — the screen a user
is shown, revocations the app had every chance to make, work done with a revoked token, a token
queued for revocation sent to the token endpoint, which steps brought the app to the screen
(`brought`) — and reads the run's outcome (findings, violations, harm, failures, the
summary and its counts, deferred-work latencies); and `ScenarioRun`, a scenario played to its
end. Must not import the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass

from authsession import oracle
from authsession.invariants import Record
from authsession.spec.states import SCREEN, State
from authsession.world import events
from authsession.world import scenario as sc
from authsession.world.faults import FaultPlan
from authsession.world.policies import App
from authsession.world.referee import Referee
from authsession.world.revocation import WorldOutbox
from authsession.world.trace import Summary, TraceLine
from authsession.world.truth import WorldTruth
from authsession.world.work import WorkLedger


@dataclass(frozen=True)
class ScenarioRun:
    """A scenario played from start to end: its trace lines, summary and records."""

    lines: list[TraceLine]
    summary: Summary
    records: list[Record]


class WorldVerdicts(WorldTruth):
    """A `World`'s judgements and verdicts (a base class: the state is the world's)."""

    referee: Referee
    work: WorkLedger
    faults: FaultPlan
    step: int
    escapes: int
    last_state: str
    user_wants_out: bool
    owed_revocation: set[int]
    _exposure: float
    hinted_step: int
    outbox: WorldOutbox

    def check_work_token(self, token: str) -> None:
        """The app's work ran with `token`: a token of a session the server revoked, once the
        app was told (a hint reached it since, or the revocation was its own sign-out), is work
        done with a revoked token."""
        session = self.server.session_of(token)
        if session is None or not session.revoked:
            return
        if session.revoked_by_app or session.revoked_at <= self.hinted_step:
            self.referee.find(oracle.revoked_work_finding(self.step, self.referee.event))

    def check_sent(self, secret: str) -> None:
        """A request to the token endpoint presents `secret`: one queued for revocation must
        never be sent anywhere but the revocation endpoint (invariant 14)."""
        # A password is the user's to type again; a token from the outbox is nobody's to send.
        if secret in self.outbox.tokens() and not self.server.is_password(secret):
            self.referee.world_violations.append(
                f"step {self.step}: invariant 14: a token queued for revocation was sent to the "
                "token endpoint"
            )

    def _judge_screen(self, app: App, event: str) -> None:
        """The screen the app shows (`App.screen`, or `done.screen` over the app protocol),
        brought to a user looking at it: the sign-in screen while usable credentials exist (and
        the user did not sign out), where the app's own session does not say "no user", is a
        spurious logout as the user sees it."""
        screen = getattr(app, "screen", None)
        # The session's own "no user" is judged as a logout when it is decided; the screen is
        # judged where it says more than the session does.
        if screen != "sign_in" or SCREEN[State(app.state)] == "sign_in" or self.user_wants_out:
            return
        usable = self.referee.usable()
        if usable is not None:
            self.referee.find(oracle.screen_finding(self.step, screen, event, usable))

    def _judge_revocations(self, event: str) -> None:
        """A session the user signed out of that still honours a token, once the app had every
        chance to revoke it (on screen, unlocked, the server reachable)."""
        live = self.owed_revocation & self.server.usable_sessions()
        self.owed_revocation &= live
        if live:
            self.referee.find(oracle.honoured_finding(self.step, event, len(live)))

    def deferred_latencies(self) -> list[float]:
        """Seconds from each deferred request to its completion (work done at once excluded)."""
        return self.work.deferred_latencies()

    @property
    def findings(self) -> tuple[oracle.Finding, ...]:
        """The oracle's verdicts so far."""
        return self.referee.findings

    def summary(self) -> Summary:
        return self.referee.summary(self._counts, self.last_state)

    def _counts(self) -> dict[str, object]:
        return {
            # Envelope: every read of the key item (the envelope's own, or an app's directly).
            "keychain_reads_while_unavailable": self.item_ledger.reads_while_unavailable,
            "auth_requests": len(self.server.requests),
            "auth_requests_while_unavailable": sum(
                1 for r in self.server.requests if not r.protected_data_available
            ),
            "revocations": len(self.server.revocations),
            "revocations_while_unavailable": sum(
                1 for r in self.server.revocations if not r.protected_data_available
            ),
            "deferred_completed": self.work.deferred_completed(),
            "deferred_pending": self.work.owed(),
            "exposure_seconds": self._exposure,
            "faults_injected": sum(self.faults.injected.values()),
            "escapes": self.escapes,
        }

    def violations(self) -> list[str]:
        """Every record-level invariant the run broke."""
        return self.referee.violations()

    def harm(self) -> int | None:
        """How harmful this run's worst failure is (`authsession.oracle.harm`), None if none."""
        return oracle.harm(self.referee.findings, len(self.referee.violations()))

    def failures(self) -> list[str]:
        """What makes this run fail (`authsession.oracle.failures` of its summary), without
        building the summary: the model checker asks after every edge."""
        return [*self.referee.violations(), *(str(f) for f in self.referee.findings)]


def brought(event: sc.WorldEvent, was_foreground: bool) -> bool:
    """Did this step bring the app to the screen? Only such a step can be blamed: an app already
    in the foreground that a fault left unknown is told nothing by a second "open" of it (iOS
    sends no willEnterForeground to an app on screen); an explicit foreground always tells it,
    and so does an unlock of the screen the app is on."""
    return (
        isinstance(event, sc.Foreground)
        or (events.needs_the_user(event) and not was_foreground)
        or (isinstance(event, sc.Unlock) and was_foreground)
    )
