"""Every Swift snippet in the docs compiles: each ```swift block of README.md and docs/ is a file
of `swift/Examples/ShopApp` — an iOS team's package using the Swift package's products — named by
the `<!-- swift-file: PATH -->` line above it and equal to it; that package builds with warnings as
errors (its iOS wiring on Linux against the Security shim) and its tests — the team's first test
with `AuthSessionTesting`, the core alone — pass."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEAM_PACKAGE = ROOT / "swift" / "Examples" / "ShopApp"
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
_BLOCK = re.compile(r"(?:<!-- swift-file: (?P<path>\S+) -->\n)?```swift\n(?P<code>.*?)```", re.S)


def _blocks() -> list[tuple[str, str | None, str]]:
    return [
        (f"{page.relative_to(ROOT)}:{page.read_text().count(chr(10), 0, m.start()) + 1}",
         m.group("path"), m.group("code"))
        for page in PAGES
        for m in _BLOCK.finditer(page.read_text(encoding="utf-8"))
    ]  # fmt: skip


def test_every_swift_block_in_the_docs_is_a_file_of_the_team_package() -> None:
    blocks = _blocks()
    assert len(blocks) >= 4  # the manifest, the wiring, the first test, the core alone
    for where, path, code in blocks:
        assert path is not None, f"{where}: a ```swift block needs a <!-- swift-file: PATH --> line"
        file = ROOT / path
        assert file.is_relative_to(TEAM_PACKAGE) and file.is_file(), f"{where}: {path}"
        assert code == file.read_text(encoding="utf-8"), (
            f"{where}: the block differs from {path}: copy the file into the block"
        )


def test_the_team_package_builds_and_its_tests_pass(
    swift_runner: Callable[[Sequence[str], Path], subprocess.CompletedProcess[str]],
) -> None:
    result = swift_runner(["test"], TEAM_PACKAGE)
    executed = re.findall(r"Executed (\d+) tests?, with (\d+) failures?", result.stdout)
    assert executed, result.stdout[-2000:]
    total, failures = map(int, executed[-1])
    assert failures == 0 and total >= 2, executed[-1]
    for test in ("SessionTests.testABackgroundFetchOnALockedPhoneWaitsForTheUnlock",
                 "CoreTests.testTheCoreAlone"):  # fmt: skip
        assert f"Test Case '{test}' passed" in result.stdout, test
