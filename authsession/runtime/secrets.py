"""The one holder of a session's secrets.

Owns: every secret an `AuthSession` holds — credentials just read (for the `authenticate` that
follows), credentials the user typed (for `sign_in`), credentials in hand that are not stored yet
(the table's `store_pending`), the session token — and the digests (never the values) of the
secret last sent and of the ones this process saw rotated away, which is how a read learns that
another process stored a token (`keychain_found.rotated_elsewhere`). Nothing else in the runtime
keeps a secret; `forget()` drops them all when the table signs the user out. Its repr shows which
slots are filled, never what is in them.
Must not import the core, the session or any adapter implementation.
"""

from __future__ import annotations

import hashlib

from pydantic import SecretStr

from authsession.adapters.keychain import Credentials


def _digest(secret: SecretStr) -> bytes:
    return hashlib.sha256(secret.get_secret_value().encode()).digest()


class CredentialHolder:
    __slots__ = ("_in_hand", "_read", "_retired", "_revocable", "_sent", "_token", "_typed")

    def __init__(self) -> None:
        self._read: Credentials | None = None
        self._typed: Credentials | None = None
        self._in_hand: Credentials | None = None
        self._token: SecretStr | None = None
        self._sent: bytes | None = None
        #: Made at the first rotation: most sessions never see one (an empty set is 216 bytes).
        self._retired: set[bytes] | None = None
        #: Credentials a sign-out took out of the hand, kept only until they are in the
        #: revocation outbox (never sent anywhere but there).
        self._revocable: Credentials | None = None

    # What the host asks ------------------------------------------------------------------------
    @property
    def token(self) -> SecretStr | None:
        return self._token

    @property
    def in_hand(self) -> Credentials | None:
        """Credentials not stored yet: what `store_credentials` writes."""
        return self._in_hand

    @property
    def typed(self) -> Credentials | None:
        return self._typed

    def for_authentication(self) -> Credentials | None:
        """What `authenticate` sends: the credentials just read, else those in hand (asking
        changes nothing: `sending` is what forgets a read secret)."""
        return self._read if self._read is not None else self._in_hand

    # What the host tells it --------------------------------------------------------------------
    def typed_in(self, credentials: Credentials | None) -> None:
        """The user's typed credentials, kept only if the table chose to sign in with them."""
        self._typed = credentials

    def found(self, credentials: Credentials) -> bool:
        """Keep what a read found; return whether another process stored it (it is neither the
        secret last sent nor one this process saw rotated away)."""
        self._read = credentials
        digest = _digest(credentials.secret)
        retired = self._retired
        return (
            self._sent is not None
            and digest != self._sent
            and (retired is None or digest not in retired)
        )

    def sending(self, credentials: Credentials) -> None:
        """`credentials` go out now: remember their digest, and forget them if a read found them
        (a stored secret lives in memory for one request)."""
        if credentials is self._read:
            self._read = None
        self._sent = _digest(credentials.secret)

    def accepted(self, sent: Credentials, token: SecretStr, refresh: SecretStr | None) -> bool:
        """The server accepted `sent`; return whether it rotated the refresh token. A rotated
        token is in hand until stored, and the one it replaces is retired (a later read finding
        it has found an old token, not a sibling's newer one)."""
        self._token = token
        if sent is self._typed:
            self._typed = None
            self._in_hand = sent  # a sign-in's credentials are in hand until stored
        if refresh is None or _digest(refresh) == _digest(sent.secret):
            return False
        if self._retired is None:
            self._retired = set()
        self._retired.add(_digest(sent.secret))
        self._in_hand = Credentials(account=sent.account, secret=refresh)
        return True

    def refused(self, sent: Credentials) -> None:
        if sent is self._typed:
            self._typed = None
        in_hand = self._in_hand
        if in_hand is not None and _digest(in_hand.secret) == _digest(sent.secret):
            # The retired secrets kept a stale read from replacing the successor in hand; that
            # successor is refused now, so a read finding an older secret is worth one more try:
            # an exchange does not consume a password (a sign-in an earlier version stored).
            self._retired = None

    def stored(self, credentials: Credentials) -> None:
        """`credentials` reached the keychain: no longer only in hand (unless replaced since)."""
        if self._in_hand is credentials:
            self._in_hand = None

    def to_revoke(self) -> tuple[Credentials, ...]:
        """What a sign-out's `queue_revocation` moves into the outbox: the credentials a read
        just found, and those the sign-out took out of the hand (newest last)."""
        found = tuple(c for c in (self._read, self._revocable) if c is not None)
        if len(found) == 2 and _digest(found[0].secret) == _digest(found[1].secret):
            return found[:1]
        return found

    def queued(self) -> None:
        """What `to_revoke` returned is in the outbox: this process no longer holds it."""
        self._read = self._revocable = None

    def forget(self, *, wiping: bool = False) -> None:
        """The user is gone: drop every secret and every digest — but, while a sign-out's wipe
        runs (`wiping`), the credentials that still have to reach the revocation outbox: those
        in hand (taken out of it) and those a read just found."""
        if wiping:
            if self._in_hand is not None:
                self._revocable = self._in_hand
        else:
            self._read = None
            self._revocable = None
        self._typed = self._in_hand = None
        self._token = None
        self._sent = None
        self._retired = None

    def fingerprint(self) -> tuple[bool, ...]:
        """Which slots are filled (never what is in them): read, typed, in hand, token, a secret
        sent, secrets retired, credentials owed a revocation."""
        return (
            self._read is not None,
            self._typed is not None,
            self._in_hand is not None,
            self._token is not None,
            self._sent is not None,
            bool(self._retired),
            self._revocable is not None,
        )

    def __repr__(self) -> str:
        filled = [
            name
            for name, value in (
                ("read", self._read),
                ("typed", self._typed),
                ("in_hand", self._in_hand),
                ("token", self._token),
                ("revocable", self._revocable),
            )
            if value is not None
        ]
        return f"CredentialHolder(holding={filled})"
