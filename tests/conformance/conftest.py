"""The Swift toolchain for the tests that build the `swift/` package.

Owns: finding `swift` (on PATH, else /opt/swift/usr/bin), the decision that a missing toolchain
skips those tests — or fails them when `AUTHSESSION_REQUIRE_SWIFT=1`, which CI sets, so a CI
machine without Swift cannot pass by skipping — and the one build of the package per session
(debug, warnings as errors, cached in `swift/.build`), whose port and app binaries the tests
drive. Under pytest-xdist each worker has its own session: the builds of one package take a file
lock (`.build/.pytest-lock`), so two workers never run SwiftPM in the same build directory at once
(the second finds the build done and only links what changed).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Final

import pytest

ROOT: Final = Path(__file__).resolve().parents[2]
SWIFT_PACKAGE: Final = ROOT / "swift"
#: Every build here treats a warning as an error; the same flags everywhere keep one build cache.
SWIFT_FLAGS: Final = ("-Xswiftc", "-warnings-as-errors")
#: A cold debug build takes ~1 min on two shared cores; generous, so only a hang trips it.
BUILD_TIMEOUT: Final = 1800.0


def find_swift() -> str | None:
    found = shutil.which("swift")
    if found is not None:
        return found
    fallback = Path("/opt/swift/usr/bin/swift")
    return str(fallback) if fallback.exists() else None


@contextlib.contextmanager
def build_lock(package: Path) -> Iterator[None]:
    """The package's build directory to this process alone (other xdist workers wait)."""
    build = package / ".build"
    build.mkdir(exist_ok=True)
    with (build / ".pytest-lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def run_swift(swift: str, args: Sequence[str], package: Path) -> subprocess.CompletedProcess[str]:
    """`swift ARGS --package-path PACKAGE`; a failure fails the test with the output's tail."""
    with build_lock(package):
        result = subprocess.run(
            [swift, *args, "--package-path", str(package), *SWIFT_FLAGS],
            capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False,
        )  # fmt: skip
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
        pytest.fail(f"swift {' '.join(args)} exited {result.returncode}:\n{tail}")
    return result


@pytest.fixture(scope="session")
def swift() -> str:
    path = find_swift()
    if path is None:
        missing = "the Swift toolchain (`swift`) is neither on PATH nor in /opt/swift/usr/bin"
        if os.environ.get("AUTHSESSION_REQUIRE_SWIFT") == "1":
            pytest.fail(f"{missing}, and AUTHSESSION_REQUIRE_SWIFT=1 requires it")
        pytest.skip(f"{missing} (AUTHSESSION_REQUIRE_SWIFT=1 makes this a failure)")
    return path


def build_port(swift: str, package: Path, product: str = "authsession-port") -> Path:
    """Build `product` (an executable of the package) in `package` and return the binary."""
    run_swift(swift, ["build", "--product", product], package)
    bin_dir = run_swift(swift, ["build", "--show-bin-path"], package).stdout.strip()
    return Path(bin_dir) / product


SwiftRunner = Callable[[Sequence[str], Path], "subprocess.CompletedProcess[str]"]


@pytest.fixture(scope="session")
def swift_runner(swift: str) -> SwiftRunner:
    """`run_swift` bound to the toolchain: `swift_runner(["test"], package)`."""
    return lambda args, package: run_swift(swift, args, package)


@pytest.fixture(scope="session")
def swift_port_builder(swift: str) -> Callable[[Path], Path]:
    """`build_port` bound to the toolchain: the port binary of any copy of the package."""
    return lambda package: build_port(swift, package)


@pytest.fixture(scope="session")
def swift_port(swift: str) -> Path:
    """The package's port binary, built (incrementally) once per session."""
    return build_port(swift, SWIFT_PACKAGE)


@pytest.fixture(scope="session")
def swift_app(swift: str) -> Path:
    """The package's `authsession-app` binary (host + iOS keychain adapter speaking
    `authsession.app/1`), built (incrementally) once per session."""
    return build_port(swift, SWIFT_PACKAGE, "authsession-app")
