"""How the world answers an `authsession.app/1` process's adapter calls.

Owns: `answer()` — one adapter call of an app process (SecItem, item-level keychain, server,
storage, snapshot, clock, protected-data signal, work, revocation outbox and endpoint, user
notification, refresh lease) made on the process's `AppContext`, the world's simulators behind
its fault plan, and turned into the answer line the protocol gives it — and the two refusals a
platform makes by throwing (`NoSignal`, `NoRevocation`). The conversation around it is
`authsession.world.app_process`. Must not import the CLI.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Final

from authsession.adapters.authenticator import Accepted, Rejected, Transient
from authsession.adapters.keychain import (
    Credentials,
    Deleted,
    Failed,
    Found,
    NotFound,
    SecretLost,
    Stored,
    Unavailable,
)
from authsession.adapters.lease import RefreshLease
from authsession.adapters.revocation import (
    Pending,
    RevocationEntry,
    RevocationOutbox,
    RevocationRefused,
    RevocationRequest,
    Revoked,
    Revoker,
)
from authsession.app import protocol as p
from authsession.world.app_contract import AppContext
from authsession.world.faults import ResourceUnauthorized
from authsession.world.lease import LeaseStorageUnavailable


def answer(ctx: AppContext, call: p.AppCall) -> Any:
    """The world's answer line to one adapter call, from the process's `AppContext` (the
    world's simulators behind its fault plan; an injected fault or kill raises through)."""
    re = call.call
    match call:
        case p.CopyMatchingCall(query=query):
            status, found = _secitem(ctx).copy_matching(_attributes(query))
            return p.CopyMatchingAnswer(
                re=re, status=int(status), attributes=None if found is None else _wire(found)
            )
        case p.AddCall(attributes=attributes):
            return p.StatusAnswer(re=re, status=int(_secitem(ctx).add(_attributes(attributes))))
        case p.UpdateCall(query=query, attributes=attributes):
            status = _secitem(ctx).update(_attributes(query), _attributes(attributes))
            return p.StatusAnswer(re=re, status=int(status))
        case p.DeleteItemCall(query=query):
            return p.StatusAnswer(re=re, status=int(_secitem(ctx).delete(_attributes(query))))
        case p.PasscodeSetCall():
            return p.FlagAnswer(re=re, value=_secitem(ctx).passcode_set())
        case p.BiometryChangedCall():
            return p.FlagAnswer(re=re, value=_secitem(ctx).biometry_changed())
        case p.KeychainReadCall():
            return _read_answer(re, ctx.keychain.read())
        case p.KeychainStoreCall(account=account, secret=secret, protection=protection):
            credentials = Credentials(account=account, secret=secret)
            return _write_answer(re, ctx.keychain.store(credentials, protection))
        case p.KeychainDeleteCall():
            return _write_answer(re, ctx.keychain.delete())
        case p.AuthenticateCall(account=account, secret=secret):
            result = ctx.server.authenticate(Credentials(account=account, secret=secret))
            return _auth_answer(re, result)
        case p.StorageGetCall(key=key):
            return p.StorageValueAnswer.model_validate({"re": re, "value": ctx.storage.get(key)})
        case p.StorageSetCall(key=key, value=value):
            return p.WrittenAnswer(re=re, written=ctx.storage.set(key, value))
        case p.SnapshotLoadCall():
            return p.SnapshotAnswer.model_validate({"re": re, "data": ctx.snapshots.load()})
        case p.SnapshotSaveCall(data=data):
            ctx.snapshots.save(data.get_secret_value())
            return p.DoneAnswer(re=re)
        case p.MonotonicCall():
            return p.TimeAnswer(re=re, value=ctx.clock.monotonic())
        case p.WallCall():
            return p.TimeAnswer(re=re, value=ctx.clock.wall())
        case p.AvailableCall(protection=protection):
            if protection is None:
                return p.FlagAnswer(re=re, value=bool(ctx.available()))
            if ctx.available_for is None:
                raise NoSignal
            return p.FlagAnswer(re=re, value=bool(ctx.available_for(protection)))
        case p.PerformWorkCall(label=label, token=token):
            try:
                ctx.perform_work(label, token)
            except ResourceUnauthorized:
                return p.WorkAnswer(re=re, result="unauthorized")
            return p.WorkAnswer(re=re, result="done")
        case p.FailWorkCall(label=label, reason=reason):
            ctx.fail_work(label, reason)
            return p.DoneAnswer(re=re)
        case p.OutboxReadCall():
            return _outbox_answer(re, _outbox(ctx).read())
        case p.OutboxWriteCall(entries=entries, protection=protection):
            written = _outbox(ctx).write(
                tuple(
                    RevocationEntry(account=e.account, token=e.token, scope=e.scope)
                    for e in entries
                ),
                protection,
            )
            return _write_answer(re, written)
        case p.RevokeCall(account=account, token=token, scope=scope, token_type_hint=hint):
            request = RevocationRequest(
                account=account, token=token, scope=scope, token_type_hint=hint
            )
            return _revoke_answer(re, _revoker(ctx).revoke(request))
        case p.NotifyCall(message=message):
            ctx.notify(message)
            return p.DoneAnswer(re=re)
        case p.LeaseAcquireCall():
            return p.FlagAnswer(re=re, value=_lease(ctx).acquire())
        case p.LeaseReleaseCall():
            _lease(ctx).release()
            return p.DoneAnswer(re=re)
    raise AssertionError(f"unhandled call {call.adapter}.{call.op}")  # pragma: no cover


class NoSignal(Exception):
    """The world offers no per-class protected-data signal to this process."""


class NoRevocation(Exception):
    """The world offers this process no outbox or revocation endpoint (never for an app)."""


def _outbox(ctx: AppContext) -> RevocationOutbox:
    if ctx.outbox is None:
        raise NoRevocation
    return ctx.outbox


def _revoker(ctx: AppContext) -> Revoker:
    if ctx.revoker is None:
        raise NoRevocation
    return ctx.revoker


def _outbox_answer(re: int, result: object) -> Any:
    if isinstance(result, Pending):
        entries = tuple(
            p.OutboxEntry(account=e.account, token=e.token, scope=e.scope) for e in result.entries
        )
        return p.PendingAnswer(re=re, result="pending", entries=entries)
    if isinstance(result, Unavailable):
        return p.UnavailableAnswer(re=re, result="unavailable")
    return p.FailedAnswer(re=re, result="failed")


def _revoke_answer(re: int, result: object) -> Any:
    if isinstance(result, Revoked):
        return p.RevokedAnswer(re=re, result="revoked")
    if isinstance(result, RevocationRefused):
        return p.RefusedAnswer(re=re, result="refused", detail=result.detail[: p.MAX_LABEL_CHARS])
    assert isinstance(result, Transient)
    return p.TransientAnswer(
        re=re,
        result="transient",
        detail=result.detail[: p.MAX_LABEL_CHARS],
        retry_after=result.retry_after,
    )


def _lease(ctx: AppContext) -> RefreshLease:
    if ctx.lease is None:
        raise LeaseStorageUnavailable("no lease for this process")
    return ctx.lease


def _auth_answer(re: int, result: object) -> Any:
    if isinstance(result, Accepted):
        return p.AcceptedAnswer(
            re=re,
            result="accepted",
            token=result.token,
            expires_in=result.expires_in,
            refresh_token=result.refresh_token,
            expires_at=result.expires_at,
        )
    if isinstance(result, Rejected):
        return p.RejectedAnswer(re=re, result="rejected", detail=result.detail[: p.MAX_LABEL_CHARS])
    assert isinstance(result, Transient)
    return p.TransientAnswer(
        re=re,
        result="transient",
        detail=result.detail[: p.MAX_LABEL_CHARS],
        retry_after=result.retry_after,
    )


def _secitem(ctx: AppContext) -> Any:
    assert ctx.secitem is not None  # checked against the platform before
    return ctx.secitem


def _attributes(attributes: p.Attributes) -> dict[str, object]:
    out: dict[str, object] = {}
    for name, info in p.Attributes.model_fields.items():
        value = getattr(attributes, name)
        if value is not None:
            out[info.alias or name] = (
                value.get_secret_value() if hasattr(value, "get_secret_value") else value
            )
    return out


#: The attribute keys `authsession.app/1` carries (its `Attributes` model's wire names).
_WIRE_KEYS: Final = frozenset(
    info.alias or name for name, info in p.Attributes.model_fields.items()
)


def _wire(found: dict[str, object]) -> p.Attributes:
    """An item as the simulator returns it, in the protocol's attributes: the keys the protocol
    names and that are set (the simulator also returns `access_control`, None when unset, which
    the protocol does not carry — an item must not become a `raised` answer for it)."""
    return p.Attributes.model_validate(
        {
            k: (v.value if isinstance(v, Enum) else v)
            for k, v in found.items()
            if k in _WIRE_KEYS and v is not None
        }
    )


def _read_answer(re: int, result: object) -> Any:
    match result:
        case Found(credentials=credentials):
            return p.FoundAnswer(
                re=re, result="found", account=credentials.account, secret=credentials.secret
            )
        case NotFound():
            return p.NotFoundAnswer(re=re, result="not_found")
        case Unavailable():
            return p.UnavailableAnswer(re=re, result="unavailable")
        case SecretLost(cause=cause):
            return p.SecretLostAnswer(re=re, result="secret_lost", cause=cause)
    return p.FailedAnswer(re=re, result="failed")


def _write_answer(re: int, result: object) -> Any:
    match result:
        case Stored():
            return p.StoredAnswer(re=re, result="stored")
        case Deleted():
            return p.DeletedAnswer(re=re, result="deleted")
        case Unavailable():
            return p.UnavailableAnswer(re=re, result="unavailable")
        case Failed():
            return p.FailedAnswer(re=re, result="failed")
    return p.FailedAnswer(re=re, result="failed")
