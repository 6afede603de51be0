"""The model checker's alphabet: the world events a search (or a walk) may take, by name.

Owns: `world_alphabet()` (the device, user, time, server and lifecycle events of a platform),
`label()` (an event's name as a report counts it, with its variant), `injection_event()` (an armed
fault or kill as a world event) and the values the alphabet is made of (the user and password it
signs in with, the durations it advances by, the launch modes).
Must not import the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from pydantic import SecretStr

from authsession.world import scenario as sc
from authsession.world.faults import Effect

if TYPE_CHECKING:
    from authsession.modelcheck.space import Platform

#: The user who signs in during exploration, and a password that is not a secret (it only ever
#: exists in the generated scenario, which must be replayable).
USER: Final = "ada"
PASSWORD: Final = "correct horse battery staple"
#: The durations `advance` takes: shorter than the iOS class-key grace (15 s is just past it),
#: the default token lifetime, and twice it.
DURATIONS: Final = (15.0, 3600.0, 7200.0)
WALL_JUMPS: Final = (2 * 86_400.0, -2 * 86_400.0)
LAUNCH_MODES: Final = ("foreground", "background", "prewarm")


def label(event: sc.WorldEvent) -> str:
    """An alphabet event's name as the report counts it: the event, and its variant where the
    alphabet holds several (`server:rate_limited`, `during_next_refresh:suspend`,
    `app_update:prewarm`, `launch:background`, `logout:global`)."""
    match event:
        case sc.Server(mode=mode):
            return f"server:{mode}"
        case sc.DuringNextRefresh(meanwhile=meanwhile, reached_server=reached):
            return f"during_next_refresh:{meanwhile}" + ("" if reached else "-before-server")
        case sc.AppUpdate(relaunch=relaunch, new_team=new_team):
            return f"app_update:{'new-team' if new_team else relaunch}"
        case sc.Launch(mode=mode):
            return f"launch:{mode}"
        case sc.Fault(call=call, lasting=True):
            return f"{call}:lasting"
        case sc.Logout(scope=scope) if scope != "local":
            return f"logout:{scope}"
        case sc.LogoutElsewhere(scope=scope):
            return f"logout_elsewhere:{scope}"
    return event.event


def injection_event(call: str, nth: int, effect: Effect) -> sc.WorldEvent:
    if effect in ("kill_before", "kill_after"):
        when = "before" if effect == "kill_before" else "after"
        return sc.Kill(event="kill", call=call, when=when, nth=nth)
    return sc.Fault(event="fault", call=call, effect=effect, nth=nth)


def world_alphabet(
    platform: Platform,
    *,
    extension: bool = False,
    update_variants: bool = False,
    restore: bool = True,
) -> tuple[sc.WorldEvent, ...]:
    """The device, user, time, server and lifecycle events; `extension` adds an app extension's
    process sharing the keychain item (F8); `update_variants` an update by a new signing team."""
    # Android has no prewarm: its launch is a background launch (`AndroidWorldDevice.prewarm`).
    modes = ("foreground", "background") if platform == "android" else LAUNCH_MODES
    events: list[sc.WorldEvent] = [
        sc.Boot(event="boot"),
        sc.Unlock(event="unlock"),
        sc.Lock(event="lock"),
        *(sc.Launch(event="launch", mode=m) for m in modes),
        sc.Terminate(event="terminate"),
        sc.Foreground(event="foreground"),
        sc.Background(event="background"),
        sc.BackgroundFetch(event="background_fetch"),
        sc.Login(event="login", user=USER, password=SecretStr(PASSWORD)),
        sc.Logout(event="logout"),
        # Issue 21: a sign-out of the other sessions, the user's other device signing out
        # everywhere, and the backend's revocation hint. (`logout:global` is `logout` for the
        # app — the same calls, only the revocation's scope differs — and is left out: a bound.)
        sc.Logout(event="logout", scope="others"),
        sc.LogoutElsewhere(event="logout_elsewhere", scope="global"),
        sc.RevocationHint(event="revocation_hint"),
        *(sc.Advance(event="advance", seconds=s) for s in DURATIONS),
        *(sc.WallClockJump(event="wall_clock_jump", seconds=s) for s in WALL_JUMPS),
        # `network` and `captive_portal` are left out: both answer every request `Transient`,
        # as `down` does, for the reference and the sibling alike, so they reach nothing
        # `server down` does not. `rate_limited` differs: its Retry-After holds the retry back.
        *(sc.Server(event="server", mode=m) for m in ("ok", "reject", "down", "rate_limited")),
        sc.ResourceUnauthorized(event="resource_unauthorized"),
        # The update's relaunch modes: none (the user opens it later), background, prewarm.
        *(sc.AppUpdate(event="app_update", relaunch=m) for m in ("none", *modes[1:])),
    ]
    if update_variants and platform == "ios":
        events.append(sc.AppUpdate(event="app_update", new_team=True))
    if restore and platform != "memory":  # the memory device's restore is a boot
        events.append(sc.RestoreToNewDevice(event="restore_to_new_device"))
    if extension:
        events.append(sc.ExtensionWake(event="extension_wake"))
    # Android: new biometrics invalidate auth-bound keys; iOS: biometry-bound items.
    if platform != "memory":
        events.append(sc.InvalidateKeys(event="invalidate_keys"))
    return tuple(events)
