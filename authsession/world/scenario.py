"""The scenario contract `authsession.scenario/1`: a device, a server, and a list of world events.

Owns: the pydantic models of a scenario file (its world events are `scenario_events.py`'s,
re-exported here so `scenario.Login` names them), their JSON Schema
(`authsession replay --schema`), and `load_scenario`, which turns any problem into one line naming
the file, the step index and the field. Secrets in a scenario (passwords) are `SecretStr` and
never printed. Must not import the world, runtime or CLI.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import (
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
from authsession.world.scenario_events import ANSWERING_CALLS as ANSWERING_CALLS
from authsession.world.scenario_events import Advance as Advance
from authsession.world.scenario_events import AppUpdate as AppUpdate
from authsession.world.scenario_events import Background as Background
from authsession.world.scenario_events import BackgroundFetch as BackgroundFetch
from authsession.world.scenario_events import Boot as Boot
from authsession.world.scenario_events import ClearFaults as ClearFaults
from authsession.world.scenario_events import DuringNextRefresh as DuringNextRefresh
from authsession.world.scenario_events import ExtensionWake as ExtensionWake
from authsession.world.scenario_events import Fault as Fault
from authsession.world.scenario_events import FaultCall as FaultCall
from authsession.world.scenario_events import Foreground as Foreground
from authsession.world.scenario_events import InvalidateKeys as InvalidateKeys
from authsession.world.scenario_events import Kill as Kill
from authsession.world.scenario_events import KillCall as KillCall
from authsession.world.scenario_events import KillDuringNextRefresh as KillDuringNextRefresh
from authsession.world.scenario_events import Launch as Launch
from authsession.world.scenario_events import Lock as Lock
from authsession.world.scenario_events import Login as Login
from authsession.world.scenario_events import Logout as Logout
from authsession.world.scenario_events import LogoutElsewhere as LogoutElsewhere
from authsession.world.scenario_events import Meanwhile as Meanwhile
from authsession.world.scenario_events import Network as Network
from authsession.world.scenario_events import RemovePasscode as RemovePasscode
from authsession.world.scenario_events import ResourceUnauthorized as ResourceUnauthorized
from authsession.world.scenario_events import RestoreToNewDevice as RestoreToNewDevice
from authsession.world.scenario_events import RevocationHint as RevocationHint
from authsession.world.scenario_events import Server as Server
from authsession.world.scenario_events import ServerMode as ServerMode
from authsession.world.scenario_events import SiblingRacesNextRefresh as SiblingRacesNextRefresh
from authsession.world.scenario_events import StrictModel
from authsession.world.scenario_events import Terminate as Terminate
from authsession.world.scenario_events import Unlock as Unlock
from authsession.world.scenario_events import WallClockJump as WallClockJump
from authsession.world.scenario_events import WorldEvent as WorldEvent

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


# The scenario ---------------------------------------------------------------------------------


class DeviceSpec(StrictModel):
    passcode: StrictBool = True
    phase: Literal["before_first_unlock", "locked", "unlocked"] = "unlocked"
    #: Seconds the device's wall clock is ahead of true time (negative: behind) from the start:
    #: a user-set date, a dead clock battery, a wrong time zone set as the time. The server's
    #: clock is true time; the monotonic clock is unaffected.
    clock_skew: float = Field(default=0.0, ge=-10 * 365 * 86_400, le=10 * 365 * 86_400)


class ServerSpec(StrictModel):
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


class PreexistingCredentials(StrictModel):
    """Credentials an earlier app version stored (e.g. with another protection class)."""

    user: str = Field(min_length=1)
    password: SecretStr
    #: Default: `when_unlocked` (iOS, memory), `credential_encrypted` (Android) — each platform's
    #: ordinary class, filled in by the scenario, which knows the platform.
    protection: ProtectionClass = ProtectionClass.WHEN_UNLOCKED


class Quirks(StrictModel):
    #: Field reports: `SecItemCopyMatching` answering -25300 instead of -25308 while locked
    #: (iOS; the memory platform's keychain has the same switch, Android has no such report).
    not_found_while_locked: StrictBool = False


class Scenario(StrictModel):
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
