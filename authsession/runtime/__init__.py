"""The runtime: `AuthSession` executes the core's commands through adapters.

Owns nothing itself; re-exports. Must not import the CLI.
"""

from authsession.runtime.config import SessionConfig
from authsession.runtime.session import AuthSession, HistoryEntry

__all__ = ["AuthSession", "HistoryEntry", "SessionConfig"]
