"""The reference process's adapters: each call forwarded to the world over the pipe.

Owns: one forwarding adapter per port the session has — for iOS the SecItem functions that the
*same* `IOSKeychain` adapter the world uses in-process calls (`ForwardedSecItem`), so its rules
are exercised through the pipe; elsewhere an item-level keychain (`ForwardedKeychain`) — and the
authenticator, clock, protected-data signal, refresh lease, revocation outbox and endpoint and
snapshot store, each answered by the world. Must not import the world or the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

from authsession.adapters.authenticator import Accepted, AuthResult, Rejected, Transient
from authsession.adapters.keychain import (
    Credentials,
    Deleted,
    DeleteResult,
    Failed,
    Found,
    NotFound,
    ProtectionClass,
    ReadResult,
    SecretLost,
    Stored,
    StoreResult,
    Unavailable,
)
from authsession.adapters.revocation import (
    Entries,
    OutboxRead,
    Pending,
    RevocationEntry,
    RevocationRefused,
    RevocationRequest,
    Revoked,
    RevokeResult,
)
from authsession.app import protocol as p
from authsession.app.channel import Channel
from authsession.platforms.ios.status import OSStatus


def _attributes(values: Mapping[str, object]) -> p.Attributes:
    return p.Attributes.model_validate(
        {k: (v.value if isinstance(v, Enum) else v) for k, v in values.items()}
    )


def _status(code: int) -> OSStatus | int:
    try:
        return OSStatus(code)
    except ValueError:
        return code


class ForwardedSecItem:
    """The SecItem functions `IOSKeychain` calls, answered by the world's iOS simulator."""

    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def copy_matching(
        self, query: Mapping[str, object]
    ) -> tuple[OSStatus | int, dict[str, object] | None]:
        answer = self._channel.call(
            p.CopyMatchingCall, adapter="secitem", op="copy_matching", query=_attributes(query)
        )
        found = answer.attributes
        if found is None:
            return _status(answer.status), None
        item: dict[str, object] = {}
        for name, info in p.Attributes.model_fields.items():
            value = getattr(found, name)
            if value is not None:
                item[info.alias or name] = (
                    value.get_secret_value() if hasattr(value, "get_secret_value") else value
                )
        return _status(answer.status), item

    def add(self, query: Mapping[str, object]) -> OSStatus | int:
        answer = self._channel.call(
            p.AddCall, adapter="secitem", op="add", attributes=_attributes(query)
        )
        return _status(answer.status)

    def update(
        self, query: Mapping[str, object], attributes: Mapping[str, object]
    ) -> OSStatus | int:
        answer = self._channel.call(
            p.UpdateCall,
            adapter="secitem",
            op="update",
            query=_attributes(query),
            attributes=_attributes(attributes),
        )
        return _status(answer.status)

    def delete(self, query: Mapping[str, object]) -> OSStatus | int:
        answer = self._channel.call(
            p.DeleteItemCall, adapter="secitem", op="delete", query=_attributes(query)
        )
        return _status(answer.status)

    def passcode_set(self) -> bool:
        return bool(
            self._channel.call(p.PasscodeSetCall, adapter="device", op="passcode_set").value
        )

    def biometry_changed(self) -> bool:
        return bool(
            self._channel.call(p.BiometryChangedCall, adapter="device", op="biometry_changed").value
        )


class ForwardedKeychain:
    """The item-level keychain (Android, memory) the world answers."""

    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def read(self) -> ReadResult:
        answer = self._channel.call(p.KeychainReadCall, adapter="keychain", op="read")
        match answer:
            case p.FoundAnswer(account=account, secret=secret):
                return Found(credentials=Credentials(account=account, secret=secret))
            case p.NotFoundAnswer():
                return NotFound()
            case p.UnavailableAnswer():
                return Unavailable()
            case p.SecretLostAnswer(cause=cause):
                return SecretLost(cause=cause)
        return Failed()

    def store(self, credentials: Credentials, protection: ProtectionClass) -> StoreResult:
        answer = self._channel.call(
            p.KeychainStoreCall,
            adapter="keychain",
            op="store",
            account=credentials.account,
            secret=credentials.secret,
            protection=protection,
        )
        if isinstance(answer, p.StoredAnswer):
            return Stored()
        return Unavailable() if isinstance(answer, p.UnavailableAnswer) else Failed()

    def delete(self) -> DeleteResult:
        answer = self._channel.call(p.KeychainDeleteCall, adapter="keychain", op="delete")
        if isinstance(answer, p.DeletedAnswer):
            return Deleted()
        return Unavailable() if isinstance(answer, p.UnavailableAnswer) else Failed()


class ForwardedAuthenticator:
    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def authenticate(self, credentials: Credentials) -> AuthResult:
        answer = self._channel.call(
            p.AuthenticateCall,
            adapter="server",
            op="authenticate",
            account=credentials.account,
            secret=credentials.secret,
        )
        match answer:
            case p.AcceptedAnswer():
                return Accepted(
                    token=answer.token,
                    expires_in=answer.expires_in,
                    refresh_token=answer.refresh_token,
                    expires_at=answer.expires_at,
                )
            case p.RejectedAnswer(detail=detail):
                return Rejected(detail=detail)
        return Transient(detail=answer.detail, retry_after=answer.retry_after)


class ForwardedClock:
    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def monotonic(self) -> float:
        return float(self._channel.call(p.MonotonicCall, adapter="clock", op="monotonic").value)

    def wall(self) -> float:
        return float(self._channel.call(p.WallCall, adapter="clock", op="wall").value)


class ForwardedSignal:
    """The protected-data signal, for the configured class or any other (`available_for`)."""

    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def available(self) -> bool:
        return bool(
            self._channel.call(p.AvailableCall, adapter="protected_data", op="available").value
        )

    def available_for(self, protection: ProtectionClass) -> bool:
        answer = self._channel.call(
            p.AvailableCall, adapter="protected_data", op="available", protection=protection
        )
        return bool(answer.value)


class ForwardedLease:
    """The app's shared refresh lease, kept by the world (`authsession.adapters.lease` rules)."""

    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def acquire(self) -> bool:
        return bool(self._channel.call(p.LeaseAcquireCall, adapter="lease", op="acquire").value)

    def release(self) -> None:
        self._channel.call(p.LeaseReleaseCall, adapter="lease", op="release")


class ForwardedOutbox:
    """The revocation outbox: an item the world keeps under the credentials' class."""

    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def read(self) -> OutboxRead:
        answer = self._channel.call(p.OutboxReadCall, adapter="outbox", op="read")
        match answer:
            case p.PendingAnswer(entries=entries):
                return Pending(
                    entries=tuple(
                        RevocationEntry(account=e.account, token=e.token, scope=e.scope)
                        for e in entries
                    )
                )
            case p.UnavailableAnswer():
                return Unavailable()
        return Failed()

    def write(self, entries: Entries, protection: ProtectionClass) -> StoreResult:
        answer = self._channel.call(
            p.OutboxWriteCall,
            adapter="outbox",
            op="write",
            entries=tuple(
                p.OutboxEntry(account=e.account, token=e.token, scope=e.scope) for e in entries
            ),
            protection=protection,
        )
        if isinstance(answer, p.StoredAnswer):
            return Stored()
        return Unavailable() if isinstance(answer, p.UnavailableAnswer) else Failed()


class ForwardedRevoker:
    """The revocation endpoint (RFC 7009), reached through the world."""

    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def revoke(self, request: RevocationRequest) -> RevokeResult:
        answer = self._channel.call(
            p.RevokeCall,
            adapter="server",
            op="revoke",
            account=request.account,
            token=request.token,
            scope=request.scope,
            token_type_hint=request.token_type_hint,
        )
        match answer:
            case p.RevokedAnswer():
                return Revoked()
            case p.RefusedAnswer(detail=detail):
                return RevocationRefused(detail=detail)
        return Transient(detail=answer.detail, retry_after=answer.retry_after)


class ForwardedSnapshots:
    """The app's storage for the session snapshot (a file the world keeps across processes)."""

    location = "world:snapshot"

    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def load(self) -> bytes | None:
        data = self._channel.call(p.SnapshotLoadCall, adapter="snapshots", op="load").data
        return None if data is None else bytes(data.get_secret_value())

    def save(self, data: bytes) -> None:
        self._channel.call(p.SnapshotSaveCall, adapter="snapshots", op="save", data=data)
