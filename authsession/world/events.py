"""What each world event means for the device, the app's processes, the server and the faults.

Owns: `apply(world, event)` — the one `match` over the world's events (the scenario contract's and
the checker's), and what an update, a trip to Settings (passcode removal, new biometrics) and a
restore do. No phone shows an app behind its lock screen: an event only a user can cause unlocks
the device first.
Must not import the CLI.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING

from authsession.adapters.keychain import ProtectionClass
from authsession.world import scenario as sc
from authsession.world.faults import Injection

if TYPE_CHECKING:
    from authsession.world.policies import App
    from authsession.world.world import World

DE = ProtectionClass.DEVICE_ENCRYPTED


def needs_the_user(event: sc.WorldEvent) -> bool:
    """Events only a user looking at the unlocked screen can cause."""
    return isinstance(event, sc.Foreground | sc.Login | sc.Logout) or (
        isinstance(event, sc.Launch) and event.mode == "foreground"
    )


def apply(world: World, event: sc.WorldEvent) -> None:
    if needs_the_user(event) and not world.device.unlocked():
        # No phone shows an app behind its lock screen: to open it or type a password the
        # user unlocks first. Without this the world (and the model checker) would run apps
        # in the foreground of a locked device, a configuration no user can produce.
        world.unlock()
    match event:
        case sc.Boot():
            world.close()
            world.device.boot()
            world.lease.boot += 1  # the boot-time clock starts again: an old lease is void
        case sc.Unlock():
            world.unlock()
        case sc.Lock():
            if world.foreground:
                world.app_call(lambda app: app.protected_data_will_become_unavailable())
            world.lock()
        case sc.Launch(mode=mode):
            # A prewarm is a launch of a process that is not running; the OS does not
            # prewarm a running app (nor re-lock the device for it).
            if mode == "prewarm" and world.app is None:
                world.device.prewarm()
            world.wake()
            if mode == "foreground":
                world.to_foreground()
            else:
                world.start(mode)
        case sc.Terminate():
            world.close()
        case sc.Foreground():
            world.open_app()
            world.tell_foreground()
        case sc.Background():
            world.foreground = False
        case sc.BackgroundFetch():
            label = f"background_fetch@{world.step}"
            world.wake()
            world.start("background")
            if world.app is None:
                return  # the launch died before it could be asked (a kill): asked of nobody
            world.work.asked(
                label,
                world.step,
                world.clock.monotonic(),
                user=world.referee.usable() is not None,
            )
            world.app_call(lambda app: app.request_work(label))
        case sc.Login(user=user, password=password):
            world.user_wants_out = False
            world.courier.signing_in = True
            try:
                world.for_the_user(lambda app: app.login(user, password))
            finally:
                world.courier.signing_in = False
        case sc.Logout(scope=scope):
            if scope != "others":
                # What the user signs out of: the sessions of every credential the app has
                # (stored, or held by a live process). Each must stop honouring tokens once the
                # app can revoke it (invariant 14).
                signed_out = (*world.stored_credentials(), *world.held())
                owed = frozenset().union(*(world.server.sessions_of(c) for c in signed_out))
                world.owed_revocation |= owed
                world.server.note_sign_out((c.secret.get_secret_value() for c in signed_out), owed)
                world.user_wants_out = True
            world.for_the_user(lambda app: _logout(app, scope))
        case sc.RevocationHint():
            world.wake()
            world.start("background")
            if world.app is None:
                return  # the launch died before the push was delivered
            world.hinted_step = world.step
            hinted = getattr(world.app, "revocation_hint", None)
            if hinted is not None:
                world.app_call(lambda _app: hinted())
        case sc.LogoutElsewhere(scope=scope):
            world.server.logout_elsewhere(scope)
        case sc.Advance(seconds=seconds):
            world.advance_time(seconds)
        case sc.WallClockJump(seconds=seconds):
            if world.awake():
                # Timers already due on the monotonic clock fire first: they are not the
                # jump's doing (an injected clock fault can have held one back).
                world.app_call(lambda app: app.tick())
            world.referee.jumped()
            world.clock.jump_wall(seconds)
            world.wall_offset += seconds
            if world.awake():
                world.app_call(lambda app: app.tick())
        case sc.Server(mode=mode):
            world.server.mode = mode
        case sc.Network(online=online):
            world.server.online = online
        case sc.RemovePasscode() | sc.InvalidateKeys():
            _in_settings(world)
            lost = _loses_auth_bound_key(world)
            if isinstance(event, sc.RemovePasscode):
                world.device.remove_passcode()
            else:
                world.device.invalidate_keys()
            _note_loss(world, lost)
        case sc.KillDuringNextRefresh():
            world.server.arm_kill()
        case sc.ExtensionWake():
            world.run_extension()
        case sc.SiblingRacesNextRefresh(count=count):
            world.server.arm_sibling(world.keychain, world.app_protection(), count)
        case sc.Fault(call=call, effect=effect, nth=nth, lasting=lasting):
            if lasting:
                world.faults.arm_lasting(call, effect)
            else:
                world.faults.arm(Injection(call, effect, nth))
        case sc.Kill(call=call, when=when, nth=nth):
            world.faults.arm(Injection(call, "kill_before" if when == "before" else "kill_after",
                                      nth))  # fmt: skip
        case sc.ClearFaults():
            world.faults.clear()
        case sc.DuringNextRefresh(meanwhile=meanwhile, reached_server=reached):
            world.server.arm_in_flight(meanwhile, reached)
        case sc.ResourceUnauthorized():
            world.resource_refusals += 1
        case sc.AppUpdate(relaunch=relaunch, protection=protection, new_team=new_team):
            _update(world, relaunch, protection, new_team=new_team)
        case sc.RestoreToNewDevice():
            world.close()
            world.device.restore_to_new_device()
            # The item came along (iOS non-ThisDeviceOnly rows, Android's preferences file),
            # but Android's Keystore key did not: the secret is lost, though the item is there.
            lost = world.scenario.platform == "android" and world.item_ledger.stored is not None
            world.keychain.inner = world.credentials_keychain()
            _note_loss(world, lost)


def _logout(app: App, scope: str) -> None:
    """The user's sign-out, with its scope for an app that takes one (an app written before
    scopes existed signs out locally)."""
    if scope == "local" or not _takes_a_scope(app.logout):
        app.logout()
    else:
        app.logout(scope)


def _takes_a_scope(method: Callable[..., object]) -> bool:
    try:
        return bool(inspect.signature(method).parameters)
    except (TypeError, ValueError):
        return False


def _update(
    world: World, relaunch: str, protection: ProtectionClass | None, *, new_team: bool
) -> None:
    """A new version replaces the running one: the process dies, the new version's
    configuration applies (class, signing team), and the OS may launch it at once."""
    world.close()
    world.app_version += 1
    if protection is not None and protection != world.protection:
        world.earlier.append(world.protection)
        world.protection = protection
    if new_team:
        world.device.change_team()
    world.keychain.inner = world.credentials_keychain()
    if relaunch == "none":
        return
    if relaunch == "prewarm":
        world.device.prewarm()
    world.wake()
    world.start(relaunch)


def _in_settings(world: World) -> None:
    """The user opens Settings to change the lock screen: the device is unlocked (the
    passcode is asked for) and the app, if it was open, goes to the background."""
    if not world.device.unlocked() and world.device.has_passcode():
        world.unlock()
    world.foreground = False


def _loses_auth_bound_key(world: World) -> bool:
    """Android: lock-screen removal and new biometrics invalidate the auth-bound Keystore key
    the world's Android keychain uses with a secure lock screen (device-encrypted storage
    uses a key that is not bound: it survives)."""
    # The key is the keychain's, chosen for the configured class (`AndroidWorldDevice`),
    # whatever class an item was stored under: an earlier version's item dies with it too.
    return (
        world.scenario.platform == "android"
        and world.device.has_passcode()
        and world.item_ledger.stored is not None
        and world.app_protection() is not DE
    )


def _note_loss(world: World, lost: bool) -> None:
    # iOS WhenPasscodeSet rows die with the passcode, and biometry-bound rows with a new
    # enrollment: the device's rows say so by themselves.
    if lost:
        world.item_ledger.lost = True
