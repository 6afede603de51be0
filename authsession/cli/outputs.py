"""Where the command line may write: regular files or new paths, checked before any work.

Owns: `check_output` and the argparse types `output_file` (`spec --output`, `explore --out`,
`simulate --plot`) and `output_directory` (`vectors export DIR`), which refuse — one line, exit
2, before the verb starts its work — a target that is a symlink, FIFO, device node or directory,
or whose directory is missing or not writable; and `write_output`, the atomic write (re-checking
the target) that turns any OS error into the same one line. Must not import a verb.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from authsession.atomic import NotAFileError, check_target, write_atomically, write_bytes_atomically
from authsession.errors import InvalidInputError


def _problem(path: Path) -> str | None:
    """Why `path` cannot be written to, or None."""
    try:
        check_target(path)
    except NotAFileError as err:
        return err.strerror
    except OSError as err:
        return f"cannot use: {err.strerror}"
    parent = path.parent
    if not parent.is_dir():
        return "its directory does not exist"
    if not os.access(parent, os.W_OK | os.X_OK):
        return "its directory is not writable"
    return None


def check_output(path: Path) -> Path:
    """`path`, if the verb may replace it atomically (absent, or a regular file in a writable
    directory); else `InvalidInputError`."""
    problem = _problem(path)
    if problem is not None:
        raise InvalidInputError(str(path), problem)
    return path


def output_file(text: str) -> Path:
    """The argparse type of `check_output`."""
    if not text:
        raise argparse.ArgumentTypeError("empty path")
    try:
        return check_output(Path(text))
    except InvalidInputError as err:
        # argparse names the option; the path is what was typed after it.
        raise argparse.ArgumentTypeError(err.message) from None


def output_directory(text: str) -> Path:
    """A directory to write into (created if missing): an existing directory, or a path whose
    nearest existing ancestor is one."""
    if not text:
        raise argparse.ArgumentTypeError("empty path")
    path = Path(text)
    existing = path
    while not existing.exists() and existing != existing.parent:
        if existing.is_symlink():  # a dangling link: mkdir would fail on it
            raise argparse.ArgumentTypeError("a dangling symbolic link is in the way")
        existing = existing.parent
    if not existing.is_dir():
        raise argparse.ArgumentTypeError("a file is in the way (not a directory)")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError("not writable")
    return path


def write_output(path: Path, data: str | bytes) -> None:
    """Replace `path` atomically (only a regular file or nothing); one line on failure."""
    try:
        if isinstance(data, bytes):
            write_bytes_atomically(path, data)
        else:
            write_atomically(path, data)
    except OSError as err:
        raise InvalidInputError(str(path), f"cannot write: {err.strerror}") from None
