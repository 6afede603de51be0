"""Fixtures for the reliability tests: the CLI in process, and as a process with bounded memory.

`cli(*argv)` runs `authsession.cli.main` in this process and returns (exit code, stdout, stderr).
`cli_process(*argv, stdin=..., memory=..., timeout=...)` runs `python -m authsession` as a child
under `RLIMIT_AS` (what a memory blow-up must not reach), in a session of its own (so a test can
send Ctrl-C to its process group as a terminal would), and returns its exit code, output and the
seconds it took; a run past `timeout` is a hang and fails the test.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from authsession.cli import main

ROOT = Path(__file__).resolve().parents[2]
PORTS = ROOT / "tests" / "ports"
MIB = 1 << 20


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str
    seconds: float


def hostile(mode: str, pidfile: Path | None = None) -> str:
    """The `--port` command of a hostile port (tests/ports/hostile_port.py)."""
    extra = f" {pidfile}" if pidfile is not None else ""
    return f"{sys.executable} {PORTS / 'hostile_port.py'} {mode}{extra}"


def limit_memory(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def start_cli(
    *argv: str, memory: int = 512 * MIB, cwd: Path | None = None, stdin: int | None = None
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "authsession", *argv],
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        preexec_fn=limit_memory(memory),
        start_new_session=True,
    )


@pytest.fixture
def started() -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """`start_cli`, with every process it started ended when the test ends, pass or fail."""
    processes: list[subprocess.Popen[bytes]] = []

    def start(*argv: str, **options: Any) -> subprocess.Popen[bytes]:
        process = start_cli(*argv, **options)
        processes.append(process)
        return process

    yield start
    for process in processes:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


def run_cli(
    *argv: str,
    stdin: bytes = b"",
    memory: int = 512 * MIB,
    timeout: float = 60.0,
    cwd: Path | None = None,
) -> Finished:
    started = time.monotonic()
    process = start_cli(*argv, memory=memory, cwd=cwd, stdin=subprocess.PIPE)
    try:
        out, err = process.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"hang: `authsession {' '.join(argv)}` still running after {timeout} s")
    return Finished(
        process.returncode,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
        time.monotonic() - started,
    )


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    def call(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


@pytest.fixture
def cli_process() -> Callable[..., Finished]:
    return run_cli


def one_line_error(err: str) -> bool:
    """The contract for bad input: exactly one line on stderr, and no traceback."""
    return err.count("\n") == 1 and err.endswith("\n") and "Traceback" not in err


def gone(pid: int) -> bool:
    """The process no longer runs (a zombie waiting for a parent that is not us counts)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def children(pid: int) -> list[int]:
    """Pids whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def wait_for(condition: Callable[[], bool], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not ready within {seconds} s")
        time.sleep(0.05)
