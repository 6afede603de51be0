"""A deliberately wrong port: the iOS 7 bug. It wraps the reference core but takes an unreadable
keychain for "no user" — `keychain_unavailable` while checking or authenticating signs the user
out. `difftest` and `vectors verify` must catch it. Speaks authsession.port/1 on stdin/stdout."""

from __future__ import annotations

import json
import sys

from authsession.core.machine import Context, SessionCore
from authsession.spec.states import State

_CHECKING = {State.CHECKING_CREDENTIALS, State.AUTHENTICATING}


def main() -> None:
    core = SessionCore()
    for line in sys.stdin:
        if not line.strip():
            continue
        message = json.loads(line)
        if "reset" in message:
            reset = message["reset"] or {}
            core = SessionCore(
                State(reset.get("state", "starting")), Context(**reset.get("context", {}))
            )
            continue
        if message["type"] == "keychain_unavailable" and core.current in _CHECKING:
            core = SessionCore(State.LOGGED_OUT, Context())
            answer = {"state": "logged_out", "commands": [], "reason": "credentials_absent"}
        else:
            from authsession.spec.events import parse_event

            step = core.step(parse_event(message))
            answer = {
                "state": step.state.value,
                "commands": [c.model_dump(mode="json") for c in step.commands],
                "reason": step.reason,
            }
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
