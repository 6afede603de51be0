"""The sans-I/O core: `SessionCore` steps events through the shared `transitions` machine.

Owns nothing itself; re-exports. Must not import adapters, runtime or CLI.
"""

from authsession.core.machine import MACHINE, Context, SessionCore, Step
from authsession.core.records import record_of

__all__ = ["MACHINE", "Context", "SessionCore", "Step", "record_of"]
