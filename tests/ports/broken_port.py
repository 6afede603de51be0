"""A port that breaks the protocol on purpose, after answering `AFTER` events correctly (as the
reference would). `MODE`: crash (exit 3 with a message on stderr), garbage (a non-JSON line), hang
(stop answering), unknown_state, missing_field (no `reason`), silent_exit (exit 0, no answer).
Usage: broken_port.py MODE [AFTER]."""

from __future__ import annotations

import json
import sys
import time

from authsession.core.machine import Context, SessionCore
from authsession.spec.events import parse_event
from authsession.spec.states import State


def main() -> None:
    mode = sys.argv[1]
    after = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    core = SessionCore()
    answered = 0
    for line in sys.stdin:
        message = json.loads(line)
        if "reset" in message:
            reset = message["reset"] or {}
            core = SessionCore(
                State(reset.get("state", "starting")), Context(**reset.get("context", {}))
            )
            continue
        step = core.step(parse_event(message))
        answer = {
            "state": step.state.value,
            "commands": [c.model_dump(mode="json") for c in step.commands],
            "reason": step.reason,
        }
        if answered >= after:
            if mode == "crash":
                sys.stderr.write("port.swift:42: Fatal error: unexpectedly found nil\n")
                sys.exit(3)
            if mode == "silent_exit":
                sys.exit(0)
            if mode == "garbage":
                sys.stdout.write("state=logged_in\n")
            elif mode == "hang":
                time.sleep(60)
            elif mode == "unknown_state":
                sys.stdout.write(json.dumps({**answer, "state": "limbo"}) + "\n")
            elif mode == "missing_field":
                del answer["reason"]
                sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()
            answered += 1
            continue
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
        answered += 1


if __name__ == "__main__":
    main()
