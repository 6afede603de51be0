"""What is true in the world right now, as the referee and the model checker ask it.

Owns: `WorldTruth`, the part of `World` that only reads: which protection classes the device can
decrypt, what the app's item (or envelope) really holds and under which class, what each live
process holds in memory or has in flight, how the server stands on each (live, rotated away,
revoked), and whether usable credentials exist (`credentials()`, the referee's `Facts`).
Must not import the CLI.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from authsession.adapters.keychain import Credentials, ProtectionClass
from authsession.testing.clock import ManualClock
from authsession.world import scenario as sc
from authsession.world.device import AndroidWorldDevice, IOSWorldDevice, MemoryWorldDevice
from authsession.world.envelope import FILE_KEY, sealed_credentials
from authsession.world.faults import Process
from authsession.world.ledger import SharedKeychain
from authsession.world.server import Standing, WorldServer
from authsession.world.storage import AppStorage

if TYPE_CHECKING:
    from authsession.world.flight import Courier
    from authsession.world.policies import App
    from authsession.world.referee import Session

DE = ProtectionClass.DEVICE_ENCRYPTED


class WorldTruth:
    """Read-only facts of a `World` (a base class: the state is the world's)."""

    scenario: sc.Scenario
    policy: str
    protection: ProtectionClass
    device: IOSWorldDevice | AndroidWorldDevice | MemoryWorldDevice
    server: WorldServer
    clock: ManualClock
    storage: AppStorage
    keychain: SharedKeychain
    key_ledger: SharedKeychain | None
    envelope: bool
    courier: Courier
    app: App | None
    process: Process | None
    foreground: bool
    wall_offset: float
    _awake_until: float

    def extension_process(self) -> Process | None:
        raise NotImplementedError

    @property
    def item_ledger(self) -> SharedKeychain:
        """The ledger of the keychain item itself (the envelope's key, else the credentials)."""
        return self.key_ledger if self.key_ledger is not None else self.keychain

    def server_time(self) -> float:
        """True time: what the server's clock says (the device's wall clock may be off)."""
        return self.clock.wall() - self.wall_offset

    def on_screen(self) -> bool:
        """Can the app show a system prompt (an access-controlled item's authentication)? Never
        while an extension runs: its process has no screen of its own, whatever the app's (a
        notification service extension reading an access-controlled item gets -25308)."""
        return self.foreground and self.app is not None and self.extension_process() is None

    def available(self) -> bool:
        """Can the app's credentials class be read now (the device's truth)?"""
        return self.device.available(self.app_protection())

    def app_protection(self) -> ProtectionClass:
        if self.policy == "forum-post" and self.scenario.platform == "ios":
            return ProtectionClass.AFTER_FIRST_UNLOCK  # the post's switch
        if self.policy == "always":
            return DE if self.scenario.platform == "android" else ProtectionClass.ALWAYS
        return self.protection

    def storage_readable(self) -> bool:
        """Can the app's non-secret storage be read now?"""
        if self.scenario.platform == "android":
            return self.device.available(ProtectionClass.CREDENTIAL_ENCRYPTED)
        return self.device.available(ProtectionClass.AFTER_FIRST_UNLOCK)

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
    def platform(self) -> str:
        return self.scenario.platform

    @property
    def grace_seconds(self) -> float:
        """How long complete-protection classes stay readable after a lock."""
        return self.device.grace_seconds

    @property
    def awake_until(self) -> float:
        """Monotonic time at which a background app is suspended (foreground apps are not)."""
        return self._awake_until

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

    def is_stored(self, credentials: Credentials) -> bool:
        secret = credentials.secret.get_secret_value()
        return any(c.secret.get_secret_value() == secret for c in self.stored_credentials())

    def processes(self) -> Iterator[Process]:
        if self.process is not None:
            yield self.process
        extension = self.extension_process()
        if extension is not None:
            yield extension

    def held(self) -> list[Credentials]:
        """Credentials in the memory of a live process of the app (received, not stored yet),
        or in an answer in flight to one."""
        return [c for p in self.processes() for c in p.held] + list(self.courier.in_flight)

    def identities(self) -> tuple[tuple[tuple[int, Standing], ...], ...]:
        """Which token is where, up to renaming: each secret stored, held unsaved by the live
        process, or last seen by it (read or received), as (its name, the server's standing on
        it), names given in order of first appearance. Two worlds that differ only in the
        secrets' values are the same configuration; a client's stale token in memory and the
        stored successor are not the same as the successor in both places."""
        names: dict[str, int] = {}
        server = self.server

        def named(c: Credentials) -> tuple[int, Standing]:
            return names.setdefault(c.secret.get_secret_value(), len(names)), server.standing(c)

        process = self.process
        stored = tuple(named(c) for c in self.stored_credentials())
        held = () if process is None else tuple(named(c) for c in process.held)
        seen = () if process is None or process.seen is None else (named(process.seen),)
        return stored, held, seen

    def standing(self) -> tuple[tuple[Standing, ...], tuple[Standing, ...]]:
        """The server's view of what is stored and of what the live process holds unsaved."""
        held = self.process.held if self.process is not None else []
        return (
            tuple(sorted({self.server.standing(c) for c in self.stored_credentials()})),
            tuple(sorted({self.server.standing(c) for c in held})),
        )

    def credentials(self, session: Session | None = None) -> tuple[bool, bool, bool, bool]:
        """The referee's question (`Facts.credentials`): does the server accept anyone, and are
        usable credentials stored, held by `session`'s process, held by another process of the
        app or in an answer in flight? (No session: every process counts as its own.)"""
        server = self.server
        if server.mode == "reject":
            return False, False, False, False
        honours = server.honours
        stored = any(honours(c) for c in self.stored_credentials())
        own = self.process_of(session)
        here = elsewhere = False
        for process in self.processes():
            usable = any(honours(c) for c in process.held)
            if own is None or process is own:
                here = here or usable
            else:
                elsewhere = elsewhere or usable
        elsewhere = elsewhere or any(honours(c) for c in self.courier.in_flight)
        return True, stored, here, elsewhere

    def process_of(self, session: Session | None) -> Process | None:
        raise NotImplementedError

    def stored_usable(self) -> bool:
        return self.credentials()[1]

    def usable_anywhere(self) -> bool:
        _, stored, here, elsewhere = self.credentials()
        return stored or here or elsewhere
