"""The refresh lease adapter: one process of an app refreshes at a time.

Owns: the `RefreshLease` Protocol (`acquire() -> bool`, `release()`), `SoloLease` (an app that
runs in one process: the lease is always its own) and `FileLease` (processes of one app — the app
and its extensions on a desktop, or any that share a directory — through a small JSON file: the
owner, its role and the expiry, no secret, read and written under an exclusive `flock`).

An app and its extensions share one keychain item. Two of them refreshing one rotating token at
once lose it to each other (the loser is told "invalid" about a token the winner just rotated,
matrix-rust-sdk #6794), and a server that detects reuse revokes the whole family when the loser
presents it. The table takes the lease before every refresh and gives it back when the
credentials the refresh handed over are stored (invariant 12).

What `acquire` grants (the rules a port's lease must follow, docs/porting.md):
- a lease nobody holds, one that expired (its `until` passed on the boot-time clock every
  process of the device shares, or it was taken in an earlier boot), or this process's own
  (taking it again renews it);
- an app's lease taken by an earlier process of the app: an app runs one main process at a time,
  so that one is gone. An app's lease does not expire by time: a suspended app may be holding
  credentials it could not store yet, and an extension that took over would present the old
  token. An extension's lease expires `seconds` after it was taken (an extension lives ~30 s).
`release` gives back a lease this process holds, and does nothing otherwise. Either may raise
(the shared storage cannot be read): the host answers the acquire as "busy" (wait and retry),
and the release is nothing lost — the lease expires, or the app's next process takes it.
Must not import the core, the runtime or the world.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final, Literal, Protocol

from authsession.atomic import write_atomically

Role = Literal["app", "extension"]
#: An extension's lease lives this long (seconds on the boot-time clock) unless given back first.
EXTENSION_LEASE_SECONDS: Final = 60.0


class RefreshLease(Protocol):
    """The app's shared refresh lease, as one process holds it."""

    def acquire(self) -> bool:
        """Take the lease (or renew this process's own). False: another process holds it."""
        ...

    def release(self) -> None:
        """Give the lease back if this process holds it."""
        ...


class SoloLease:
    """The lease of an app that runs in one process: always its own."""

    blocking = False

    def acquire(self) -> bool:
        return True

    def release(self) -> None:
        return None

    def __repr__(self) -> str:
        return "SoloLease()"


def grants(
    record: dict[str, object] | None, *, owner: str, role: Role, boot: str, now: float
) -> bool:
    """Whether a process may take a lease whose current record is `record` (the rules above;
    shared by every lease of this package, the world's included)."""
    if record is None or record.get("boot") != boot or record.get("owner") == owner:
        return True
    if role == "app" and record.get("role") == "app":
        return True  # the app's earlier process is gone
    until = record.get("until")
    return isinstance(until, int | float) and until <= now


class FileLease:
    """`RefreshLease` through a JSON file shared by the app's processes.

    `path`: the lease file (in the directory every process of the app can read and write while
    the device is locked: it holds no secret). `monotonic`: the boot-time clock (the session's
    `Clock.monotonic` on one device), `boot`: this boot's identity (Linux
    `/proc/sys/kernel/random/boot_id`), so a lease from an earlier boot counts as expired."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        monotonic: Callable[[], float],
        boot: str,
        role: Role = "app",
        seconds: float = EXTENSION_LEASE_SECONDS,
    ) -> None:
        if not 0 < seconds < math.inf:
            raise ValueError("seconds must be a finite number > 0")
        self._path = Path(path)
        self._monotonic = monotonic
        self._boot = boot
        self._role: Role = role
        self._seconds = seconds
        #: This process's name in the file (random: a pid is reused).
        self._owner = secrets.token_hex(8)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[dict[str, object] | None]:
        guard = self._path.with_name(self._path.name + ".lock")
        with open(guard, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield self._load()
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _load(self) -> dict[str, object] | None:
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except ValueError:
            return None  # a torn or foreign file holds no lease anyone can prove
        return data if isinstance(data, dict) else None

    def acquire(self) -> bool:
        with self._locked() as record:
            now = self._monotonic()
            if not grants(record, owner=self._owner, role=self._role, boot=self._boot, now=now):
                return False
            until = math.inf if self._role == "app" else now + self._seconds
            lease = {"owner": self._owner, "role": self._role, "boot": self._boot,
                     "until": None if until == math.inf else until}  # fmt: skip
            write_atomically(self._path, json.dumps(lease) + "\n")
            return True

    def release(self) -> None:
        with self._locked() as record:
            if record is not None and record.get("owner") == self._owner:
                self._path.unlink(missing_ok=True)

    def __repr__(self) -> str:
        return f"FileLease({str(self._path)!r}, role={self._role!r})"
