"""The Kotlin package's own JUnit tests pass — the shipped vectors run natively, the host's
rules, the Android keychain over the test kit's phone, and the first JVM unit test that
docs/porting.md shows an Android team, compiled from the page as written."""

from __future__ import annotations

import re
from typing import Any

from .conftest import build


def test_the_junit_tests_pass_with_the_documented_first_test(
    kotlin_build: Any, kotlin_toolchain: Any
) -> None:
    classes = build.build_tests(kotlin_build, kotlin_toolchain)
    names = build.test_classes(classes)
    assert "com.example.shop.FirstSessionTest" in names  # from docs/porting.md
    assert {"authsession.core.CoreTest", "authsession.host.HostTest",
            "authsession.android.AndroidKeystoreKeychainTest"} <= set(names)  # fmt: skip
    done = build.run_tests(kotlin_build, classes, kotlin_toolchain)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    found = re.search(r"^OK \((\d+) tests\)$", done.stdout, re.MULTILINE)
    assert found is not None, done.stdout[-2000:]
    assert int(found.group(1)) >= 30


def test_the_first_test_in_the_docs_is_a_whole_file() -> None:
    text = build.doc_test()
    assert text.startswith("package com.example.shop\n")
    assert "@Test" in text and "FakeAndroidDevice" in text
