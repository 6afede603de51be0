"""The revocation outbox and the revocation endpoint as the world's app processes reach them.

Owns: `WorldOutbox` — the app's outbox item on the device, durable across kills, reboots and
updates, readable and writable exactly when the credentials' class is (it is stored under the same
class) — and the thin wrappers through which a process reaches it (`ProcessOutbox`, fault call
`outbox`) and the server's revocation endpoint (`ProcessRevoker`, fault call `revoker`), which
consult the fault plan like every other adapter call (`authsession.world.faults`). The world reads
the outbox's entries (what is owed a revocation) to judge what the app sent where.
Must not import the runtime or the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from authsession.adapters.authenticator import Transient
from authsession.adapters.keychain import Failed, ProtectionClass, Stored, StoreResult, Unavailable
from authsession.adapters.revocation import (
    Entries,
    OutboxRead,
    Pending,
    RevocationRequest,
    RevokeResult,
)
from authsession.world.faults import FaultPlan, InjectedFault, ProcessKilled, landed
from authsession.world.server import WorldServer


class WorldOutbox:
    """The app's revocation outbox item (implements `RevocationOutbox`): what is owed a
    revocation, under the credentials' class."""

    def __init__(self, available: Callable[[], bool]) -> None:
        self._available = available
        self.entries: Entries = ()
        self.protection: ProtectionClass | None = None
        self.reads_while_unavailable = 0

    def read(self) -> OutboxRead:
        if not self._available():
            return Unavailable(detail="outbox class locked")
        return Pending(entries=self.entries)

    def write(self, entries: Entries, protection: ProtectionClass) -> StoreResult:
        if not self._available():
            return Unavailable(detail="outbox class locked")
        self.entries = tuple(entries)
        self.protection = protection if entries else None
        return Stored()

    def tokens(self) -> frozenset[str]:
        """The tokens owed a revocation now (the world's eyes only)."""
        return frozenset(e.token.get_secret_value() for e in self.entries)

    def __repr__(self) -> str:
        return f"WorldOutbox(entries={len(self.entries)})"


def _failure(effect: str, call: str) -> Failed:
    if effect == "fail":
        return Failed(detail="injected fault")
    if effect == "raise":
        raise InjectedFault(f"injected fault: {call} raised")
    raise ProcessKilled


@dataclass
class ProcessOutbox:
    """The outbox as one process reaches it: faults and kills first (`outbox`), then the item."""

    outbox: WorldOutbox
    plan: FaultPlan

    def read(self) -> OutboxRead:
        effect = self.plan.strike("outbox")
        if effect is not None and effect != "kill_after":
            return _failure(effect, "outbox")
        result = self.outbox.read()
        if effect == "kill_after":
            raise ProcessKilled
        return result

    def write(self, entries: Entries, protection: ProtectionClass) -> StoreResult:
        effect = self.plan.strike("outbox")
        if effect is not None and effect != "kill_after":
            return _failure(effect, "outbox")
        result = self.outbox.write(entries, protection)
        landed(effect, None)
        return result

    def __repr__(self) -> str:
        return f"ProcessOutbox({self.outbox!r})"


@dataclass
class ProcessRevoker:
    """The revocation endpoint as one process reaches it (`revoker`): a `fail` is no answer
    (`Transient`), a kill after it lost the answer (the server revoked). `sent_while_unavailable`
    is told of a request sent while the credentials' class was locked (invariant 14 broken)."""

    server: WorldServer
    plan: FaultPlan
    available: Callable[[], bool]
    #: Whether this process is the app's own (its revocations are the app's doing).
    app: bool = True

    def revoke(self, request: RevocationRequest) -> RevokeResult:
        effect = self.plan.strike("revoker")
        if effect == "fail":
            return Transient(detail="injected fault")
        if effect == "raise":
            raise InjectedFault("injected fault: revoker raised")
        if effect == "kill_before":
            raise ProcessKilled
        self.server.app_revoking = self.app
        try:
            result = self.server.revoke(request)
        finally:
            self.server.app_revoking = False
        if effect == "kill_after":
            raise ProcessKilled
        return result

    def __repr__(self) -> str:
        return "ProcessRevoker()"
