"""The referee: files what each app process did at the moment it did it, and judges it.

Owns: the run's records (the app's, in the order they happened, and each extension run's as a
session of its own), each one judged by the facts of its own moment — the device's truth for the
record-level invariants, and for a logout whether credentials the server would honour existed
anywhere (stored, in any process's memory, in an answer in flight, or destroyed by the app's own
doing); the oracle's verdicts (`authsession.oracle`: spurious logout, stranded user, lost work,
app error), at most one of a kind per step; the owed-work ledger (`WorkLedger`); the run's summary.

The world calls `file()` whenever the state of the world is about to change — before every call
an app process makes into it, before a lock, a kill or time passing inside a step, and after every
callback returns — so a record is always judged against the world as it was when the app made
it, and the records of one process stay in their causal order.
Must not import the world (it hands facts through `Facts`), the runtime or the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Final, Protocol

from authsession import oracle
from authsession.invariants import Record, check_records, wall_clock_jumps_harmless
from authsession.spec.states import ENDED_STATES, USER_PRESENT, State
from authsession.spec.table import SERVER_REJECTED
from authsession.world.trace import Logout, Summary
from authsession.world.work import WorkLedger

#: What a logout of another process (an extension) does to the app's session: it deletes the
#: item they share. A notice alone, with the item already gone or lost, says what is true of
#: the stored sign-in (the app that still holds one in memory will lose it when it ends).
_ACTS: Final = frozenset({"delete_credentials"})


class Facts(Protocol):
    """What the referee asks the world about the present moment."""

    def available(self) -> bool:
        """Can the app's credentials class be read now (the device's truth)?"""
        ...

    def session_ended(self, session: Session) -> None:
        """`session`'s process ended its session: what it held is no longer the user's (a host
        forgets every secret when a session ends; the user asked, or the server said so)."""
        ...

    def credentials(self, session: Session | None = None) -> tuple[bool, bool, bool, bool]:
        """(the server accepts anyone at all, usable credentials are stored, usable credentials
        are held in the memory of `session`'s process, usable credentials are held by another
        process of the app or in an answer in flight)."""
        ...


@dataclass
class Session:
    """One process's session as the referee follows it (the app's, or one extension run)."""

    records: list[Record] = field(default_factory=list)
    #: Whether usable credentials existed when the server's last definitive rejection reached
    #: this process (None: none did; unset: no rejection yet). A logout that confirms it later,
    #: after protected data returned, is judged by then: the server may have changed its mind.
    rejected_with: oracle.Usable | bool | None = False

    @property
    def ending(self) -> bool:
        """The session's last step ended it, or is a wipe in progress (a delete it makes now
        is its logout's, judged on that record)."""
        return bool(self.records) and self.records[-1].state in ENDED_STATES


@dataclass
class _Step:
    index: int
    event: str
    was_foreground: bool
    records: list[Record] = field(default_factory=list)
    #: Records filed from this index on came after the wall clock jumped.
    jump_from: int | None = None


class Referee:
    """Judges one world run."""

    def __init__(self, facts: Facts, *, user_at_start: bool) -> None:
        self._facts = facts
        self._user_at_start = user_at_start
        self.app = Session()
        #: Every extension run: (usable credentials existed when it started, its records).
        self.extension_runs: list[tuple[bool, list[Record]]] = []
        self.work = WorkLedger()
        self._findings: list[oracle.Finding] = []
        self._jump_records: list[Record] = []
        #: The app's own doing removed the last usable credentials (a delete that was no
        #: logout's, or a process that died holding credentials it never tried to store): the
        #: next logout the user did not ask for is spurious, though nothing usable is left.
        self.destroyed_by_app = False
        self._step: _Step | None = None
        #: Invariant violations only the world can see (a token queued for revocation sent to
        #: the token endpoint; a revocation sent while its class was unreadable).
        self.world_violations: list[str] = []

    # -- the moment -----------------------------------------------------------------------
    def usable(self, session: Session | None = None, *, acts: bool = True) -> oracle.Usable | None:
        """Whether (and why) usable credentials exist now. For an extension's logout that does
        not delete the shared item (`acts` false: it concludes "no user" for its own run),
        another process's memory is no excuse it could have known of, and no harm it did."""
        accepts, stored, here, elsewhere = self._facts.credentials(session)
        if stored:
            self.destroyed_by_app = False  # usable credentials are back where they belong
        return oracle.usable_credentials(
            server_accepts_any=accepts,
            stored_usable=stored,
            held_usable=here or (acts and elsewhere),
            destroyed_by_the_app=self.destroyed_by_app,
        )

    # -- a step ---------------------------------------------------------------------------
    def begin(self, index: int, event: str, was_foreground: bool) -> None:
        self._step = _Step(index, event, was_foreground)

    @property
    def active(self) -> bool:
        """A step is being fed."""
        return self._step is not None

    @property
    def index(self) -> int:
        return self._step.index if self._step is not None else -1

    @property
    def event(self) -> str:
        return self._step.event if self._step is not None else ""

    def jumped(self) -> None:
        """The wall clock moves now: what is filed after this in the step is the jump's doing."""
        if self._step is not None:
            self._step.jump_from = len(self._step.records)

    def file(self, new: list[Record], session: Session) -> None:
        """File records a process made since its last filing, judged as of now."""
        step = self._step
        if not new or step is None:
            return
        truth = self._facts.available()
        for raw in new:
            r = raw.observed(step.index, truth)
            step.records.append(r)
            session.records.append(r)
            if session is self.app:
                self.work.note(r)
            if r.is_logout:
                self._judge_logout(r, session)

    def _judge_logout(self, r: Record, session: Session) -> None:
        acts = any(c in _ACTS for c in r.commands) or session is self.app
        usable = self.usable(session, acts=acts)
        if r.reason == SERVER_REJECTED and session.rejected_with is None:
            usable = None  # it confirms a rejection received when nothing usable existed
        if usable is not None and oracle.spurious_logout(r.reason, usable):
            self._find(oracle.spurious_finding(r.step, r.reason, r.event, usable))
        self.destroyed_by_app = False
        self._facts.session_ended(session)

    def rejected(self, session: Session) -> None:
        """The server definitively rejected a request of `session`'s process."""
        session.rejected_with = self.usable(session)

    def end(self) -> list[Record]:
        """The step's records, in the order they happened."""
        step = self._step
        assert step is not None
        if step.jump_from is not None:
            caused = step.records[step.jump_from :]
            self._jump_records.extend(replace(r, event="wall_clock_jump") for r in caused)
        return step.records

    def finish(self) -> None:
        self._step = None

    # -- verdicts -------------------------------------------------------------------------
    def find(self, finding: oracle.Finding) -> None:
        self._find(finding)

    def _find(self, finding: oracle.Finding) -> None:
        # One finding of a kind per step (a logout ends one session, whatever its records).
        if not any(f.step == finding.step and f.kind == finding.kind for f in self._findings):
            self._findings.append(finding)

    def app_error(self, error: BaseException, event: str) -> None:
        self._find(oracle.app_error_finding(self.index, error, event))

    def judge_foreground(
        self,
        *,
        brought: bool,
        on_screen: bool,
        unlocked: bool,
        state: str | None,
        fault_struck: bool,
        server_ready: bool,
    ) -> None:
        """A step that brought the app to the foreground of an unlocked device, with no fault
        striking in it: the session must not stay "unknown" (stranded user), and a session
        that says it is signed in must have done the work asked of it while a user existed
        (lost work: dropped instead of deferred)."""
        step = self._step
        if step is None or state is None or not brought:
            return
        presence = USER_PRESENT[State(state)]
        if oracle.stranded(
            to_foreground=on_screen,
            unlocked=unlocked,
            fault_struck=fault_struck,
            user_present=presence,
        ):
            self._find(oracle.stranded_finding(step.index, state, step.event))
        if on_screen and unlocked and not fault_struck and server_ready and state == "logged_in":
            lost = self.work.lost()
            if lost:
                self._find(oracle.lost_work_finding(step.index, step.event, len(lost)))

    @property
    def findings(self) -> tuple[oracle.Finding, ...]:
        return tuple(self._findings)

    def violations(self) -> list[str]:
        """Every record-level invariant the run broke (the app's records and each extension
        run's, judged against the device's truth)."""
        return [
            *(
                str(v)
                for v in (
                    *check_records(self.app.records),
                    *wall_clock_jumps_harmless(self._jump_records),
                    *(v for _, run in self.extension_runs for v in check_records(run)),
                )
            ),
            *self.world_violations,
        ]

    def logouts(self) -> list[Logout]:
        return sorted(
            [
                *_logouts(self.app.records, self._user_at_start),
                # An extension's logout ends the app's session too: they share the item.
                *(out for usable, run in self.extension_runs for out in _logouts(run, usable)),
            ],
            key=lambda logout: logout.step,
        )

    def summary(self, counts: Callable[[], dict[str, object]], final_state: str) -> Summary:
        return Summary(
            final_state=final_state,
            logouts=self.logouts(),
            spurious_logouts=oracle.count(self._findings, "spurious_logout"),
            stranded_users=oracle.count(self._findings, "stranded_user"),
            app_errors=oracle.count(self._findings, "app_error"),
            lost_work=oracle.count(self._findings, "lost_work"),
            tokens_honoured_after_logout=oracle.count(
                self._findings, "token_honoured_after_logout"
            ),
            work_with_revoked_tokens=oracle.count(self._findings, "work_with_revoked_token"),
            violations=self.violations(),
            findings=[str(f) for f in self._findings],
            **counts(),
        )


def _logouts(records: list[Record], user_at_start: bool) -> list[Logout]:
    """Sessions that ended after a user had been signed in (or had credentials stored) in this
    world — a fresh install finding no credentials ends nothing the user had."""
    out, user = [], user_at_start
    for r in records:
        if r.is_logout and user:
            out.append(Logout(step=r.step, reason=r.reason))
        user = USER_PRESENT[r.state] == "yes" or (user and not r.is_logout)
    return out
