"""The iOS Security API as one app process reaches it: for apps that bring their own keychain code.

Owns: `ProcessSecItem` — `SecItemCopyMatching / SecItemAdd / SecItemUpdate / SecItemDelete` on
the world's `IOSKeychainSimulator` plus the passcode query (`LAContext`), through the world's
fault plan and ledgers, so that an app running its *own* iOS keychain adapter (an
`authsession.app/1` process forwards every SecItem call here) meets exactly the faults and kills
the reference's item-level keychain meets:

- a read is one `SecItemCopyMatching` (fault point `keychain.read`), a delete one
  `SecItemDelete` (`keychain.delete`), a store one `SecItemAdd` (`keychain.store`) — and, when
  the add answers `errSecDuplicateItem`, the `SecItemUpdate` that follows it *is the same store*
  (no fault of its own; a `kill_after` struck at the add lands after the update). An update on
  its own is a store of its own;
- an injected `fail` is `errSecNotAvailable` (-25291: nothing known about the item, retry
  later), a `raise` is `InjectedFault`, a kill is `ProcessKilled` before the call or after its
  effect landed;
- the world's ledgers: reads made while the app's class is unreadable (invariant 2, measured),
  what the process wrote (the oracle's "held" credentials: an item's data is read as the
  reference payload, JSON `{"account", "secret"}`, else as a raw secret), and the F7 kill armed
  at its first keychain write.
Must not import the runtime or the CLI.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from authsession.adapters.keychain import Credentials
from authsession.platforms.ios.secitem import ACCOUNT, DATA, AccessControl
from authsession.platforms.ios.status import OSStatus
from authsession.simulators.ios.keychain import IOSKeychainSimulator
from authsession.world.device import _decoded
from authsession.world.faults import (
    Effect,
    FaultPlan,
    InjectedFault,
    Process,
    ProcessKilled,
    landed,
)

#: What an injected `fail` answers: a keychain failure that says nothing about the item.
FAILED_STATUS = OSStatus.NOT_AVAILABLE


class ReadLedger(Protocol):
    """The world's count of reads made while the credentials' class was unreadable."""

    reads_while_unavailable: int

    def available(self) -> bool: ...


@dataclass
class ProcessSecItem:
    simulator: IOSKeychainSimulator
    ledger: ReadLedger
    plan: FaultPlan
    process: Process
    #: Runs after every store or delete (the rotating server's armed F7 kill strikes there).
    after_write: Callable[[], None] | None = None
    #: The `kSecAttrAccessControl` the scenario's app writes its item with.
    access_control: AccessControl | None = None
    #: Has the biometric enrollment changed since the app's item was written (what the app
    #: learns from `LAContext.evaluatedPolicyDomainState`)?
    enrollment_changed: Callable[[], bool] | None = None
    #: Watches every write (as `ProcessKeychain.watch_write`).
    watch_write: Callable[[Process], Callable[[], None]] | None = None
    #: An add answered errSecDuplicateItem: its store goes on with the update that follows, and
    #: the effect struck at the add (None, or a deferred kill_after) waits for that update.
    _store_open: bool = field(default=False, repr=False)
    _store_effect: Effect | None = field(default=None, repr=False)

    # SecItem --------------------------------------------------------------------------------
    def copy_matching(
        self, query: Mapping[str, object]
    ) -> tuple[OSStatus, dict[str, object] | None]:
        self.settle()
        effect = self._strike("keychain.read")
        if effect == "fail":
            return FAILED_STATUS, None
        if not self.ledger.available():
            self.ledger.reads_while_unavailable += 1
        result = self.simulator.copy_matching(query)
        if effect == "kill_after":
            raise ProcessKilled
        status, found = result
        seen = None if status is not OSStatus.SUCCESS or found is None else _carried(found)
        if seen is not None:
            self.process.saw(seen)
        return result

    def add(self, attributes: Mapping[str, object]) -> OSStatus:
        self.settle()
        self._attempt(attributes)
        effect = self._strike("keychain.store")
        if effect == "fail":
            return FAILED_STATUS
        after = self._watch()
        status = self.simulator.add(attributes)
        self._wrote(status, attributes, after)
        if status is OSStatus.DUPLICATE_ITEM:
            # The update that follows finishes this store.
            self._store_open, self._store_effect = True, effect
            return status
        self._written(effect)
        return status

    def update(self, query: Mapping[str, object], attributes: Mapping[str, object]) -> OSStatus:
        if self._store_open:
            effect, self._store_open = self._store_effect, False
        else:
            self._attempt({**query, **attributes})
            effect = self._strike("keychain.store")
            if effect == "fail":
                return FAILED_STATUS
        after = self._watch()
        status = self.simulator.update(query, attributes)
        self._wrote(status, {**query, **attributes}, after)
        self._written(effect)
        return status

    def delete(self, query: Mapping[str, object]) -> OSStatus:
        self.settle()
        effect = self._strike("keychain.delete")
        if effect == "fail":
            return FAILED_STATUS
        after = self._watch()
        status = self.simulator.delete(query)
        if status is OSStatus.SUCCESS:
            self.process.wrote(None)
            after()
        self._written(effect)
        return status

    def passcode_set(self) -> bool:
        """`LAContext.canEvaluatePolicy(.deviceOwnerAuthentication)`: touches no row."""
        self.settle()
        return self.simulator.passcode_set()

    def biometry_changed(self) -> bool:
        """The `LAContext` comparison: touches no row."""
        self.settle()
        return self.enrollment_changed is not None and self.enrollment_changed()

    def settle(self) -> None:
        """The process did something other than the update a duplicate add calls for: that
        store ended at the add (its deferred kill and the F7 write hook strike now)."""
        if self._store_open:
            self._store_open = False
            self._written(self._store_effect)

    # The plan and the ledgers ---------------------------------------------------------------
    def _strike(self, call: str) -> Effect | None:
        effect = self.plan.strike(call)
        if effect == "raise":
            raise InjectedFault(f"injected fault: {call} raised")
        if effect == "kill_before":
            raise ProcessKilled  # the call never happens
        return effect

    def _watch(self) -> Callable[[], None]:
        return _unwatched if self.watch_write is None else self.watch_write(self.process)

    def _wrote(
        self, status: OSStatus, attributes: Mapping[str, object], after: Callable[[], None]
    ) -> None:
        if status is OSStatus.SUCCESS:
            credentials = _carried(attributes)
            if credentials is not None:
                self.process.wrote(credentials)
            after()

    def _attempt(self, attributes: Mapping[str, object]) -> None:
        credentials = _carried(attributes)
        if credentials is not None:
            self.process.attempt(credentials)

    def _written(self, effect: Effect | None) -> None:
        landed(effect, self.after_write)

    def __repr__(self) -> str:
        return f"ProcessSecItem({self.simulator!r})"


def _unwatched() -> None:
    return None


def _carried(attributes: Mapping[str, object]) -> Credentials | None:
    """The credentials a write's data carries (the reference payload, else a raw secret)."""
    data = attributes.get(DATA)
    if not isinstance(data, bytes):
        return None
    account = attributes.get(ACCOUNT)
    return _decoded(account if isinstance(account, str) else "", data)
