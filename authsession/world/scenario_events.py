"""The world events of the scenario contract `authsession.scenario/1`: one pydantic model each.

Owns: every world event a scenario may list (device, user, time, server, faults, kills, lifecycle),
the `WorldEvent` union that tells them apart by `event`, and the call names a fault or kill may
name. The scenario document around them (`Scenario`, its device and server, loading a file) is
`authsession.world.scenario`, which re-exports every name here. Secrets in an event (a login's
password) are `SecretStr` and never printed. Must not import the world, runtime or CLI.
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    StrictBool,
    model_validator,
)

from authsession.adapters.keychain import ProtectionClass


class StrictModel(BaseModel):
    """Frozen, and a key the contract does not name is an error (a typo never passes)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# World events ---------------------------------------------------------------------------------


class Boot(StrictModel):
    """The device restarts: the app process dies; class keys are gone until the first unlock."""

    event: Literal["boot"]


class Unlock(StrictModel):
    event: Literal["unlock"]


class Lock(StrictModel):
    event: Literal["lock"]


class Launch(StrictModel):
    """The OS starts the app process (no-op if it is running)."""

    event: Literal["launch"]
    mode: Literal["foreground", "background", "prewarm"] = "foreground"


class Terminate(StrictModel):
    """The OS kills the app: memory is lost, app storage (non-secret) survives."""

    event: Literal["terminate"]


class Foreground(StrictModel):
    event: Literal["foreground"]


class Background(StrictModel):
    event: Literal["background"]


class BackgroundFetch(StrictModel):
    """iOS wakes the app (launching it if needed) to fetch; the work needs the server."""

    event: Literal["background_fetch"]


class Login(StrictModel):
    event: Literal["login"]
    # The session keeps the account id in its snapshot, which holds at most 1,000 characters
    # (`SessionSnapshot.account`); a longer one is refused here, as bad input.
    user: str = Field(min_length=1, max_length=1000)
    password: SecretStr


class Logout(StrictModel):
    """The user signs out: `local` (this session), `global` (every session of the user), or
    `others` (every other session: this one stays)."""

    event: Literal["logout"]
    scope: Literal["local", "global", "others"] = "local"


class RevocationHint(StrictModel):
    """The app's backend sends a silent push: "your session may have been revoked" (after a
    sign-out elsewhere, an administrator's action — or by mistake). It wakes the app (launching
    it in the background if needed) and proves nothing."""

    event: Literal["revocation_hint"]


class LogoutElsewhere(StrictModel):
    """The user signs out on their other device: `local` ends that device's session only,
    `global` every session of the user (this device's too), `others` every session but that
    device's (this device's too). The server ends them; nothing tells this device (a
    `revocation_hint` may)."""

    event: Literal["logout_elsewhere"]
    scope: Literal["local", "global", "others"] = "global"


class Advance(StrictModel):
    """Time passes: monotonic and wall clocks, device timers, the app's own timers."""

    event: Literal["advance"]
    seconds: float = Field(ge=0, le=10 * 365 * 86_400)


class WallClockJump(StrictModel):
    """The user (or NTP) changes the date: only the wall clock moves."""

    event: Literal["wall_clock_jump"]
    seconds: float = Field(ge=-100 * 365 * 86_400, le=100 * 365 * 86_400)


#: `ok`, `reject` (every request definitively rejected), `down` (503), `rate_limited` (429 with a
#: `Retry-After` of `server.retry_after` seconds), `captive_portal` (a 200 whose body is a login
#: page, not a token reply: a hotel or airport network answering for the server).
ServerMode = Literal["ok", "reject", "down", "rate_limited", "captive_portal"]


class Server(StrictModel):
    event: Literal["server"]
    mode: ServerMode


class Network(StrictModel):
    event: Literal["network"]
    online: StrictBool


class RemovePasscode(StrictModel):
    """iOS: `WhenPasscodeSetThisDeviceOnly` items die; Android: lock screen removed, auth-bound
    Keystore keys are permanently invalidated."""

    event: Literal["remove_passcode"]


class InvalidateKeys(StrictModel):
    """New biometrics enrolled. Android: keys created with invalidation-on-enrollment die. iOS:
    an item whose access control is `biometry_current_set` can never be read again (items without
    access control, or with `user_presence`, are unaffected)."""

    event: Literal["invalidate_keys"]


class KillDuringNextRefresh(StrictModel):
    """F7: arm a kill. The next time the app refreshes with a refresh token and the server
    answers with a rotated one, the process dies at the app's first keychain write after that
    answer (the write lands), or at the end of the step if it writes nothing."""

    event: Literal["kill_during_next_refresh"]


class SiblingRacesNextRefresh(StrictModel):
    """F6: arm a sibling process (app extension, another task) sharing the keychain item. On the
    app's next request with a refresh token it has read the same token, reaches the server first
    and stores the rotated token it gets back; the app's request then arrives with the
    rotated-away token. Stackable: each event (or each unit of `count`) arms one more race, and
    the armed races strike one per request, in order — so two in a row race the app's request
    *and* the retry it makes with the sibling's token."""

    event: Literal["sibling_races_next_refresh"]
    count: int = Field(default=1, ge=1, le=10)


#: The calls the world can make fail, raise or kill the process at. `keychain.store` is the
#: adapter's one store call (an add, or an update of an existing item); `authenticator` is one
#: request to the server; `lease` one take or give-back of the refresh lease (a `fail` is shared
#: storage that cannot be read); `outbox` one read or write of the revocation outbox; `revoker`
#: one request to the revocation endpoint; the last four are callbacks into the app's code or the
#: OS.
FaultCall = Literal[
    "keychain.read",
    "keychain.store",
    "keychain.delete",
    "authenticator",
    "lease",
    "outbox",
    "revoker",
    "protected_data",
    "clock",
    "work_handler",
    "on_notify",
]
#: Calls that have a failure *answer* (`Failed`, `Transient`); the rest can only raise.
ANSWERING_CALLS: frozenset[str] = frozenset(
    {"keychain.read", "keychain.store", "keychain.delete", "authenticator", "lease", "outbox",
     "revoker"}
)  # fmt: skip
KillCall = Literal[
    "keychain.read",
    "keychain.store",
    "keychain.delete",
    "authenticator",
    "lease",
    "outbox",
    "revoker",
]


class Fault(StrictModel):
    """Arm a fault at one call the app process makes during the *next* world step: the `nth`
    call of `call` in that step answers a failure (`fail`: a keychain `Failed`, an
    authenticator `Transient`; the call does not reach the keychain or server) or raises
    (`raise`: an exception escapes the adapter or callback). A fault the next step never reaches
    is dropped. With `lasting`, every call of `call` fails (or raises) from now on, in every
    step, until a `clear_faults` event."""

    event: Literal["fault"]
    call: FaultCall
    effect: Literal["fail", "raise"] = "fail"
    nth: int = Field(default=1, ge=1, le=1000)
    lasting: StrictBool = False

    @model_validator(mode="after")
    def _meaningful(self) -> Self:
        if self.effect == "fail" and self.call not in ANSWERING_CALLS:
            raise ValueError(f"{self.call} has no failure answer; use effect 'raise'")
        if self.lasting and self.nth != 1:
            raise ValueError("a lasting fault strikes every call: nth must be 1")
        return self


class Kill(StrictModel):
    """F7 generalised: the app process (or an extension's) dies at the `nth` call of `call` it
    makes during the next world step — `before` the call (it never happens) or `after` it (a
    write lands, the server processes the request; the answer is lost). Memory is lost as with
    `terminate`. A kill the next step never reaches is dropped."""

    event: Literal["kill"]
    call: KillCall
    when: Literal["before", "after"] = "before"
    nth: int = Field(default=1, ge=1, le=1000)


Meanwhile = Literal["suspend", "lock", "extension_wake", "kill"]


class DuringNextRefresh(StrictModel):
    """Arm an interleaving *inside* the app's next re-authentication (any request but a typed
    sign-in): something happens while the request is in flight. `reached_server`: whether the
    request had reached the server (which then processed it — with rotation, the token presented
    is now the predecessor) before it happened.

    - `suspend`: the app is suspended (its background budget ends, or the user leaves it) before
      the answer arrives; iOS cancels the URL task: the app is answered `cancelled` (-999).
    - `lock`: the device locks while the request is in flight and stays locked past the class-key
      grace; the answer arrives on a locked device (a rotated token must be stored then).
    - `extension_wake`: an app extension runs start to end meanwhile, on the same item.
    - `kill`: the process dies before any answer is stored.

    Armed events strike one re-authentication each, in order."""

    event: Literal["during_next_refresh"]
    meanwhile: Meanwhile
    reached_server: StrictBool = True


class ResourceUnauthorized(StrictModel):
    """The resource server (the API the app's work calls, not the token endpoint) answers the
    app's next call with 401: a token it revoked on its side, a key it rotated, a dependency that
    refused. It says nothing about the stored refresh token."""

    event: Literal["resource_unauthorized"]


class AppUpdate(StrictModel):
    """A new app version is installed: the process dies (memory lost; the keychain, app storage
    and snapshot survive). `protection`: the class the new version stores with (the old one is
    an earlier class from now on). `new_team`: the new version is signed by another team (an app
    transfer): on iOS its keychain access group changes and the old item becomes invisible
    (-25300). `relaunch`: iOS often launches an updated app at once — in the background, or
    prewarmed (as before the first unlock until the user unlocks); `none` waits for the user."""

    event: Literal["app_update"]
    relaunch: Literal["none", "background", "prewarm"] = "none"
    protection: ProtectionClass | None = None
    new_team: StrictBool = False


class RestoreToNewDevice(StrictModel):
    """The user moves to a new phone restored from the old one's backup; the app process dies
    and the new phone boots (before first unlock). iOS: `ThisDeviceOnly` keychain items are not
    migrated, the other items and the app's storage are. Android: app storage is restored but the
    Keystore key is not, so the restored item fails its tag check (`AEADBadTagException`)."""

    event: Literal["restore_to_new_device"]


class ClearFaults(StrictModel):
    """Every lasting fault stops (the OS recovered, the app was updated)."""

    event: Literal["clear_faults"]


class ExtensionWake(StrictModel):
    """F8: an app extension (notification service, widget) wakes with work that needs the
    server — on iOS often for a push while the phone is locked. It runs the app's own logic in
    its own short-lived process: its own memory and snapshot, but the *same* keychain item and
    shared app-group storage as the app. It ends before the next event."""

    event: Literal["extension_wake"]


WorldEvent = Annotated[
    Boot | Unlock | Lock | Launch | Terminate | Foreground | Background | BackgroundFetch | Login
    | Logout | Advance | WallClockJump | Server | Network | RemovePasscode | InvalidateKeys
    | KillDuringNextRefresh | SiblingRacesNextRefresh | ExtensionWake | Fault | Kill
    | ClearFaults | DuringNextRefresh | ResourceUnauthorized | AppUpdate | RestoreToNewDevice
    | RevocationHint | LogoutElsewhere,
    Field(discriminator="event"),
]  # fmt: skip
