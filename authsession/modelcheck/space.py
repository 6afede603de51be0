"""The model checker's search space: initial configurations, faults, the events a search takes.

Owns: `Family` (what a device and server are for a whole search: protection class, passcode,
an item an earlier app version stored, the -25300 quirk, a rotating server, a reuse grace,
envelope storage, iOS access control) and `Root` (a family and the device's initial phase),
`Space` (which families, which faults, which durations, which world events) and the names of
every fault the checker can inject (`FAULTS`) and of every alphabet event (`event_names`: what
`--events` aims a search at and the report counts), the bounds that keep the space finite
(`BOUNDS`), and the counterexample document (`authsession.scenario/1`, with the policy and every
option it needs). The events themselves, and their labels, are `alphabet.py`'s.
See docs/world.md, "Model checker". Must not import the CLI.
"""

from __future__ import annotations

import fnmatch
import functools
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal

from authsession.adapters.keychain import INSECURE_PROTECTION, ProtectionClass
from authsession.modelcheck.alphabet import PASSWORD, USER, label, world_alphabet
from authsession.world import scenario as sc
from authsession.world.faults import EFFECTS, Effect

Platform = Literal["ios", "android", "memory"]
AccessControlName = Literal["none", "user_presence", "biometry_current_set"]
Phase = Literal["before_first_unlock", "locked", "unlocked"]
P = ProtectionClass

PHASES: Final[tuple[Phase, ...]] = ("before_first_unlock", "locked", "unlocked")
#: Every protection class the app can be configured with, per platform.
CLASSES: Final = sc.PLATFORM_CLASSES

#: iOS classes that behave exactly as another except when a backup is restored to a new phone
#: (`restore_to_new_device` drops ThisDeviceOnly items). The default space explores each pair once
#: — a bound: a restore is explored on the twin that survives it (a test checks the pair explores
#: identically without restores); name a twin to explore its restore.
TWINS: Final[dict[ProtectionClass, ProtectionClass]] = {
    P.WHEN_UNLOCKED_THIS_DEVICE_ONLY: P.WHEN_UNLOCKED,
    P.AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY: P.AFTER_FIRST_UNLOCK,
    P.ALWAYS_THIS_DEVICE_ONLY: P.ALWAYS,
}

#: Lasting faults: every call fails until `clear_faults` (the authenticator's lasting failure is
#: the server's `down` mode, already in the alphabet).
LASTING_CALLS: Final = ("keychain.read", "keychain.store", "keychain.delete")
#: Interleavings inside the app's next re-authentication (`during_next_refresh`), by fault name:
#: (meanwhile, reached_server). A kill in flight is `authenticator:kill_before|kill_after`.
DURING: Final[dict[str, tuple[sc.Meanwhile, bool]]] = {
    "during:suspend": ("suspend", True),
    "during:suspend-before-server": ("suspend", False),
    "during:lock": ("lock", True),
    "during:extension_wake": ("extension_wake", True),
    "during:extension_wake-before-server": ("extension_wake", False),
}
#: Every fault the checker knows, by name: `<call>:<effect>` is one injection at one call of a
#: step (the checker tries it at *each* such call the step makes), `<call>:lasting` a lasting
#: failure, `sibling` one more sibling rotation racing the app's next refresh, `during:...` an
#: interleaving armed for the app's next re-authentication.
FAULTS: Final[tuple[str, ...]] = (
    *(f"{call}:{effect}" for call, effects in EFFECTS.items() for effect in effects),
    *(f"{call}:lasting" for call in LASTING_CALLS),
    "sibling",
    *DURING,
)
#: The reuse grace of a family's server with `grace` on (seconds).
GRACE_SECONDS: Final = 60.0

#: What keeps the space finite, as `explore` reports it.
BOUNDS: Final = (
    "iOS ThisDeviceOnly classes explored through their twins unless named (they differ only "
    "when restore_to_new_device drops them)",
    "requests take no time (latency is a scenario option); interleavings inside a refresh are "
    "the during:* faults",
    "app_update keeps the configured class and team unless --update-variants (class changes are "
    "families: --protection/--earlier)",
    "a fault budget per path (default 1): injected faults, kills and lasting faults on it",
    "one injected fault or kill per world step (at any one of the calls that step makes)",
    "at most one lasting fault at a time",
    "at most two sibling rotations armed at a time (each strikes one refresh request; --siblings)",
    "advance 15 s / 1 h / 2 h, wall-clock jumps of +-2 days",
    "counts (queued work, retry attempts, deferred requests) capped at 'some'",
    "a sign-out of every session (logout scope global) explored through the local one: the app "
    "makes the same calls, only the revocation request's scope differs",
)


def select_faults(patterns: Iterable[str]) -> frozenset[str]:
    """Fault names matching any of `patterns` (`fnmatch`: `*`, `keychain.*:fail`, `*:kill_*`;
    `all` and `none` too). Raises ValueError naming a pattern that matches nothing."""
    chosen: set[str] = set()
    for pattern in patterns:
        pattern = pattern.strip()
        if pattern in ("", "none"):
            continue
        matched = fnmatch.filter(FAULTS, "*" if pattern == "all" else pattern)
        if not matched:
            raise ValueError(f"{pattern!r} matches no fault (known: {', '.join(FAULTS)})")
        chosen.update(matched)
    return frozenset(chosen)


@dataclass(frozen=True)
class Family:
    """What stays fixed during a search from its roots: the device's passcode, the app's
    configured class, an item an earlier version stored (and under which class), the F2 quirk
    and whether the server rotates refresh tokens."""

    passcode: bool = True
    protection: ProtectionClass | None = None
    preexisting: ProtectionClass | None = None
    quirk: bool = False
    rotating: bool = False
    #: The server honours a rotated-away token for `GRACE_SECONDS` (only with `rotating`).
    grace: bool = False
    #: `credential_storage: envelope` (a key item and a sealed file).
    envelope: bool = False
    #: iOS access control on the item (`none`, `user_presence`, `biometry_current_set`).
    access_control: AccessControlName = "none"
    #: The server revokes the family when a rotated-away token is presented (with `rotating`).
    reuse: bool = False

    def name(self, platform: Platform) -> str:
        parts = [platform, "passcode" if self.passcode else "no-passcode"]
        if self.protection is not None:
            parts.append(self.protection.value)
        if self.preexisting is not None:
            parts.append(f"earlier-{self.preexisting.value}")
        if self.quirk:
            parts.append("not-found-while-locked")
        if self.rotating:
            parts.append("rotating")
        if self.grace:
            parts.append("grace")
        if self.envelope:
            parts.append("envelope")
        if self.access_control != "none":
            parts.append(self.access_control.replace("_", "-"))
        if self.reuse:
            parts.append("reuse-detection")
        return "-".join(parts)


@dataclass(frozen=True)
class Root:
    """An initial configuration: a family and the device's phase."""

    passcode: bool
    phase: Phase
    protection: ProtectionClass | None = None
    preexisting: ProtectionClass | None = None
    quirk: bool = False
    rotating: bool = False
    grace: bool = False
    envelope: bool = False
    access_control: AccessControlName = "none"
    reuse: bool = False

    @property
    def family(self) -> Family:
        return Family(self.passcode, self.protection, self.preexisting, self.quirk, self.rotating,
                      self.grace, self.envelope, self.access_control, self.reuse)  # fmt: skip

    def scenario(
        self, platform: Platform, steps: Iterable[sc.WorldEvent] = (), policy: str | None = None
    ) -> sc.Scenario:
        return sc.parse_scenario(self.document(platform, steps, policy), "explore")

    def document(
        self, platform: Platform, steps: Iterable[sc.WorldEvent], policy: str | None = None
    ) -> dict[str, Any]:
        """A replayable `authsession.scenario/1` document: every option the root needs is in it,
        so `authsession replay FILE --check` reproduces it without flags."""
        doc: dict[str, Any] = {
            "schema": sc.SCENARIO_SCHEMA,
            "name": f"explore-{self.family.name(platform)}-{self.phase}",
            "description": "found by `authsession explore`",
        }
        if policy is not None:
            doc["policy"] = policy
        doc["platform"] = platform
        doc["device"] = {"passcode": self.passcode, "phase": self.phase}
        if self.protection is not None:
            doc["protection"] = self.protection.value
            if self.protection in INSECURE_PROTECTION:
                doc["allow_insecure_protection"] = True
        if self.quirk:
            doc["quirks"] = {"not_found_while_locked": True}
        if self.preexisting is not None:
            doc["preexisting_credentials"] = {
                "user": USER,
                "password": PASSWORD,
                "protection": self.preexisting.value,
            }
        if self.rotating:
            doc["server"] = {"rotating": True}
            if self.grace:
                doc["server"]["reuse_grace"] = GRACE_SECONDS
            if self.reuse:
                doc["server"]["reuse_detection"] = True
        if self.envelope:
            doc["credential_storage"] = "envelope"
        if self.access_control != "none":
            doc["access_control"] = self.access_control
        doc["steps"] = [step_json(e) for e in steps]
        return doc


def step_json(event: sc.WorldEvent) -> dict[str, Any]:
    data: dict[str, Any] = event.model_dump(mode="json")
    if isinstance(event, sc.Login):
        data["password"] = event.password.get_secret_value()  # replayable on purpose (see USER)
    return data


def _seedable(platform: Platform, family: Family) -> bool:
    """An earlier version could have stored its item (WhenPasscodeSet needs a passcode), and the
    family is one a scenario can state (a grace needs a rotating server; access control needs
    iOS and a passcode)."""
    if (family.grace or family.reuse) and not family.rotating:
        return False
    if family.access_control != "none" and not (platform == "ios" and family.passcode):
        return False
    return family.preexisting is not P.WHEN_PASSCODE_SET_THIS_DEVICE_ONLY or family.passcode


@dataclass(frozen=True)
class Space:
    """Which part of a platform's world a search covers. Each tuple lists the values a
    dimension takes; `None` in `protections` is the platform default, in `preexisting` "no item
    stored by an earlier version"."""

    platform: Platform
    protections: tuple[ProtectionClass | None, ...]
    preexisting: tuple[ProtectionClass | None, ...]
    passcodes: tuple[bool, ...] = (True, False)
    phases: tuple[Phase, ...] = PHASES
    quirks: tuple[bool, ...] = (False,)
    rotating: tuple[bool, ...] = (False, True)
    faults: frozenset[str] = field(default_factory=lambda: frozenset(FAULTS))
    extension: bool = False
    #: Injected faults, kills and lasting faults on one path (sibling races are not counted).
    fault_budget: int = 1
    #: Sibling rotations armed at one time (each strikes one refresh request).
    siblings: int = 2
    grace: tuple[bool, ...] = (False,)
    envelope: tuple[bool, ...] = (False,)
    access_control: tuple[AccessControlName, ...] = ("none",)
    #: The server revokes the family on reuse of a rotated-away token (rotating families only).
    reuse: tuple[bool, ...] = (False,)
    #: `app_update` with a new signing team (iOS) in the alphabet too.
    update_variants: bool = False
    #: `restore_to_new_device` in the alphabet (iOS, Android).
    restore: bool = True
    #: The world events the search applies, by `label` or by event name (None: every one) — to
    #: aim a search at a few events, e.g. a naive policy's bug on the reality events.
    events: frozenset[str] | None = None

    def families(self) -> tuple[Family, ...]:
        out = []
        for passcode, protection, pre, quirk, rotating, grace, envelope, control, reuse in (
            itertools.product(self.passcodes, self.protections, self.preexisting, self.quirks,
                              self.rotating, self.grace, self.envelope, self.access_control,
                              self.reuse)
        ):  # fmt: skip
            family = Family(passcode, protection, pre, quirk, rotating, grace, envelope, control,
                            reuse)  # fmt: skip
            if pre is not None and pre == (protection or sc.DEFAULT_PROTECTION[self.platform]):
                continue  # an item under the configured class is no earlier version's
            if _seedable(self.platform, family):
                out.append(family)
        return tuple(out)

    def roots(self, family: Family) -> tuple[Root, ...]:
        return tuple(
            Root(family.passcode, phase, family.protection, family.preexisting, family.quirk,
                 family.rotating, family.grace, family.envelope, family.access_control,
                 family.reuse)
            for phase in self.phases
        )  # fmt: skip

    def alphabet(self, family: Family) -> tuple[sc.WorldEvent, ...]:
        """Every world event the search applies in every configuration of `family` (a few are
        enabled only in some configurations: see `enabled`). Injected faults are not here: they
        arm a step of these, at the calls that step makes."""
        world = world_alphabet(
            self.platform,
            extension=self.extension,
            update_variants=self.update_variants,
            restore=self.restore,
        )
        faults = tuple(self._fault_events(family))
        if self.events is not None:
            world = tuple(e for e in world if e.event in self.events or label(e) in self.events)
            # What `--faults` names (lasting faults, sibling races, interleavings) is never
            # dropped by `--events`: those are faults, aimed by their own option.
            faults = tuple(
                e
                for e in faults
                if not isinstance(e, sc.RemovePasscode)
                or e.event in self.events
                or label(e) in self.events
            )
        return world + faults

    def _fault_events(self, family: Family) -> Iterable[sc.WorldEvent]:
        if family.passcode:
            yield sc.RemovePasscode(event="remove_passcode")
        for call in LASTING_CALLS:
            if f"{call}:lasting" in self.faults:
                yield sc.Fault(event="fault", call=call, lasting=True)
        if any(name.endswith(":lasting") for name in self.faults):
            yield sc.ClearFaults(event="clear_faults")
        if family.rotating and "sibling" in self.faults and self.siblings:
            yield sc.SiblingRacesNextRefresh(event="sibling_races_next_refresh")
        for name, (meanwhile, reached) in DURING.items():
            if name in self.faults and (meanwhile != "extension_wake" or self.extension):
                yield sc.DuringNextRefresh(
                    event="during_next_refresh", meanwhile=meanwhile, reached_server=reached
                )

    def injections(self, calls: Sequence[str]) -> Iterable[tuple[str, int, Effect]]:
        """(call, nth, effect) for every selected fault at every call a step made."""
        seen: dict[str, int] = {}
        for call in calls:
            nth = seen[call] = seen.get(call, 0) + 1
            for effect in EFFECTS[call]:
                if f"{call}:{effect}" in self.faults:
                    yield call, nth, effect


def event_names(platform: Platform) -> frozenset[str]:
    """Every name `Space.events` accepts on `platform`: event names and their labels."""
    whole = space(platform, faults=("all",), extension=True, update_variants=True)
    # The alphabet differs by family only in the passcode and rotation events: this one has both.
    every = whole.alphabet(Family(True, None, None, False, True))
    return frozenset({e.event for e in every} | {label(e) for e in every})


def space(
    platform: Platform,
    *,
    protections: Sequence[ProtectionClass | None] | None = None,
    preexisting: Sequence[ProtectionClass | None] | None = None,
    passcodes: Sequence[bool] = (True, False),
    phases: Sequence[Phase] = PHASES,
    quirks: Sequence[bool] | None = None,
    rotating: Sequence[bool] = (False, True),
    faults: Iterable[str] = ("all",),
    extension: bool = False,
    fault_budget: int = 1,
    siblings: int = 2,
    grace: Sequence[bool] = (False,),
    envelope: Sequence[bool] = (False,),
    access_control: Sequence[AccessControlName] = ("none",),
    reuse: Sequence[bool] = (False,),
    update_variants: bool = False,
    restore: bool = True,
    events: Iterable[str] | None = None,
) -> Space:
    """A platform's whole space (every class, every earlier class, passcode, phase, quirk,
    rotation, every fault), narrowed by whichever dimensions are given. ThisDeviceOnly twins
    (`TWINS`) are left out unless named."""
    classes = tuple(c for c in CLASSES[platform] if c not in TWINS)
    chosen = tuple(protections) if protections is not None else classes
    if platform == "memory" and protections is None:
        chosen = (None,)
    earlier: tuple[ProtectionClass | None, ...] = (
        tuple(preexisting)
        if preexisting is not None
        else (None, *(c for c in classes if platform != "memory"))
    )
    if quirks is None:
        quirks = (False, True) if platform in ("ios", "memory") else (False,)
    return Space(
        platform,
        chosen,
        earlier,
        tuple(passcodes),
        tuple(phases),
        tuple(quirks),
        tuple(rotating),
        select_faults(faults),
        extension,
        fault_budget,
        siblings,
        tuple(grace),
        tuple(envelope),
        tuple(access_control),
        tuple(reuse),
        update_variants,
        restore,
        None if events is None else select_events(platform, events),
    )


def select_events(platform: Platform, names: Iterable[str]) -> frozenset[str]:
    """`names` checked against `event_names(platform)` (ValueError names the first unknown)."""
    chosen = frozenset(names)
    unknown = sorted(chosen - event_names(platform))
    if unknown:
        raise ValueError(f"{unknown[0]!r} is no {platform} world event of the checker's alphabet")
    return chosen


def narrowed(base: Space, **changes: Any) -> Space:
    return replace(base, **changes)


def every_family(platform: Platform) -> Space:
    """`platform`'s whole space: every family combination (every class, the ThisDeviceOnly twins
    too, every earlier class, passcode, quirk, rotation, reuse grace, reuse detection, envelope,
    access control), every fault, the extension's wake, an update by a new team, a restore — what
    the default `explore` and R1's walks draw from."""
    return space(
        platform,
        protections=CLASSES[platform] if platform != "memory" else None,
        grace=(False, True),
        envelope=(False, True),
        access_control=("none", "user_presence", "biometry_current_set")
        if platform == "ios"
        else ("none",),
        extension=True,
        update_variants=True,
        reuse=(False, True),
    )


@functools.lru_cache(maxsize=16)
def families_of(chosen: Space) -> tuple[Family, ...]:
    """`chosen.families()`, computed once per space (a walk draws one of them)."""
    return chosen.families()
