"""The model checker (`authsession explore`): exhaustive search for invariant violations.

Owns nothing itself; re-exports the world-level checker (`world_model`) and the compiled
next-state table with its machine-level explorer (`compiled`). Must not import the CLI.
"""

from authsession.modelcheck.world_model import (
    Root,
    WorldExploration,
    abstract,
    explore_world,
    roots,
    world_alphabet,
)

__all__ = ["Root", "WorldExploration", "abstract", "explore_world", "roots", "world_alphabet"]
