"""The host's calls into the app: the work handler, `on_work_failed` and `on_notify`.

Owns: what `perform_work`, `fail_work` and `notify_user` do inside the host (they need no adapter
call: `Host.plan` plans each as an `Effect` whose local part is one of these), the session's own
token-request label (`TOKEN_WORK`), and the rule that an app callback that raises is logged by
type and the rest goes on. Must not import the session or the drivers.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Final

from authsession.spec.commands import FailReason, NotifyMessage

if TYPE_CHECKING:
    from authsession.runtime.host import Host

log = logging.getLogger("authsession")

#: The label a token request queues as work: a caller needing a token *is* work that needs an
#: authenticated session, so the table decides (read, authenticate, defer) exactly as for a sync.
#: It is the session's own: done when the token is, never handed to the app's work handler.
TOKEN_WORK: Final = "access_token"


def notify_user(host: Host, message: NotifyMessage) -> None:
    """What the user is told: kept, and passed to `on_notify`."""
    host.notifications.append(message)
    _notify(host, message)


def perform_work(host: Host) -> None:
    """Every owed label, in order, to the work handler with the session token."""
    token = host.secrets.token
    while host.pending_work:
        label = host.pending_work.pop(0)
        # A token request's own label (`get_token`): its work is getting the token, done
        # now; the app's handler never asked for it.
        if label != TOKEN_WORK and host.work_handler is not None and token is not None:
            try:
                host.work_handler(label, token)
            except Exception as err:
                # The app's own work failed; the session did its part. Later labels run.
                log.warning("work handler raised %s for one label", type(err).__name__)
                host.failed_work.append(label)
                continue
        host.completed_work.append(label)


def fail_work(host: Host, reason: FailReason) -> None:
    """Every owed label handed back to the app as failed, with the command's reason."""
    while host.pending_work:
        label = host.pending_work.pop(0)
        if label == TOKEN_WORK:
            continue  # the session's own: a token request, answered "no token"
        host.failed_work.append(label)
        if host.on_work_failed is not None:
            try:
                host.on_work_failed(label, reason)
            except Exception as err:
                log.warning("on_work_failed raised %s", type(err).__name__)


def _notify(host: Host, message: NotifyMessage) -> None:
    if host.on_notify is None:
        return
    try:
        host.on_notify(message)
    except Exception as err:
        log.warning("on_notify raised %s", type(err).__name__)
