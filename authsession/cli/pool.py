"""The command line's process pool: workers that leave with the verb, Ctrl-C included.

Owns: `worker_pool(n)`, a `ProcessPoolExecutor` whose workers ignore SIGINT (a terminal's Ctrl-C
goes to the whole foreground process group; each worker would print a `KeyboardInterrupt`
traceback of its own — and a Ctrl-C that lands between a worker's fork and its initializer
would still do so, so SIGINT is blocked across the fork and only unblocked once ignored) and are
terminated — not waited for — when the verb is interrupted or
fails, so no process outlives the command. Must not import a verb.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor

_INTERRUPT = {signal.SIGINT}
#: Pools of this module are starting workers: forks block SIGINT (see the module docstring).
_pools = 0
_mask_before_fork: set[int | signal.Signals] | None = None


def _block_before_fork() -> None:
    global _mask_before_fork
    if _pools:
        _mask_before_fork = signal.pthread_sigmask(signal.SIG_BLOCK, _INTERRUPT)


def _restore_after_fork() -> None:
    global _mask_before_fork
    if _mask_before_fork is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, _mask_before_fork)
        _mask_before_fork = None


# The child keeps SIGINT blocked until `_ignore_interrupts` (its initializer) has run.
os.register_at_fork(before=_block_before_fork, after_in_parent=_restore_after_fork)


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C pending since the fork is dropped
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _INTERRUPT)


@contextlib.contextmanager
def worker_pool(workers: int, *, serial: bool = True) -> Iterator[Executor | None]:
    """A pool of `workers` processes; None for one worker when `serial` (run in this process)."""
    if workers <= 1 and serial:
        yield None
        return
    global _pools
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts)
    _pools += 1
    try:
        yield pool
    except BaseException:
        terminate(pool)
        raise
    finally:
        _pools -= 1
    pool.shutdown(wait=True)


def terminate(pool: ProcessPoolExecutor) -> None:
    """End the workers now (a batch in flight is not waited for), then the pool."""
    # The public API only gained `terminate_workers()` in Python 3.14; before it, the worker
    # processes are reachable only through the executor's `_processes`.
    workers = list((getattr(pool, "_processes", None) or {}).values())
    for process in workers:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in workers:
        with contextlib.suppress(Exception):
            process.join(timeout=2.0)
            if process.is_alive():
                process.kill()
                process.join(timeout=2.0)
    # The executor's manager thread now finds its workers dead, marks the pool broken and closes
    # its wake-up pipe; wait for that before anything else touches the pool. Shutting down first
    # (or exiting while it runs) races it: Python 3.11 wakes the thread at exit without a lock, and
    # a close in between printed an `OSError: Bad file descriptor` traceback after the one line.
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(timeout=5.0)
    pool.shutdown(wait=False, cancel_futures=True)
