"""The fleet simulator: how many users each policy logs out, over many devices and days.

Owns nothing itself; re-exports `simulate`, its result models and the usage model.
Must not import the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import reexports

if TYPE_CHECKING:
    from authsession.fleet.simulate import DEFAULT_POLICIES as DEFAULT_POLICIES
    from authsession.fleet.simulate import FleetResult as FleetResult
    from authsession.fleet.simulate import PolicyMetrics as PolicyMetrics
    from authsession.fleet.simulate import run_chunk as run_chunk
    from authsession.fleet.simulate import simulate as simulate
    from authsession.fleet.usage import UsageModel as UsageModel
    from authsession.fleet.usage import device_history as device_history

__getattr__, __dir__, __all__ = reexports(__name__)
