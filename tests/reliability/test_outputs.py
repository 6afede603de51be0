"""Issue 12: no file clobbered. `--output`, `--out`, `--plot` and `vectors export DIR` replace only
a regular file (or create a new one): a symlink, FIFO, device node or directory is refused with one
line and exit 2 — before any long work — and left as it was. Written files get the mode the umask
gives a new file (every file was 0600)."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from authsession.runtime import FileSnapshotStore

from .conftest import one_line_error

CLI = Callable[..., tuple[int, str, str]]
KINDS = ["symlink", "dangling_symlink", "fifo", "directory", "char_device"]
WHAT = {
    "symlink": "is a symbolic link",
    "dangling_symlink": "is a symbolic link",
    "fifo": "is a FIFO",
    "directory": "is a directory",
    "char_device": "is a character device",
}


def make(kind: str, path: Path, victim: Path) -> None:
    victim.write_text("precious\n")
    if kind == "symlink":
        path.symlink_to(victim)
    elif kind == "dangling_symlink":
        path.symlink_to(victim.parent / "nowhere")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    elif kind == "char_device":
        if os.geteuid() != 0:
            pytest.skip("creating a device node needs root (the issue's case: root clobbered it)")
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))


def unchanged(kind: str, path: Path, victim: Path) -> bool:
    mode = os.lstat(path).st_mode
    kept = {
        "symlink": stat.S_ISLNK(mode) and path.resolve() == victim.resolve(),
        "dangling_symlink": stat.S_ISLNK(mode),
        "fifo": stat.S_ISFIFO(mode),
        "directory": stat.S_ISDIR(mode) and not any(path.iterdir()),
        "char_device": stat.S_ISCHR(mode),
    }[kind]
    return kept and victim.read_text() == "precious\n"


def no_temporary_files(directory: Path) -> bool:
    return not [p for p in directory.iterdir() if p.name.endswith(".tmp")]


def _forbid(monkeypatch: pytest.MonkeyPatch, module: str, name: str) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"{name} ran although the output path was bad")

    monkeypatch.setattr(f"authsession.cli.{module}.{name}", refuse)


WRITERS: dict[str, tuple[list[str], str, str, str]] = {
    # verb: (argv before the path, option, module, the long work that must not start)
    "spec": (["spec", "--format", "json"], "--output", "spec_verb", "render"),
    "explore": (["explore", "--policy", "naive-gilt", "--depth", "3"], "--out", "explore_verb",
                "explore_world"),
    "simulate": (["simulate", "--devices", "2", "--days", "1"], "--plot", "simulate_verb",
                 "simulate"),
}  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("verb", list(WRITERS))
def test_an_output_that_is_not_a_regular_file_is_refused_before_any_work(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, verb: str, kind: str
) -> None:
    argv, option, module, work = WRITERS[verb]
    target, victim = tmp_path / "out.png", tmp_path / "victim.txt"
    make(kind, target, victim)
    _forbid(monkeypatch, module, work)
    code, _out, err = cli(*argv, option, str(target))
    assert code == 2 and one_line_error(err), err
    assert f"argument {option}: {WHAT[kind]}; refusing to replace it" in err
    assert unchanged(kind, target, victim) and no_temporary_files(tmp_path)


@pytest.mark.parametrize("kind", KINDS)
def test_vectors_export_refuses_a_target_that_is_not_a_regular_file(
    cli: CLI, tmp_path: Path, kind: str
) -> None:
    target, victim = tmp_path / "vectors.json", tmp_path / "victim.txt"
    make(kind, target, victim)
    code, _, err = cli("vectors", "export", str(tmp_path))
    assert code == 2 and one_line_error(err), err
    assert f"{target}: {WHAT[kind]}" in err
    assert unchanged(kind, target, victim) and no_temporary_files(tmp_path)


def test_vectors_export_refuses_a_directory_that_is_a_file(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    code, _, err = cli("vectors", "export", str(tmp_path / "plain" / "sub"))
    assert code == 2 and one_line_error(err) and "directory: a file is in the way" in err


def test_a_missing_or_unwritable_directory_is_refused_before_the_search(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forbid(monkeypatch, "explore_verb", "explore_world")
    code, _, err = cli("explore", "--out", str(tmp_path / "missing" / "cx.json"))
    assert code == 2 and "its directory does not exist" in err
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.geteuid() != 0:  # root writes anywhere: the check is the OS's, not a guess
        code, _, err = cli("explore", "--out", str(locked / "cx.json"))
        assert code == 2 and "its directory is not writable" in err


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_written_files_get_the_mode_the_umask_gives(
    cli: CLI, tmp_path: Path, mask: int, mode: int
) -> None:
    spec, cx, plot = tmp_path / "spec.json", tmp_path / "cx.json", tmp_path / "chart.svg"
    spec.write_text("old")
    spec.chmod(0o600)  # replacing a file gives the new mode too (a new file is what lands)
    with umask(mask):
        assert cli("spec", "--format", "json", "--output", str(spec))[0] == 0
        assert cli("explore", "--policy", "naive-gilt", "--platform", "memory", "--depth", "3",
                   "--workers", "1", "--out", str(cx))[0] == 1  # fmt: skip
        assert cli("vectors", "export", str(tmp_path / "suite"))[0] == 0
        assert cli("simulate", "--devices", "2", "--days", "1", "--workers", "1",
                   "--plot", str(plot))[0] == 0  # fmt: skip
    for path in (spec, cx, tmp_path / "suite" / "vectors.json", plot):
        assert stat.S_IMODE(path.stat().st_mode) == mode, path


def test_the_session_snapshot_stays_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    store = FileSnapshotStore(tmp_path / "session.json")
    with umask(0o022):
        store.save(b'{"version": 2}')
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
