"""What the app tells a session, turned into machine events when their turn comes.

Owns: `enqueue` — for each operation, the events it produces, in order: a revocation waiting for
its backoff made due now (a foreground, protected data back), every due timer first (a token
that expired since the last poll must not look valid), then the operation's own event, produced
lazily so the protected-data signal is sampled when it is applied — and the facts the host adds
to them (a login's `same_account`, a logout's recorded scope, the owed-work limit). Must not
import the session or the drivers.
"""

from __future__ import annotations

import logging
from functools import partial

from authsession.adapters.keychain import Credentials
from authsession.core.machine import SessionCore
from authsession.runtime.host import REVOCATION, Host
from authsession.runtime.operations import (
    Foreground,
    Launch,
    Login,
    Logout,
    Operation,
    Poll,
    ProtectedDataDidBecomeAvailable,
    ProtectedDataWillLock,
    RequestWork,
    RevocationHinted,
    Scope,
    StoreChanged,
)
from authsession.runtime.run import Produced, Queued
from authsession.runtime.snapshot import MAX_PENDING_WORK
from authsession.spec.events import (
    AppForegrounded,
    AppLaunched,
    LoginRequested,
    LogoutOthersRequested,
    LogoutRequested,
    ProtectedDataBecameAvailable,
    ProtectedDataWillBecomeUnavailable,
    RevocationHint,
    SharedStoreChanged,
    WorkRequested,
)
from authsession.spec.states import State

log = logging.getLogger("authsession")


def enqueue(operation: Operation, host: Host, core: SessionCore, queue: list[Queued]) -> None:
    """Queue the events `operation` produces — due timers first — each produced when its turn
    comes (so the signal is sampled then, not now)."""
    if isinstance(operation, Foreground | ProtectedDataDidBecomeAvailable):
        # The user is here, or the outbox's class just became readable: a revocation waiting
        # for its backoff is tried now (the backoff is the host's; the table decides).
        host.revocation_due_now()
    if isinstance(operation, Poll | RequestWork | Foreground):
        # Due timers first: a token that expired since the last poll must not look valid
        # (F13), and a resumed process fires what fell due while it was suspended.
        for name in host.due_timers():
            queue.append(partial(_timer, host, name))
    elif isinstance(operation, ProtectedDataDidBecomeAvailable) and (
        REVOCATION in host.due_timers()
    ):
        queue.append(partial(_timer, host, REVOCATION))
    match operation:
        case Launch():
            queue.append(lambda: (AppLaunched(protected_data_available=host.available()),
                                  None, True))  # fmt: skip
        case Login(account=account, password=password):
            typed = Credentials(account=account, secret=password)
            queue.append(partial(_login, host, typed))
        case Logout(scope="others"):
            queue.append(lambda: (LogoutOthersRequested(), None, True))
        case Logout(scope=scope):
            queue.append(partial(_logout, host, core, scope))
        case RevocationHinted():
            queue.append(lambda: (RevocationHint(protected_data_available=host.available()),
                                  None, True))  # fmt: skip
        case RequestWork(label=label):
            queue.append(partial(_work, host, label))
        case Foreground():
            queue.append(lambda: (AppForegrounded(protected_data_available=host.available()),
                                  None, True))  # fmt: skip
        case ProtectedDataDidBecomeAvailable():
            queue.append(lambda: (ProtectedDataBecameAvailable(), None, True))
        case ProtectedDataWillLock():
            queue.append(lambda: (ProtectedDataWillBecomeUnavailable(), None, True))
        case StoreChanged():
            queue.append(lambda: (SharedStoreChanged(protected_data_available=host.available()),
                                  None, True))  # fmt: skip
        case Poll():
            pass


def _login(host: Host, typed: Credentials) -> Produced:
    # A fact for the table: is this the account whose session the server ended?
    same = host.account is not None and typed.account == host.account
    return LoginRequested(same_account=same), typed, True


def _logout(host: Host, core: SessionCore, scope: Scope) -> Produced:
    if core.current is not State.LOGGING_OUT:
        host.logout_scope = "global" if scope == "global" else "local"
    return LogoutRequested(protected_data_available=host.available()), None, True


def _timer(host: Host, name: str) -> Produced:
    return host.fire(name), None, False


def _work(host: Host, label: str) -> Produced:
    if len(host.pending_work) >= MAX_PENDING_WORK:
        # Every owed label must survive a kill (invariant 3), and the snapshot holds this many:
        # beyond it the request is refused, loudly, rather than silently dropped later.
        log.warning("request_work refused: %d labels already owed", MAX_PENDING_WORK)
        return None, None, True
    host.pending_work.append(label)
    return WorkRequested(protected_data_available=host.available()), None, True
