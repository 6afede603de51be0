"""The Kotlin toolchain for the tests that build the `kotlin/` package.

Owns: loading `kotlin/build.py` (the package's own build script), the decision that a missing
toolchain — `kotlinc`, `java`, the JUnit 4 and gson jars, which the script installs with apt when
it runs as root — skips those tests, or fails them when `AUTHSESSION_REQUIRE_KOTLIN=1` (set by
`.ci/run`, so a CI machine without them cannot pass by skipping), and the one build per session
(cached by content hash in `kotlin/build/`), whose jars the tests drive.
"""

from __future__ import annotations

import importlib.util
import os
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, Final

import pytest

ROOT: Final = Path(__file__).resolve().parents[3]
REQUIRE: Final = "AUTHSESSION_REQUIRE_KOTLIN"


def load_build() -> ModuleType:
    """`kotlin/build.py` as a module (it is a script, not part of the `authsession` package)."""
    spec = importlib.util.spec_from_file_location("kotlin_build", ROOT / "kotlin" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("kotlin_build", module)
    spec.loader.exec_module(module)
    return module


build: Final = load_build()


def toolchain_or_skip(find: Callable[[], Any], environ: dict[str, str]) -> Any:
    """The toolchain `find()` gives; a `BuildError` skips — or fails, when the environment
    requires Kotlin (`AUTHSESSION_REQUIRE_KOTLIN=1`)."""
    problem = None
    try:
        return find()
    except build.BuildError as err:
        problem = str(err)
    if environ.get(REQUIRE) == "1":
        pytest.fail(f"the Kotlin toolchain is missing, and {REQUIRE}=1 requires it: {problem}",
                    pytrace=False)  # fmt: skip
    pytest.skip(f"the Kotlin toolchain is missing ({REQUIRE}=1 makes this a failure): {problem}")


@pytest.fixture(scope="session")
def kotlin_toolchain() -> Any:
    return toolchain_or_skip(build.toolchain, dict(os.environ))


@pytest.fixture(scope="session")
def kotlin_build(kotlin_toolchain: Any) -> Any:
    """The library, test kit and tools, compiled once per content hash."""
    try:
        return build.build(kotlin_toolchain)
    except build.BuildError as err:
        pytest.fail(str(err), pytrace=False)


def java_command(toolchain: Any, jar: Path) -> list[str]:
    return [toolchain.java, "-jar", str(jar)]


@pytest.fixture(scope="session")
def kotlin_port(kotlin_toolchain: Any, kotlin_build: Any) -> list[str]:
    """`authsession-port.jar` as an argv."""
    return java_command(kotlin_toolchain, kotlin_build.port_jar)


@pytest.fixture(scope="session")
def kotlin_app(kotlin_toolchain: Any, kotlin_build: Any) -> str:
    """`authsession-app.jar` as the command line `--app` takes."""
    return shlex.join(java_command(kotlin_toolchain, kotlin_build.app_jar))
