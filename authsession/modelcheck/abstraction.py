"""What makes two concrete worlds the same configuration, for the world-level model checker.

Owns: the abstraction function `abstract()` (a world's identity as what of the device, the app
process, the keychain, the server, the armed faults and the oracle's own memory decides what can
happen next — see docs/world.md, "Model checker"), the buckets time is seen in, and which table
rows a step's records fired (`ROW_OF`, `row_indices`, `rows_of`: the checker's coverage).
Must not import the CLI.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from typing import Any, Final

from authsession.invariants import Record
from authsession.modelcheck.alphabet import DURATIONS
from authsession.spec.table import TABLE, Rule
from authsession.world.world import World

#: Counts (pending work, retry attempts) are capped: "none" or "some" is what the spec decides on
#: (`work_pending` is a flag; a retry is due or not), so a cap of 1 keeps the space small.
CAP: Final = 1


def _bucket(seconds: float) -> int:
    """Time left on a timer, as what the alphabet's durations can tell apart."""
    for i, limit in enumerate((0.0, *DURATIONS)):
        if seconds <= limit:
            return i
    return len(DURATIONS) + 1


Key = tuple[Any, ...]


def abstract(world: World, owed: bool) -> Key:
    """The configuration's identity: what of the device, the app process, the keychain, the
    server, the armed faults and the oracle's own memory decides what can happen next. What the
    app process remembers comes from its `fingerprint` (the one place that knows the reference
    session's insides)."""
    device = world.device
    now = world.clock.monotonic()
    app = world.app
    stored = world.snapshots.load()
    return (
        device.unlocked(),
        device.has_passcode(),
        world.availability(),
        world.storage_readable(),
        device.exposed(),
        world.protection,
        None if app is None else app.fingerprint(world.clock, _bucket),
        world.foreground,
        # The background budget matters only to a running app that is not in the foreground.
        None if app is None or world.foreground else _bucket(world.awake_until - now),
        world.identities(),
        world.stored_classes(),
        world.item_ledger.lost,
        _storage(world),
        None if stored is None else _restored(stored),
        world.server.mode,
        world.server.online,
        world.server.has_accounts,
        world.server.siblings_pending,
        world.server.kill_armed,
        tuple(world.server.in_flight),
        min(world.resource_refusals, CAP),
        world.process is not None and bool(world.process.held_blind()),
        world.faults.lasting_key(),
        world.lease.key({} if world.process is None else {world.process.name: "app"}),
        world.destroyed_by_app,
        owed,
        # Issue 21: what the revocation outbox owes, whether a session the user signed out of
        # still honours a token, whether the user asked to be out, the sessions the server ended
        # and whether the app was told.
        min(len(world.outbox.entries), 2),
        bool(world.owed_revocation & world.server.usable_sessions()),
        world.user_wants_out,
        world.server.session_key(world.hinted_step),
    )


def _storage(world: World) -> Key:
    """App storage as what decides the future: a sealed file's bytes stand for what it opens to
    (already in `standing`), and a stored app version for whether it is the running one (the
    update counter itself grows without bound)."""
    version = world.app_version
    return tuple(
        (key, "sealed" if isinstance(value, bytes) else value == version
         if isinstance(value, int) and not isinstance(value, bool) else value)
        for key, value in world.storage.snapshot()
    )  # fmt: skip


@functools.lru_cache(maxsize=4096)
def _restored(stored: bytes) -> Key:
    """Only what a relaunch restores from the snapshot (the state, the work labels, the
    account); the saved context is diagnostics and `sequence` counts saves. A snapshot that is
    not the reference's JSON is taken whole."""
    try:
        data = json.loads(stored)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        # An app of another language may keep its snapshot in a format of its own.
        return ("opaque", stored)
    context = data.get("context")
    return (
        data.get("state"),
        bool(data.get("logout_tombstone")),
        min(len(data.get("pending_work") or ()), CAP),
        data.get("account") is not None,
        isinstance(context, dict) and bool(context.get("revocation_pending")),
        data.get("logout_scope"),
    )


ROW_OF: Final[dict[tuple[Any, ...], Rule]] = {
    (r.source, r.event, r.target, r.reason, tuple(c.type for c in r.commands)): r for r in TABLE
}
#: The same key -> the row's index in `TABLE` (an int hashes in no time; a `Rule` does not).
_INDEX_OF: Final[dict[tuple[Any, ...], int]] = {key: TABLE.index(r) for key, r in ROW_OF.items()}


def row_indices(records: Iterable[Record]) -> set[int]:
    """Indices in `TABLE` of the rows these records fired. (source, event, target, reason,
    commands) names one row (a test checks it), so no hook inside the core is needed."""
    out = set()
    for r in records:
        index = _INDEX_OF.get((r.source, r.event, r.state, r.reason, r.commands))
        if index is not None:
            out.add(index)
    return out


def rows_of(records: Iterable[Record]) -> set[Rule]:
    """The table rows these records fired."""
    return {TABLE[i] for i in row_indices(records)}
