"""The sans-I/O core: `SessionCore` steps events through the shared `transitions` machine.

Owns nothing itself; re-exports, each name imported on first use (PEP 562). Must not import
adapters, runtime or CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import reexports

if TYPE_CHECKING:
    from authsession.core.machine import MACHINE as MACHINE
    from authsession.core.machine import Context as Context
    from authsession.core.machine import SessionCore as SessionCore
    from authsession.core.records import record_of as record_of

__getattr__, __dir__, __all__ = reexports(__name__)
