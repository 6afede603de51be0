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
    event: Literal["logout"]


class Advance(_Strict):
    """Time passes: monotonic and wall clocks, device timers, the app's own timers."""

    event: Literal["advance"]
    seconds: float = Field(ge=0, le=10 * 365 * 86_400)


class WallClockJump(_Strict):
    """The user (or NTP) changes the date: only the wall clock moves."""

    event: Literal["wall_clock_jump"]
    seconds: float = Field(ge=-100 * 365 * 86_400, le=100 * 365 * 86_400)


class Server(_Strict):
    event: Literal["server"]
    mode: Literal["ok", "reject", "down"]


class Network(_Strict):
    event: Literal["network"]
    online: StrictBool


class RemovePasscode(_Strict):
    """iOS: `WhenPasscodeSetThisDeviceOnly` items die; Android: lock screen removed, auth-bound
    Keystore keys are permanently invalidated."""

    event: Literal["remove_passcode"]


class InvalidateKeys(_Strict):
    """Android: new biometrics enrolled — keys created with invalidation-on-enrollment die."""

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
#: request to the server; the last four are callbacks into the app's code or the OS.
FaultCall = Literal[
    "keychain.read",
    "keychain.store",
    "keychain.delete",
    "authenticator",
    "protected_data",
    "clock",
    "work_handler",
    "on_notify",
]
#: Calls that have a failure *answer* (`Failed`, `Transient`); the rest can only raise.
ANSWERING_CALLS: frozenset[str] = frozenset(
    {"keychain.read", "keychain.store", "keychain.delete", "authenticator"}
)
KillCall = Literal["keychain.read", "keychain.store", "keychain.delete", "authenticator"]


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
    | ClearFaults,
    Field(discriminator="event"),
]  # fmt: skip


# The scenario ---------------------------------------------------------------------------------


class DeviceSpec(_Strict):
    passcode: StrictBool = True
    phase: Literal["before_first_unlock", "locked", "unlocked"] = "unlocked"


class ServerSpec(_Strict):
    mode: Literal["ok", "reject", "down"] = "ok"
    token_lifetime: float = Field(default=3600, gt=0, le=365 * 86_400)
    #: Issue a new refresh token on every accepted request, invalidate the one presented, and
    #: revoke the whole token family on reuse of an older one (reuse detection).
    rotating: StrictBool = False


class PreexistingCredentials(_Strict):
    """Credentials an earlier app version stored (e.g. with another protection class)."""

    user: str = Field(min_length=1)
    password: SecretStr
    protection: ProtectionClass = ProtectionClass.WHEN_UNLOCKED


class Quirks(_Strict):
    #: Field reports: `SecItemCopyMatching` answering -25300 instead of -25308 while locked
    #: (iOS; the memory platform's keychain has the same switch, Android has no such report).
    not_found_while_locked: StrictBool = False


class Scenario(_Strict):
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
    #: The app behaviour this scenario was written or found for (`authsession explore` records
    #: it in every counterexample); `replay --policy` overrides it. Names are checked by the
    #: world (`authsession.world.POLICIES`), which this module must not import.
    policy: str | None = Field(default=None, min_length=1)
    steps: list[WorldEvent] = Field(max_length=100_000)

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @property
    def protection_class(self) -> ProtectionClass:
        return self.protection or DEFAULT_PROTECTION[self.platform]

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        protection = self.protection_class
        allowed = {"ios": IOS_CLASSES, "android": ANDROID_CLASSES}.get(self.platform)
        if allowed is not None and protection not in allowed:
            raise ValueError(
                f"protection {protection.value!r} is not a {self.platform} protection class"
            )
        if protection in INSECURE_PROTECTION and not self.allow_insecure_protection:
            raise ValueError(
                f"protection {protection.value!r} keeps credentials readable before the first "
                "unlock; refused unless allow_insecure_protection is true"
            )
        return self


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
        # The only whole-scenario check is the protection class's coherence.
        return "protection: " + str(first["msg"]).removeprefix("Value error, ")
    return described


@functools.cache
def _known_names() -> frozenset[str]:
    return schema_names(scenario_json_schema())


def parse_scenario(data: object, source: str) -> Scenario:
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
