"""Apps that break `authsession.app/1`: each must end a replay, simulate or explore in exit 2
with one line naming the message number and the problem, and leave no process behind. Starts fast
(no package import): it speaks the protocol by hand, as a port in another language would.

Usage: bad_app.py MODE. It answers `hello` with `ready`, then, at the first callback, does MODE:
- dies: exits with code 3 after writing a last word on stderr.
- dies_quoting: handles callbacks (done, logged_out) until one holds a password, then writes
  that line on stderr and exits.
- hangs: never answers.
- flood: one endless line (no newline ever comes).
- flood_messages: endless well-formed calls, never waiting for an answer.
- garbage: answers with a line that is not JSON.
- not_object: answers with a JSON array.
- unknown_adapter: a call to an adapter the protocol does not have.
- bad_field: a `done` whose state is not a state of the spec.
- wrong_call_number: its first call is numbered 2.
- wrong_done: `done` names another callback.
- ready_twice: answers the callback with `ready`.
- early: writes a line before the world asks anything (after `ready`).
- wrong_platform: on a memory device, calls the SecItem API.
"""

from __future__ import annotations

import json
import sys
import time

READY = b'{"ready": {"name": "bad-app"}}\n'


def send(raw: bytes) -> None:
    sys.stdout.buffer.write(raw)
    sys.stdout.buffer.flush()


def main() -> None:
    mode = sys.argv[1]
    stdin = sys.stdin.buffer
    stdin.readline()  # hello
    send(READY)
    if mode == "early":
        send(b'{"step": {}}\n')
    line = stdin.readline()  # the first callback
    callback = json.loads(line)
    while mode == "dies_quoting" and "password" not in callback:
        send(b'{"done": %d, "state": "logged_out"}\n' % callback["n"])
        line = stdin.readline()
        callback = json.loads(line)
    n = callback["n"]
    if mode == "dies":
        sys.stderr.write("fatal: the app crashed on purpose\n")
        sys.exit(3)
    if mode == "dies_quoting":
        sys.stderr.write(f"fatal: cannot handle {line.decode().strip()}\n")
        sys.exit(3)
    if mode == "hangs":
        time.sleep(3600)
    if mode == "flood":
        while True:
            sys.stdout.buffer.write(b"x" * 65536)
    if mode == "flood_messages":
        k = 0
        while True:
            k += 1
            sys.stdout.buffer.write(b'{"call": %d, "adapter": "clock", "op": "wall"}\n' % k)
    if mode == "garbage":
        send(b"this is not json\n")
    elif mode == "not_object":
        send(b"[1, 2]\n")
    elif mode == "unknown_adapter":
        send(b'{"call": 1, "adapter": "camera", "op": "snap"}\n')
    elif mode == "bad_field":
        send(b'{"done": %d, "state": "happy"}\n' % n)
    elif mode == "wrong_call_number":
        send(b'{"call": 2, "adapter": "clock", "op": "wall"}\n')
    elif mode == "wrong_done":
        send(b'{"done": %d, "state": "logged_out"}\n' % (n + 5))
    elif mode == "ready_twice":
        send(READY)
    elif mode == "wrong_platform":
        send(b'{"call": 1, "adapter": "secitem", "op": "delete", "query": {}}\n')
    time.sleep(3600)  # whatever it did, it then waits: the world must end it


if __name__ == "__main__":
    main()
