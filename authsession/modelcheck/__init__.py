"""The model checker (`authsession explore`): exhaustive search for world failures.

Owns nothing itself; re-exports the world-level checker (`world_model`) and its search space
(`space`). The machine-level search is `authsession.core.explore` on the interpreter.
Must not import the CLI.
"""

from authsession.modelcheck.space import (
    BOUNDS,
    FAULTS,
    Family,
    Root,
    Space,
    select_faults,
    space,
    world_alphabet,
)
from authsession.modelcheck.world_model import WorldExploration, abstract, explore_world

__all__ = [
    "BOUNDS",
    "FAULTS",
    "Family",
    "Root",
    "Space",
    "WorldExploration",
    "abstract",
    "explore_world",
    "select_faults",
    "space",
    "world_alphabet",
]
