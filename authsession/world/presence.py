"""When the app's process runs and whether it is on the screen.

Owns: `AppPresence`, the part of `World` that decides the app's time and place — whether the
process gets CPU now (foreground, or the background budget after a wake), time passing for it
(a suspended app's timers do not fire), the device locking and unlocking under it, the user
opening it or bringing it to the foreground, and a user's sign-in or sign-out that must reach a
process. Must not import the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from authsession.world.policies import App
from authsession.world.truth import WorldTruth

#: A user's sign-in or sign-out aimed at a process an armed kill ends during its launch reaches
#: the next one (the user taps again); armed kills are finite, so this bound is never the limit.
USER_RETRIES: Final = 4


class AppPresence(WorldTruth):
    """The app's time and place in a `World` (a base class: the state is the world's)."""

    _exposure: float

    def _collect(self) -> None:
        raise NotImplementedError

    def start(self, mode: str) -> App | None:
        raise NotImplementedError

    def app_call(self, call: Callable[[App], object]) -> None:
        raise NotImplementedError

    def awake(self) -> bool:
        """Does the app process get CPU now? In the foreground, or within the background budget
        after a wake (fetch, push, background or prewarm launch); otherwise iOS suspends it."""
        return self.app is not None and (
            self.foreground or self.clock.monotonic() < self._awake_until
        )

    def wake(self) -> None:
        self._awake_until = self.clock.monotonic() + self.courier.budget

    def suspend(self) -> None:
        """The app leaves the screen and its background time ends now (a cancelled request)."""
        self.foreground = False
        self._awake_until = self.clock.monotonic()

    def pass_time(self, seconds: float) -> None:
        """Time passes inside a step (a request in flight): what the app did so far happened
        before it."""
        self._collect()
        self.clock.advance(seconds)
        self.device.advance(seconds)

    def lock(self) -> None:
        self._collect()
        self.device.lock()
        self.foreground = False

    def advance_time(self, seconds: float) -> None:
        # Exposure is judged at the start of the interval: nothing in the world changes during it.
        if self.device.exposed():
            self._exposure += seconds
        # A suspended app's timers do not fire: time runs for it only up to the end of its budget.
        running = (
            seconds if self.foreground else max(0.0, self._awake_until - self.clock.monotonic())
        )
        running = min(seconds, running)
        for part, tick in ((running, True), (seconds - running, False)):
            if part <= 0:
                continue
            self.clock.advance(part)
            self.device.advance(part)
            if tick and self.app is not None:
                # Filed when the tick returns, not at the end of the advance: a read in the 10 s
                # after a lock (complete-protection items are still readable then) is legal, and
                # the rest of the advance may end the grace period.
                self.app_call(lambda app: app.tick())

    def unlock(self) -> None:
        self.device.unlock()
        # iOS may never deliver the notification to a suspended app (the reference re-checks on
        # foreground); Android's ACTION_USER_UNLOCKED broadcast wakes it.
        if self.app is not None and (self.awake() or self.scenario.platform == "android"):
            self.app_call(lambda app: app.protected_data_did_become_available())

    def open_app(self) -> bool:
        """The user opens the app: a process started for it is on the screen from its first
        instruction (an access-controlled read may prompt there), whichever event started it.
        True if it started one."""
        if self.app is not None:
            return False
        self.foreground = True
        self.start("foreground")
        return True

    def tell_foreground(self) -> None:
        """A running app is brought to the screen (iOS `willEnterForeground`): on screen before
        its callback, so it may prompt there. A lock meanwhile takes it off again."""
        if self.app is not None:
            self.foreground = True
            self.app_call(lambda app: app.foreground())

    def to_foreground(self) -> None:
        """The user opens the app (a launch, or a running one brought from the background)."""
        if not self.open_app() and not self.foreground:
            self.tell_foreground()

    def for_the_user(self, action: Callable[[App], object]) -> None:
        """A user's sign-in or sign-out: the user opens the app to do it; if the process the
        tap started dies before it can show anything, the next one gets it — never dropped."""
        for _ in range(USER_RETRIES):
            self.to_foreground()
            if self.app is not None:
                self.app_call(action)
                return
