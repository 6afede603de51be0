"""What `authsession.app/1` costs per world step: the Python reference through the protocol
(`authsession app`, one OS process reset between world processes) against the same reference
in-process, on the same device histories, in the same run; and what one protocol message costs.

Owns: the two contenders on the same fleet histories and the count of protocol lines (a wrapper
around the launcher's connection).

Run: `python benchmarks/app_protocol_fleet.py [--devices N] [--days D] [--repeat R]` (tiny:
`--devices 1 --days 1 --repeat 1`). Prints
medians of R repetitions and the ratio; absolute times on these shared machines are indicative
only. A world step is one world event or one gap between two (an `advance`); a message is one
line either way.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from authsession.fleet.simulate import run_device
from authsession.fleet.usage import Device, device_history
from authsession.world.app_process import AppLauncher
from authsession.world.policies import AppContext, ReferenceApp

COMMAND = f"{sys.executable} -m authsession app"


class Counting:
    """Wraps the launcher's connections to count the lines that cross the pipe."""

    def __init__(self, launcher: AppLauncher) -> None:
        self.launcher = launcher
        self.lines = 0

    def factory(self, ctx: AppContext) -> Any:
        app = self.launcher.factory(ctx)
        conn = app._conn  # the benchmark peeks; the world never does
        if conn is not None and not hasattr(conn, "_counted"):
            send, receive = conn.send, conn.receive

            def counted_send(line: Any) -> None:
                self.lines += 1
                send(line)

            def counted_receive() -> Any:
                self.lines += 1
                return receive()

            conn.send, conn.receive = counted_send, counted_receive  # type: ignore[method-assign]
            conn._counted = True  # type: ignore[attr-defined]
        return app


def _time(devices: list[Device], days: int, factory: Callable[[AppContext], Any]) -> float:
    start = time.perf_counter()
    for device in devices:
        run_device(device, "app", days, factory)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--devices", type=int, default=8)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    devices = [device_history(0, i, args.days) for i in range(args.devices)]
    steps = sum(2 * len(d.events) for d in devices)
    with AppLauncher(COMMAND) as launcher:
        counting = Counting(launcher)
        _time(devices[:1], 1, counting.factory)  # start the process (not counted)
        counting.lines = 0
        in_process, piped = [], []
        for _ in range(args.repeat):
            in_process.append(_time(devices, args.days, ReferenceApp))
            piped.append(_time(devices, args.days, counting.factory))
        lines = counting.lines / args.repeat
    fast, slow = statistics.median(in_process), statistics.median(piped)
    print(
        f"{args.devices} devices x {args.days} days, ~{steps} world steps per run, "
        f"medians of {args.repeat}"
    )
    print(f"{'':<28} {'µs / world step':>16} {'ratio':>8}")
    print(f"{'reference in-process':<28} {fast / steps * 1e6:>16.1f} {1.0:>8.2f}")
    print(f"{'reference through the pipe':<28} {slow / steps * 1e6:>16.1f} {slow / fast:>8.2f}")
    print(
        f"protocol lines per world step: {lines / steps:.1f}; "
        f"µs per line (the difference / lines): {(slow - fast) / lines * 1e6:.1f}"
    )


if __name__ == "__main__":
    main()
