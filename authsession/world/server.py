"""The simulated auth server of the world.

Owns: which users exist (the first successful sign-in registers a password), the server's mode
(`ok | reject | down | rate_limited | captive_portal`), the network switch, the token lifetime and
how it is stated (`expires_in`, and `expires_at` on the server's own clock), rotating refresh
tokens with reuse detection (token families) and an optional reuse grace, the rotation hazards the
world can arm — sibling processes winning concurrent refreshes (F6, any number of them, one per
request), the app process dying right after a rotation answer (F7), and interleavings inside the
app's next re-authentications (`during_next_refresh`, kept here in order; the world plays them) —
a log of every request with whether the credentials' protection class was readable when it was
sent, and the oracle's question "would you accept these credentials now?" (`honours`). Issue 21:
sessions per user (each password sign-in starts one on this device; the user also has one on
another device), the access tokens each session issued (their expiry on the server's clock),
and the revocation endpoint (RFC 7009: `revoke`, scopes `local | global | others`, its own log),
with another device's sign-out (`logout_elsewhere`). Never stores a secret in its log. The
records it keeps are `authsession.world.server_records`. Must not
import the runtime.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal

from pydantic import SecretStr

from authsession.adapters.authenticator import Accepted, AuthResult, Rejected, Transient
from authsession.adapters.keychain import Credentials, Keychain, ProtectionClass
from authsession.adapters.revocation import (
    LogoutScope,
    RevocationRequest,
    Revoked,
    RevokeResult,
)
from authsession.world.faults import ProcessKilled
from authsession.world.server_records import (
    InFlight,
    Meanwhile,
    Mode,
    Request,
    Revocation,
    ServerSession,
    Sibling,
    Standing,
    TokenFamily,
)

__all__ = ["InFlight", "Mode", "ProcessKilled", "Request", "Standing", "WorldServer"]


class WorldServer:
    """Implements `authsession.adapters.Authenticator` for every policy in the world.

    With `rotating=True` every accepted request also carries a new refresh token and invalidates
    the one presented. Presenting the *predecessor* of a family's live token is answered
    `invalid_grant` without further harm: a concurrent refresh that lost the race (the family's
    live token is out there). Presenting any older token is reuse: the whole family is revoked
    and every later request with any of its tokens is definitively rejected.
    """

    def __init__(
        self,
        *,
        mode: Mode,
        token_lifetime: float,
        protected_data_available: Callable[[], bool],
        rotating: bool = False,
        clock: Callable[[], float] | None = None,
        reuse_grace: float = 0.0,
        expires_at: bool = False,
        retry_after: float = 60.0,
        reuse_detection: bool = False,
    ) -> None:
        """`clock`: the server's own time (true wall time: the device's may be skewed).
        `reuse_detection`: a rotated-away token presented outside the grace revokes the family,
        the predecessor included."""
        self.mode: Mode = mode
        self.online = True
        self.token_lifetime = token_lifetime
        self.rotating = rotating
        self._clock = clock
        self.reuse_grace = reuse_grace
        self.reuse_detection = reuse_detection
        #: Called with the family's live token when the app's own request revoked the family
        #: (reuse detection): if anyone had that token, the app destroyed the user's session.
        self.on_revoke: Callable[[str], None] | None = None
        self._sibling_presenting = False
        self.expires_at = expires_at
        self.retry_after = retry_after
        #: Interleavings armed for the app's next re-authentications, in order.
        self.in_flight: list[InFlight] = []
        self._available = protected_data_available
        self._passwords: dict[str, SecretStr] = {}
        self._issued = 0
        self._families: dict[str, TokenFamily] = {}  # every token ever issued -> its family
        self.requests: list[Request] = []
        #: Rejections that say something about the user's standing. A lost race (the family's
        #: live token still works) is counted apart, in `race_rejections`: the world's oracle
        #: must not take it as a deserved logout.
        self.rejections = 0
        self.race_rejections = 0
        self.revoked_families = 0
        self.sibling_requests = 0
        self._siblings: list[Sibling] = []
        #: Every session, by id; the session a password started last, per account (a
        #: non-rotating app's refresh is a password sign-in: each starts one).
        self.sessions: dict[int, ServerSession] = {}
        #: Each signed-out secret -> the sessions it stood for (`note_sign_out`).
        self._signed_out: dict[str, frozenset[int]] = {}
        #: Access token -> (session id, server time it expires at).
        self._access: dict[str, tuple[int, float]] = {}
        #: Every request to the revocation endpoint.
        self.revocations: list[Revocation] = []
        #: The world step now (the world sets it), for the sessions' revocation times.
        self.step = 0
        #: Whether the next revocation is the app's own (the world's process wrapper sets it).
        self.app_revoking = False
        self._kill_armed = False
        #: A rotation answer was delivered to an armed app: it dies at its next keychain write
        #: (or, if it makes none, when the world step ends).
        self.kill_pending = False

    def register(self, credentials: Credentials) -> None:
        if credentials.account not in self._passwords:
            self._other_device(credentials.account)
        self._passwords[credentials.account] = credentials.secret

    def _other_device(self, account: str) -> None:
        """The user is signed in on another device too (what `global` and `others` end)."""
        self._new_session(account, "other")

    def _new_session(self, account: str, device: Literal["this", "other"] = "this") -> int:
        number = len(self.sessions) + 1
        self.sessions[number] = ServerSession(number, account, device)
        return number

    # Hazards the world arms -------------------------------------------------------------------
    def arm_sibling(self, keychain: Keychain, protection: ProtectionClass, count: int = 1) -> None:
        """F6: on the app's next refresh with a refresh token, a sibling process (app extension)
        that read the same stored token reaches the server first and writes its rotated token to
        `keychain`. Stackable: each armed race strikes one request, in order, so a retry with
        the sibling's token can lose a second race. (Two rotations before one request would make
        the app present a token two generations old, which reuse detection answers by revoking
        the family — a loss no client could avoid, so the world never arms it.)"""
        self._siblings.extend(Sibling(keychain, protection) for _ in range(count))

    @property
    def kill_armed(self) -> tuple[bool, bool]:
        """The F7 kill: armed for the next rotation answer, and pending at the next write."""
        return self._kill_armed, self.kill_pending

    @property
    def siblings_pending(self) -> int:
        return len(self._siblings)

    def arm_in_flight(self, meanwhile: Meanwhile, reached_server: bool) -> None:
        self.in_flight.append(InFlight(meanwhile, reached_server))

    def take_in_flight(self) -> InFlight | None:
        """The interleaving armed for the re-authentication now being sent, if any."""
        return self.in_flight.pop(0) if self.in_flight else None

    def now(self) -> float:
        return self._clock() if self._clock is not None else 0.0

    def arm_kill(self) -> None:
        """F7: the app process dies right after the next rotation answer it receives, at its
        first keychain write (which lands) — the window between discarding the old token and
        writing the new one."""
        self._kill_armed = True

    def after_keychain_write(self) -> None:
        """Called by the world after each keychain write the app makes."""
        if self.kill_pending:
            self.kill_pending = False
            raise ProcessKilled

    # Authenticator -----------------------------------------------------------------------------
    def authenticate(self, credentials: Credentials) -> AuthResult:
        refreshing = credentials.secret.get_secret_value() in self._families
        if refreshing and self._siblings:
            self._sibling_refresh(self._siblings.pop(0), credentials)
        before = self.race_rejections
        result = self._answer(credentials)
        self.requests.append(Request(credentials.account, self._available(), result.kind))
        if isinstance(result, Rejected) and self.race_rejections == before:
            self.rejections += 1
        if self._kill_armed and refreshing and isinstance(result, Accepted):
            self._kill_armed, self.kill_pending = False, result.refresh_token is not None
        return result

    def _sibling_refresh(self, sibling: Sibling, credentials: Credentials) -> None:
        # The sibling read the same item as the app, so it presents the same secret — first.
        self.sibling_requests += 1
        self._sibling_presenting = True
        try:
            answer = self._answer(credentials)
        finally:
            self._sibling_presenting = False
        if isinstance(answer, Accepted) and answer.refresh_token is not None:
            rotated = Credentials(account=credentials.account, secret=answer.refresh_token)
            sibling.keychain.store(rotated, sibling.protection)

    # The oracle's questions ----------------------------------------------------------------------
    def standing(self, credentials: Credentials) -> Standing:
        secret = credentials.secret.get_secret_value()
        family = self._families.get(secret)
        if family is not None and family.account == credentials.account:
            if family.revoked:
                return "revoked"
            if secret == family.live:
                return "live"
            return "predecessor" if secret == family.predecessor else "retired"
        known = self._passwords.get(credentials.account)
        if known is not None and known.get_secret_value() == secret:
            return "password"
        return "unknown"

    def honours(self, credentials: Credentials) -> bool:
        """Would a request with these credentials be accepted now (network and outages aside:
        `down`, `rate_limited`, a captive portal and offline do not make credentials unusable;
        `reject` accepts nothing)? The predecessor of a live token is honoured while the reuse
        grace lasts."""
        if self.mode == "reject":
            return False
        secret = credentials.secret.get_secret_value()
        family = self._families.get(secret)
        if family is not None:
            if family.revoked or self.sessions[family.session].revoked:
                return False
            return family.live == secret or self._in_grace(family, secret)
        known = self._passwords.get(credentials.account)
        return known is not None and known.get_secret_value() == secret

    @property
    def has_accounts(self) -> bool:
        return bool(self._passwords)

    def _in_grace(self, family: TokenFamily, secret: str) -> bool:
        return (
            self.reuse_grace > 0
            and secret == family.predecessor
            and self.now() - family.rotated_at <= self.reuse_grace
        )

    def _answer(self, credentials: Credentials) -> AuthResult:
        if not self.online:
            return Transient(detail="network offline")
        if self.mode == "down":
            return Transient(detail="http 503")
        if self.mode == "rate_limited":
            return Transient(detail="http 429", retry_after=self.retry_after)
        if self.mode == "captive_portal":
            # A 200 whose body is a login page: `authsession.adapters.authenticator.token_reply`.
            return Transient(detail="malformed token reply")
        if self.mode == "reject":
            return Rejected(detail="invalid_grant")
        secret = credentials.secret.get_secret_value()
        family = self._families.get(secret)
        if family is not None and family.account == credentials.account:
            return self._refresh(family, secret)
        if credentials.account not in self._passwords:
            self._other_device(credentials.account)
        known = self._passwords.setdefault(credentials.account, credentials.secret)
        if known.get_secret_value() != secret:
            return Rejected(detail="invalid_grant")
        session = self._new_session(credentials.account)
        if not self.rotating:
            return self._accepted(None, session)
        refresh = self._new_refresh_token()
        self._families[refresh] = TokenFamily(
            account=credentials.account, live=refresh, session=session
        )
        return self._accepted(refresh, session)

    def _refresh(self, family: TokenFamily, secret: str) -> AuthResult:
        if family.revoked:
            return Rejected(detail="invalid_grant: token family revoked")
        if self.sessions[family.session].revoked:
            return Rejected(detail="invalid_grant: session revoked")
        if secret == family.live:
            refresh = self._new_refresh_token()
            family.retired.add(secret)
            family.predecessor, family.live = secret, refresh
            family.rotated_at = self.now()
            family.rotated_by_sibling = self._sibling_presenting
            self._families[refresh] = family
            return self._accepted(refresh, family.session)
        if self._in_grace(family, secret):
            # A reuse interval: the predecessor is answered with the live successor, as if the
            # answer that carried it the first time had arrived.
            return self._accepted(family.live, family.session)
        if secret == family.predecessor and not self.reuse_detection:
            self.race_rejections += 1
            return Rejected(detail="invalid_grant: token already rotated")
        family.revoked = True  # reuse of a rotated-away token: assume theft, end the family
        self.revoked_families += 1
        # A sibling's rotation made the app's token old: a loss no client of the app avoids.
        if not family.rotated_by_sibling and self.on_revoke is not None:
            self.on_revoke(family.live)
        return Rejected(detail="invalid_grant: refresh token reuse")

    # The revocation endpoint (RFC 7009) ---------------------------------------------------------
    def revoke(self, request: RevocationRequest) -> RevokeResult:
        """Revoke what `request` presents: `local` its session, `global` every session of its
        user, `others` every session of the user but its own. A token the server does not know
        is answered 200 too (RFC 7009). Offline, 503, 429 and a captive portal's login page are
        no answer (`Transient`); a server rejecting every sign-in still revokes."""
        result: RevokeResult
        if not self.online:
            result = Transient(detail="network offline")
        elif self.mode == "down":
            result = Transient(detail="http 503")
        elif self.mode == "rate_limited":
            result = Transient(detail="http 429", retry_after=self.retry_after)
        elif self.mode == "captive_portal":
            result = Transient(detail="a login page, not the endpoint's answer")
        else:
            self._end(request)
            result = Revoked()
        self.revocations.append(
            Revocation(request.account, request.scope, self._available(), result.kind)
        )
        return result

    def _end(self, request: RevocationRequest) -> None:
        secret = request.token.get_secret_value()
        family = self._families.get(secret)
        own: int | None = None
        if family is not None:
            own = family.session
        elif secret in self._access:
            own = self._access[secret][0]
        known = self._passwords.get(request.account)
        password = known is not None and known.get_secret_value() == secret
        if own is None and not password:
            return  # not a token of ours: 200 all the same
        # A password is no token: what revoking it ends is what it stood for when the user signed
        # out (`note_sign_out`), not sessions a later sign-in with the same password started — a
        # revocation delayed past that sign-in would end the new session. A password queued with
        # no sign-out noted stands for every session of this device.
        noted = self._signed_out.get(secret)
        stood_for = (
            noted
            if noted is not None
            else frozenset(s.id for s in self.sessions.values() if s.device == "this")
        )
        for session in self.sessions.values():
            if session.account != request.account or session.revoked:
                continue
            if request.scope == "global":
                ends = True
            elif request.scope == "others":
                ends = session.id != own and (not password or session.device == "other")
            else:  # local: the presented token's session, or what its password stood for
                ends = session.id == own or (password and session.id in stood_for)
            if ends:
                self._revoke_session(session, by_app=self.app_revoking)

    def note_sign_out(self, secrets: Iterable[str], sessions: frozenset[int]) -> None:
        """The user signed out of `sessions`, whose credentials were `secrets`: what a later
        revocation presenting one of them (a password) ends."""
        for secret in secrets:
            self._signed_out[secret] = self._signed_out.get(secret, frozenset()) | sessions

    def _revoke_session(self, session: ServerSession, *, by_app: bool) -> None:
        session.revoked = True
        session.revoked_at = self.step
        session.revoked_by_app = by_app

    def logout_elsewhere(self, scope: LogoutScope) -> None:
        """The user signs out on their other device: `local` ends that device's sessions,
        `global` every session of the user, `others` every session but that device's."""
        for session in self.sessions.values():
            if session.revoked:
                continue
            other = session.device == "other"
            if scope == "global" or (scope == "local") == other:
                self._revoke_session(session, by_app=False)

    # The oracle's questions about sessions ------------------------------------------------------
    def session_of(self, access_token: str) -> ServerSession | None:
        found = self._access.get(access_token)
        return None if found is None else self.sessions.get(found[0])

    def usable_sessions(self) -> frozenset[int]:
        """This device's sessions a token still works for: not revoked, and with a live refresh
        token or an access token that has not expired."""
        now = self.now()
        live: set[int] = set()
        for family in self._families.values():
            session = self.sessions[family.session]
            if not family.revoked and not session.revoked and session.device == "this":
                live.add(session.id)
        for session_id, expires in self._access.values():
            session = self.sessions[session_id]
            if not session.revoked and session.device == "this" and expires > now:
                live.add(session_id)
        return frozenset(live)

    def is_password(self, secret: str) -> bool:
        """Is `secret` a user's registered password (not a token)?"""
        return any(known.get_secret_value() == secret for known in self._passwords.values())

    def sessions_of(self, credentials: Credentials) -> frozenset[int]:
        """The live sessions of this device whose tokens come with `credentials`: a refresh
        token's own; for a password, the sessions it started that have no refresh token (their
        access tokens are all there is — a session with a refresh family is that family's, and a
        family nobody holds any more is nobody's to revoke)."""
        secret = credentials.secret.get_secret_value()
        family = self._families.get(secret)
        if family is not None:
            return frozenset({family.session}) - self._revoked_ids()
        known = self._passwords.get(credentials.account)
        if known is None or known.get_secret_value() != secret:
            return frozenset()
        with_family = {f.session for f in self._families.values()}
        return frozenset(
            s.id
            for s in self.sessions.values()
            if s.account == credentials.account
            and s.device == "this"
            and not s.revoked
            and s.id not in with_family
        )

    def _revoked_ids(self) -> frozenset[int]:
        return frozenset(s.id for s in self.sessions.values() if s.revoked)

    def session_key(self, hinted_step: int) -> tuple[bool, bool, bool]:
        """The sessions as what decides the future (the checker's identity): whether the user's
        other device still has a live session, whether a session of this device was revoked, and
        whether the app was told of the latest revocation it did not make itself."""
        other = any(s.device == "other" and not s.revoked for s in self.sessions.values())
        here = [s for s in self.sessions.values() if s.device == "this" and s.revoked]
        told = all(s.revoked_by_app or s.revoked_at <= hinted_step for s in here)
        return other, bool(here), told

    def revoked_session(self, session_id: int) -> bool:
        session = self.sessions.get(session_id)
        return session is not None and session.revoked

    def _new_refresh_token(self) -> str:
        self._issued += 1
        return f"world-refresh-{self._issued}"

    def _accepted(self, refresh: str | None, session: int) -> Accepted:
        self._issued += 1
        token = f"world-token-{self._issued}"
        self._access[token] = (session, self.now() + self.token_lifetime)
        return Accepted(
            token=SecretStr(token),
            expires_in=self.token_lifetime,
            refresh_token=None if refresh is None else SecretStr(refresh),
            expires_at=self.now() + self.token_lifetime if self.expires_at else None,
        )

    def __repr__(self) -> str:
        return (
            f"WorldServer(mode={self.mode!r}, online={self.online}, rotating={self.rotating}, "
            f"requests={len(self.requests)})"
        )
