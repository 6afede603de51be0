"""The Python reference app (`authsession app`) with one host bug seeded, each a rule of
docs/porting.md "The host" that a port gets wrong without its trace changing on any example:
what `authsession difftest --app` must find and shrink.

Run as `python tests/app/seeded_hosts.py BUG` (a command speaking `authsession.app/1`):

- `wrong-backoff`: the retry delay counts attempts from 1 (`min(300, 2^(attempt+1))`), not 0;
- `no-second-sample`: a read's answer carries the protected-data sample taken before it only
  (the sample after the read is never taken);
- `timers-out-of-order`: due timers fire in the order they were armed, not by deadline;
- `snapshot-late`: the snapshot is loaded after the launch's protected-data sample, not before
  the first event of the process.
"""

from __future__ import annotations

import sys
from typing import Any

from authsession.app import reference
from authsession.runtime import backoff, host

BUGS = ("wrong-backoff", "no-second-sample", "timers-out-of-order", "snapshot-late")


def wrong_backoff() -> None:
    delay = backoff.Backoff.delay

    def off_by_one(self: backoff.Backoff, attempt: int) -> float:
        return delay(self, attempt + 1)

    backoff.Backoff.delay = off_by_one  # type: ignore[method-assign]


def no_second_sample() -> None:
    def read(self: host.Host) -> host.Effect:
        # The reference's `_read`, less the sample after the read: the answer carries the
        # samples taken before it only.
        before = self.available(), self.item_available()

        def answer(result: object) -> host.MachineEvent:
            available = before[0]
            match result:
                case host.Found(credentials=credentials):
                    self.account = credentials.account
                    elsewhere = self.secrets.found(credentials)
                    return host.KeychainFound(
                        protected_data_available=available, rotated_elsewhere=elsewhere
                    )
                case host.NotFound():
                    return host.KeychainNotFound(protected_data_available=before[1])
                case host.Unavailable():
                    return host.KeychainUnavailable(protected_data_available=available)
                case host.SecretLost(cause=cause):
                    return host.KeychainSecretLost(protected_data_available=available, cause=cause)
                case _:
                    return host.KeychainFailed(protected_data_available=available)

        failed: host.ReadResult = host.Failed(detail="adapter raised")
        call = self._call(self.keychain, "keychain", "read", self.keychain.read, failed)
        return host.Effect(call, answer)

    host.Host._read = read  # type: ignore[method-assign]


def timers_out_of_order() -> None:
    def armed_order(self: host.Host) -> list[str]:
        now = self.now()
        return [name for name, deadline in self.timers.items() if deadline <= now]

    host.Host.due_timers = armed_order  # type: ignore[method-assign]


def snapshot_late() -> None:
    build = reference.ReferenceProcess._build

    def sampled_first(self: reference.ReferenceProcess) -> Any:
        signal = reference.ForwardedSignal(self._channel)
        early = signal.available()
        original = reference.ForwardedSignal.available
        used = [False]

        def once(inner: reference.ForwardedSignal) -> bool:
            if not used[0]:
                used[0] = True
                reference.ForwardedSignal.available = original  # type: ignore[method-assign]
                return early
            return original(inner)

        reference.ForwardedSignal.available = once  # type: ignore[method-assign]
        return build(self)

    reference.ReferenceProcess._build = sampled_first  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in BUGS:
        sys.stderr.write(f"usage: seeded_hosts.py {{{','.join(BUGS)}}}\n")
        return 2
    {
        "wrong-backoff": wrong_backoff,
        "no-second-sample": no_second_sample,
        "timers-out-of-order": timers_out_of_order,
        "snapshot-late": snapshot_late,
    }[argv[0]]()
    return reference.serve(sys.stdin.buffer, sys.stdout.buffer)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
