"""The world: a simulated device, app process, keychain, server and clock, driven by a scenario.

Owns: the meaning of each world event for the app process (launch, termination, notifications,
background fetch, time, injected faults and kills, updates, restores, what happens while a
request is in flight), how a request travels (latency, the background budget cutting it off,
armed interleavings), the device's skewed wall clock and the server's true one, the credentials'
storage (a keychain item or an envelope), the counting of reads and requests made while protected
data was unavailable, exposure, deferred-work completion, the facts the world oracle judges
(usable credentials stored or held, a kill's or a death's blame, a foreground on an unlocked
device, whether a fault struck) and the resulting trace. Deterministic: the same scenario and
policy give the same trace, byte for byte. Must not import the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from transitions import Machine

from authsession import oracle
from authsession.adapters.authenticator import AuthResult, Transient
from authsession.adapters.envelope import EnvelopeKeychain
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
from authsession.platforms.ios.forum_post import ForumPostKeychain
from authsession.platforms.ios.simulator import AccessControl
from authsession.spec.states import USER_PRESENT, State
from authsession.spec.table import SERVER_REJECTED
from authsession.testing.clock import ManualClock
from authsession.testing.snapshots import MemorySnapshotStore
from authsession.world import scenario as sc
from authsession.world.device import IOSWorldDevice, make_device
from authsession.world.envelope import (
    FILE_KEY,
    KeyMaker,
    StorageFile,
    ToyCipher,
    sealed_credentials,
)
from authsession.world.faults import (
    Callback,
    FaultPlan,
    InjectedFault,
    Injection,
    Process,
    ProcessAuthenticator,
    ProcessClock,
    ProcessKeychain,
    ProcessKilled,
    ProcessSignal,
)
from authsession.world.policies import POLICIES, App, AppContext, seed_credentials
from authsession.world.secitem import ProcessSecItem
from authsession.world.server import InFlight, Standing, WorldServer
from authsession.world.storage import AppStorage
from authsession.world.trace import Logout, MachineStep, Summary, TraceLine

#: iOS background execution after a fetch, push or background launch (~30 s, often less): then the
#: app is suspended until the next wake or foreground.
BACKGROUND_BUDGET_SECONDS = 30.0
DE = ProtectionClass.DEVICE_ENCRYPTED


class UnknownPolicyError(AuthSessionError, ValueError):
    """A policy name the world does not know."""

    pass


@dataclass
class _SharedKeychain:
    """The app's keychain item as every process of the app (and a sibling) reaches it. Counts
    reads made while the credentials' class is unreadable (invariant 2, measured) and keeps the
    world's ledger of what is stored — the oracle's half that no app-side record can know."""

    inner: Keychain
    available: Callable[[], bool]
    reads_while_unavailable: int = 0
    stored: Credentials | None = None
    stored_with: ProtectionClass | None = None
    lost: bool = False

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
            self.stored, self.stored_with, self.lost = credentials, protection, False
        return result

    def delete(self) -> DeleteResult:
        result = self.inner.delete()
        if isinstance(result, Deleted):
            self.stored, self.stored_with, self.lost = None, None, False
        return result

    def __repr__(self) -> str:
        return f"SharedKeychain({self.inner!r})"


@dataclass(frozen=True)
class Run:
    lines: list[TraceLine]
    summary: Summary
    records: list[Record]


def _event_json(event: sc.WorldEvent) -> dict[str, object]:
    return event.model_dump(mode="json", exclude={"password"})


@dataclass
class _StepFacts:
    """What the oracle needs about the step being fed, as it was when the step began. Whether
    usable credentials exist is taken lazily — before the first call the app makes, or the
    first world change that could alter it — since most steps touch nothing (the fleet's)."""

    index: int
    was_foreground: bool
    usable_app: oracle.Usable | None = None
    usable_fresh: oracle.Usable | None = None
    taken: bool = False
    killed: list[Record] = field(default_factory=list)
    #: What was usable for the process a kill ended (its records are judged by it); the rest
    #: of the step is judged by what survived the kill.
    killed_usable: oracle.Usable | None = None


class World:
    """A simulated device, keychain, server and app process, fed world events one at a time and
    judged by the oracle."""

    def __init__(
        self,
        scenario: sc.Scenario,
        policy: str | None = None,
        *,
        machine: Machine | None = None,
        app: Callable[[AppContext], App] | None = None,
    ) -> None:
        """`policy`: the app behaviour (default: the scenario's `policy`, else `reference`).
        `machine`: the `transitions` machine the reference app's core runs on (default: the
        shipped spec's); the model checker's mutated-spec test passes one built from another
        table. `app`: run this app instead of a policy's — a factory `(AppContext) -> App`, such
        as a team's own client in a `authsession.testing.SessionApp` (the scenario's policy is
        then ignored, and `policy` only names it: default `app`)."""
        if app is not None:
            policy = policy or "app"
        else:
            policy = policy or scenario.policy or "reference"
            if policy not in POLICIES:
                raise UnknownPolicyError(
                    f"unknown policy {policy!r} (expected one of {', '.join(POLICIES)})"
                )
        self._app = app
        self.scenario = scenario
        self.policy = policy
        self.machine = machine
        self.protection = scenario.protection_class
        #: Classes earlier app versions stored with (`preexisting_credentials`, `app_update`).
        self.earlier: list[ProtectionClass] = []
        pre = scenario.preexisting_credentials
        if pre is not None and pre.protection != self.protection:
            self.earlier.append(pre.protection)
        self.app_version = 1
        self.clock = ManualClock()
        #: How far the device's wall clock is from true time (skew from the start, plus every
        #: `wall_clock_jump`): the server's clock is the true one.
        self._wall_offset = scenario.device.clock_skew
        self.clock.jump_wall(scenario.device.clock_skew)
        control = scenario.access_control
        self.device = make_device(
            scenario.platform,
            passcode=scenario.device.passcode,
            phase=scenario.device.phase,
            not_found_while_locked=scenario.quirks.not_found_while_locked,
            access_control=None if control == "none" else AccessControl(control),
            interaction_allowed=self._on_screen,
        )
        spec = scenario.server
        self.server = WorldServer(
            mode=spec.mode,
            token_lifetime=spec.token_lifetime,
            protected_data_available=self._available,
            rotating=spec.rotating,
            clock=self.server_time,
            reuse_grace=spec.reuse_grace,
            expires_at=spec.expires_at,
            retry_after=spec.retry_after,
        )
        self.latency = spec.latency
        #: Armed 401s of the resource server (`resource_unauthorized`).
        self.resource_refusals = 0
        self._signing_in = False
        self._launching_on_screen = False
        self.faults = FaultPlan()
        self.faults.before_first_call = self._take_facts
        # App storage has AfterFirstUnlock-style protection (iOS files' default, Android CE).
        self.storage = AppStorage(self._storage_readable)
        self.snapshots = MemorySnapshotStore(location="world:snapshot")
        self.completed: list[str] = []
        #: Every message the app showed the user (`NotifyUser`), in order.
        self.told: list[str] = []
        self.app: App | None = None
        self.process: Process | None = None
        self.foreground = False
        self._awake_until = 0.0
        self.step = 0
        self.envelope = scenario.credential_storage == "envelope"
        #: Envelope storage: the key item's ledger (every key read, store and delete, by any
        #: process), the sealed file and its cipher.
        self.key_ledger: _SharedKeychain | None = None
        self.sealed = StorageFile(self.storage)
        self.cipher = ToyCipher()
        self.new_key = KeyMaker()
        self.keychain = _SharedKeychain(self._credentials_keychain(), self._available)
        self._exposure = 0.0
        self._requested: dict[str, int] = {}
        self._done: dict[str, int] = {}
        self._jump_records: list[Record] = []
        #: Records of a jump's step from this index on happened after the wall clock moved.
        self._jump_from = 0
        self._findings: list[oracle.Finding] = []
        #: Exceptions that escaped the app's code (an injected raise nothing caught, or the
        #: app's own, which is also a finding).
        self.escapes = 0
        # A kill destroyed usable credentials through the app's own write (F7): the next logout
        # that the user did not ask for is spurious, though nothing usable is left.
        self._destroyed_by_app = False
        self._requested_at: dict[str, float] = {}
        self._done_at: dict[str, float] = {}
        self._seen_completed = 0
        self._fed = 0
        self._facts: _StepFacts | None = None
        self._event_name = ""
        self.records: list[Record] = []
        #: Records of this step already judged against the device (those of a tick mid-advance).
        self._stamped: list[Record] = []
        #: F8: each extension run's records (a session of its own), with whether usable
        #: credentials existed when it started; and the run of the current step.
        self.extension_runs: list[tuple[bool, list[Record]]] = []
        self._extension_new: list[Record] = []
        self._usable_at_extension_start: oracle.Usable | None = None
        self.last_state = "starting"
        if pre is not None:
            credentials = Credentials(account=pre.user, secret=pre.password)
            seed_credentials(self._context(None), policy, credentials, pre.protection)
            self.server.register(credentials)
        self.device.enter_initial_phase()

    def _credentials_keychain(self) -> Keychain:
        """The keychain the app's credentials live in, built for the configured class (and, on
        iOS, the current access group): the device's item, or an envelope over it."""
        item = self.device.keychain(self._app_protection(), allow_insecure=True)
        if not self.envelope:
            return item
        if self.key_ledger is None:
            self.key_ledger = _SharedKeychain(item, self._available)
        else:
            self.key_ledger.inner = item  # the item's history (the ledger) survives
        return EnvelopeKeychain(self.key_ledger, self.sealed, self.cipher, new_key=self.new_key)

    @property
    def item_ledger(self) -> _SharedKeychain:
        """The ledger of the keychain item itself (the envelope's key, else the credentials)."""
        return self.key_ledger if self.key_ledger is not None else self.keychain

    def server_time(self) -> float:
        """True time: what the server's clock says (the device's wall clock may be off)."""
        return self.clock.wall() - self._wall_offset

    def _on_screen(self) -> bool:
        """Can the app show a system prompt (an access-controlled item's authentication)? In
        the foreground, or being launched by the user into it."""
        return (self.foreground or self._launching_on_screen) and self.app is not None

    # -- truth ----------------------------------------------------------------------------
    def _available(self) -> bool:
        return self.device.available(self._app_protection())

    def available(self) -> bool:
        """Can the app's credentials class be read now (the device's truth)?"""
        return self._available()

    def _app_protection(self) -> ProtectionClass:
        if self.policy == "forum-post" and self.scenario.platform == "ios":
            return ProtectionClass.AFTER_FIRST_UNLOCK  # the post's switch
        if self.policy == "always":
            return DE if self.scenario.platform == "android" else ProtectionClass.ALWAYS
        return self.protection

    def _storage_readable(self) -> bool:
        if self.scenario.platform == "android":
            return self.device.available(ProtectionClass.CREDENTIAL_ENCRYPTED)
        return self.device.available(ProtectionClass.AFTER_FIRST_UNLOCK)

    def storage_readable(self) -> bool:
        """Can the app's non-secret storage be read now?"""
        return self._storage_readable()

    def availability(self) -> tuple[bool, ...]:
        """Which of the platform's protection classes are readable now (in
        `scenario.PLATFORM_CLASSES` order): what an item stored under any class would answer."""
        return tuple(self.device.available(c) for c in sc.PLATFORM_CLASSES[self.scenario.platform])

    def stored_classes(self) -> tuple[str, ...]:
        """The classes the app's item is stored under (iOS rows; elsewhere the last store)."""
        if isinstance(self.device, IOSWorldDevice):
            return tuple(sorted(item.accessible.value for item in self.device.device.items()))
        ledger = self.item_ledger
        kept = ledger.stored_with
        return () if ledger.stored is None or kept is None else (kept.value,)

    @property
    def awake_until(self) -> float:
        """Monotonic time at which a background app is suspended (foreground apps are not)."""
        return self._awake_until

    @property
    def destroyed_by_app(self) -> bool:
        """A kill destroyed usable credentials through the app's own write (F7), and no logout
        has followed yet."""
        return self._destroyed_by_app

    def deferred_owed(self) -> int:
        """Work the world requested that has not completed."""
        return sum(1 for label in self._requested if label not in self.completed)

    def stored_credentials(self) -> tuple[Credentials, ...]:
        """What the app's stored credentials are, as the world knows them (readable or not): the
        keychain item's, or what the envelope's file opens to with the key item."""
        if isinstance(self.device, IOSWorldDevice):
            items = self.device.stored_credentials()  # the rows themselves
        else:
            ledger = self.item_ledger
            kept = ledger.stored
            items = () if kept is None or ledger.lost else (kept,)
        if not self.envelope:
            return items
        opened = sealed_credentials(items, self.storage.peek(FILE_KEY))
        return () if opened is None else (opened,)

    def _is_stored(self, credentials: Credentials) -> bool:
        secret = credentials.secret.get_secret_value()
        return any(c.secret.get_secret_value() == secret for c in self.stored_credentials())

    def standing(self) -> tuple[tuple[Standing, ...], tuple[Standing, ...]]:
        """The server's view of what is stored and of what the live process holds unsaved."""
        held = self.process.held if self.process is not None else []
        return (
            tuple(sorted({self.server.standing(c) for c in self.stored_credentials()})),
            tuple(sorted({self.server.standing(c) for c in held})),
        )

    def _usable(self) -> tuple[oracle.Usable | None, oracle.Usable | None]:
        """Whether usable credentials exist for the running process (stored, or held in its
        memory) and for a fresh one (stored only), by the oracle's definition."""
        server = self.server
        accepts = server.mode != "reject"
        stored = accepts and any(server.honours(c) for c in self.stored_credentials())
        held = self.process.held if self.process is not None else ()
        in_hand = accepts and bool(held) and any(server.honours(c) for c in held)
        destroyed = self._destroyed_by_app
        return (
            oracle.usable_credentials(
                server_accepts_any=accepts,
                stored_usable=stored,
                held_usable=in_hand,
                destroyed_by_the_app=destroyed,
            ),
            oracle.usable_credentials(
                server_accepts_any=accepts,
                stored_usable=stored,
                held_usable=False,
                destroyed_by_the_app=destroyed,
            ),
        )

    def _note_rejection(self, process: Process) -> None:
        process.usable_at_rejection = self._usable()[0]

    def _take_facts(self) -> None:
        facts = self._facts
        if facts is not None and not facts.taken:
            facts.usable_app, facts.usable_fresh = self._usable()
            facts.taken = True

    def _context(self, process: Process | None, *, app: bool = True) -> AppContext:
        """What a process is handed when it starts; `None`: the world itself (seeding an item
        an earlier app version stored), with no faults in the way. Only the app's own process
        (`app`) sends its requests through the courier and meets the resource server's armed
        401s: an extension's are its own."""
        plan = self.faults
        keychain: Keychain = self.keychain
        key_keychain: Keychain | None = self.key_ledger
        if process is not None:
            keychain = ProcessKeychain(
                self.keychain, plan, process, after_write=self.server.after_keychain_write
            )
            if self.key_ledger is not None:
                key_keychain = ProcessKeychain(
                    self.key_ledger, plan, process, after_write=self.server.after_keychain_write
                )
        forum = None
        if isinstance(self.device, IOSWorldDevice):
            forum = ForumPostKeychain(self.device.simulator)
        signal = ProcessSignal(self._available, plan, self.device.available)
        courier = self._send if app and process is not None else None
        return AppContext(
            keychain=keychain,
            clock=ProcessClock(self.clock, plan),
            server=ProcessAuthenticator(
                self.server,
                plan,
                process or Process(),
                stored=self._is_stored,
                courier=courier,
                available=self._available,
                on_rejection=self._note_rejection if app else None,
            ),
            storage=self.storage,
            snapshots=self.snapshots,
            available=signal,
            protection=self.protection,
            allow_insecure=self.scenario.allow_insecure_protection,
            available_for=signal.available_for,
            earlier_protections=tuple(
                p for p in dict.fromkeys(self.earlier) if p != self.protection
            ),
            forum_keychain=forum,
            platform=self.scenario.platform,
            secitem=self._secitem(process),
            step=self.step,
            perform_work=Callback(
                "work_handler", plan, self.completed, self._resource_refuses if app else None
            ),
            notify=Callback("on_notify", plan, self.told),
            machine=self.machine,
            key_keychain=key_keychain,
            sealed_file=self.sealed if self.envelope else None,
            cipher=self.cipher,
            new_key=self.new_key,
            app_version=self.app_version,
        )

    @property
    def app_factory(self) -> Callable[[AppContext], App]:
        """What starts an app process: the `app` given, else the policy's."""
        return self._app if self._app is not None else POLICIES[self.policy][0]

    def _secitem(self, process: Process | None) -> ProcessSecItem | None:
        if process is None or not isinstance(self.device, IOSWorldDevice):
            return None
        return ProcessSecItem(
            self.device.simulator, self.keychain, self.faults, process,
            after_write=self.server.after_keychain_write,
            access_control=self.device.access_control,
            enrollment_changed=self.device.biometry_changed,
        )  # fmt: skip

    def _resource_refuses(self) -> bool:
        """Does the resource server answer this unit of work with an armed 401?"""
        if self.resource_refusals:
            self.resource_refusals -= 1
            return True
        return False

    # -- requests in flight ---------------------------------------------------------------
    def _send(self, credentials: Credentials) -> AuthResult:
        """How the app's request travels: `latency` seconds there and back (the server
        processes it halfway), an iOS background budget that ends meanwhile cancels it, and an
        armed interleaving (`during_next_refresh`) happens before or after the server has it. A
        typed sign-in is not a re-authentication: no interleaving is armed for it."""
        hazard = None if self._signing_in else self.server.take_in_flight()
        if hazard is None and not self.latency:
            return self.server.authenticate(credentials)
        # What the app did so far happened on the device as it is now, before the flight
        # changes it (a lock, a class-key grace that runs out).
        self._stamp_now()
        if self._flight(self.latency / 2):
            return self._cancelled(reached=False)
        if hazard is not None and not hazard.reached_server:
            interrupted = self._meanwhile(hazard)
            if interrupted is not None:
                return interrupted
        result = self.server.authenticate(credentials)
        if hazard is not None and hazard.reached_server:
            interrupted = self._meanwhile(hazard)
            if interrupted is not None:
                return interrupted
        if self._flight(self.latency / 2):
            return self._cancelled(reached=True)
        return result

    def _flight(self, seconds: float) -> bool:
        """Half a flight passes; True if an iOS background app's budget ended meanwhile (the
        system suspends it and its URL tasks are cancelled). A foreground app, and an Android
        app's job, run on."""
        if seconds <= 0:
            return False
        now = self.clock.monotonic()
        cut = (
            self.scenario.platform == "ios"
            and not self.foreground
            and now < self._awake_until < now + seconds
        )
        self._pass_time(seconds)
        return cut

    def _meanwhile(self, hazard: InFlight) -> AuthResult | None:
        """Play an armed interleaving; return the answer that replaces the server's (a
        cancellation), or None when the answer still arrives."""
        match hazard.meanwhile:
            case "suspend":
                return self._cancelled(reached=hazard.reached_server)
            case "kill":
                raise ProcessKilled  # the answer (if any) dies with the process
            case "lock":
                # The answer arrives on a locked device, past the class-key grace.
                self.device.lock()
                self.foreground = False
                self._pass_time(self.device.grace_seconds + 1)
            case "extension_wake":
                self._run_extension()
        return None

    def _cancelled(self, *, reached: bool) -> AuthResult:
        """The app is suspended with its request in flight: iOS cancels the task (-999). If the
        server had processed it, what it answered is lost under any client — what happens next
        is judged by what survived (as after a kill)."""
        self.foreground = False
        self._awake_until = self.clock.monotonic()
        if reached:
            self._retake_facts()
        return Transient(detail="cancelled (-999)")

    def _retake_facts(self) -> None:
        facts = self._facts
        if facts is not None:
            facts.taken = False
            self._take_facts()

    def _pass_time(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.device.advance(seconds)

    # -- the app process ------------------------------------------------------------------
    def _start(self, mode: str) -> App | None:
        """The running app process, launching it (in `mode`) if there is none."""
        if self.app is None:
            self.process = Process()
            self.app = self.app_factory(self._context(self.process))
            self._app_call(lambda app: app.launch(mode))
        return self.app

    def _app_call(self, call: Callable[[App], object]) -> None:
        """Call into the running app. An injected raise that escapes its code is caught here,
        as an app's run loop would log it; the process lives on. A kill ends the process."""
        app = self.app
        if app is None:
            return
        try:
            call(app)
        except ProcessKilled:
            self._kill()
        except InjectedFault:
            self.escapes += 1
        except Exception as error:  # the app's own defect: a finding, not a crash of the world
            self.escapes += 1
            self._find(oracle.app_error_finding(self.step, error, self._event_name))

    def close(self) -> None:
        """End the app process (also what a termination or reboot does)."""
        self._take_facts()  # what the process held counts until it dies
        if self.process is not None and self._lost_blind(self.process):
            self._destroyed_by_app = True
        if self.app is not None:
            self.app.close()
            self.app = None
        self.process = None
        self.foreground = False

    def _kill(self) -> None:
        """The app process dies mid-call (F7 and every armed kill): what it recorded so far is
        kept, then it is gone with its memory. Losing usable credentials it held is the app's
        fault when a keychain write of its own landed after it received the newest of them
        (e.g. it deleted the old token before storing the new one); a kill before its first
        write loses them under any client, and nobody is blamed."""
        app, process = self.app, self.process
        if app is None:
            return
        self._take_facts()
        if self._facts is not None:
            self._facts.killed.extend(app.records())
        facts = self._facts
        if process is not None and self._lost_blind(process):
            self._destroyed_by_app = True
        elif process is not None and process.wrote_since_received:
            # Only a process with usable credentials in hand can lose them by its own write
            # order; one that held nothing and deleted the item was logging out, and that
            # logout is judged on its own record.
            honours = self.server.honours
            if any(honours(c) for c in process.held) and not any(
                honours(c) for c in self.stored_credentials()
            ):
                self._destroyed_by_app = True
        self.close()
        if facts is not None:
            facts.killed_usable = facts.usable_app
            facts.taken = False
            self._take_facts()

    def _lost_blind(self, process: Process) -> bool:
        """The process dies holding usable credentials it got with a request sent while their
        class was unavailable (invariant 2 broken), with nothing usable stored: a client that
        never sends then could not have lost them, so the loss is the app's (blame like F7)."""
        honours = self.server.honours
        return any(honours(c) for c in process.held_blind()) and not any(
            honours(c) for c in self.stored_credentials()
        )

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
                self._app_call(lambda app: app.tick())
                # Judged now, not at the end of the advance: a read in the 10 s after a lock
                # (complete-protection items are still readable then) is legal, and the rest of
                # the advance may end the grace period.
                self._stamp_now()

    def _stamp_now(self) -> None:
        """Judge the app's records so far against the device as it is now, before the step
        changes the device further."""
        if self.app is not None:
            truth = self._available()
            self._stamped.extend(r.observed(r.step, truth) for r in self.app.records())

    def _unlock(self) -> None:
        self.device.unlock()
        # iOS may never deliver the notification to a suspended app (the reference re-checks on
        # foreground); Android's ACTION_USER_UNLOCKED broadcast wakes it.
        if self.app is not None and (self._awake() or self.scenario.platform == "android"):
            self._app_call(lambda app: app.protected_data_did_become_available())

    def _to_foreground(self, mode: str = "foreground") -> App | None:
        """The user opens the app: launched if it is not running; a running one that was in the
        background is told it came to the foreground (iOS `willEnterForeground`)."""
        if self.app is None:
            self._launching_on_screen = True
            try:
                self._start(mode)
            finally:
                self._launching_on_screen = False
        elif not self.foreground:
            # On screen before its callback, as `foreground` does: the app may prompt there
            # (an access-controlled item's read needs the app in the foreground).
            self.foreground = True
            self._app_call(lambda app: app.foreground())
        self.foreground = self.app is not None
        return self.app

    def _apply(self, event: sc.WorldEvent) -> None:
        if _needs_the_user(event) and not self.device.unlocked():
            # No phone shows an app behind its lock screen: to open it or type a password the
            # user unlocks first. Without this the world (and the model checker) would run apps
            # in the foreground of a locked device, a configuration no user can produce.
            self._unlock()
        match event:
            case sc.Boot():
                self.close()
                self.device.boot()
            case sc.Unlock():
                self._unlock()
            case sc.Lock():
                if self.foreground:
                    self._app_call(lambda app: app.protected_data_will_become_unavailable())
                self.device.lock()
                self.foreground = False
            case sc.Launch(mode=mode):
                # A prewarm is a launch of a process that is not running; the OS does not
                # prewarm a running app (nor re-lock the device for it).
                if mode == "prewarm" and self.app is None:
                    self.device.prewarm()
                self._wake()
                if mode == "foreground":
                    self._to_foreground()
                else:
                    self._start(mode)
            case sc.Terminate():
                self.close()
            case sc.Foreground():
                if self.app is None:
                    self._start("foreground")
                self.foreground = self.app is not None
                self._app_call(lambda app: app.foreground())
                self.foreground = self.app is not None
            case sc.Background():
                self.foreground = False
            case sc.BackgroundFetch():
                label = f"background_fetch@{self.step}"
                self._requested[label] = self.step
                self._requested_at[label] = self.clock.monotonic()
                self._wake()
                self._start("background")
                self._app_call(lambda app: app.request_work(label))
            case sc.Login(user=user, password=password):
                self._to_foreground()
                self._signing_in = True
                try:
                    self._app_call(lambda app: app.login(user, password))
                finally:
                    self._signing_in = False
            case sc.Logout():
                self._start("foreground")
                self._app_call(lambda app: app.logout())
            case sc.Advance(seconds=seconds):
                self._advance(seconds)
            case sc.WallClockJump(seconds=seconds):
                if self._awake():
                    # Timers already due on the monotonic clock fire first: they are not the
                    # jump's doing (an injected clock fault can have held one back).
                    self._app_call(lambda app: app.tick())
                    self._stamp_now()
                self._jump_from = len(self._stamped)
                self.clock.jump_wall(seconds)
                self._wall_offset += seconds
                if self._awake():
                    self._app_call(lambda app: app.tick())
            case sc.Server(mode=mode):
                self._take_facts()
                self.server.mode = mode
            case sc.Network(online=online):
                self.server.online = online
            case sc.RemovePasscode() | sc.InvalidateKeys():
                self._take_facts()
                self._in_settings()
                lost = self._loses_auth_bound_key()
                if isinstance(event, sc.RemovePasscode):
                    self.device.remove_passcode()
                else:
                    self.device.invalidate_keys()
                self._note_loss(lost)
            case sc.KillDuringNextRefresh():
                self.server.arm_kill()
            case sc.ExtensionWake():
                self._run_extension()
            case sc.SiblingRacesNextRefresh(count=count):
                self.server.arm_sibling(self.keychain, self._app_protection(), count)
            case sc.Fault(call=call, effect=effect, nth=nth, lasting=lasting):
                if lasting:
                    self.faults.arm_lasting(call, effect)
                else:
                    self.faults.arm(Injection(call, effect, nth))
            case sc.Kill(call=call, when=when, nth=nth):
                self.faults.arm(Injection(call, "kill_before" if when == "before" else "kill_after",
                                          nth))  # fmt: skip
            case sc.ClearFaults():
                self.faults.clear()
            case sc.DuringNextRefresh(meanwhile=meanwhile, reached_server=reached):
                self.server.arm_in_flight(meanwhile, reached)
            case sc.ResourceUnauthorized():
                self.resource_refusals += 1
            case sc.AppUpdate(relaunch=relaunch, protection=protection, new_team=new_team):
                self._update(relaunch, protection, new_team=new_team)
            case sc.RestoreToNewDevice():
                self._take_facts()
                self.close()
                self.device.restore_to_new_device()
                # The item came along (iOS non-ThisDeviceOnly rows, Android's preferences file),
                # but Android's Keystore key did not: the secret is lost, though the item is there.
                lost = self.scenario.platform == "android" and self.item_ledger.stored is not None
                self.keychain.inner = self._credentials_keychain()
                self._note_loss(lost)

    def _update(self, relaunch: str, protection: ProtectionClass | None, *, new_team: bool) -> None:
        """A new version replaces the running one: the process dies, the new version's
        configuration applies (class, signing team), and the OS may launch it at once."""
        self._take_facts()
        self.close()
        if self._facts is not None:
            # The new version's launch is judged by what survived the update (as after a
            # kill): the old process's memory is gone under any client.
            self._facts.taken = False
        self.app_version += 1
        if protection is not None and protection != self.protection:
            self.earlier.append(self.protection)
            self.protection = protection
        if new_team:
            self.device.change_team()
        self.keychain.inner = self._credentials_keychain()
        if relaunch == "none":
            return
        if relaunch == "prewarm":
            self.device.prewarm()
        self._wake()
        self._start(relaunch)

    def _in_settings(self) -> None:
        """The user opens Settings to change the lock screen: the device is unlocked (the
        passcode is asked for) and the app, if it was open, goes to the background."""
        if not self.device.unlocked() and self.device.has_passcode():
            self._unlock()
            self._stamp_now()  # what the app did on unlock happened with the passcode still set
        self.foreground = False

    def _loses_auth_bound_key(self) -> bool:
        """Android: lock-screen removal and new biometrics invalidate the auth-bound Keystore key
        the world's Android keychain uses with a secure lock screen (device-encrypted storage
        uses a key that is not bound: it survives)."""
        # The key is the keychain's, chosen for the configured class (`AndroidWorldDevice`),
        # whatever class an item was stored under: an earlier version's item dies with it too.
        return (
            self.scenario.platform == "android"
            and self.device.has_passcode()
            and self.item_ledger.stored is not None
            and self._app_protection() is not DE
        )

    def _note_loss(self, lost: bool) -> None:
        # iOS WhenPasscodeSet rows die with the passcode, and biometry-bound rows with a new
        # enrollment: the device's rows say so by themselves.
        if lost:
            self.item_ledger.lost = True

    def _run_extension(self) -> None:
        """F8: one run of an app extension's process, start to end, on the app's keychain item
        and shared storage. It keeps no memory or snapshot of its own between wakes (a fresh
        store each run), so each run is judged as a session of its own."""
        ctx = replace(
            self._context(Process(), app=False),
            snapshots=MemorySnapshotStore(location="world:extension-snapshot"),
            # Its work is its own: the app's deferred-work figures exclude it.
            perform_work=Callback("work_handler", self.faults, []),
        )
        extension = self.app_factory(ctx)
        # Judged by what was usable when it started (mid-step, inside the app's request, this
        # differs from the step's start).
        self._usable_at_extension_start = self._usable()[1]
        records: list[Record] = []
        try:
            extension.launch("background")
            extension.request_work(f"extension@{self.step}")
        except ProcessKilled:
            pass  # an armed kill strikes whichever process makes the call: here, the extension
        except InjectedFault:
            self.escapes += 1
        except Exception as error:
            self.escapes += 1
            self._find(oracle.app_error_finding(self.step, error, "extension_wake"))
        finally:
            truth = self._available()
            records = [r.observed(r.step, truth) for r in extension.records()]
            extension.close()
        self._extension_new = records

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
        self._event_name = "advance" if isinstance(event, float) else event.event
        self.faults.start_step()
        facts = self._facts = _StepFacts(index, self.foreground)
        if isinstance(event, float):
            self._advance(event)
        else:
            was_awake = self._awake()
            self._apply(event)
            if not was_awake and self._awake():
                # A resumed process's run loop fires the timers that fell due while it was
                # suspended; otherwise whichever event next ticks the app would be blamed for
                # them (a wall-clock jump, invariant 8).
                self._app_call(lambda app: app.tick())
        if self.server.kill_pending:  # the app wrote nothing after the rotation answer
            self.server.kill_pending = False
            self._kill()
        completed = self.completed
        if len(completed) > self._seen_completed:
            now = self.clock.monotonic()
            for label in completed[self._seen_completed :]:
                self._done[label] = index
                self._done_at[label] = now
            self._seen_completed = len(completed)
        app = self.app
        killed = [r.observed(index, self._available()) for r in facts.killed]
        new = app.records() if app is not None else []
        if app is not None:
            self.last_state = app.state
        if not isinstance(event, float):
            self._judge_foreground(index, event, facts)
        stamped = self._stamped
        extension = self._extension_judged(index, facts) if self._extension_new else []
        if not new and not stamped and not killed:
            self._facts = None
            return extension  # most events: the app did nothing
        self._stamped = []
        # Records carry the device's truth at the moment they happened, not what the app believed.
        truth = self._available()
        new = [r.observed(index, r.protected_data_available) for r in stamped] + [
            r.observed(index, truth) for r in new
        ]
        if isinstance(event, sc.WallClockJump):
            caused = new[self._jump_from :]
            self._jump_records.extend(replace(r, event="wall_clock_jump") for r in caused)
        self.records.extend(killed + new)
        self._judge_logouts(index, killed, usable=facts.killed_usable)
        self._judge_logouts(index, new)
        self._facts = None
        return killed + new + extension

    def _judge_logouts(
        self,
        index: int,
        records: list[Record],
        *,
        fresh: bool = False,
        usable: oracle.Usable | Literal["now"] | None = "now",
    ) -> None:
        """Judge the step's logouts by what was usable when it began (or since a kill in it):
        for the running process (stored or held), or for a `fresh` one (an extension run:
        stored only); `usable` overrides both (a killed process's records)."""
        for r in records:
            if not r.is_logout:
                continue
            self._take_facts()  # unchanged since the step began if nothing was called
            facts = self._facts
            assert facts is not None
            if usable == "now":
                usable = facts.usable_fresh if fresh else facts.usable_app
            process = self.process
            if (
                r.reason == SERVER_REJECTED
                and not fresh
                and process is not None
                and process.usable_at_rejection is None
            ):
                # It confirms a definitive rejection received when nothing usable existed.
                usable = None
            if usable is not None and oracle.spurious_logout(r.reason, usable):
                self._find(oracle.spurious_finding(index, r.reason, r.event, usable))
            self._destroyed_by_app = False

    def _find(self, finding: oracle.Finding) -> None:
        # One finding of a kind per step (a logout ends one session, whatever its records).
        if not any(f.step == finding.step and f.kind == finding.kind for f in self._findings):
            self._findings.append(finding)

    def _judge_foreground(self, index: int, event: sc.WorldEvent, facts: _StepFacts) -> None:
        # Only a step that brings the app forward can be blamed: an app already in the
        # foreground that a fault left unknown is told nothing by a second "open" of it (iOS sends
        # no willEnterForeground to an app on screen); an explicit foreground always tells it.
        brought = isinstance(event, sc.Foreground) or (
            _opens_the_app(event) and not facts.was_foreground
        )
        to_foreground = brought or (isinstance(event, sc.Unlock) and facts.was_foreground)
        app = self.app
        if app is None or not to_foreground:
            return
        state = app.state
        if oracle.stranded(
            to_foreground=self.foreground,
            unlocked=self.device.unlocked(),
            fault_struck=bool(self.faults.fired),
            user_present=USER_PRESENT[State(state)],
        ):
            self._find(oracle.stranded_finding(index, state, event.event))

    def _extension_judged(self, index: int, facts: _StepFacts) -> list[Record]:
        """File this step's extension run apart from the app's records (another process, another
        session) and judge its logouts; return its records for the trace line."""
        run = [r.observed(index, r.protected_data_available) for r in self._extension_new]
        self._extension_new = []
        self._take_facts()
        usable = self._usable_at_extension_start
        self.extension_runs.append((usable is not None, run))
        self._judge_logouts(index, run, usable=usable)
        return run

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

    @property
    def findings(self) -> tuple[oracle.Finding, ...]:
        """Spurious logouts and stranded users found so far (the world oracle's verdicts)."""
        return tuple(self._findings)

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
            spurious_logouts=oracle.count(self._findings, "spurious_logout"),
            stranded_users=oracle.count(self._findings, "stranded_user"),
            app_errors=oracle.count(self._findings, "app_error"),
            # Envelope: every read of the key item (the envelope's own, or an app's directly).
            keychain_reads_while_unavailable=self.item_ledger.reads_while_unavailable,
            auth_requests=len(self.server.requests),
            auth_requests_while_unavailable=sum(
                1 for r in self.server.requests if not r.protected_data_available
            ),
            deferred_completed=deferred_done,
            deferred_pending=self.deferred_owed(),
            exposure_seconds=self._exposure,
            faults_injected=sum(self.faults.injected.values()),
            escapes=self.escapes,
            violations=self.violations(),
            findings=[str(f) for f in self._findings],
        )

    def violations(self) -> list[str]:
        """Every record-level invariant the run broke (the app's records and each extension
        run's, judged against the device's truth)."""
        return [
            str(v)
            for v in (
                *check_records(self.records),
                *wall_clock_jumps_harmless(self._jump_records),
                *(v for _, run in self.extension_runs for v in check_records(run)),
            )
        ]

    def failures(self) -> list[str]:
        """What makes this run fail (`authsession.oracle.failures` of its summary), without
        building the summary: the model checker asks after every edge."""
        return oracle.failures(_Verdict(self.violations(), [str(f) for f in self._findings]))


@dataclass(frozen=True)
class _Verdict:
    violations: list[str]
    findings: list[str]


def _needs_the_user(event: sc.WorldEvent) -> bool:
    """Events only a user looking at the unlocked screen can cause."""
    return isinstance(event, sc.Foreground | sc.Login) or (
        isinstance(event, sc.Launch) and event.mode == "foreground"
    )


_opens_the_app = _needs_the_user  # the same events put the app in the foreground


def _logouts(records: list[Record], user_at_start: bool) -> list[Logout]:
    """Sessions that ended after a user had been signed in (or had credentials stored) in this
    world — a fresh install finding no credentials ends nothing the user had."""
    out, user = [], user_at_start
    for r in records:
        if r.is_logout and user:
            out.append(Logout(step=r.step, reason=r.reason))
        user = USER_PRESENT[r.state] == "yes" or (user and not r.is_logout)
    return out


def replay(
    scenario: sc.Scenario,
    policy: str | None = None,
    *,
    app: Callable[[AppContext], App] | None = None,
) -> Run:
    """Run `scenario` from start to end with `policy`'s app, or `app` (a factory, as `World`)."""
    world = World(scenario, policy, app=app)
    try:
        return world.run()
    finally:
        world.close()
