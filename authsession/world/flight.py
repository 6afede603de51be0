"""How the app's request to the token endpoint travels in the world.

Owns: `Courier` — `latency` seconds there and back (the server processes a request halfway), an
iOS background budget that ends meanwhile and cancels it (-999), an armed interleaving
(`during_next_refresh`: a suspension, a kill, a lock, an extension's wake) that happens before or
after the server has it, and the answer while it is in flight (a rotated token the server has
issued and no process holds yet still exists: the referee counts it as usable). A typed sign-in
is not a re-authentication: no interleaving is armed for it.
Must not import the runtime or the CLI.
"""

from __future__ import annotations

from typing import Protocol

from authsession.adapters.authenticator import Accepted, AuthResult, Transient
from authsession.adapters.keychain import Credentials
from authsession.testing.clock import ManualClock
from authsession.world.faults import ProcessKilled
from authsession.world.server import InFlight, WorldServer

#: iOS background execution after a fetch, push or background launch (~30 s, often less): then the
#: app is suspended until the next wake or foreground.
BACKGROUND_BUDGET_SECONDS = 30.0


class Airspace(Protocol):
    """What of the world a request in flight meets."""

    server: WorldServer
    clock: ManualClock
    foreground: bool

    @property
    def awake_until(self) -> float: ...
    @property
    def platform(self) -> str: ...
    @property
    def grace_seconds(self) -> float: ...
    def suspend(self) -> None: ...
    def lock(self) -> None: ...
    def pass_time(self, seconds: float) -> None: ...
    def run_extension(self) -> None: ...


class Courier:
    budget = BACKGROUND_BUDGET_SECONDS

    def __init__(self, world: Airspace, latency: float) -> None:
        self._world = world
        self.latency = latency
        #: A typed sign-in is being sent (no interleaving is armed for it).
        self.signing_in = False
        #: Credentials in an answer the server has sent and no process has received yet.
        self.in_flight: tuple[Credentials, ...] = ()

    def send(self, credentials: Credentials) -> AuthResult:
        world = self._world
        server = world.server
        hazard = None if self.signing_in else server.take_in_flight()
        if hazard is None and not self.latency:
            return server.authenticate(credentials)
        if self._flight(self.latency / 2):
            return self._cancelled()
        if hazard is not None and not hazard.reached_server:
            interrupted = self._meanwhile(hazard)
            if interrupted is not None:
                return interrupted
        result = server.authenticate(credentials)
        if hazard is not None and hazard.reached_server:
            self.in_flight = _carried(result, credentials)
            try:
                interrupted = self._meanwhile(hazard)
            finally:
                self.in_flight = ()
            if interrupted is not None:
                return interrupted
        if self._flight(self.latency / 2):
            return self._cancelled()
        return result

    def _flight(self, seconds: float) -> bool:
        """Half a flight passes; True if an iOS background app's budget ended meanwhile (the
        system suspends it and its URL tasks are cancelled). A foreground app, and an Android
        app's job, run on."""
        if seconds <= 0:
            return False
        world = self._world
        now = world.clock.monotonic()
        cut = (
            world.platform == "ios"
            and not world.foreground
            and now < world.awake_until < now + seconds
        )
        world.pass_time(seconds)
        return cut

    def _meanwhile(self, hazard: InFlight) -> AuthResult | None:
        """Play an armed interleaving; return the answer that replaces the server's (a
        cancellation), or None when the answer still arrives."""
        world = self._world
        match hazard.meanwhile:
            case "suspend":
                return self._cancelled()
            case "kill":
                raise ProcessKilled  # the answer (if any) dies with the process
            case "lock":
                # The answer arrives on a locked device, past the class-key grace.
                world.lock()
                world.pass_time(world.grace_seconds + 1)
            case "extension_wake":
                world.run_extension()
        return None

    def _cancelled(self) -> AuthResult:
        """The app is suspended with its request in flight: iOS cancels the task (-999). If the
        server had processed it, what it answered is lost under any client."""
        self._world.suspend()
        return Transient(detail="cancelled (-999)")


def _carried(result: AuthResult, sent: Credentials) -> tuple[Credentials, ...]:
    """What an answer hands over that exists nowhere else yet: a rotated refresh token."""
    if isinstance(result, Accepted) and result.refresh_token is not None:
        return (Credentials(account=sent.account, secret=result.refresh_token),)
    return ()
