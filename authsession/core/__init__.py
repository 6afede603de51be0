"""The sans-I/O core: `SessionCore` steps events through the shared `transitions` machine.

Owns nothing itself; re-exports, each name imported on first use (PEP 562). Must not import
adapters, runtime or CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "MACHINE": "authsession.core.machine",
    "Context": "authsession.core.machine",
    "SessionCore": "authsession.core.machine",
    "record_of": "authsession.core.records",
}

__all__ = [
    "MACHINE",
    "Context",
    "SessionCore",
    "record_of",
]

if TYPE_CHECKING:
    from authsession.core.machine import MACHINE, Context, SessionCore
    from authsession.core.records import record_of

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
