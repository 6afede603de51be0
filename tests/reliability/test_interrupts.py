"""Issue 12: Ctrl-C anywhere in the CLI is one line and exit 130 — no `KeyboardInterrupt` traceback
(it was 18 to 47 lines), nothing partial written, no child process left (a port, a pool worker) —
and difftest does not swallow it and go on. Each run gets SIGINT on its whole process group, as a
terminal sends it."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from authsession.cli import main

from .conftest import children, gone, hostile, wait_for

Start = Callable[..., subprocess.Popen[bytes]]

CLI = Callable[..., tuple[int, str, str]]


def interrupt(process: subprocess.Popen[bytes]) -> tuple[int, str, list[int]]:
    """Ctrl-C to the whole group; (exit code, stderr, the children it had)."""
    had = children(process.pid)
    os.killpg(process.pid, signal.SIGINT)
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("still running 30 s after Ctrl-C")
    return process.returncode, err.decode("utf-8", "replace"), had


def test_difftest_is_interrupted_and_ends_its_port(started: Start, tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    process = started("difftest", "--port", hostile("slow_answers", pids), "--sequences", "1000",
                        "--timeout", "60")  # fmt: skip
    wait_for(lambda: pids.exists() and pids.read_text().strip() != "")
    code, err, _ = interrupt(process)
    assert (code, err) == (130, "authsession difftest: interrupted\n")
    assert all(gone(int(pid)) for pid in pids.read_text().split())


def test_explore_is_interrupted_without_a_partial_file_or_a_worker_left(
    started: Start, tmp_path: Path
) -> None:
    out = tmp_path / "cx.json"
    process = started("explore", "--workers", "2", "--out", str(out), memory=2 << 30)
    wait_for(lambda: len(children(process.pid)) >= 2)  # the pool is at work
    code, err, workers = interrupt(process)
    assert (code, err) == (130, "authsession explore: interrupted\n")
    assert not out.exists() and list(tmp_path.iterdir()) == []
    assert workers and all(gone(pid) for pid in workers)


def test_simulate_is_interrupted_without_a_plot_or_a_worker_left(
    started: Start, tmp_path: Path
) -> None:
    plot = tmp_path / "chart.png"
    process = started("simulate", "--devices", "100000", "--days", "30", "--workers", "2",
                        "--plot", str(plot), memory=2 << 30)  # fmt: skip
    wait_for(lambda: len(children(process.pid)) >= 2)
    code, err, workers = interrupt(process)
    assert (code, err) == (130, "authsession simulate: interrupted\n")
    assert list(tmp_path.iterdir()) == []
    assert workers and all(gone(pid) for pid in workers)


def test_a_read_blocked_on_a_fifo_is_interrupted(started: Start, tmp_path: Path) -> None:
    fifo = tmp_path / "log.jsonl"
    os.mkfifo(fifo)
    process = started("check-trace", str(fifo))
    # Blocked in open() until a writer comes (Linux names the wait `wait_for_partner`).
    wchan = Path(f"/proc/{process.pid}/wchan")
    wait_for(lambda: wchan.read_text() in ("wait_for_partner", "fifo_open"))
    code, err, _ = interrupt(process)
    assert (code, err) == (130, "authsession check-trace: interrupted\n")


def test_an_interrupt_anywhere_in_a_verb_is_one_line_and_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("authsession.cli.spec_verb.render", interrupted)
    try:
        code = main(["spec"])
    except KeyboardInterrupt:  # not raised on: it would stop the whole test session
        pytest.fail("KeyboardInterrupt escaped main")
    assert code == 130
    assert capsys.readouterr() == ("", "authsession spec: interrupted\n")


def test_a_pool_worker_cannot_take_a_ctrl_c_before_it_ignores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A terminal's Ctrl-C reaches every worker; one that lands between a worker's fork and its
    initializer printed `Process ForkProcess-2:` under the verb's one line. SIGINT stays blocked
    in a new worker until it ignores it."""
    from authsession.cli import pool

    seen = tmp_path / "mask"
    original = pool._ignore_interrupts

    def observing() -> None:
        blocked = signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])
        seen.write_text(str(blocked))
        original()

    monkeypatch.setattr(pool, "_ignore_interrupts", observing)
    with pool.worker_pool(2) as workers:
        assert workers is not None
        assert workers.submit(signal.getsignal, signal.SIGINT).result() == signal.SIG_IGN
    assert seen.read_text() == "True"
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])  # ours unblocked
