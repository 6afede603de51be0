"""The simulated world: device + app + keychain + server + clock, driven by scenarios.

Owns nothing itself; re-exports the scenario contract, the policies and `replay`.
Must not import the CLI.
"""

from authsession.world.policies import POLICIES
from authsession.world.scenario import Scenario, load_scenario, parse_scenario
from authsession.world.trace import Summary, TraceLine, to_jsonl
from authsession.world.verdicts import ScenarioRun
from authsession.world.world import UnknownPolicyError, World, replay

__all__ = [
    "POLICIES",
    "Scenario",
    "ScenarioRun",
    "Summary",
    "TraceLine",
    "UnknownPolicyError",
    "World",
    "load_scenario",
    "parse_scenario",
    "replay",
    "to_jsonl",
]
