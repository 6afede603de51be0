"""Issue 12: the port driver never hangs and never grows. A stuck, silent, flooding, slow-reading or
dying port (tests/ports/hostile_port.py, and `cat /dev/zero`) is exit 2 with one line within the
timeout, under a memory limit, and leaves no process behind; a timeout must be finite and
positive."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from authsession.conformance.driver import PortError, PortProcess
from authsession.conformance.vectors import Initial
from authsession.errors import InvalidInputError
from authsession.spec.events import AppLaunched, WorkRequested

from .conftest import Finished, gone, hostile, one_line_error

CLI = Callable[..., tuple[int, str, str]]

MODES = ["silent", "no_read", "slow_reader", "flood", "flood_lines", "stderr_flood", "dying",
         "orphan"]  # fmt: skip
#: More than a pipe buffer (64 KiB) of events: a port that never reads cannot take them all.
LONG = [WorkRequested(protected_data_available=bool(i % 2)) for i in range(2000)]


@pytest.mark.parametrize("mode", MODES)
def test_a_hostile_port_is_exit_2_with_bounded_memory_and_no_process_left(
    cli_process: Callable[..., Finished], tmp_path: Path, mode: str
) -> None:
    pids = tmp_path / "pids"
    # --length 2000: the sequence is larger than the pipe buffer (the write used to block
    # forever on a port that never reads, and --timeout never fired).
    result = cli_process(
        "difftest", "--port", hostile(mode, pids), "--timeout", "2", "--length", "2000",
        "--sequences", "3", timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and one_line_error(result.stderr), result.stderr
    assert (
        result.stderr.startswith("authsession difftest: ") and ":sequence 1 step " in result.stderr
    )
    started = [int(pid) for pid in pids.read_text().split()]
    assert started and all(gone(pid) for pid in started)  # the port and its child, too


def test_an_endless_answer_line_costs_one_line_limit_not_all_memory(
    cli_process: Callable[..., Finished],
) -> None:
    # This grew the driver to ~5 GB in 13 s; under a 512 MiB limit it was a MemoryError.
    result = cli_process("difftest", "--port", "cat /dev/zero", "--timeout", "2", timeout=60)
    assert result.returncode == 2 and one_line_error(result.stderr), result.stderr
    assert "answer line longer than 65,536 bytes" in result.stderr


# Not the flooding ports: in this process, a driver that let them grow would take the machine's
# memory with it. They run as processes under RLIMIT_AS above.
@pytest.mark.parametrize("mode", ["silent", "no_read", "slow_reader"])
def test_the_driver_gives_up_within_the_timeout(mode: str) -> None:
    raised: list[BaseException] = []

    def drive() -> None:
        try:
            with PortProcess(hostile(mode), timeout=1.0) as port:
                port.run(1, Initial(), LONG)
        except BaseException as err:
            raised.append(err)

    # In a thread, so a driver that blocks fails this test instead of stopping the suite.
    started = time.monotonic()
    thread = threading.Thread(target=drive, daemon=True)
    thread.start()
    thread.join(timeout=15)
    elapsed = time.monotonic() - started
    assert not thread.is_alive(), "the driver blocked"
    assert elapsed < 1.0 + 2.0 + 1.0, elapsed  # timeout, ending the group, closing (grace)
    (error,) = raised
    assert isinstance(error, PortError) and "\n" not in str(error)


def test_a_dying_port_is_reported_with_its_exit_code() -> None:
    with PortProcess(hostile("dying"), timeout=5.0) as port, pytest.raises(PortError) as caught:
        port.run(1, Initial(), LONG)
    assert str(caught.value).endswith(
        "sequence 1 step 1: port exited with code -9 before answering"
    )


def test_a_slow_port_answering_within_the_timeout_is_not_cut_off() -> None:
    events = [AppLaunched(protected_data_available=True)] * 3
    with PortProcess(hostile("slow_answers"), timeout=2.0) as port:
        answers = port.run(1, Initial(), events)
    assert len(answers) == 3


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-1", "1e9", "1" * 400, "soon"])
@pytest.mark.parametrize("verb", [["difftest"], ["vectors", "verify"]])
def test_only_a_finite_positive_timeout_is_accepted(
    cli: CLI, cli_process: Callable[..., Finished], verb: list[str], value: str
) -> None:
    argv = [*verb, "--port", hostile("silent"), f"--timeout={value}"]
    if value in ("nan", "1e9"):
        # `nan` passed the `<= 0` check and a silent port then waited forever (1e9 s, nearly):
        # run apart, so a hang fails the test instead of stopping the suite.
        result = cli_process(*argv, timeout=30)
        code, err = result.returncode, result.stderr
    else:
        code, _, err = cli(*argv)  # `inf` was a traceback (OverflowError)
    assert code == 2 and one_line_error(err), err
    assert "--timeout: must be a finite number of seconds above 0 and at most 3600" in err
    assert len(value) < 4 or value not in err  # the value given is not echoed


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 0.0, -1.0, 1e9])
def test_the_driver_itself_refuses_a_timeout_that_cannot_fire(value: float) -> None:
    with pytest.raises(InvalidInputError, match="--timeout"):
        PortProcess("true", timeout=value)
