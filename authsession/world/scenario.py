"""The scenario contract `authsession.scenario/1`: a device, a server, and a list of world events.

Owns: the pydantic models of a scenario file and of each world event, their JSON Schema
(`authsession replay --schema`), and `load_scenario`, which turns any problem into one line naming
the file, the step index and the field. Secrets in a scenario (passwords) are `SecretStr` and
never printed. Must not import the world, runtime or CLI.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    StrictBool,
    ValidationError,
    model_validator,
)

from authsession.adapters.keychain import INSECURE_PROTECTION, ProtectionClass
from authsession.errors import (
    InvalidInputError,
    describe_validation_error,
    error_path,
    schema_names,
)
from authsession.inputs import read_json

SCENARIO_SCHEMA = "authsession.scenario/1"

IOS_CLASSES = frozenset(
    {
        ProtectionClass.WHEN_UNLOCKED,
        ProtectionClass.WHEN_UNLOCKED_THIS_DEVICE_ONLY,
        ProtectionClass.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY,
        ProtectionClass.AFTER_FIRST_UNLOCK,
        ProtectionClass.AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY,
        ProtectionClass.ALWAYS,
        ProtectionClass.ALWAYS_THIS_DEVICE_ONLY,
    }
)
ANDROID_CLASSES = frozenset(
    {ProtectionClass.CREDENTIAL_ENCRYPTED, ProtectionClass.DEVICE_ENCRYPTED}
)
#: Each platform's classes, in the enum's order (the memory device tells only locked from not).
PLATFORM_CLASSES: dict[str, tuple[ProtectionClass, ...]] = {
    "ios": tuple(c for c in ProtectionClass if c in IOS_CLASSES),
    "android": tuple(c for c in ProtectionClass if c in ANDROID_CLASSES),
    "memory": (ProtectionClass.WHEN_UNLOCKED,),
}
DEFAULT_PROTECTION = {
    "ios": ProtectionClass.WHEN_UNLOCKED,
    "android": ProtectionClass.CREDENTIAL_ENCRYPTED,
    "memory": ProtectionClass.WHEN_UNLOCKED,
}


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# World events ---------------------------------------------------------------------------------


class Boot(_Strict):
    """The device restarts: the app process dies; class keys are gone until the first unlock."""

    event: Literal["boot"]


class Unlock(_Strict):
    event: Literal["unlock"]


class Lock(_Strict):
    event: Literal["lock"]


class Launch(_Strict):
    """The OS starts the app process (no-op if it is running)."""

    event: Literal["launch"]
    mode: Literal["foreground", "background", "prewarm"] = "foreground"


class Terminate(_Strict):
    """The OS kills the app: memory is lost, app storage (non-secret) survives."""

    event: Literal["terminate"]


class Foreground(_Strict):
    event: Literal["foreground"]


class Background(_Strict):
    event: Literal["background"]


class BackgroundFetch(_Strict):
    """iOS wakes the app (launching it if needed) to fetch; the work needs the server."""

    event: Literal["background_fetch"]


class Login(_Strict):
    event: Literal["login"]
    # The session keeps the account id in its snapshot, which holds at most 1,000 characters
    # (`SessionSnapshot.account`); a longer one is refused here, as bad input.
    user: str = Field(min_length=1, max_length=1000)
    password: SecretStr


class Logout(_Strict):
    """The user signs out: `local` (this session), `global` (every session of the user), or
    `others` (every other session: this one stays)."""

    event: Literal["logout"]
    scope: Literal["local", "global", "others"] = "local"


class RevocationHint(_Strict):
    """The app's backend sends a silent push: "your session may have been revoked" (after a
    sign-out elsewhere, an administrator's action — or by mistake). It wakes the app (launching
    it in the background if needed) and proves nothing."""

    event: Literal["revocation_hint"]


class LogoutElsewhere(_Strict):
    """The user signs out on their other device: `local` ends that device's session only,
    `global` every session of the user (this device's too), `others` every session but that
    device's (this device's too). The server ends them; nothing tells this device (a
    `revocation_hint` may)."""

    event: Literal["logout_elsewhere"]
    scope: Literal["local", "global", "others"] = "global"


class Advance(_Strict):
    """Time passes: monotonic and wall clocks, device timers, the app's own timers."""

    event: Literal["advance"]
    seconds: float = Field(ge=0, le=10 * 365 * 86_400)


class WallClockJump(_Strict):
    """The user (or NTP) changes the date: only the wall clock moves."""

    event: Literal["wall_clock_jump"]
    seconds: float = Field(ge=-100 * 365 * 86_400, le=100 * 365 * 86_400)


#: `ok`, `reject` (every request definitively rejected), `down` (503), `rate_limited` (429 with a
#: `Retry-After` of `server.retry_after` seconds), `captive_portal` (a 200 whose body is a login
#: page, not a token reply: a hotel or airport network answering for the server).
ServerMode = Literal["ok", "reject", "down", "rate_limited", "captive_portal"]


class Server(_Strict):
    event: Literal["server"]
    mode: ServerMode


class Network(_Strict):
    event: Literal["network"]
    online: StrictBool


class RemovePasscode(_Strict):
    """iOS: `WhenPasscodeSetThisDeviceOnly` items die; Android: lock screen removed, auth-bound
    Keystore keys are permanently invalidated."""

    event: Literal["remove_passcode"]


class InvalidateKeys(_Strict):
    """New biometrics enrolled. Android: keys created with invalidation-on-enrollment die. iOS:
    an item whose access control is `biometry_current_set` can never be read again (items without
    access control, or with `user_presence`, are unaffected)."""

    event: Literal["invalidate_keys"]


class KillDuringNextRefresh(_Strict):
    """F7: arm a kill. The next time the app refreshes with a refresh token and the server
    answers with a rotated one, the process dies at the app's first keychain write after that
    answer (the write lands), or at the end of the step if it writes nothing."""

    event: Literal["kill_during_next_refresh"]


class SiblingRacesNextRefresh(_Strict):
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


class Fault(_Strict):
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


class Kill(_Strict):
    """F7 generalised: the app process (or an extension's) dies at the `nth` call of `call` it
    makes during the next world step — `before` the call (it never happens) or `after` it (a
    write lands, the server processes the request; the answer is lost). Memory is lost as with
    `terminate`. A kill the next step never reaches is dropped."""

    event: Literal["kill"]
    call: KillCall
    when: Literal["before", "after"] = "before"
    nth: int = Field(default=1, ge=1, le=1000)


Meanwhile = Literal["suspend", "lock", "extension_wake", "kill"]


class DuringNextRefresh(_Strict):
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


class ResourceUnauthorized(_Strict):
    """The resource server (the API the app's work calls, not the token endpoint) answers the
    app's next call with 401: a token it revoked on its side, a key it rotated, a dependency that
    refused. It says nothing about the stored refresh token."""

    event: Literal["resource_unauthorized"]


class AppUpdate(_Strict):
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


class RestoreToNewDevice(_Strict):
    """The user moves to a new phone restored from the old one's backup; the app process dies
    and the new phone boots (before first unlock). iOS: `ThisDeviceOnly` keychain items are not
    migrated, the other items and the app's storage are. Android: app storage is restored but the
    Keystore key is not, so the restored item fails its tag check (`AEADBadTagException`)."""

    event: Literal["restore_to_new_device"]


class ClearFaults(_Strict):
    """Every lasting fault stops (the OS recovered, the app was updated)."""

    event: Literal["clear_faults"]


class ExtensionWake(_Strict):
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


# The scenario ---------------------------------------------------------------------------------


class DeviceSpec(_Strict):
    passcode: StrictBool = True
    phase: Literal["before_first_unlock", "locked", "unlocked"] = "unlocked"
    #: Seconds the device's wall clock is ahead of true time (negative: behind) from the start:
    #: a user-set date, a dead clock battery, a wrong time zone set as the time. The server's
    #: clock is true time; the monotonic clock is unaffected.
    clock_skew: float = Field(default=0.0, ge=-10 * 365 * 86_400, le=10 * 365 * 86_400)


class ServerSpec(_Strict):
    mode: ServerMode = "ok"
    token_lifetime: float = Field(default=3600, gt=0, le=365 * 86_400)
    #: Issue a new refresh token on every accepted request, invalidate the one presented, and
    #: revoke the whole token family on reuse of an older one (reuse detection).
    rotating: StrictBool = False
    #: Seconds after a rotation during which presenting the predecessor is answered with the live
    #: successor instead of `invalid_grant` (a reuse interval: Auth0, Okta, Supabase have one).
    reuse_grace: float = Field(default=0.0, ge=0, le=86_400)
    #: Revoke the whole family when a rotated-away token is presented (outside the grace), the
    #: immediate predecessor included: what Auth0, Okta and others do. Without it a predecessor
    #: is answered `invalid_grant` ("already rotated") and only an older token revokes.
    reuse_detection: StrictBool = False
    #: The answer also states the token's expiry as an absolute time on the server's clock
    #: (`expires_at`), beside `expires_in`.
    expires_at: StrictBool = False
    #: Seconds each request of the app takes, there and back (the server processes it halfway).
    #: A background app whose budget ends before the answer arrives is answered `cancelled`.
    latency: float = Field(default=0.0, ge=0, le=60)
    #: The `Retry-After` of a `rate_limited` server's 429, seconds.
    retry_after: float = Field(default=60.0, ge=0, le=86_400)


class PreexistingCredentials(_Strict):
    """Credentials an earlier app version stored (e.g. with another protection class)."""

    user: str = Field(min_length=1)
    password: SecretStr
    #: Default: `when_unlocked` (iOS, memory), `credential_encrypted` (Android) — each platform's
    #: ordinary class, filled in by the scenario, which knows the platform.
    protection: ProtectionClass = ProtectionClass.WHEN_UNLOCKED


class Quirks(_Strict):
    #: Field reports: `SecItemCopyMatching` answering -25300 instead of -25308 while locked
    #: (iOS; the memory platform's keychain has the same switch, Android has no such report).
    not_found_while_locked: StrictBool = False


class Scenario(_Strict):
    """An `authsession.scenario/1` document: a device, a server, an app's configuration and the
    world events to feed it."""

    schema_: Literal["authsession.scenario/1"] = Field(alias="schema")
    name: str = Field(min_length=1)
    description: str = ""
    device: DeviceSpec = DeviceSpec()
    platform: Literal["ios", "android", "memory"] = "ios"
    protection: ProtectionClass | None = None
    allow_insecure_protection: StrictBool = False
    server: ServerSpec = ServerSpec()
    quirks: Quirks = Quirks()
    preexisting_credentials: PreexistingCredentials | None = None
    #: Where the credentials live: a keychain item (`keychain`), or `envelope` — a random key in
    #: the keychain (configured class) and the credentials encrypted with it in a file of the
    #: app's storage (an encrypted database, Salesforce's account files).
    credential_storage: Literal["keychain", "envelope"] = "keychain"
    #: iOS access control on the keychain item: `user_presence` (reading it shows a biometric or
    #: passcode prompt: impossible while the app is not in the foreground) or
    #: `biometry_current_set` (as `user_presence`, and a new biometric enrollment makes it
    #: unreadable for good).
    access_control: Literal["none", "user_presence", "biometry_current_set"] = "none"
    #: The app behaviour this scenario was written or found for (`authsession explore` records
    #: it in every counterexample); `replay --policy` overrides it. Names are checked by the
    #: world (`authsession.world.POLICIES`), which this module must not import.
    policy: str | None = Field(default=None, min_length=1)
    #: The naive policy this scenario reproduces a real bug of: it fails there, the reference
    #: survives (`replay --compare` shows the two side by side).
    defeats: str | None = Field(default=None, min_length=1)
    #: The public issues and pull requests the scenario reproduces (facts only: URLs).
    sources: list[Annotated[str, Field(min_length=1, max_length=300)]] = Field(
        default_factory=list, max_length=10
    )
    steps: list[WorldEvent] = Field(max_length=100_000)

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @property
    def protection_class(self) -> ProtectionClass:
        return self.protection or DEFAULT_PROTECTION[self.platform]

    @model_validator(mode="before")
    @classmethod
    def _earlier_class_by_platform(cls, data: Any) -> Any:
        # An earlier version's item without a stated class was stored under the platform's
        # ordinary one; `when_unlocked` does not exist on Android.
        if isinstance(data, dict):
            pre = data.get("preexisting_credentials")
            if (
                isinstance(pre, dict)
                and "protection" not in pre
                and data.get("platform") == "android"
            ):
                data = {
                    **data,
                    "preexisting_credentials": {**pre, "protection": "credential_encrypted"},
                }
        return data

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        protection = self.protection_class
        allowed = {"ios": IOS_CLASSES, "android": ANDROID_CLASSES}.get(self.platform)
        for chosen in (protection, *self._updated_protections()):
            if allowed is not None and chosen not in allowed:
                raise ValueError(
                    f"protection {chosen.value!r} is not a {self.platform} protection class"
                )
            if chosen in INSECURE_PROTECTION and not self.allow_insecure_protection:
                raise ValueError(
                    f"protection {chosen.value!r} keeps credentials readable before the first "
                    "unlock; refused unless allow_insecure_protection is true"
                )
        pre = self.preexisting_credentials
        if allowed is not None and pre is not None and pre.protection not in allowed:
            raise ValueError(
                f"preexisting_credentials.protection: {pre.protection.value!r} is not a protection "
                f"class on {self.platform}"
            )
        if self.access_control != "none" and not (self.platform == "ios" and self.device.passcode):
            # Access control needs a passcode (and biometrics need one to be enrolled at all).
            raise ValueError("access_control: needs platform ios and a device passcode")
        return self

    def _updated_protections(self) -> list[ProtectionClass]:
        return [e.protection for e in self.steps if isinstance(e, AppUpdate) and e.protection]


def scenario_json_schema() -> dict[str, Any]:
    return Scenario.model_json_schema(by_alias=True)


def _where(error: ValidationError) -> str:
    first = error.errors(include_url=False, include_input=False)[0]
    loc = list(error_path(error))  # an unknown key's own name is never shown
    described = describe_validation_error(error, known=_known_names())
    if len(loc) >= 2 and loc[0] == "steps" and isinstance(loc[1], int):
        # pydantic puts the union tag in the path (steps.3.advance.seconds); drop it.
        rest = [str(p) for p in loc[3:]] if len(loc) > 2 else []
        field = ".".join(rest) or "event"
        problem = described.split(": ", 1)[1]
        return f"step {loc[1]}: {field}: " + problem.removeprefix("Value error, ")
    if not first["loc"]:
        # Whole-scenario checks: the classes' coherence with the platform (and access control's
        # with the device); a message that names its own field keeps it.
        message = str(first["msg"]).removeprefix("Value error, ")
        if message.startswith(("preexisting_credentials.", "access_control:")):
            return message
        return "protection: " + message
    return described


@functools.cache
def _known_names() -> frozenset[str]:
    return schema_names(scenario_json_schema())


def parse_scenario(data: object, source: str) -> Scenario:
    """Validate a scenario document; `source` names it in the one-line error a bad one raises."""

    try:
        return Scenario.model_validate(data)
    except ValidationError as err:
        raise InvalidInputError(source, _where(err)) from None


def load_scenario(path: Path) -> Scenario:
    """Read and validate a scenario file; every problem is one `InvalidInputError` line."""
    document = read_json(path)  # bounded, UTF-8, JSON depth and number limits
    try:
        return Scenario.model_validate(document.value)
    except ValidationError as err:
        raise document.invalid(err, _where(err)) from None
