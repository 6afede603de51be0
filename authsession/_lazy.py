"""Lazy re-exports for the package's `__init__` modules (PEP 562), each list written once.

Owns: `reexports` and `lazy_exports`, which give a package module the `__getattr__` and `__dir__`
that import a public name's defining module on first use (and, for `reexports`, its `__all__`).
Every pytest run in an environment with the package installed imports `authsession.testing`
(through the plugin), and a team's client imports `authsession` for one class: neither should pay
for the rest (benchmarks/footprint.py).

The list is the package's `if TYPE_CHECKING:` block of `from MODULE import Name as Name` lines:
the type checker reads them as explicit re-exports, and `reexports` reads the same lines from the
package's source to learn which module defines each name. Writing the names a second time (a map
for the run time, `__all__` for `import *` and docs/api.md) is what this helper exists to avoid.
Must not import anything of the package.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable, Mapping
from typing import Any

_BLOCK = re.compile(r"^if TYPE_CHECKING:\n((?:[ \t]+.*\n|\n)+)", re.MULTILINE)
_IMPORT = re.compile(r"from\s+([\w.]+)\s+import\s+(?:\(([^)]*)\)|([^\n]+))")


def exports_in(source: str) -> dict[str, str]:
    """Public name -> defining module, from the `if TYPE_CHECKING:` imports of a module's source.

    Only `Name as Name` entries count: in a stub-like block those are the re-exports (a bare
    `Name` there would be an import for annotations only, and the type checker would not export
    it either).
    """
    exports: dict[str, str] = {}
    for block in _BLOCK.findall(source):
        for module, grouped, single in _IMPORT.findall(block):
            for entry in (grouped or single).split(","):
                name, _, alias = re.sub(r"#.*", "", entry).strip().partition(" as ")
                if alias.strip() == name and name:
                    exports[name] = module
    return exports


def reexports(
    package: str, *, also: tuple[str, ...] = ()
) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """`__getattr__, __dir__, __all__ = reexports(__name__)`, after the `if TYPE_CHECKING:`
    block; `also` names attributes the package defines itself (`__version__`)."""
    module = sys.modules[package]
    with open(str(module.__file__), encoding="utf-8") as source:  # not pathlib: import cost
        exports = exports_in(source.read())
    if not exports:
        raise ImportError(f"{package}: no `Name as Name` imports under `if TYPE_CHECKING:`")
    # A name its own submodule defines (`modelcheck.space.space`) cannot wait: importing the
    # submodule binds the package attribute to the module, and `__getattr__` is never asked.
    for name, defining in exports.items():
        if defining == f"{package}.{name}":
            setattr(module, name, getattr(importlib.import_module(defining), name))
    return (*lazy_exports(package, exports), [*exports, *also])


def lazy_exports(
    package: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__, __dir__` that import each name of `exports` (name -> defining module) on
    first use; `reexports` builds the map from the one list the type checker sees."""

    def __getattr__(name: str) -> Any:
        defining = exports.get(name)
        if defining is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(defining), name)
        setattr(sys.modules[package], name, value)  # later lookups skip this function
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *exports})

    return __getattr__, __dir__
