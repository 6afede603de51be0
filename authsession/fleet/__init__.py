"""The fleet simulator: how many users each policy logs out, over many devices and days.

Owns nothing itself; re-exports `simulate`, its result models and the usage model.
Must not import the CLI.
"""

from authsession.fleet.simulate import (
    DEFAULT_POLICIES,
    FleetResult,
    PolicyMetrics,
    run_chunk,
    simulate,
)
from authsession.fleet.usage import UsageModel, device_history

__all__ = [
    "DEFAULT_POLICIES",
    "FleetResult",
    "PolicyMetrics",
    "UsageModel",
    "device_history",
    "run_chunk",
    "simulate",
]
