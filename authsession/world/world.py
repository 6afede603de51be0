"""The world: a simulated device, app process, keychain, server and clock, driven by a scenario.

Owns: the meaning of each world event for the app process (launch, termination, notifications,
background fetch, time), the counting of reads and requests made while protected data was
unavailable, exposure, deferred-work completion, and the resulting trace. Deterministic: the same
scenario and policy give the same trace, byte for byte. Must not import the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from transitions import Machine

from authsession.adapters.keychain import (
    Credentials,
    Deleted,
    DeleteResult,
    Keychain,
    ProtectionClass,
    ReadResult,
    SecretLost,
    Stored,
    StoreResult,
)
from authsession.errors import AuthSessionError
from authsession.invariants import Record, check_records, wall_clock_jumps_harmless
from authsession.spec.states import USER_PRESENT
from authsession.testing.clock import ManualClock
from authsession.testing.snapshots import MemorySnapshotStore
from authsession.world import scenario as sc
from authsession.world.device import IOSWorldDevice, make_device
from authsession.world.policies import POLICIES, App, AppContext, seed_credentials
from authsession.world.server import ProcessKilled, WorldServer
from authsession.world.storage import AppStorage
from authsession.world.trace import Logout, MachineStep, Summary, TraceLine

#: iOS background execution after a fetch, push or background launch (~30 s, often less): then the
#: app is suspended until the next wake or foreground.
BACKGROUND_BUDGET_SECONDS = 30.0


class UnknownPolicyError(AuthSessionError, ValueError):
    pass


@dataclass
class _CountingKeychain:
    """Counts reads made while the credentials' class is unreadable (invariant 2, measured), and
    keeps the world's own knowledge of whether usable credentials exist — the oracle that tells a
    spurious logout from a real one, which no app-side record can."""

    inner: Keychain
    available: Callable[[], bool]
    reads_while_unavailable: int = 0
    exists: bool = False
    lost: bool = False
    #: Where the platform model can answer directly (iOS rows), it wins over bookkeeping: the
    #: forum post's helper writes its item without going through this wrapper.
    oracle: Callable[[], bool] | None = None
    #: Runs after every write (the rotating server's armed kill, F7, strikes there).
    after_write: Callable[[], None] | None = None

    def read(self) -> ReadResult:
        if not self.available():
            self.reads_while_unavailable += 1
        result = self.inner.read()
        if isinstance(result, SecretLost):
            self.lost = True
        return result

    def store(self, credentials: Credentials, protection: ProtectionClass) -> StoreResult:
        result = self.inner.store(credentials, protection)
        if isinstance(result, Stored):
            self.exists, self.lost = True, False
        if self.after_write is not None:
            self.after_write()
        return result

    def delete(self) -> DeleteResult:
        result = self.inner.delete()
        if isinstance(result, Deleted):
            self.exists = False
        if self.after_write is not None:
            self.after_write()
        return result

    @property
    def usable(self) -> bool:
        exists = self.oracle() if self.oracle is not None else self.exists
        return exists and not self.lost


@dataclass(frozen=True)
class Run:
    lines: list[TraceLine]
    summary: Summary
    records: list[Record]


def _event_json(event: sc.WorldEvent) -> dict[str, object]:
    return event.model_dump(mode="json", exclude={"password"})


class World:
    def __init__(
        self, scenario: sc.Scenario, policy: str = "reference", *, machine: Machine | None = None
    ) -> None:
        """`machine`: the `transitions` machine the reference app's core runs on (default: the
        shipped spec's); the model checker's mutated-spec test passes one built from another
        table."""
        if policy not in POLICIES:
            raise UnknownPolicyError(
                f"unknown policy {policy!r} (expected one of {', '.join(POLICIES)})"
            )
        self.scenario = scenario
        self.policy = policy
        self.machine = machine
        self.protection = scenario.protection_class
        self.clock = ManualClock()
        self.device = make_device(
            scenario.platform,
            passcode=scenario.device.passcode,
            phase=scenario.device.phase,
            not_found_while_locked=scenario.quirks.not_found_while_locked,
        )
        self.server = WorldServer(
            mode=scenario.server.mode,
            token_lifetime=scenario.server.token_lifetime,
            protected_data_available=self._available,
            rotating=scenario.server.rotating,
        )
        # App storage has AfterFirstUnlock-style protection (iOS files' default, Android CE).
        self.storage = AppStorage(self._storage_readable)
        self.snapshots = MemorySnapshotStore(location="world:snapshot")
        self.completed: list[str] = []
        self.app: App | None = None
        self.foreground = False
        self._awake_until = 0.0
        self.step = 0
        self._keychain: _CountingKeychain | None = None
        self._exposure = 0.0
        self._requested: dict[str, int] = {}
        self._done: dict[str, int] = {}
        self._jump_records: list[Record] = []
        self._spurious: set[int] = set()
        # A kill left the keychain without usable credentials the server still honoured (an app
        # that discarded the old token before writing the new one, F7): the next logout that
        # neither the user nor the server asked for is spurious, though nothing is stored.
        self._orphaned = False
        self._requested_at: dict[str, float] = {}
        self._done_at: dict[str, float] = {}
        self._seen_completed = 0
        self._fed = 0
        self.records: list[Record] = []
        #: Records of this step already judged against the device (those of a tick mid-advance).
        self._stamped: list[Record] = []
        #: F8: each extension run's records (a session of its own), with whether usable
        #: credentials were stored when it started; and the run of the current step.
        self.extension_runs: list[tuple[bool, list[Record]]] = []
        self._extension_new: list[Record] = []
        self.last_state = "starting"
        if scenario.preexisting_credentials is not None:
            pre = scenario.preexisting_credentials
            seed_credentials(
                self._context(),
                policy,
                Credentials(account=pre.user, secret=pre.password),
                pre.protection,
            )
            self.server.register(Credentials(account=pre.user, secret=pre.password))
            assert self._keychain is not None
            self._keychain.exists = True
        self.device.enter_initial_phase()

    # -- truth ----------------------------------------------------------------------------
    def _available(self) -> bool:
        return self.device.available(self._app_protection())

    def _app_protection(self) -> ProtectionClass:
        if self.policy == "forum-post" and self.scenario.platform == "ios":
            return ProtectionClass.AFTER_FIRST_UNLOCK  # the post's switch
        if self.policy == "always":
            return (
                ProtectionClass.DEVICE_ENCRYPTED
                if self.scenario.platform == "android"
                else ProtectionClass.ALWAYS
            )
        return self.protection

    def _storage_readable(self) -> bool:
        if self.scenario.platform == "android":
            return self.device.available(ProtectionClass.CREDENTIAL_ENCRYPTED)
        return self.device.available(ProtectionClass.AFTER_FIRST_UNLOCK)

    def _context(self) -> AppContext:
        if self._keychain is None:
            inner = self.device.keychain(self._app_protection(), allow_insecure=True)
            oracle = None
            if isinstance(self.device, IOSWorldDevice):
                rows = self.device.device.items
                oracle = lambda: bool(rows())  # noqa: E731
            self._keychain = _CountingKeychain(
                inner, self._available, oracle=oracle, after_write=self.server.after_keychain_write
            )
        forum = getattr(self.device, "forum_keychain", None)
        pre = self.scenario.preexisting_credentials
        return AppContext(
            keychain=self._keychain,
            clock=self.clock,
            server=self.server,
            storage=self.storage,
            snapshots=self.snapshots,
            available=self._available,
            protection=self.protection,
            allow_insecure=self.scenario.allow_insecure_protection,
            available_for=self.device.available,
            earlier_protections=(
                (pre.protection,) if pre is not None and pre.protection != self.protection else ()
            ),
            forum_keychain=forum() if callable(forum) else None,
            step=self.step,
            completed=self.completed,
            machine=self.machine,
        )

    # -- the app process ------------------------------------------------------------------
    def _start(self, mode: str) -> App:
        if self.app is None:
            self.app = POLICIES[self.policy][0](self._context())
            self.app.launch(mode)
        return self.app

    def close(self) -> None:
        """End the app process (also what a termination or reboot does)."""
        if self.app is not None:
            self.app.close()
            self.app = None
        self.foreground = False

    def _awake(self) -> bool:
        """Does the app process get CPU now? In the foreground, or within the background budget
        after a wake (fetch, push, background or prewarm launch); otherwise iOS suspends it."""
        return self.app is not None and (
            self.foreground or self.clock.monotonic() < self._awake_until
        )

    def _wake(self) -> None:
        self._awake_until = self.clock.monotonic() + BACKGROUND_BUDGET_SECONDS

    def _advance(self, seconds: float) -> None:
        # Exposure is judged at the start of the interval: nothing in the world changes during it.
        if self.device.exposed():
            self._exposure += seconds
        # A suspended app's timers do not fire: time runs for it only up to the end of its budget.
        running = (
            seconds if self.foreground else max(0.0, self._awake_until - self.clock.monotonic())
        )
        running = min(seconds, running)
        for part, tick in ((running, True), (seconds - running, False)):
            if part <= 0:
                continue
            self.clock.advance(part)
            self.device.advance(part)
            if tick and self.app is not None:
                self.app.tick()
                # Judged now, not at the end of the advance: a read in the 10 s after a lock
                # (complete-protection items are still readable then) is legal, and the rest of
                # the advance may end the grace period.
                truth = self._available()
                self._stamped.extend(r.observed(r.step, truth) for r in self.app.records())

    def _unlock(self) -> None:
        self.device.unlock()
        # iOS may never deliver the notification to a suspended app (the reference re-checks on
        # foreground); Android's ACTION_USER_UNLOCKED broadcast wakes it.
        if self.app is not None and (self._awake() or self.scenario.platform == "android"):
            self.app.protected_data_did_become_available()

    def _apply(self, event: sc.WorldEvent) -> None:
        if _needs_the_user(event) and not self.device.unlocked():
            # No phone shows an app behind its lock screen: to open it or type a password the
            # user unlocks first. Without this the world (and the model checker) would run apps
            # in the foreground of a locked device, a configuration no user can produce.
            self._unlock()
        app = self.app
        match event:
            case sc.Boot():
                self.close()
                self.device.boot()
            case sc.Unlock():
                self._unlock()
            case sc.Lock():
                if app is not None and self.foreground:
                    app.protected_data_will_become_unavailable()
                self.device.lock()
                self.foreground = False
            case sc.Launch(mode=mode):
                if mode == "prewarm":
                    self.device.prewarm()
                self._wake()
                self._start(mode)
                self.foreground = mode == "foreground"
            case sc.Terminate():
                self.close()
            case sc.Foreground():
                self._start("foreground").foreground()
                self.foreground = True
            case sc.Background():
                self.foreground = False
            case sc.BackgroundFetch():
                label = f"background_fetch@{self.step}"
                self._requested[label] = self.step
                self._requested_at[label] = self.clock.monotonic()
                self._wake()
                self._start("background").request_work(label)
            case sc.Login(user=user, password=password):
                self._start("foreground").login(user, password)
                self.foreground = True
            case sc.Logout():
                self._start("foreground").logout()
            case sc.Advance(seconds=seconds):
                self._advance(seconds)
            case sc.WallClockJump(seconds=seconds):
                self.clock.jump_wall(seconds)
                if app is not None and self._awake():
                    app.tick()
            case sc.Server(mode=mode):
                self.server.mode = mode
            case sc.Network(online=online):
                self.server.online = online
            case sc.RemovePasscode():
                self.device.remove_passcode()
                self._note_loss(lost_on_android=True)
            case sc.InvalidateKeys():
                self.device.invalidate_keys()
                self._note_loss(lost_on_android=True)
            case sc.KillDuringNextRefresh():
                self.server.arm_kill()
            case sc.ExtensionWake():
                self._run_extension()
            case sc.SiblingRacesNextRefresh():
                self.server.arm_sibling(self._context().keychain, self._app_protection())

    def _run_extension(self) -> None:
        """F8: one run of an app extension's process, start to end, on the app's keychain item
        and shared storage. It keeps no memory or snapshot of its own between wakes (a fresh
        store each run), so each run is judged as a session of its own."""
        ctx = replace(
            self._context(),
            snapshots=MemorySnapshotStore(location="world:extension-snapshot"),
            completed=[],  # its work is its own: the app's deferred-work figures exclude it
        )
        extension = POLICIES[self.policy][0](ctx)
        records: list[Record] = []
        try:
            extension.launch("background")
            extension.request_work(f"extension@{self.step}")
        except ProcessKilled:
            pass  # an armed kill (F7) strikes whichever process writes: here, the extension
        finally:
            truth = self._available()
            records = [r.observed(r.step, truth) for r in extension.records()]
            extension.close()
        self._extension_new = records

    def _note_loss(self, *, lost_on_android: bool) -> None:
        # Android's auth-bound Keystore key dies with the lock screen or new biometrics; iOS
        # WhenPasscodeSet items die with the passcode.
        if self._keychain is None:
            return
        if self.scenario.platform == "android" and lost_on_android:
            self._keychain.lost = True
        if self._app_protection() is ProtectionClass.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY:
            self._keychain.exists = False

    # -- running --------------------------------------------------------------------------
    def feed(self, event: sc.WorldEvent) -> list[Record]:
        """Apply one world event; return the app's records for it (with the device's truth)."""
        if isinstance(event, sc.Advance):
            return self._feed(float(event.seconds))
        return self._feed(event)

    def advance(self, seconds: float) -> list[Record]:
        """`feed(Advance(seconds=seconds))` without building the event (the fleet's hot path:
        every gap between two events of a device history is one advance)."""
        return self._feed(seconds)

    def _feed(self, event: sc.WorldEvent | float) -> list[Record]:
        index = self.step = self._fed
        self._fed += 1
        usable_before = (self._keychain.usable if self._keychain else False) or self._orphaned
        rejected_before = self.server.rejections
        killed: list[Record] | None = None
        try:
            if isinstance(event, float):
                self._advance(event)
            else:
                was_awake = self._awake()
                self._apply(event)
                if not was_awake and self.app is not None and self._awake():
                    # A resumed process's run loop fires the timers that fell due while it was
                    # suspended; otherwise whichever event next ticks the app would be blamed
                    # for them (a wall-clock jump, invariant 8).
                    self.app.tick()
        except ProcessKilled:
            killed = self._kill()
        if self.server.kill_pending:  # the app wrote nothing after the rotation answer
            self.server.kill_pending = False
            killed = self._kill()
        if killed is not None and usable_before and self.server.rejections == rejected_before:
            self._orphaned = not (self._keychain is not None and self._keychain.usable)
        completed = self.completed
        if len(completed) > self._seen_completed:
            now = self.clock.monotonic()
            for label in completed[self._seen_completed :]:
                self._done[label] = index
                self._done_at[label] = now
            self._seen_completed = len(completed)
        app = self.app
        new = app.records() if app is not None else []
        if killed:
            new = killed + new
        if app is not None:
            self.last_state = app.state
        stamped = self._stamped
        extension = (
            self._extension_judged(index, usable_before, rejected_before)
            if self._extension_new
            else []
        )
        if not new and not stamped:
            return extension  # most events: the app did nothing
        self._stamped = []
        # Records carry the device's truth at the moment they happened, not what the app believed.
        truth = self._available()
        new = [r.observed(index, r.protected_data_available) for r in stamped] + [
            r.observed(index, truth) for r in new
        ]
        if isinstance(event, sc.WallClockJump):
            self._jump_records.extend(replace(r, event="wall_clock_jump") for r in new)
        self.records.extend(new)
        for r in new:
            if r.is_logout and _spurious(
                r, usable_before, self.server.rejections > rejected_before
            ):
                self._spurious.add(index)
            if r.is_logout:
                self._orphaned = False
        return new + extension

    def _extension_judged(
        self, index: int, usable_before: bool, rejected_before: int
    ) -> list[Record]:
        """File this step's extension run apart from the app's records (another process, another
        session) and judge its logouts; return its records for the trace line."""
        run = [r.observed(index, r.protected_data_available) for r in self._extension_new]
        self._extension_new = []
        self.extension_runs.append((usable_before, run))
        rejected = self.server.rejections > rejected_before
        if any(r.is_logout and _spurious(r, usable_before, rejected) for r in run):
            self._spurious.add(index)
        return run

    def _kill(self) -> list[Record]:
        """The app process dies mid-step (F7): what it recorded so far, then it is gone."""
        killed = self.app.records() if self.app is not None else []
        self.close()
        return killed

    def run(self) -> Run:
        lines: list[TraceLine] = []
        for index, event in enumerate(self.scenario.steps):
            new = self.feed(event)
            lines.append(
                TraceLine(
                    step=index,
                    event=_event_json(event),
                    state=self.last_state,
                    reason=new[-1].reason if new else "no_change",
                    commands=[c for r in new for c in r.commands],
                    protected_data_available=self._available(),
                    machine=[
                        MachineStep(event=r.event, state=r.state, reason=r.reason) for r in new
                    ],
                )
            )
        return Run(lines, self.summary(), list(self.records))

    def deferred_latencies(self) -> list[float]:
        """Seconds from each deferred request to its completion (work done at once excluded)."""
        return [
            self._done_at[label] - self._requested_at[label]
            for label, step in self._done.items()
            if label in self._requested and step > self._requested[label]
        ]

    def summary(self) -> Summary:
        final_state, records = self.last_state, self.records
        deferred_done = sum(
            1 for label, step in self._done.items() if step > self._requested.get(label, step)
        )
        return Summary(
            final_state=final_state,
            logouts=sorted(
                [
                    *_logouts(records, self.scenario.preexisting_credentials is not None),
                    # An extension's logout ends the app's session too: they share the item.
                    *(out for usable, run in self.extension_runs for out in _logouts(run, usable)),
                ],
                key=lambda logout: logout.step,
            ),
            spurious_logouts=len(self._spurious),
            keychain_reads_while_unavailable=(
                self._keychain.reads_while_unavailable if self._keychain else 0
            ),
            auth_requests=len(self.server.requests),
            auth_requests_while_unavailable=sum(
                1 for r in self.server.requests if not r.protected_data_available
            ),
            deferred_completed=deferred_done,
            deferred_pending=sum(1 for label in self._requested if label not in self.completed),
            exposure_seconds=self._exposure,
            violations=[
                str(v)
                for v in (
                    *check_records(records),
                    *wall_clock_jumps_harmless(self._jump_records),
                    *(v for _, run in self.extension_runs for v in check_records(run)),
                )
            ],
        )


def _needs_the_user(event: sc.WorldEvent) -> bool:
    """Events only a user looking at the unlocked screen can cause."""
    return isinstance(event, sc.Foreground | sc.Login) or (
        isinstance(event, sc.Launch) and event.mode == "foreground"
    )


def _spurious(record: Record, usable_before: bool, server_rejected: bool) -> bool:
    """A logout the world knows was not deserved: the user did not ask, the server did not
    reject, and usable credentials were still stored."""
    if record.reason == "user_logout":
        return False
    if record.reason == "server_rejected" and server_rejected:
        return False
    return usable_before


def _logouts(records: list[Record], user_at_start: bool) -> list[Logout]:
    """Sessions that ended after a user had been signed in (or had credentials stored) in this
    world — a fresh install finding no credentials ends nothing the user had."""
    out, user = [], user_at_start
    for r in records:
        if r.is_logout and user:
            out.append(Logout(step=r.step, reason=r.reason))
        user = USER_PRESENT[r.state] == "yes" or (user and not r.is_logout)
    return out


def replay(scenario: sc.Scenario, policy: str = "reference") -> Run:
    world = World(scenario, policy)
    try:
        return world.run()
    finally:
        world.close()
