"""Bounded exponential backoff with seeded jitter.

Owns: the delay before retry number `attempt`. Transient failures must retry forever without
hammering a server or a keychain, so delays double from `base` up to `cap` and jitter spreads a
fleet's retries apart. Must not read time.
"""

from __future__ import annotations

import random

from authsession.spec.host import RETRY_MAX_EXPONENT


class Backoff:
    __slots__ = ("_random", "_seed", "base", "cap", "jitter")

    def __init__(self, *, base: float, cap: float, jitter: float, seed: int | None) -> None:
        self.base = base
        self.cap = cap
        self.jitter = jitter
        self._seed = seed
        # Made at the first retry: a generator's state is 2.5 KB, most sessions never retry, and
        # a seeded one gives the same delays whenever it is made.
        self._random: random.Random | None = None

    def delay(self, attempt: int) -> float:
        """Seconds to wait before retry `attempt` (0-based); always within (0, cap]."""
        ceiling = min(self.cap, self.base * 2.0 ** min(attempt, RETRY_MAX_EXPONENT))
        if self._random is None:
            self._random = random.Random(self._seed)
        return ceiling * (1.0 - self.jitter * self._random.random())
