"""Each package's re-export list is written once: its `if TYPE_CHECKING:` block of
`from MODULE import Name as Name` lines, which mypy reads as explicit re-exports and
`authsession._lazy.reexports` reads for the run time (`__getattr__`, `__dir__`, `__all__`)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import authsession
from authsession._lazy import exports_in

PACKAGE = Path(authsession.__file__).parent
LAZY = sorted(
    ".".join(("authsession", *path.parent.relative_to(PACKAGE).parts))
    for path in PACKAGE.rglob("__init__.py")
    if "reexports(__name__" in path.read_text(encoding="utf-8")
)


def test_the_block_is_read_as_the_type_checker_reads_it() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from a.b import One as One\n"
        "    from a.c import (\n"
        "        Two as Two,  # why\n"
        "        Three as Other,\n"
        "        Four,\n"
        "    )\n"
        "\n"
        "    from a.d import Five as Five\n"
        "x = 1\n"
        "from a.e import Six as Six\n"
    )
    # `Three as Other` and a bare `Four` are imports for annotations, not re-exports; `Six` is
    # outside the block.
    assert exports_in(source) == {"One": "a.b", "Two": "a.c", "Five": "a.d"}


@pytest.mark.parametrize("name", LAZY)
def test_every_listed_name_resolves_to_its_definition(name: str) -> None:
    package = importlib.import_module(name)
    listed = [n for n in package.__all__ if not n.startswith("__")]
    assert listed, name
    assert len(set(package.__all__)) == len(package.__all__)
    assert set(dir(package)) >= set(package.__all__)
    for exported in listed:
        assert getattr(package, exported) is not None, exported
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        package.nope  # noqa: B018


def test_the_namespaces_are_lazy() -> None:
    assert {"authsession", "authsession.testing", "authsession.world"} <= set(LAZY)
