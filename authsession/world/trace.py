"""The trace contract `authsession.trace/1`: one JSON line per world step, then a summary.

Owns: the pydantic models of a trace line and of the summary, and turning them into JSON Lines.
World events are written without their secrets (a login's password is dropped, not masked).
Must not import the world or runtime.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MachineStep(_Frozen):
    """One step of the app's own machine inside a world step (an extension of the contract)."""

    event: str
    state: str
    reason: str


class TraceLine(_Frozen):
    """One line of an `authsession.trace/1` world trace: a world event, what the app did, and the
    device's truth."""

    step: int
    event: dict[str, Any]
    state: str
    reason: str
    commands: list[str]
    protected_data_available: bool
    machine: list[MachineStep] = []


class Logout(_Frozen):
    step: int
    reason: str


class Summary(_Frozen):
    """The last line of a world trace: what the oracle and the invariants found, and the run's
    counts."""

    final_state: str
    logouts: list[Logout]
    #: World steps with a logout the world oracle judged spurious (`authsession.oracle`).
    spurious_logouts: int
    #: World steps that put the app in the foreground of an unlocked device, with no injected
    #: fault striking, and left the session "unknown".
    stranded_users: int = 0
    #: World steps in which an exception of the app's own escaped it (a host defect).
    app_errors: int = 0
    #: World steps that found a signed-in session that never ran work asked of it.
    lost_work: int = 0
    #: World steps at which a session the user signed out of still honoured a token.
    tokens_honoured_after_logout: int = 0
    #: World steps in which the app did work with an access token the server had revoked, after
    #: it was told.
    work_with_revoked_tokens: int = 0
    #: Requests to the revocation endpoint, and those sent while the credentials' class was
    #: unreadable (invariant 14: never).
    revocations: int = 0
    revocations_while_unavailable: int = 0
    keychain_reads_while_unavailable: int
    auth_requests: int
    auth_requests_while_unavailable: int
    deferred_completed: int
    deferred_pending: int
    exposure_seconds: float
    #: Faults and kills that struck (armed by `fault`, `kill` and the rotation hazards' events).
    faults_injected: int = 0
    #: Injected raises that escaped the app's code (caught by the world, as a run loop would).
    escapes: int = 0
    violations: list[str]
    #: The world oracle's findings, one line each (spurious logouts, stranded users, app
    #: errors).
    findings: list[str] = []


def to_jsonl(lines: list[TraceLine], summary: Summary) -> str:
    """A world run's trace lines and summary as `authsession.trace/1` JSON Lines."""

    out = [line.model_dump_json() for line in lines]
    out.append('{"summary": ' + summary.model_dump_json() + "}")
    return "\n".join(out) + "\n"
