"""Your own client in the simulated world, as the testing kit names it.

Owns nothing itself: `SessionApp`, `SessionParts` and `LOGOUT_NOT_ASKED` live beside the world's
reference app (`authsession.world.session_app`), which is `SessionApp` with its default client —
one app, whichever door it is reached by. Must not import the CLI.
"""

from authsession.world.session_app import LOGOUT_NOT_ASKED, SessionApp, SessionParts

__all__ = ["LOGOUT_NOT_ASKED", "SessionApp", "SessionParts"]
