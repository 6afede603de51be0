"""What a session shows the app, and tells it after every step (no secrets, ever).

Owns: `SessionView` (who the user is now: state, presence, the reason, the account, the screen),
`Subscribers` (who is told of a change of it, and the rule that a subscriber that raises is logged
by type and kept), the subscriber and observer callback types, and `HistoryEntry` (one step as an
app may log it).
Must not import the session, the host or the drivers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from authsession.spec.events import MachineEvent
from authsession.spec.interpreter import Transition
from authsession.spec.states import SCREEN, USER_PRESENT, Screen, State, UserPresence

log = logging.getLogger("authsession")

#: Told of every step: the event, the step it took, and the session clock's monotonic time.
Observer = Callable[[MachineEvent, Transition, float], None]


@dataclass(frozen=True, slots=True)
class SessionView:
    """Who the user is now, as an app shows it (no secrets): the state, whether a user is
    present (`unknown`: not known yet — never a guess), the reason of the step that made it so
    (None before the first step), the account (not a secret; kept while the server's end of the
    session asks the same account to sign in again) and the screen the state calls for."""

    state: State
    user_present: UserPresence
    reason: str | None
    account: str | None
    screen: Screen


#: A subscriber of `AuthSession.subscribe`.
ViewCallback = Callable[[SessionView], None]


class HistoryEntry(BaseModel):
    """One step as the app may log it: no secrets, ever."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    event: MachineEvent
    source: State
    state: State
    reason: str
    commands: tuple[str, ...]
    detail: str | None = None


class Subscribers:
    """The subscribers of one session and the view they were last told."""

    __slots__ = ("_callbacks", "view")

    def __init__(self, view: SessionView) -> None:
        self._callbacks: tuple[ViewCallback, ...] = ()
        self.view = view

    def subscribe(self, callback: ViewCallback) -> Callable[[], None]:
        self._callbacks = (*self._callbacks, callback)
        _tell(callback, self.view)

        def unsubscribe() -> None:
            self._callbacks = tuple(c for c in self._callbacks if c is not callback)

        return unsubscribe

    def update(self, state: State, reason: str, account: str | None) -> None:
        """After a step: tell every subscriber if who the user is changed."""
        view = self.view
        if state is not view.state or account != view.account:
            self.view = new = SessionView(
                state, USER_PRESENT[state], reason, account, SCREEN[state]
            )
            for callback in self._callbacks:
                _tell(callback, new)


def _tell(callback: ViewCallback, view: SessionView) -> None:
    try:
        callback(view)
    except Exception as err:
        log.warning("subscriber raised %s", type(err).__name__)
