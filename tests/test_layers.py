"""The package's rooms, as `import-linter` contracts in pyproject.toml, checked on every run.

The contracts (docs/design.md, "Rooms") say which parts may import which: the product never
imports the simulation and the tools, and each side is layered. None of them ignores an import.
"""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

from importlinter.cli import lint_imports

import authsession

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(authsession.__file__).parent
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]["contracts"]


def test_the_import_contracts_hold() -> None:
    # No cache: a stale one would hide a new import, and the run must leave the tree clean.
    # import-linter's CLI configures logging with `dictConfig`, which disables every logger that
    # exists by then: the package's debug lines went missing from later tests on this process.
    loggers = [logging.getLogger(name) for name in logging.root.manager.loggerDict]
    before = [logger.disabled for logger in loggers]
    try:
        assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0
    finally:
        for logger, disabled in zip(loggers, before, strict=True):
            logger.disabled = disabled


def test_no_contract_ignores_an_import() -> None:
    assert [c["name"] for c in CONTRACTS if c.get("ignore_imports")] == []
    assert all(c.get("allow_indirect_imports") in (None, False) for c in CONTRACTS)


def _named(contract: dict[str, object]) -> set[str]:
    names: set[str] = set()
    for key in ("source_modules", "forbidden_modules", "layers"):
        for entry in contract.get(key, []):  # type: ignore[attr-defined]
            names.update(part.strip() for part in str(entry).replace(":", "|").split("|"))
    return names


def test_every_part_of_the_package_has_a_room() -> None:
    """A new module or subpackage must be placed in a contract, or nothing constrains it."""
    named = set().union(*(_named(c) for c in CONTRACTS))
    unplaced = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ("authsession", *path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        prefixes = {".".join(parts[:n]) for n in range(2, len(parts) + 1)}
        # Entry points and namespaces that only re-export (lazily) are no room of their own.
        if len(parts) <= 1 or parts[-1] == "__main__" or path.name == "__init__.py":
            continue
        if not prefixes & named:
            unplaced.append(".".join(parts))
    assert unplaced == []
