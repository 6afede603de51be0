"""Atomic file writes: a reader (or a crash) never sees half a file, and only files get replaced.

Owns: `write_atomically` (text) and `write_bytes_atomically` (bytes): a temporary file in the same
directory, fsync, rename over the target, then fsync of the directory so the rename itself is on
disk (without it a power cut can bring back the old file, or none). `check_target` refuses to
replace anything that is not a regular file — a symlink (the rename would replace the link, not
what it points to, and silently), a FIFO, a device node (as root, `/dev/full` became a regular
file), a directory. The new file gets the mode a plain `open()` would give it under the umask
(`mkstemp` alone makes every file 0600), unless the caller asks for another. Every file the
package writes goes through here. Must not import anything from the package.
"""

from __future__ import annotations

import os
import stat
import tempfile
import threading
from pathlib import Path
from typing import Final

_KINDS: Final = (
    (stat.S_ISLNK, "is a symbolic link"),
    (stat.S_ISDIR, "is a directory"),
    (stat.S_ISFIFO, "is a FIFO"),
    (stat.S_ISCHR, "is a character device"),
    (stat.S_ISBLK, "is a block device"),
    (stat.S_ISSOCK, "is a socket"),
)


class NotAFileError(OSError):
    """The target exists and is not a regular file; `strerror` says what it is."""


def check_target(path: Path) -> None:
    """Nothing, if `path` is a regular file or does not exist; else `NotAFileError`."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode):
        return
    problem = next((what for test, what in _KINDS if test(mode)), "is not a regular file")
    raise NotAFileError(0, f"{problem}; refusing to replace it", str(path))


_umask_lock = threading.Lock()


def new_file_mode() -> int:
    """The mode `open(path, "w")` would give a new file: 0o666 less the umask."""
    # Linux reports the umask without changing it; elsewhere it can only be read by setting it
    # (and setting it back), which the lock keeps from racing another writer in this process.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _umask_lock:
        mask = os.umask(0o077)
        os.umask(mask)
    return 0o666 & ~mask


def write_bytes_atomically(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace `path` (a regular file, or nothing yet) with `data`. `mode`: the new file's
    permissions (default: what the umask gives a new file)."""
    check_target(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), new_file_mode() if mode is None else mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        check_target(path)  # again, just before the rename: it may have changed meanwhile
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def write_atomically(path: Path, text: str, *, mode: int | None = None) -> None:
    write_bytes_atomically(path, text.encode("utf-8"), mode=mode)


def _fsync_directory(directory: Path) -> None:
    # Directories cannot be opened for fsync on Windows; there the rename is as durable as it gets.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
