"""A shipped hypothesis `RuleBasedStateMachine` that checks every invariant on a wired session.

Owns: `AuthSessionStateMachine`, which drives an `AuthSession` wired with the fakes through random
launches, relaunches, locks, unlocks, notifications, work, logins, logouts, server and keychain
faults and clock moves, and after every step checks `check_records` (invariants 1 to 5 and 8 to
10) on every session it started, invariant 6 (the canary password never appears in history or
reprs) and invariant 7 (every store used the configured class). Subclass it to run the same storm
against your own flow code: override `make_session` to wire your app around the session and add
`@rule`s that call your code (docs/testing.md). Unlike the fakes beside it, this module imports the
runtime — it exists to drive one. Imports hypothesis (a dev dependency): import it from tests only.
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from authsession.adapters.authenticator import Rejected, Transient
from authsession.invariants import check_records, secrets_in, security_never_lowered
from authsession.runtime import AuthSession, SessionConfig
from authsession.spec.events import SecretLossCause
from authsession.testing.authenticator import ScriptedAuthenticator
from authsession.testing.clock import ManualClock
from authsession.testing.keychain import MemoryKeychain
from authsession.testing.protected_data import FakeProtectedData

#: The password every generated login uses; invariant 6 looks for it in every output.
CANARY_PASSWORD = "canary-password-7f3a"


class AuthSessionStateMachine(RuleBasedStateMachine):
    """Random device, user and server behaviour around one app's sessions.

    Class attributes tune the world: `token_lifetime` (seconds), `not_found_while_locked` (the
    iOS -25300-while-locked quirk), `config` (the `SessionConfig` every session gets).
    `TestCase` is the unittest class pytest collects: `TestMine = MyMachine.TestCase`.
    """

    token_lifetime: float = 600.0
    not_found_while_locked: bool = False
    config: SessionConfig = SessionConfig(seed=1)

    def __init__(self) -> None:
        super().__init__()
        self.device = FakeProtectedData(available=True)
        self.keychain = MemoryKeychain(
            available=self.device.available, not_found_while_locked=self.not_found_while_locked
        )
        self.clock = ManualClock()
        self.server = ScriptedAuthenticator(token_lifetime=self.token_lifetime)
        self.sessions: list[AuthSession] = []
        self.session = self._start()

    # Hooks ------------------------------------------------------------------------------------
    def make_session(self) -> AuthSession:
        """Build one app process's session. Override to wire your flow code around it (keep the
        fakes in `self.keychain`, `self.clock`, `self.server`, `self.device`)."""
        return AuthSession(
            keychain=self.keychain,
            clock=self.clock,
            authenticator=self.server,
            protected_data=self.device,
            config=self.config,
        )

    def _start(self) -> AuthSession:
        session = self.make_session()
        self.sessions.append(session)
        return session

    # The app's life -----------------------------------------------------------------------------
    @rule()
    def launch(self) -> None:
        self.session.launch()

    @rule()
    def relaunch(self) -> None:
        """The process is killed and started again (the keychain and the device survive)."""
        self.session = self._start()
        self.session.launch()

    @rule(account=st.sampled_from(["ada", "grace"]))
    def login(self, account: str) -> None:
        self.session.login(account, CANARY_PASSWORD)

    @rule()
    def logout(self) -> None:
        self.session.logout()

    @rule(label=st.sampled_from(["background_fetch", "silent_push", "inbox"]))
    def request_work(self, label: str) -> None:
        self.session.request_work(label)

    @rule()
    def foreground(self) -> None:
        self.session.foreground()

    # The device -------------------------------------------------------------------------------
    @rule()
    def lock(self) -> None:
        self.device.lock()

    @rule()
    def unlock(self) -> None:
        self.device.unlock()

    @precondition(lambda self: self.device.available())
    @rule()
    def notify_available(self) -> None:
        self.session.protected_data_did_become_available()

    @precondition(lambda self: not self.device.available())
    @rule()
    def notify_unavailable(self) -> None:
        self.session.protected_data_will_become_unavailable()

    @rule()
    def keychain_fault(self) -> None:
        self.keychain.fail_next()

    @rule(cause=st.sampled_from(list(SecretLossCause)))
    def secret_lost(self, cause: SecretLossCause) -> None:
        self.keychain.lose_secret(cause)

    # The server and the clock -----------------------------------------------------------------
    @rule()
    def server_down(self) -> None:
        self.server.script(Transient(detail="down"))

    @rule()
    def server_rejects(self) -> None:
        self.server.script(Rejected())

    @rule(seconds=st.sampled_from([1.0, 30.0, 400.0, 3600.0]))
    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.session.poll()

    @rule(seconds=st.sampled_from([-86_400.0, 86_400.0]))
    def jump_wall_clock(self, seconds: float) -> None:
        self.clock.jump_wall(seconds)
        self.session.poll()

    # Checks -----------------------------------------------------------------------------------
    @invariant()
    def transitions_keep_invariants(self) -> None:
        for session in self.sessions:
            violations = check_records(session.records)
            assert not violations, "; ".join(str(v) for v in violations)

    @invariant()
    def no_secret_in_output(self) -> None:
        outputs = [repr(self.session), repr(self.keychain), repr(self.server)]
        outputs += [entry.model_dump_json() for entry in self.session.history]
        violations = secrets_in(outputs, [CANARY_PASSWORD])
        assert not violations, "; ".join(str(v) for v in violations)

    @invariant()
    def security_not_lowered(self) -> None:
        stored = [c.protection for c in self.keychain.calls if c.operation == "store"]
        violations = security_never_lowered(
            stored,
            self.config.protection,
            allow_insecure=self.config.allow_insecure_protection,
        )
        assert not violations, "; ".join(str(v) for v in violations)
