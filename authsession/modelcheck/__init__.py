"""The model checker (`authsession explore`): exhaustive search for world failures.

Owns nothing itself; re-exports the world-level checker (`world_model`) and its search space
(`space`). The machine-level search is `authsession.core.explore` on the interpreter.
Must not import the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import reexports

if TYPE_CHECKING:
    from authsession.modelcheck.alphabet import world_alphabet as world_alphabet
    from authsession.modelcheck.space import BOUNDS as BOUNDS
    from authsession.modelcheck.space import FAULTS as FAULTS
    from authsession.modelcheck.space import Family as Family
    from authsession.modelcheck.space import Root as Root
    from authsession.modelcheck.space import Space as Space
    from authsession.modelcheck.space import select_faults as select_faults
    from authsession.modelcheck.space import space as space
    from authsession.modelcheck.world_model import WorldExploration as WorldExploration
    from authsession.modelcheck.world_model import abstract as abstract
    from authsession.modelcheck.world_model import explore_world as explore_world

__getattr__, __dir__, __all__ = reexports(__name__)
