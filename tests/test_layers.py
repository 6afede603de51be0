"""The package's layering, as its modules' headers state it, enforced on the imports themselves.

Data flows down, results flow back up as events (ARCHITECTURE.md): a layer imports only layers
below it. Imports under `if TYPE_CHECKING:` are not imports at run time and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import authsession

PACKAGE = Path(authsession.__file__).parent

#: Layer of each top-level part of the package -> the parts it may import (besides itself).
ALLOWED: dict[str, frozenset[str]] = {
    "errors": frozenset(),
    "atomic": frozenset(),
    "spec": frozenset({"errors"}),
    "invariants": frozenset({"spec", "errors"}),
    "core": frozenset({"spec", "invariants", "errors"}),
    "adapters": frozenset({"spec", "errors", "atomic"}),  # atomic: a leaf (FileLease writes)
    "inputs": frozenset({"errors"}),
    "runtime": frozenset({"spec", "core", "invariants", "adapters", "errors", "atomic", "inputs"}),
    "platforms": frozenset({"spec", "adapters", "errors", "atomic", "testing.keychain"}),
    "conformance": frozenset(
        {"spec", "core", "invariants", "errors", "atomic", "inputs", "childprocess"}
    ),
    # Running another program over a pipe (ports and app processes): bounded lines, timeouts.
    "childprocess": frozenset({"errors"}),
    # `authsession.app/1`: the contract sits low (both sides validate it), the Python reference
    # app is built from the runtime like any app, and choosing an app for the world's tools
    # (`--app CMD` or `module:factory`) starts it through the world.
    "app.line_base": frozenset({"spec", "errors", "inputs"}),
    "app.world_lines": frozenset({"spec", "errors", "inputs", "app.line_base"}),
    "app.app_lines": frozenset({"spec", "errors", "inputs", "app.line_base", "app.world_lines"}),
    "app.protocol": frozenset(
        {"spec", "errors", "inputs", "app.line_base", "app.world_lines", "app.app_lines"}
    ),
    "app.errors": frozenset({"errors"}),
    # The one wiring of the reference app's session, shared by the world and `authsession app`.
    "app.reference_client": frozenset({"spec", "adapters", "runtime", "errors"}),
    "app.channel": frozenset({"errors", "app.protocol"}),
    "app.forwarding": frozenset({"adapters", "platforms", "errors", "app.protocol", "app.channel"}),
    "app.reference": frozenset(
        {
            "spec",
            "invariants",
            "adapters",
            "runtime",
            "platforms",
            "errors",
            "inputs",
            "app.protocol",
            "app.errors",
            "app.channel",
            "app.forwarding",
            "app.reference_client",
        }
    ),
    "oracle": frozenset({"spec"}),
    "docsync": frozenset({"spec", "conformance", "atomic", "errors", "app.protocol"}),
    # Lists the public API by importing every public namespace (by name, at run time).
    "apidoc": frozenset({"atomic"}),
}
_BELOW_THE_WORLD = frozenset(
    {"spec", "core", "invariants", "adapters", "runtime", "platforms", "conformance", "errors",
     "atomic", "inputs", "oracle", "childprocess", "app", "app.errors", "app.protocol"}
)  # fmt: skip
ALLOWED |= {
    # The world uses the fakes (a simulated clock is a ManualClock) but none of the test kit that
    # drives the world — that would be a cycle.
    "world": _BELOW_THE_WORLD
    | {"testing.keychain", "childprocess", "app.protocol", "app.errors", "app.reference_client"},
    "app.choice": _BELOW_THE_WORLD | {"world", "app.protocol", "app.errors"},
    "modelcheck": _BELOW_THE_WORLD | {"world", "app", "testing.keychain"},
    "fleet": _BELOW_THE_WORLD | {"world", "modelcheck", "app", "testing.keychain"},
    "testing": _BELOW_THE_WORLD | {"world", "modelcheck", "app"},
}
ALLOWED["app"] = frozenset()  # the package's __init__ only
#: Imports nothing of the package: the helper behind every `__init__`'s lazy re-exports.
HELPERS = frozenset({"_lazy"})
#: The fakes of `authsession.testing` are adapters' twins: layers below the world may use them
#: only through these leaf modules (which import nothing above the adapters).
FAKES = frozenset(
    {
        "testing.clock",
        "testing.keychain",
        "testing.protected_data",
        "testing.authenticator",
        "testing.snapshots",
    }
)


def _part(module: str) -> str:
    """`authsession.runtime.host` -> `runtime`; `authsession.errors` -> `errors`; a module with
    a layer of its own (`authsession.app.protocol`) -> `app.protocol`."""
    dotted = ".".join(module.split(".")[1:3])
    return dotted if dotted in ALLOWED else module.split(".")[1]


def _runtime_imports(path: Path) -> set[str]:
    """Modules of the package imported at run time (module level or inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for child in ast.walk(node))
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from authsession.app import protocol` imports the submodule, judged as itself.
            folder = PACKAGE.joinpath(*node.module.split(".")[1:])
            names = [
                f"{node.module}.{alias.name}"
                if (folder / f"{alias.name}.py").is_file()
                else node.module
                for alias in node.names
            ]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.update(n for n in names if n.startswith("authsession."))
    return found


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).with_suffix("")
        module = "authsession." + ".".join(relative.parts)
        if module.endswith(".__init__"):
            module = module.removesuffix(".__init__")
        if module != "authsession" and _part(module) in ALLOWED:
            out.append((module, path))
    return out


@pytest.mark.parametrize(("module", "path"), _modules(), ids=[m for m, _ in _modules()])
def test_a_layer_imports_only_layers_below_it(module: str, path: Path) -> None:
    part = _part(module)
    allowed = ALLOWED[part]
    wrong = []
    for imported in _runtime_imports(path):
        other = _part(imported)
        if other == part or other in allowed or other in HELPERS:
            continue
        dotted = ".".join(imported.split(".")[1:3])
        if (
            dotted in allowed
            or other.split(".")[0] in allowed
            or (dotted in FAKES and "testing.keychain" in allowed)
        ):
            continue
        wrong.append(imported)
    assert wrong == [], f"{module} imports {wrong}"


def test_the_fakes_the_lower_layers_use_import_nothing_above_the_adapters() -> None:
    for fake in FAKES:
        path = PACKAGE / (fake.replace(".", "/") + ".py")
        above = {
            m for m in _runtime_imports(path) if _part(m) not in {"spec", "adapters", "errors"}
        }
        assert above == set(), f"authsession.{fake} imports {above}"


def test_the_scanner_sees_imports_and_skips_type_checking(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "import authsession.world\n"
        "if TYPE_CHECKING:\n    from authsession.cli import main\n"
        "def f():\n    from authsession.runtime import AuthSession\n"
    )
    assert _runtime_imports(source) == {"authsession.world", "authsession.runtime"}
