"""The durable session snapshot: what of a session survives the process being killed.

Owns: `SessionSnapshot` (versioned, frozen, secret-free), the migrations from older versions,
`parse_snapshot` / `dump_snapshot` (bytes ⇄ model, every failure a one-line `SnapshotError` naming
the store and the field), the `SnapshotStore` Protocol (dumb bytes storage, like a keychain holds an
item) and `FileSnapshotStore` (temp file, fsync, rename, fsync of the directory).

What is persisted, and why (the rest is deliberately *not*):
- `state`: a `logging_out` session must finish its wipe after a relaunch (invariant 5), a session
  the server ended (`reauth_clearing`, `reauth_required`) must still say "sign in again" with its
  account (its credentials are gone: a read would find nothing); every other state restarts from
  `starting`, because the launch re-reads the keychain anyway and the keychain — not a file — is
  the truth about the user.
- `pending_work`: labels of work owed (invariant 3 across termination). At-least-once: a label
  completed just before a kill may run again after the relaunch.
- `context`: the flags as they were; a restore carries over `work_pending` (it follows from
  `pending_work`) and `revocation_pending` (a token in the revocation outbox is owed its
  revocation after a kill or a reboot: invariant 14). `protected_data_available` is re-observed by
  the launch event, and `token_valid` cannot survive: the token is a secret and is never persisted.
- `logout_scope`: the scope of the sign-out whose wipe is in progress (`local` or `global`), so
  that a wipe finished after a kill queues its token with the scope the user chose.
- `account`: the last known account id (not a secret), so an app can say "signed in as …" while the
  keychain is unreadable, and "sign in again as …" once the server ended the session.
- No token expiry: deadlines run on monotonic time, whose origin is per boot (sometimes per
  process), and a wall-clock deadline is what a user-set clock breaks (F9). Without the token its
  expiry means nothing; a relaunched session re-authenticates before its first server call.
- `sequence`: counts saves, so two writers racing on one file (app and extension, F8) can be told
  apart in a post-mortem.
Must not import the session, the CLI or any adapter implementation.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Final, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from authsession.atomic import write_bytes_atomically
from authsession.errors import MalformedInputError, describe_validation_error, schema_names
from authsession.inputs import FILE_FIELD, decode_utf8, line_of, parse_json
from authsession.spec.states import RESUMED_STATES, SIGNED_OUT_STATES, State

SNAPSHOT_SCHEMA: Final = "authsession.snapshot"
SNAPSHOT_VERSION: Final = 3
#: A snapshot is a few hundred bytes; anything far larger is not one (and is not read whole).
MAX_SNAPSHOT_BYTES: Final = 1 << 20

WorkLabel = Annotated[str, Field(min_length=1, max_length=200)]
#: Owed work labels a snapshot holds; `request_work` refuses more (invariant 3 needs them all).
MAX_PENDING_WORK: Final = 10_000
#: An account id longer than this is not persisted (the snapshot only shows it, see `account`).
MAX_ACCOUNT_CHARS: Final = 1000


class SnapshotError(MalformedInputError):
    """A stored snapshot cannot be used: `str()` is `LOCATION[:LINE]: field: problem`, one line,
    and never quotes the stored bytes (not even an unknown key's name). A session that meets one
    starts fresh — never a logout, never a crash loop (the next save replaces the bad file)."""

    def __init__(self, location: str, field: str, problem: str, *, line: int | None = None) -> None:
        self.location = location
        self.field = field
        super().__init__(location, line, f"{field}: {problem}")


class SnapshotContext(BaseModel):
    """The core's context flags at save time (see the module docstring for which are restored)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    protected_data_available: StrictBool = False
    work_pending: StrictBool = False
    token_valid: StrictBool = False
    store_pending: StrictBool = False
    #: Absent from snapshots written before the lease (issue 20): False, as for a relaunch.
    lease_held: StrictBool = False
    #: Absent from version 2 (no outbox then): False.
    revocation_pending: StrictBool = False


class SessionSnapshot(BaseModel):
    """Version 3 of the durable, secret-free part of a session."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)

    schema_: Literal["authsession.snapshot"] = Field(default=SNAPSHOT_SCHEMA, alias="schema")
    version: Literal[3] = SNAPSHOT_VERSION
    state: State
    context: SnapshotContext = SnapshotContext()
    pending_work: tuple[WorkLabel, ...] = Field(default=(), max_length=MAX_PENDING_WORK)
    logout_scope: Literal["local", "global"] = "local"
    account: str | None = Field(default=None, max_length=MAX_ACCOUNT_CHARS)
    sequence: int = Field(default=0, ge=0)

    def restored_state(self) -> State:
        """Where a relaunched session starts: a wipe in progress and a session the server ended
        survive; everything else re-reads."""
        return self.state if self.state in RESUMED_STATES else State.STARTING

    def restored_work(self) -> tuple[str, ...]:
        """The work a relaunch still owes: none for a user who signed out."""
        return () if self.restored_state() in SIGNED_OUT_STATES else self.pending_work


# Migrations ------------------------------------------------------------------------------------
# Each takes the JSON object of version N and returns the object of version N+1. Version 1 was the
# first draft's layout (`deferred`, `user`, no schema, no context); no release wrote it, but the
# chain is exercised by the tests. Version 2 is what every release before issue 21 wrote (a
# checked-in file of it is loaded by a test: no user is lost by upgrading).


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    deferred = data.get("deferred", [])
    if not isinstance(deferred, list):
        raise _FieldProblem("deferred", "must be a list of work labels")
    state = data.get("state")
    return {
        "schema": SNAPSHOT_SCHEMA,
        "version": 2,
        "state": state,
        "context": {"work_pending": bool(deferred)},
        "pending_work": deferred,
        "logout_tombstone": state == State.LOGGING_OUT.value,
        "account": data.get("user"),
        "sequence": 0,
    }


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    # Version 2 said "a wipe is in progress" twice (`logout_tombstone` and the state): one fact,
    # kept once. A file where the two disagree was not written by this package.
    out = dict(data)
    tombstone = out.pop("logout_tombstone", False)
    if type(tombstone) is not bool:
        raise _FieldProblem("logout_tombstone", "must be true or false")
    if tombstone != (out.get("state") == State.LOGGING_OUT.value):
        raise _FieldProblem("logout_tombstone", "must be true exactly when state is logging_out")
    out["version"] = 3
    return out


MIGRATIONS: Final[Mapping[int, Callable[[dict[str, Any]], dict[str, Any]]]] = MappingProxyType(
    {1: _v1_to_v2, 2: _v2_to_v3}
)


class _FieldProblem(Exception):
    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem


def parse_snapshot(data: bytes, location: str) -> SessionSnapshot:
    """Bytes of any known version → the current model, or `SnapshotError` naming the field.
    Read through the package's input layer: a > 4,300-digit integer or deep nesting is a
    `SnapshotError` like any other bad file, not a `ValueError` on every start (a crash loop)."""
    if len(data) > MAX_SNAPSHOT_BYTES:
        raise SnapshotError(location, FILE_FIELD, f"larger than {MAX_SNAPSHOT_BYTES} bytes")
    try:
        text = decode_utf8(data, location)
        document = parse_json(text, location)
    except MalformedInputError as bad:
        raise SnapshotError(
            location, FILE_FIELD, bad.message.partition(": ")[2], line=bad.line
        ) from None
    if not isinstance(document, dict):
        raise SnapshotError(location, "(root)", "must be a JSON object", line=1)
    version = document.get("version")
    if type(version) is not int:
        raise SnapshotError(location, "version", "missing or not an integer")
    if version != SNAPSHOT_VERSION and version not in MIGRATIONS:
        known = ", ".join(str(v) for v in (*sorted(MIGRATIONS), SNAPSHOT_VERSION))
        raise SnapshotError(
            location, "version", f"unknown snapshot version {version} (this build reads {known})"
        )
    stored = version
    try:
        while version != SNAPSHOT_VERSION:
            document = MIGRATIONS[version](document)
            version = document["version"]
    except _FieldProblem as bad:
        raise SnapshotError(location, bad.field, bad.problem) from None
    try:
        return SessionSnapshot.model_validate(document)
    except ValidationError as err:
        described = describe_validation_error(err, known=_snapshot_names())
        field, _, what = described.partition(": ")
        first = err.errors(include_url=False, include_input=False)[0]
        # Lines only mean something in the file as stored, i.e. before any migration.
        line = line_of(text, tuple(first["loc"])) if stored == SNAPSHOT_VERSION else None
        raise SnapshotError(location, field, what, line=line) from None


@functools.cache
def _snapshot_names() -> frozenset[str]:
    return schema_names(SessionSnapshot.model_json_schema(by_alias=True))


def dump_snapshot(snapshot: SessionSnapshot) -> bytes:
    """The snapshot as the JSON text a `SnapshotStore` saves (no secret is in it)."""

    return (snapshot.model_dump_json(by_alias=True) + "\n").encode("utf-8")


# Storage ---------------------------------------------------------------------------------------


@runtime_checkable
class SnapshotStore(Protocol):
    """Where one session's snapshot lives. Stores bytes; the format is the runtime's business."""

    @property
    def location(self) -> str:
        """Names the store in errors (a path, `memory`): never anything secret."""
        ...

    def load(self) -> bytes | None:
        """The last saved bytes, or None if nothing was ever saved. May raise OSError."""
        ...

    def save(self, data: bytes) -> None:
        """Replace the snapshot atomically: a reader (or a crash) sees the old or the new bytes,
        never a mix. May raise OSError."""
        ...


class FileSnapshotStore:
    """One JSON file, replaced atomically (temp file in the same directory, fsync, rename, fsync of
    the directory so the rename itself survives a power cut)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    @property
    def location(self) -> str:
        return str(self.path)

    def load(self) -> bytes | None:
        try:
            with self.path.open("rb") as handle:
                # One byte past the limit is enough to know the file is not a snapshot.
                return handle.read(MAX_SNAPSHOT_BYTES + 1)
        except FileNotFoundError:
            return None

    def save(self, data: bytes) -> None:
        # Owner-only, whatever the umask: no secret is in it, but the account id is personal.
        write_bytes_atomically(self.path, data, mode=0o600)

    def __repr__(self) -> str:
        return f"FileSnapshotStore({self.location!r})"


def load_snapshot(store: SnapshotStore) -> SessionSnapshot | None:
    """The store's snapshot, None if it has none, `SnapshotError` if it cannot be used."""
    try:
        data = store.load()
    except OSError as err:
        raise SnapshotError(
            store.location, "(file)", f"cannot read: {err.strerror or type(err).__name__}"
        ) from None
    return None if data is None else parse_snapshot(data, store.location)
