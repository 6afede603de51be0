"""Without the Kotlin toolchain the Kotlin tests skip on a developer's machine and fail in CI
(`AUTHSESSION_REQUIRE_KOTLIN=1`); the build is cached by the content of what it compiles."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import pytest

from .conftest import REQUIRE, build, toolchain_or_skip


def _missing() -> NoReturn:
    raise build.BuildError("kotlinc not found; install the Debian packages kotlin junit4 ...")


def test_a_missing_toolchain_skips_by_default() -> None:
    with pytest.raises(pytest.skip.Exception, match="kotlinc not found"):
        toolchain_or_skip(_missing, {})


def test_a_missing_toolchain_fails_when_ci_requires_it() -> None:
    with pytest.raises(pytest.fail.Exception, match=f"{REQUIRE}=1 requires it: kotlinc not found"):
        toolchain_or_skip(_missing, {REQUIRE: "1"})


def test_the_ci_script_requires_kotlin_and_installs_it() -> None:
    script = (Path(build.ROOT) / ".ci" / "run").read_text(encoding="utf-8")
    assert f"export {REQUIRE}=1" in script
    for package in build.APT_PACKAGES:
        assert package in script


def test_the_cache_key_follows_the_sources(kotlin_toolchain: Any) -> None:
    sources = build.sources(*build.MAIN_SETS)
    key = build._digest(kotlin_toolchain, sources)
    assert key == build._digest(kotlin_toolchain, sources)
    assert key != build._digest(kotlin_toolchain, sources, "another generated core")
    assert key != build._digest(kotlin_toolchain, sources[:-1])


def test_a_second_build_reuses_the_first(kotlin_build: Any, kotlin_toolchain: Any) -> None:
    again = build.build(kotlin_toolchain)
    assert not again.compiled and again.directory == kotlin_build.directory
    assert again.port_jar.is_file() and again.app_jar.is_file()
