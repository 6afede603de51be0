"""Cloning a world for the model checker: one frozen snapshot per configuration, one thaw per edge.

Owns: `Frozen` (a pickled world plus the immutable values it shares with the original) and
`freeze` / `thaw`. Pickling is the copy: the C pickler walks the object graph several times
faster than `copy.deepcopy`, and values that can never change — frozen pydantic models (events,
commands, credentials, the scenario), secrets, enums, the spec's rows and steps, records — are
not copied at all but handed over by reference (`persistent_id`), as is the shared
`transitions` machine. A frozen *dataclass* elsewhere may hold a reference to live state (a
callback into the world), so dataclasses are shared only from the packages whose frozen
dataclasses are plain values (spec, core, invariants) or when named below; a test checks that
exploring by cloning gives exactly what exploring by replaying gives.
Must not import the CLI.
"""

from __future__ import annotations

import copyreg
import dataclasses
import enum
import io
import pickle
import random
from dataclasses import dataclass
from typing import Any, Final

from pydantic import BaseModel, SecretStr

from authsession.world.world import World

_VALUE_PACKAGES: Final = ("authsession.spec", "authsession.core", "authsession.invariants")
#: Frozen dataclasses outside those packages that hold only values.
_VALUE_NAMES: Final = frozenset(
    {
        "authsession.world.server.Request",
        "authsession.world.server.InFlight",
        "authsession.world.faults.Injection",
        "authsession.simulators.ios.device.KeychainItem",
        "authsession.simulators.ios.device.PrimaryKey",
        "authsession.simulators.ios.keychain.Call",
        "authsession.testing.keychain.KeychainCall",
        "authsession.platforms.android.api.KeySpec",
    }
)
_kinds: dict[type, bool] = {}


def _is_value(kind: type) -> bool:
    known = _kinds.get(kind)
    if known is not None:
        return known
    if issubclass(kind, BaseModel):
        value = bool(kind.model_config.get("frozen"))
    elif issubclass(kind, SecretStr | enum.Enum):
        value = True
    elif dataclasses.is_dataclass(kind) and kind.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        name = f"{kind.__module__}.{kind.__qualname__}"
        value = name in _VALUE_NAMES or kind.__module__.startswith(_VALUE_PACKAGES)
    else:
        value = False
    _kinds[kind] = value
    return value


@dataclass(frozen=True, slots=True)
class Frozen:
    """A world as it was when frozen; `thaw` gives an independent copy, any number of times."""

    data: bytes
    shared: tuple[Any, ...]


#: The shared values of the snapshot being thawed (one thaw at a time per process).
_thawing: tuple[Any, ...] = ()


def _shared(index: int) -> Any:
    return _thawing[index]


def _random(state: tuple[Any, ...]) -> random.Random:
    # Not `Random()`: its __init__ seeds from os.urandom first, a system call per thaw.
    restored = random.Random.__new__(random.Random)
    restored.setstate(state)
    return restored


def _reduce_random(r: random.Random) -> tuple[Any, ...]:
    return _random, (r.getstate(),)


_DISPATCH: Final = {**copyreg.dispatch_table, random.Random: _reduce_random}


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, shared: list[Any], keep: tuple[Any, ...]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.dispatch_table = _DISPATCH
        self._shared = shared
        self._keep = {id(obj) for obj in keep}

    def reducer_override(self, obj: Any) -> Any:
        # Called for instances only (not for str, int, list, dict, tuple...): cheaper than
        # `persistent_id`, which the pickler asks about every object.
        if id(obj) in self._keep or _is_value(type(obj)):
            self._shared.append(obj)
            return _shared, (len(self._shared) - 1,)
        return NotImplemented


def freeze(world: World, *, keep: tuple[Any, ...] = ()) -> Frozen:
    """Snapshot `world`. Objects in `keep` (the shared `transitions` machine) are never copied."""
    buffer = io.BytesIO()
    shared: list[Any] = []
    _Pickler(buffer, shared, keep).dump(world)
    return Frozen(buffer.getvalue(), tuple(shared))


def thaw(frozen: Frozen) -> World:
    global _thawing
    _thawing = frozen.shared
    try:
        world = pickle.loads(frozen.data)
    finally:
        _thawing = ()
    assert isinstance(world, World)
    return world
