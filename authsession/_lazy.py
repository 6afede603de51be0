"""Lazy re-exports for the package's `__init__` modules (PEP 562).

Owns: `lazy_exports`, which gives a package module the `__getattr__` and `__dir__` that import a
public name's defining module on first use. Every pytest run in an environment with the package
installed imports `authsession.testing` (through the plugin), and a team's client imports
`authsession` for one class: neither should pay for the rest (benchmarks/footprint.py).
Must not import anything of the package.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    package: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__, __dir__ = lazy_exports(__name__, {"Name": "package.module", ...})`."""

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)  # later lookups skip this function
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *exports})

    return __getattr__, __dir__
