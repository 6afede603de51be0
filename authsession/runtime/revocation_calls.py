"""The revocation commands planned: the outbox and the revocation endpoint, as adapter calls.

Owns: what `queue_revocation` (the credentials a sign-out leaves into the durable outbox, each
token once), `revoke` (the outbox's first token to the endpoint, then out of the outbox once it
answered for good) and `revoke_others` (the access token, scope `others`) mean as `Effect`s — the
planners `authsession.runtime.host.Host.plan` calls for those commands. Like `plan`, they change
nothing: the host's state changes only in their answers. Must not import the session or the
drivers.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

from authsession.adapters.authenticator import Transient
from authsession.adapters.keychain import Failed, Stored, Unavailable
from authsession.adapters.revocation import (
    MAX_OUTBOX_ENTRIES,
    Pending,
    RevocationEntry,
    RevocationRefused,
    RevocationRequest,
    Revoked,
)
from authsession.runtime.effects import Effect
from authsession.spec.events import (
    MachineEvent,
    OthersRevocationFailed,
    OthersRevoked,
    RevocationCompleted,
    RevocationFailed,
    RevocationQueued,
    RevocationQueueFailed,
    RevocationQueueUnavailable,
    RevocationUnavailable,
)

if TYPE_CHECKING:
    from authsession.runtime.host import Host

log = logging.getLogger("authsession")


def queue_revocation(host: Host) -> Effect:
    """Into the outbox: what a read just found and what the sign-out took out of the hand,
    each once (a token already queued is not queued twice), under the configured class."""
    found = host.secrets.to_revoke()
    if not found:
        return Effect(event=RevocationQueued())  # nothing to revoke: nothing written
    scope = host.logout_scope
    new = tuple(RevocationEntry(account=c.account, token=c.secret, scope=scope) for c in found)
    outbox, protection = host.outbox, host.config.protection

    def run() -> object:
        held = outbox.read()
        if not isinstance(held, Pending):
            return held
        queued = {e.token.get_secret_value() for e in held.entries}
        entries = (
            *held.entries,
            *(e for e in new if e.token.get_secret_value() not in queued),
        )[-MAX_OUTBOX_ENTRIES:]
        if len(entries) == len(held.entries) and entries == held.entries:
            return Stored()
        return outbox.write(entries, protection)

    def answer(result: object) -> MachineEvent:
        match result:
            case Stored():
                host.secrets.queued()
                return RevocationQueued()
            case Unavailable():
                return RevocationQueueUnavailable(protected_data_available=host.available())
        return RevocationQueueFailed()

    failed: object = Failed(detail="adapter raised")
    call = host._call(host.outbox, "outbox", "queue", run, failed)
    return Effect(call, answer)


def revoke(host: Host) -> Effect:
    """The outbox's first token to the revocation endpoint — nowhere else — then out of the
    outbox once the endpoint answered for good."""
    outbox, revoker, protection = host.outbox, host.revoker, host.config.protection

    def run() -> object:
        held = outbox.read()
        if not isinstance(held, Pending):
            return held
        if not held.entries:
            return Pending()
        first, *rest = held.entries
        request = RevocationRequest(account=first.account, token=first.token, scope=first.scope)
        verdict = revoker.revoke(request)
        if not isinstance(verdict, Revoked | RevocationRefused):
            return verdict
        if isinstance(verdict, RevocationRefused):
            log.warning("revocation refused for good")
        written = outbox.write(tuple(rest), protection)
        return Pending(entries=tuple(rest)) if isinstance(written, Stored) else written

    def answer(result: object) -> MachineEvent:
        match result:
            case Pending(entries=rest):
                host.revocation_attempt = 0
                return RevocationCompleted(
                    protected_data_available=host.available(), more_queued=bool(rest)
                )
            case Unavailable():
                return RevocationUnavailable()
        return RevocationFailed()

    failed: object = Failed(detail="adapter raised")
    return Effect(host._call(host.revoker, "revoker", "revoke", run, failed), answer)


def revoke_others(host: Host) -> Effect:
    token, account = host.secrets.token, host.account
    if token is None or account is None:
        return Effect(event=OthersRevocationFailed())
    request = RevocationRequest(
        account=account, token=token, scope="others", token_type_hint="access_token"
    )
    revoker = host.revoker

    def answer(result: object) -> MachineEvent:
        return OthersRevoked() if isinstance(result, Revoked) else OthersRevocationFailed()

    failed: object = Transient(detail="adapter raised")
    run = partial(revoker.revoke, request)
    return Effect(host._call(revoker, "revoker", "revoke_others", run, failed), answer)
