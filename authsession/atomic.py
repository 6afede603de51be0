"""Atomic file writes: a reader (or a crash) never sees half a file.

Owns: `write_atomically` (text) and `write_bytes_atomically` (bytes): a temporary file in the same
directory, fsync, rename over the target, then fsync of the directory so the rename itself is on
disk (without it a power cut can bring back the old file, or none). Every file the package writes
goes through here. Must not import anything from the package.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def write_atomically(path: Path, text: str) -> None:
    write_bytes_atomically(path, text.encode("utf-8"))


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
