"""The app's refresh lease in the world: one record in the storage its processes share.

Owns: `WorldLease` (the record — owner, role, expiry on the device's boot-time clock, the boot
it was taken in; no secret — and the facts the checker's identity and the oracle read: who holds
it, whether it is live), `ProcessLease` (one process's `RefreshLease` on it, through the world's
fault plan at the call `lease`: a `fail` is shared storage that cannot be read, a kill ends the
process before the call or after the lease was taken — a holder that dies leaves a lease that
expires, or that the app's next process takes over). The rules of what a lease grants are
`authsession.adapters.lease.grants`, the same for every lease of the package.
Must not import the runtime or the CLI.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from authsession.adapters.lease import EXTENSION_LEASE_SECONDS, Role, grants
from authsession.world.faults import FaultPlan, InjectedFault, ProcessKilled

_names = itertools.count(1)


class LeaseStorageUnavailable(OSError):
    """The shared storage that keeps the lease cannot be read now (an injected `fail`)."""


@dataclass
class WorldLease:
    """The lease record as the app's shared storage holds it."""

    monotonic: Callable[[], float]
    record: dict[str, object] | None = None
    boot: int = 1
    #: A process gave the lease back since the world last asked (the others are told of it:
    #: `shared_store_changed`), and which.
    changed: bool = False
    changed_by: str | None = None

    def holder(self) -> str | None:
        """The owner of a live lease (None: nobody holds one a process would be refused)."""
        record = self.record
        if record is None or record.get("boot") != f"boot-{self.boot}":
            return None
        until = record.get("until")
        if isinstance(until, int | float) and until <= self.monotonic():
            return None
        owner = record.get("owner")
        return owner if isinstance(owner, str) else None

    def key(self, live_owners: dict[str, str]) -> tuple[object, ...]:
        """What the checker's identity keeps: who holds a live lease (by the name the world
        gives that process now, or "dead"), and whether it can expire."""
        owner = self.holder()
        if owner is None or self.record is None:
            return ()
        return (live_owners.get(owner, "dead"), self.record.get("role"),
                self.record.get("until") is None)  # fmt: skip


@dataclass
class ProcessLease:
    """`RefreshLease` for one process of the app, through the fault plan."""

    lease: WorldLease
    plan: FaultPlan
    role: Role = "app"
    owner: str = field(default_factory=lambda: f"process-{next(_names)}")
    seconds: float = EXTENSION_LEASE_SECONDS

    def _strike(self) -> str | None:
        effect = self.plan.strike("lease")
        if effect == "fail":
            raise LeaseStorageUnavailable("shared storage unavailable")
        if effect == "raise":
            raise InjectedFault("injected fault: lease raised")
        if effect == "kill_before":
            raise ProcessKilled
        return effect

    def acquire(self) -> bool:
        effect = self._strike()
        lease = self.lease
        now = lease.monotonic()
        boot = f"boot-{lease.boot}"
        granted = grants(lease.record, owner=self.owner, role=self.role, boot=boot, now=now)
        if granted:
            until = None if self.role == "app" else now + self.seconds
            lease.record = {"owner": self.owner, "role": self.role, "boot": boot, "until": until}
        if effect == "kill_after":
            raise ProcessKilled  # the lease is taken; the process that took it is gone
        return granted

    def release(self) -> None:
        effect = self._strike()
        record = self.lease.record
        if record is not None and record.get("owner") == self.owner:
            self.lease.record = None
            self.lease.changed, self.lease.changed_by = True, self.owner
        if effect == "kill_after":
            raise ProcessKilled

    def __repr__(self) -> str:
        return f"ProcessLease(owner={self.owner!r}, role={self.role!r})"
