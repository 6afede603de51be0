"""Ports that attack the driver rather than get the protocol wrong: each must end in exit 2 within
the timeout, with bounded memory, and leave no process behind. Starts fast (no package import).

Usage: hostile_port.py MODE [PIDFILE]. `PIDFILE` gets this process's pid (and, for `orphan`, its
child's), so a test can check that nothing outlives the driver. MODE:
- silent: reads every line, never answers.
- no_read: never reads its input, never answers (its stdin pipe fills up).
- slow_reader: reads one byte every 10 ms, never answers.
- flood: one endless answer line (no newline ever comes).
- flood_lines: endless well-formed answers, far more than were asked for.
- stderr_flood: endless stderr, no answer.
- dying: reads the reset line, then kills itself with SIGKILL.
- orphan: starts a child that holds the pipes and sleeps, then goes silent itself.
- slow_answers: answers each event correctly-shaped after 0.2 s (a slow but live port).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

ANSWER = b'{"state": "logged_out", "commands": [], "reason": "x"}\n'


def main() -> None:
    mode = sys.argv[1]
    if len(sys.argv) > 2:
        with open(sys.argv[2], "a", encoding="ascii") as pids:
            pids.write(f"{os.getpid()}\n")
    out = sys.stdout.buffer
    if mode == "silent":
        for _ in sys.stdin.buffer:
            pass
        time.sleep(3600)
    elif mode == "no_read":
        time.sleep(3600)
    elif mode == "slow_reader":
        while sys.stdin.buffer.read(1):
            time.sleep(0.01)
        time.sleep(3600)
    elif mode == "flood":
        chunk = b"x" * 65536
        while True:
            out.write(chunk)
    elif mode == "flood_lines":
        while True:
            out.write(ANSWER * 1000)
    elif mode == "stderr_flood":
        chunk = b"e" * 65536
        while True:
            sys.stderr.buffer.write(chunk)
    elif mode == "dying":
        sys.stdin.buffer.readline()
        os.kill(os.getpid(), signal.SIGKILL)
    elif mode == "orphan":
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
        if len(sys.argv) > 2:
            with open(sys.argv[2], "a", encoding="ascii") as pids:
                pids.write(f"{child.pid}\n")
        time.sleep(3600)
    elif mode == "slow_answers":
        for line in sys.stdin.buffer:
            if b'"reset"' in line:
                continue
            time.sleep(0.2)
            out.write(ANSWER)
            out.flush()
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
