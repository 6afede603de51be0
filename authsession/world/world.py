"""The world: a simulated device, app processes, keychain, server and clock, driven by a scenario.

Owns: the meaning of each world event for the app (launch, termination, notifications, background
fetch, time, injected faults and kills, updates, restores, what a user's event does to a process
that is not running), the app's processes (the app's, and an extension's run: what each holds,
how each ends), the device's skewed wall clock and the server's true one, the credentials'
storage (a keychain item or an envelope), exposure, and the facts the referee
(`authsession.world.referee`) judges each record by at the moment it is made — whether usable
credentials exist anywhere, whether the app's own doing destroyed the last of them. How a request
travels is `authsession.world.flight`; when the app runs and whether it is on the screen,
`authsession.world.presence`; the judgements beyond the records and the verdicts,
`authsession.world.verdicts`. Deterministic: the same scenario and policy give the same
trace, byte for byte. Must not import the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from transitions import Machine

from authsession.adapters.envelope import EnvelopeKeychain
from authsession.adapters.keychain import Credentials, Keychain, ProtectionClass
from authsession.errors import AuthSessionError
from authsession.invariants import Record
from authsession.platforms.ios.secitem import AccessControl
from authsession.testing.clock import ManualClock
from authsession.testing.snapshots import MemorySnapshotStore
from authsession.world import events, verdicts, wiring
from authsession.world import scenario as sc
from authsession.world.device import make_device
from authsession.world.envelope import (
    KeyMaker,
    StorageFile,
    ToyCipher,
)
from authsession.world.faults import (
    Callback,
    FaultPlan,
    InjectedFault,
    Process,
    ProcessKilled,
)
from authsession.world.flight import Courier
from authsession.world.lease import WorldLease
from authsession.world.ledger import SharedKeychain
from authsession.world.policies import POLICIES, App, AppContext, seed_credentials
from authsession.world.presence import AppPresence
from authsession.world.referee import Referee, Session
from authsession.world.revocation import WorldOutbox
from authsession.world.server import WorldServer
from authsession.world.storage import AppStorage
from authsession.world.trace import MachineStep, TraceLine
from authsession.world.verdicts import ScenarioRun, WorldVerdicts

DE = ProtectionClass.DEVICE_ENCRYPTED


class UnknownPolicyError(AuthSessionError, ValueError):
    """A policy name the world does not know."""

    pass


@dataclass
class _Extension:
    """F8: an app extension's process while it runs (one run a wake, a session of its own)."""

    app: App
    process: Process
    session: Session


def _event_json(event: sc.WorldEvent) -> dict[str, object]:
    return event.model_dump(mode="json", exclude={"password"})


def _nothing() -> None:
    return None


class World(AppPresence, WorldVerdicts):
    """A simulated device, keychain, server and app processes, fed world events one at a time
    and judged by the referee."""

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
        self.wall_offset = scenario.device.clock_skew
        self.clock.jump_wall(scenario.device.clock_skew)
        control = scenario.access_control
        self.device = make_device(
            scenario.platform,
            passcode=scenario.device.passcode,
            phase=scenario.device.phase,
            not_found_while_locked=scenario.quirks.not_found_while_locked,
            access_control=None if control == "none" else AccessControl(control),
            interaction_allowed=self.on_screen,
        )
        spec = scenario.server
        self.server = WorldServer(
            mode=spec.mode,
            token_lifetime=spec.token_lifetime,
            protected_data_available=self.available,
            rotating=spec.rotating,
            clock=self.server_time,
            reuse_grace=spec.reuse_grace,
            reuse_detection=spec.reuse_detection,
            expires_at=spec.expires_at,
            retry_after=spec.retry_after,
        )
        #: Armed 401s of the resource server (`resource_unauthorized`).
        self.resource_refusals = 0
        self.server.on_revoke = self._revoked
        self.faults = FaultPlan()
        self.faults.before_call = self._collect
        #: The refresh lease the app's processes share (in storage readable while locked).
        self.lease = WorldLease(self.clock.monotonic)
        #: Another process than the app's wrote the shared credentials in this step.
        self._shared_written = False
        self.referee = Referee(self, user_at_start=pre is not None)
        self.work = self.referee.work
        self.courier = Courier(self, spec.latency)
        # App storage has AfterFirstUnlock-style protection (iOS files' default, Android CE).
        self.storage = AppStorage(self.storage_readable)
        self.snapshots = MemorySnapshotStore(location="world:snapshot")
        #: The app's revocation outbox item, under the credentials' class (survives kills).
        self.outbox = WorldOutbox(self.available)
        #: The world step a revocation hint last reached a running app (-1: never).
        self.hinted_step = -1
        #: Sessions of this device the user signed out of (locally or everywhere): each must stop
        #: honouring tokens once the app could revoke it.
        self.owed_revocation: set[int] = set()
        #: The user's last word was "sign me out" (a sign-in screen is what they asked for).
        self.user_wants_out = False
        #: Every message the app showed the user (`NotifyUser`), in order.
        self.told: list[str] = []
        self.app: App | None = None
        self.process: Process | None = None
        self._extension: _Extension | None = None
        #: The app is on the screen (launched or brought there by the user; a lock or a
        #: suspension takes it off).
        self.foreground = False
        self._awake_until = 0.0
        self.step = 0
        self.envelope = scenario.credential_storage == "envelope"
        #: Envelope storage: the key item's ledger (every key read, store and delete, by any
        #: process), the sealed file and its cipher.
        self.key_ledger: SharedKeychain | None = None
        self.sealed = StorageFile(self.storage, watch_write=self.watch_write)
        self.cipher = ToyCipher()
        self.new_key = KeyMaker()
        self.keychain = SharedKeychain(self.credentials_keychain(), self.available)
        self._exposure = 0.0
        #: Exceptions that escaped the app's code (an injected raise nothing caught, or the
        #: app's own, which is also a finding).
        self.escapes = 0
        self._fed = 0
        self.last_state = "starting"
        if pre is not None:
            credentials = Credentials(account=pre.user, secret=pre.password)
            seed_credentials(wiring.context(self, None), policy, credentials, pre.protection)
            self.server.register(credentials)
        self.device.enter_initial_phase()

    def credentials_keychain(self) -> Keychain:
        """The keychain the app's credentials live in, built for the configured class (and, on
        iOS, the current access group): the device's item, or an envelope over it."""
        item = self.device.keychain(
            self.app_protection(), allow_insecure=True, earlier=tuple(self.earlier)
        )
        if not self.envelope:
            return item
        if self.key_ledger is None:
            self.key_ledger = SharedKeychain(item, self.available)
        else:
            self.key_ledger.inner = item  # the item's history (the ledger) survives
        return EnvelopeKeychain(self.key_ledger, self.sealed, self.cipher, new_key=self.new_key)

    @property
    def destroyed_by_app(self) -> bool:
        """The app's own doing destroyed the last usable credentials, and no logout has followed
        yet."""
        return self.referee.destroyed_by_app

    @property
    def records(self) -> list[Record]:
        """The app's records of the whole run (an extension's runs are `extension_runs`)."""
        return self.referee.app.records

    @property
    def extension_runs(self) -> list[tuple[bool, list[Record]]]:
        return self.referee.extension_runs

    def deferred_owed(self) -> int:
        """Work the world requested that has not completed."""
        return self.work.owed()

    def extension_process(self) -> Process | None:
        return self._extension.process if self._extension is not None else None

    def session_ended(self, session: Session) -> None:
        process = self.process_of(session)
        if process is not None:
            process.held.clear()

    def process_of(self, session: Session | None) -> Process | None:
        if session is None:
            return None
        if session is self.referee.app:
            return self.process
        extension = self._extension
        return extension.process if extension is not None and extension.session is session else None

    @property
    def app_factory(self) -> Callable[[AppContext], App]:
        """What starts an app process: the `app` given, else the policy's."""
        return self._app if self._app is not None else POLICIES[self.policy][0]

    def resource_refuses(self) -> bool:
        """Does the resource server answer this unit of work with an armed 401?"""
        if self.resource_refusals:
            self.resource_refusals -= 1
            return True
        return False

    # -- what the referee is shown --------------------------------------------------------
    def _collect(self) -> None:
        """File what each live process did since its last filing: the world is about to
        change (a call of the app, a lock, time, a kill), and what it did happened before."""
        referee = self.referee
        if not referee.active:
            return  # between steps nothing can have happened (a fingerprint asks the clock)
        app = self.app
        if app is not None and (new := app.records()):
            referee.file(new, referee.app)
        extension = self._extension
        if extension is not None and (new := extension.app.records()):
            referee.file(new, extension.session)

    def _session_of(self, process: Process | None) -> Session | None:
        """The session of `process`, or (None) of the process running now (an extension runs
        inside a call of the app's, so it is the one running while it lives)."""
        extension = self._extension
        if extension is not None and (process is None or extension.process is process):
            return extension.session
        if self.app is not None and (process is None or process is self.process):
            return self.referee.app
        return None

    def watch_write(self, process: Process | None = None) -> Callable[[], None]:
        """A process is about to write the credentials' storage. A write that is no logout's
        (the session's last step did not end it) and leaves no usable credentials where there
        were some — a delete, a stale token over a live one, a new envelope key that the file no
        longer opens with — is the app destroying them: the next logout the user did not ask for
        is spurious."""
        self._collect()
        session = self._session_of(process)
        if session is not None and session is not self.referee.app:
            self._shared_written = True  # the app (if it runs) is told: shared_store_changed
        if session is None or session.ending or not self.stored_usable():
            return _nothing
        return self._deleted

    def _revoked(self, live: str) -> None:
        """A request of the app's own presented a rotated-away token and the server revoked the
        family (reuse detection): if the live token existed anywhere — stored, in a process's
        memory, in an answer in flight — the app ended the session the user still had. (One lost
        with a cancelled answer was lost already, under any client.)"""
        where = (*self.stored_credentials(), *self.held())
        if any(c.secret.get_secret_value() == live for c in where):
            self.referee.destroyed_by_app = True

    def _deleted(self) -> None:
        if not self.usable_anywhere():
            self.referee.destroyed_by_app = True

    def _ended(self, process: Process) -> None:
        """A process is gone with its memory. Usable credentials it held are lost with it; that
        is the app's doing when no store it made ever carried them (it had its chance: a kill at
        the store itself, or in the call that received them, is fate), or when it got them with a
        request sent while their class was unavailable (invariant 2 broken: a client that never
        sends then could not have lost them)."""
        honours = self.server.honours
        lost = [c for c in (*process.lost_by_own_doing(), *process.held_blind()) if honours(c)]
        if lost and self.server.mode != "reject" and not self.usable_anywhere():
            self.referee.destroyed_by_app = True

    # -- the app process ------------------------------------------------------------------
    def start(self, mode: str) -> App | None:
        """The running app process, launching it (in `mode`) if there is none."""
        if self.app is None:
            self.process = Process()
            self.app = self.app_factory(wiring.context(self, self.process))
            self.app_call(lambda app: app.launch(mode))
        return self.app

    def app_call(self, call: Callable[[App], object]) -> None:
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
            self.referee.app_error(error, self.referee.event)
        self._collect()

    def close(self) -> None:
        """End the app process (also what a termination or reboot does)."""
        if self.app is not None:
            self._collect()
            process = self.process
            self.app.close()
            self.app = None
            self.process = None
            if process is not None:
                self._ended(process)
        self.foreground = False

    def _kill(self) -> None:
        """The app process dies mid-call (F7 and every armed kill): what it did so far is filed
        as it was, then it is gone with its memory (`_ended` says whose doing a loss is)."""
        self.close()

    def apply(self, event: sc.WorldEvent) -> None:
        events.apply(self, event)

    def _tell_of_changes(self) -> None:
        """Another process wrote the shared credentials or gave the lease back: a running app
        is told (a Darwin notification, a file observer; a suspended one hears nothing)."""
        lease = self.lease
        changed = self._shared_written or (lease.changed and lease.changed_by != self._app_owner())
        lease.changed, self._shared_written = False, False
        told = getattr(self.app, "shared_store_changed", None)
        if changed and told is not None and self.awake():
            self.app_call(lambda _app: told())

    def _app_owner(self) -> str | None:
        return None if self.process is None else self.process.name

    def run_extension(self) -> None:
        """F8: one run of an app extension's process, start to end, on the app's keychain item
        and shared storage. It keeps no memory or snapshot of its own between wakes (a fresh
        store each run), so each run is judged as a session of its own."""
        self._collect()
        process, session = Process(), Session()
        ctx = replace(
            wiring.context(self, process, app=False, session=session),
            snapshots=MemorySnapshotStore(location="world:extension-snapshot"),
            # Its work is its own: the app's deferred-work figures exclude it.
            perform_work=Callback("work_handler", self.faults, []),
        )
        usable = self.referee.usable() is not None
        extension = self.app_factory(ctx)
        self._extension = _Extension(extension, process, session)
        try:
            extension.launch("background")
            extension.request_work(f"extension@{self.step}")
        except ProcessKilled:
            pass  # an armed kill strikes whichever process makes the call: here, the extension
        except InjectedFault:
            self.escapes += 1
        except Exception as error:
            self.escapes += 1
            self.referee.app_error(error, "extension_wake")
        finally:
            self._collect()
            self._extension = None
            extension.close()
            self._ended(process)
        self.referee.extension_runs.append((usable, session.records))

    # -- running --------------------------------------------------------------------------
    def feed(self, event: sc.WorldEvent) -> list[Record]:
        """Apply one world event; return the records it caused, in the order they happened
        (the app's and an extension's), each with the device's truth of its moment."""
        if isinstance(event, sc.Advance):
            return self._feed(float(event.seconds))
        return self._feed(event)

    def advance(self, seconds: float) -> list[Record]:
        """`feed(Advance(seconds=seconds))` without building the event (the fleet's hot path:
        every gap between two events of a device history is one advance)."""
        return self._feed(seconds)

    def _feed(self, event: sc.WorldEvent | float) -> list[Record]:
        index = self.step = self._fed
        self.server.step = index
        self._fed += 1
        self.faults.start_step()
        referee = self.referee
        was_foreground = self.foreground
        referee.begin(index, "advance" if isinstance(event, float) else event.event, was_foreground)
        if isinstance(event, float):
            self.advance_time(event)
        else:
            was_awake = self.awake()
            self.apply(event)
            if not was_awake and self.awake():
                # A resumed process's run loop fires the timers that fell due while it was
                # suspended; otherwise whichever event next ticks the app would be blamed for
                # them (a wall-clock jump, invariant 8).
                self.app_call(lambda app: app.tick())
        if self.server.kill_pending:  # the app wrote nothing after the rotation answer
            self.server.kill_pending = False
            self._kill()
        self._tell_of_changes()
        self._collect()
        self.work.settle(index, self.clock.monotonic())
        app = self.app
        records = referee.end()
        if app is not None:
            self.last_state = app.state
        elif records and records[-1] in self.records:
            self.last_state = records[-1].state  # the process died in this step
        fault_struck = bool(self.faults.fired)
        if not isinstance(event, float):
            brought = verdicts.brought(event, was_foreground)
            server_ready = self.server.mode == "ok" and self.server.online
            referee.judge_foreground(
                brought=brought,
                on_screen=self.foreground and app is not None,
                unlocked=self.device.unlocked(),
                state=None if app is None else app.state,
                fault_struck=fault_struck,
                server_ready=server_ready,
            )
            settled = brought and self.foreground and self.device.unlocked()
            if settled and app is not None and not fault_struck:
                self._judge_screen(app, event.event)
            if settled and app is not None and not fault_struck and server_ready:
                self._judge_revocations(event.event)
        referee.finish()
        return records

    def run(self) -> ScenarioRun:
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
                    protected_data_available=self.available(),
                    machine=[
                        MachineStep(event=r.event, state=r.state, reason=r.reason) for r in new
                    ],
                )
            )
        return ScenarioRun(lines, self.summary(), list(self.records))


def replay(
    scenario: sc.Scenario,
    policy: str | None = None,
    *,
    app: Callable[[AppContext], App] | None = None,
) -> ScenarioRun:
    """Run `scenario` from start to end with `policy`'s app, or `app` (a factory, as `World`)."""
    world = World(scenario, policy, app=app)
    try:
        return world.run()
    finally:
        world.close()
