"""What the world hands each app process it starts: adapters that meet the world's faults.

Owns: `context()` — an `AppContext` for the app's process, an extension's, or (no process) the
world itself seeding an earlier version's item: the keychain through the fault plan and the
referee's write watch, the server through the courier (the app's own process only: an
extension's requests are its own), the protected-data signal, the clock, the SecItem level for
apps that bring their own iOS keychain code, and the callbacks whose calls the world counts.
Must not import the CLI.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from authsession.adapters.keychain import Keychain
from authsession.platforms.ios.forum_post import ForumPostKeychain
from authsession.world.device import IOSWorldDevice
from authsession.world.faults import (
    Callback,
    Process,
    ProcessAuthenticator,
    ProcessClock,
    ProcessKeychain,
    ProcessSignal,
)
from authsession.world.lease import ProcessLease
from authsession.world.policies import AppContext
from authsession.world.referee import Session
from authsession.world.revocation import ProcessOutbox, ProcessRevoker
from authsession.world.secitem import ProcessSecItem

if TYPE_CHECKING:
    from authsession.world.world import World


def context(
    world: World, process: Process | None, *, app: bool = True, session: Session | None = None
) -> AppContext:
    """What a process is handed when it starts; `None`: the world itself (seeding an item
    an earlier app version stored), with no faults in the way. Only the app's own process
    (`app`) sends its requests through the courier and meets the resource server's armed
    401s: an extension's are its own."""
    plan = world.faults
    keychain: Keychain = world.keychain
    key_keychain: Keychain | None = world.key_ledger
    if process is not None:
        keychain = process_keychain(world, world.keychain, process)
        if world.key_ledger is not None:
            key_keychain = process_keychain(world, world.key_ledger, process)
    forum = None
    if isinstance(world.device, IOSWorldDevice):
        forum = ForumPostKeychain(world.device.simulator)
    signal = ProcessSignal(world.available, plan, world.device.available)
    courier = world.courier.send if app and process is not None else None
    session = session if session is not None else world.referee.app
    return AppContext(
        keychain=keychain,
        clock=ProcessClock(world.clock, plan),
        server=ProcessAuthenticator(
            world.server,
            plan,
            process or Process(),
            stored=world.is_stored,
            courier=courier,
            available=world.available,
            on_rejection=partial(world.referee.rejected, session),
            check_sent=world.check_sent,
        ),
        storage=world.storage,
        snapshots=world.snapshots,
        available=signal,
        protection=world.protection,
        allow_insecure=world.scenario.allow_insecure_protection,
        available_for=signal.available_for,
        earlier_protections=tuple(p for p in dict.fromkeys(world.earlier) if p != world.protection),
        forum_keychain=forum,
        platform=world.scenario.platform,
        secitem=secitem(world, process),
        step=world.step,
        perform_work=Callback(
            "work_handler",
            plan,
            world.work.done,
            world.resource_refuses if app else None,
            world.work.tried,
            world.check_work_token if app else None,
        ),
        fail_work=world.work.failed_back if app else _unseen,
        notify=Callback("on_notify", plan, world.told),
        machine=world.machine,
        key_keychain=key_keychain,
        sealed_file=world.sealed if world.envelope else None,
        cipher=world.cipher,
        new_key=world.new_key,
        app_version=world.app_version,
        lease=None
        if process is None
        else ProcessLease(world.lease, plan, "app" if app else "extension", process.name),
        role="app" if app else "extension",
        outbox=None if process is None else ProcessOutbox(world.outbox, plan),
        revoker=None
        if process is None
        else ProcessRevoker(world.server, plan, world.available, app=app),
    )


def _unseen(_label: str, _reason: str) -> None:
    """An extension's own work handed back: not the app's (its figures exclude it)."""


def process_keychain(world: World, shared: Keychain, process: Process) -> ProcessKeychain:
    return ProcessKeychain(
        shared,
        world.faults,
        process,
        after_write=world.server.after_keychain_write,
        watch_write=world.watch_write,
    )


def secitem(world: World, process: Process | None) -> ProcessSecItem | None:
    if process is None or not isinstance(world.device, IOSWorldDevice):
        return None
    return ProcessSecItem(
        world.device.simulator, world.keychain, world.faults, process,
        after_write=world.server.after_keychain_write,
        access_control=world.device.access_control,
        enrollment_changed=world.device.biometry_changed,
        watch_write=world.watch_write,
    )  # fmt: skip
