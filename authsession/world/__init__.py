"""The simulated world: device + app + keychain + server + clock, driven by scenarios.

Owns nothing itself; re-exports the scenario contract, the policies and `replay`.
Must not import the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import reexports

if TYPE_CHECKING:
    from authsession.world.policies import POLICIES as POLICIES
    from authsession.world.scenario import Scenario as Scenario
    from authsession.world.scenario import load_scenario as load_scenario
    from authsession.world.scenario import parse_scenario as parse_scenario
    from authsession.world.trace import Summary as Summary
    from authsession.world.trace import TraceLine as TraceLine
    from authsession.world.trace import to_jsonl as to_jsonl
    from authsession.world.verdicts import ScenarioRun as ScenarioRun
    from authsession.world.world import UnknownPolicyError as UnknownPolicyError
    from authsession.world.world import World as World
    from authsession.world.world import replay as replay

__getattr__, __dir__, __all__ = reexports(__name__)
