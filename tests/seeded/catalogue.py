"""The catalogue of seeded bugs: what each is, where it lives, and the scenario that proves the
checker sees it.

Owns `SeededBug`, `SEEDED` and `CONTROL` (the team client without a bug). A bug is either a team
client (`app`, a `module:factory` for `--app`, and `patch` None) or a patch of the product, the
world or the oracle (`patch`, a context manager from `mutants.py`, and `app` None). Its proof
(`proofs/<name>.json`) runs under the scenario's own `policy` (the reference when it names none)
or under `app`:

- most bugs are **caught**: with the bug the checker reports a failure containing `expect`, and
  without it (the control client, or no patch) the proof passes;
- a `blinds` bug makes the checker more lenient (the world hides a hazard, the oracle widens an
  excuse): the proof is a failure the checker reports without the bug — `expect` is that
  failure — and misses with it.

`awaits` names the fix of the reference a proof needs before its control half can pass (until
it lands the reference fails the proof too); the tests expect that failure, strictly.

A search that must kill every bug is a loop over `SEEDED`: `with seeded(bug) as app:` (the patch
entered in this process, or the client as an `AppChoice`), search `bug.platform` with `app=app`
in this process, and assert that a failure was found (for a `blinds` bug: that the failure
`expect` names is no longer reported).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from authsession.app.choice import AppChoice

from . import mutants

Layer = Literal["team-client", "host", "adapter", "world", "oracle"]
Platform = Literal["ios", "android", "memory"]

PROOFS: Final = Path(__file__).resolve().parent / "proofs"
_CLIENTS: Final = f"{__package__}.clients"
#: The team client every seeded client is a one-method change of, with no bug.
CONTROL: Final = f"{_CLIENTS}.control:factory"

#: The reference fixes a proof waits for (issue 19).


@dataclass(frozen=True)
class SeededBug:
    name: str
    layer: Layer
    #: One line: the bug as a port or a team would make it.
    description: str
    #: `module:factory` of the team client (`--app`); None for a patch.
    app: str | None
    #: Enters the bug into this process (and leaves it on exit); None for a team client.
    patch: Callable[[], AbstractContextManager[None]] | None
    proof: Path
    platform: Platform
    #: A piece of the failure line the checker reports (with the bug; for `blinds`, without it):
    #: the failure's kind and the record's reason, never the oracle's wording of why.
    expect: str
    blinds: bool = False
    awaits: str | None = None


def _client(
    name: str, platform: Platform, expect: str, description: str, *, awaits: str | None = None
) -> SeededBug:
    module = name.replace("-", "_")
    return SeededBug(
        name=name,
        layer="team-client",
        description=description,
        app=f"{_CLIENTS}.{module}:factory",
        patch=None,
        proof=PROOFS / f"{name}.json",
        platform=platform,
        expect=expect,
        awaits=awaits,
    )


def _patch(
    name: str,
    layer: Layer,
    patch: Callable[[], AbstractContextManager[None]],
    platform: Platform,
    expect: str,
    description: str,
    *,
    blinds: bool = False,
    awaits: str | None = None,
) -> SeededBug:
    return SeededBug(
        name=name,
        layer=layer,
        description=description,
        app=None,
        patch=patch,
        proof=PROOFS / f"{name}.json",
        platform=platform,
        expect=expect,
        blinds=blinds,
        awaits=awaits,
    )


#: The failure lines `expect` picks, by kind and the record's own reason (the oracle's "why"
#: after it is its own wording, which changes).
SPURIOUS: Final = "spurious logout"
ABSENT: Final = f"{SPURIOUS}: credentials_absent"
REJECTED: Final = f"{SPURIOUS}: server_rejected"
STRANDED: Final = "stranded user"

SEEDED: Final[tuple[SeededBug, ...]] = (
    # Team clients: one method of the team's layer or of one of its adapters ----------------
    _client(
        "read-failure-as-no-item", "ios", ABSENT,
        "the token store's own SecItemCopyMatching takes any status but -25308 as 'no item'",
    ),
    _client(
        "save-delete-then-add", "ios", ABSENT,
        "the token store saves by deleting the item, then adding the new one",
    ),
    _client(
        "duplicate-as-success", "ios", REJECTED,
        "the token store's SecItemAdd takes errSecDuplicateItem as saved (rotated tokens never "
        "written)",
    ),
    _client(
        "resource-401-signs-out", "ios", f"{SPURIOUS}: logout_not_asked_by_user",
        "the work handler signs the user out when the app's API server answers 401",
    ),
    _client(
        "failed-store-as-stored", "ios", ABSENT,
        "the token store reports every save as done, failed ones included",
    ),
    _client(
        "wall-clock-as-monotonic", "ios", "invariant 8",
        "the team's clock answers monotonic() with the wall clock",
    ),
    _client(
        "rotated-token-in-memory", "ios", ABSENT,
        "the API client keeps rotated refresh tokens in memory and never hands them to the "
        "session to store",
    ),
    _client(
        "work-dropped-while-locked", "ios", "lost work",
        description="the layer skips a background fetch while the session waits for the "
        "keychain instead of handing it over to be deferred",
    ),
    _client(
        "stale-refresh-token", "ios", REJECTED,
        "the API client refreshes with the refresh token it remembers, not the one the session "
        "read (an extension rotated it since)",
    ),
    _client(
        "unknown-at-launch-signed-out", "ios", f"{SPURIOUS}: logout_not_asked_by_user",
        "the layer signs out when the launch cannot confirm the user",
    ),
    _client(
        "transient-as-rejection", "ios", REJECTED,
        "the API client answers every failed token request (503, 429, network) as a rejection",
    ),
    _client(
        "keychain-probe-signal", "ios", ABSENT,
        "the protected-data check is a keychain read, so a locked item's -25300 says "
        "'readable' and its NotFound is trusted",
    ),
    _client(
        "delete-on-read-error", "android", ABSENT,
        "the token store deletes the item whenever a read fails, and answers 'no item'",
    ),
    _client(
        "relogin-with-cached-password", "ios", f"{SPURIOUS}: logout_not_asked_by_user",
        "the layer keeps the password and, when a background fetch meets an unconfirmed session, "
        "signs out and in again",
    ),
    _client(
        "foreground-not-forwarded", "ios", STRANDED,
        "the layer does not tell the session the app came to the foreground",
    ),
    _client(
        "lost-key-as-locked", "android", STRANDED,
        "the token store reads a permanently invalidated Keystore key as 'locked, try later'",
    ),
    # The host (authsession/runtime/host.py) --------------------------------------------------
    _patch(
        "host-one-class-sample", "host", mutants.host_one_class_sample, "ios", ABSENT,
        "a NotFound judged by the configured class's availability alone, not every class the "
        "item may be stored under",
    ),
    _patch(
        "host-transient-as-rejection", "host", mutants.host_transient_as_rejection, "android",
        REJECTED,
        "an authenticator's transient answer (429, 503, network) answered as a rejection",
    ),
    _patch(
        "host-failed-store-forgotten", "host", mutants.host_failed_store_forgotten, "memory",
        ABSENT,
        "a failed store taken as done: the credentials in hand are dropped, never stored",
    ),
    _patch(
        "host-delete-before-store", "host", mutants.host_delete_before_store, "android",
        ABSENT,
        "a store planned as delete-then-store (two calls; a kill between them loses the item)",
    ),
    # The adapters (authsession/platforms/) -----------------------------------------------------
    _patch(
        "ios-configured-class-decides-passcode-loss", "adapter",
        mutants.ios_configured_class_decides_passcode_loss, "ios",
        f"{ABSENT} on keychain_secret_lost",
        "the iOS adapter decides passcode loss from the configured class: -25308 with no "
        "passcode is SecretLost(passcode_removed)",
    ),
    _patch(
        "android-invalidated-key-as-unavailable", "adapter",
        mutants.android_invalidated_key_as_unavailable, "android", STRANDED,
        "the Android adapter reads a permanently invalidated key as Unavailable",
    ),
    # The world (authsession/world/) ------------------------------------------------------------
    _patch(
        "world-lock-does-not-lock", "world", mutants.world_lock_does_not_lock, "ios",
        f"{ABSENT} on keychain_unavailable",
        "the simulated iPhone ignores lock: class keys stay readable", blinds=True,
    ),
    _patch(
        "world-passcode-class-waits", "world", mutants.world_passcode_class_waits, "ios",
        STRANDED,
        "the simulated signal calls a WhenPasscodeSet class locked on a device without a "
        "passcode (it is gone, and the device says available)",
    ),
    _patch(
        "world-resource-401-lost", "world", mutants.world_resource_401_lost, "ios",
        f"{SPURIOUS}: server_rejected on work_requested",
        "an armed resource-server 401 never reaches the app's work", blinds=True,
    ),
    # The oracle (authsession/oracle.py) ---------------------------------------------------------
    _patch(
        "oracle-held-ignored", "oracle", mutants.oracle_held_ignored, "ios",
        ABSENT,
        "usable credentials ignore what a process held but had not stored", blinds=True,
    ),
    _patch(
        "oracle-kill-blame-dropped", "oracle", mutants.oracle_kill_blame_dropped, "memory",
        ABSENT,
        "usable credentials ignore those the app's own write destroyed before a kill (F7)",
        blinds=True,
    ),
    _patch(
        "oracle-rejection-excused", "oracle", mutants.oracle_rejection_excused, "memory",
        REJECTED,
        "a server_rejected logout is never spurious, even with the live token stored",
        blinds=True,
    ),
    _patch(
        "oracle-stranded-despite-faults", "oracle", mutants.oracle_stranded_despite_faults,
        "ios", STRANDED,
        "a foreground left waiting by an injected fault counts as a stranded user",
    ),
)  # fmt: skip


@contextlib.contextmanager
def seeded(bug: SeededBug, *, control: bool = False) -> Iterator[AppChoice | None]:
    """The bug in place for the block: its patch entered (in this process), and the app to run —
    the seeded client, or None for a patch (the proof's policy). `control`: the same without the
    bug (the control client, no patch)."""
    if bug.app is not None:
        yield AppChoice(CONTROL if control else bug.app)
        return
    assert bug.patch is not None
    with contextlib.nullcontext() if control else bug.patch():
        yield None


#: Every bug by name.
BY_NAME: Final = {bug.name: bug for bug in SEEDED}
