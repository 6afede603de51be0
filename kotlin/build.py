#!/usr/bin/env python3
"""Builds and tests the Kotlin package (`kotlin/`) with what Debian ships, no Gradle, no network.

Owns: finding the toolchain (`kotlinc`, `java`, and the jars of Debian's `kotlin`, `junit4` and
`libgoogle-gson-java` packages), installing those packages with apt when they are missing and
this runs as root with apt-get (as the desktop keyring tests install gnome-keyring), the two
kotlinc invocations — one for the library, the test kit and the tools (`src/main`,
`src/testkit`, `src/tools`), one for the JUnit tests (`src/test` plus the first unit test that
docs/porting.md shows an Android team) — and, for a changed spec only, one for the core alone
with another generated file (`build_core`), the two runnable jars (`authsession-port.jar`,
`authsession-app.jar`: the classes, the Kotlin runtime and gson in one file each), and the cache:
every output lives under `kotlin/build/<content hash>/`, the hash of the sources, the compiler's
version and the flags, so a test session compiles once per change and not at all otherwise.
`src/android` needs the Android SDK and is never compiled here.

    python3 kotlin/build.py            # build (or reuse) the jars; print their paths
    python3 kotlin/build.py --test     # also compile and run the JUnit tests

Must not import `authsession`: it builds the Kotlin side and knows nothing of the Python one.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

KOTLIN: Final = Path(__file__).resolve().parent
ROOT: Final = KOTLIN.parent
BUILD: Final = KOTLIN / "build"
#: Library, test kit and tools: one compilation (the tools and the kit use the library).
MAIN_SETS: Final = ("main", "testkit", "tools")
TEST_SET: Final = "test"
#: Warnings are errors; JVM 1.8 bytecode, which both kotlinc 1.3 and 2.x can target.
FLAGS: Final = ("-Werror", "-jvm-target", "1.8", "-no-reflect")
APT_PACKAGES: Final = ("kotlin", "junit4", "libgoogle-gson-java")
JARS: Final = {
    "kotlin-stdlib": "kotlin-stdlib.jar",
    "gson": "gson.jar",
    "junit": "junit4.jar",
    "hamcrest": "hamcrest-core.jar",
}
JAVA_DIR: Final = Path("/usr/share/java")
PORT_MAIN: Final = "authsession.tools.PortMainKt"
GENERATED: Final = "Spec.generated.kt"
APP_MAIN: Final = "authsession.tools.app.AppMainKt"
#: The first JVM unit test of docs/porting.md's Android section, compiled with the tests.
DOC: Final = ROOT / "docs" / "porting.md"
DOC_TEST: Final = re.compile(
    r"<!-- kotlin-first-test -->\n```kotlin\n(.*?)```\n<!-- /kotlin-first-test -->", re.DOTALL
)
#: A cold compile takes about a minute on two shared cores; generous, so only a hang trips it.
TIMEOUT: Final = 1800.0


_VERSIONS: dict[str, str] = {}


class BuildError(RuntimeError):
    """The toolchain is missing or a step failed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Toolchain:
    kotlinc: str
    java: str
    jars: dict[str, Path]

    def version(self) -> str:
        """`kotlinc -version`'s answer (asked once per process: it starts a JVM)."""
        if self.kotlinc not in _VERSIONS:
            done = subprocess.run(
                [self.kotlinc, "-version"], capture_output=True, text=True, timeout=300, check=False
            )
            found = re.search(r"kotlinc-jvm (\S+)", done.stdout + done.stderr)
            _VERSIONS[self.kotlinc] = found.group(1) if found else "unknown"
        return _VERSIONS[self.kotlinc]


def missing() -> list[str]:
    """What of the toolchain is not installed (empty when everything is)."""
    absent = [tool for tool in ("kotlinc", "java") if shutil.which(tool) is None]
    absent += [jar for jar in JARS.values() if not (JAVA_DIR / jar).exists()]
    return absent


def toolchain(install: bool = True) -> Toolchain:
    """The toolchain, installed with apt first when something is missing and `install` allows
    it (root and apt-get needed); a `BuildError` naming what is missing otherwise."""
    absent = missing()
    if absent and install and os.geteuid() == 0 and shutil.which("apt-get") is not None:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for argv in (
            ["apt-get", "update", "-qq"],
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *APT_PACKAGES],
        ):
            done = subprocess.run(
                argv, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
            )
            if done.returncode != 0:
                raise BuildError(f"`{' '.join(argv)}` exited {done.returncode}: "
                                 f"{done.stderr.strip()[-500:]}")  # fmt: skip
        absent = missing()
    if absent:
        raise BuildError(
            f"{', '.join(absent)} not found; install the Debian packages {' '.join(APT_PACKAGES)}"
            " (as root: apt-get install -y " + " ".join(APT_PACKAGES) + ")"
        )
    kotlinc, java = shutil.which("kotlinc"), shutil.which("java")
    assert kotlinc is not None and java is not None
    return Toolchain(kotlinc, java, {name: JAVA_DIR / jar for name, jar in JARS.items()})


def sources(*sets: str) -> list[Path]:
    return sorted(p for s in sets for p in (KOTLIN / "src" / s / "kotlin").rglob("*.kt"))


def doc_test() -> str:
    """The Kotlin file docs/porting.md shows as an Android team's first JVM unit test."""
    found = DOC_TEST.search(DOC.read_text(encoding="utf-8"))
    if found is None:
        raise BuildError(f"{DOC}: no <!-- kotlin-first-test --> block")
    return found.group(1)


def _digest(tools: Toolchain, files: Sequence[Path], *extra: str) -> str:
    digest = hashlib.sha256()
    for part in (tools.version(), *FLAGS, *extra):
        digest.update(part.encode() + b"\0")
    for path in files:
        digest.update(str(path.relative_to(KOTLIN)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


#: Outputs kept per kind (`main`, `test`, `core`): older ones are removed after a build.
KEEP: Final = 3


def _prune(kind: str) -> None:
    """Remove all but the `KEEP` newest outputs of `kind` (a change of the sources leaves the
    previous output behind; a switch back to it within a few changes costs nothing)."""
    outputs = sorted(BUILD.glob(f"{kind}-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in outputs[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def _locked() -> Iterator[None]:
    """One build at a time (two test processes may ask at once)."""
    BUILD.mkdir(parents=True, exist_ok=True)
    with (BUILD / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _kotlinc(tools: Toolchain, out: Path, classpath: Sequence[Path], files: Sequence[Path]) -> None:
    argv = [tools.kotlinc, *FLAGS, "-cp", os.pathsep.join(map(str, classpath)), "-d", str(out),
            *map(str, files)]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    # The JVM of Debian's kotlinc warns about its own options on a newer JDK: not ours.
    output = "\n".join(line for line in (done.stdout + done.stderr).splitlines()
                       if "Options -Xverify:none" not in line)  # fmt: skip
    if done.returncode != 0:
        raise BuildError(f"kotlinc exited {done.returncode}:\n" + "\n".join(
            output.splitlines()[-60:]))  # fmt: skip


def _fat_jar(path: Path, main_class: str, classes: Path, libraries: Sequence[Path]) -> None:
    """A runnable jar: the classes and the libraries' classes, `Main-Class` in its manifest."""
    seen: set[str] = set()
    partial = path.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as jar:
        manifest = f"Manifest-Version: 1.0\r\nMain-Class: {main_class}\r\n\r\n"
        jar.writestr("META-INF/MANIFEST.MF", manifest)
        seen.add("META-INF/MANIFEST.MF")
        for file in sorted(classes.rglob("*")):
            name = file.relative_to(classes).as_posix()
            if file.is_file() and name not in seen:
                seen.add(name)
                jar.write(file, name)
        for library in libraries:
            with zipfile.ZipFile(library) as lib:
                for info in lib.infolist():
                    name = info.filename
                    signature = name.startswith("META-INF/") and name.endswith((".SF", ".RSA"))
                    if (
                        name in seen
                        or info.is_dir()
                        or signature
                        or name.endswith("module-info.class")
                    ):
                        continue
                    seen.add(name)
                    jar.writestr(name, lib.read(info))
    partial.replace(path)


@dataclass(frozen=True)
class Build:
    """What one build of the main sources made."""

    directory: Path
    classes: Path
    port_jar: Path
    app_jar: Path
    compiled: bool  # false: reused from the cache


def build(tools: Toolchain | None = None) -> Build:
    """Compile the library, test kit and tools (once per content hash) and assemble the jars."""
    tools = tools or toolchain()
    files = sources(*MAIN_SETS)
    directory = BUILD / f"main-{_digest(tools, files)}"
    result = Build(directory, directory / "classes", directory / "authsession-port.jar",
                   directory / "authsession-app.jar", compiled=False)  # fmt: skip
    with _locked():
        if (directory / "done").exists():
            os.utime(directory)  # used now: the newest to keep
            return result
        shutil.rmtree(directory, ignore_errors=True)
        result.classes.mkdir(parents=True)
        _kotlinc(tools, result.classes, [tools.jars["gson"]], files)
        libraries = [tools.jars["kotlin-stdlib"], tools.jars["gson"]]
        _fat_jar(result.port_jar, PORT_MAIN, result.classes, libraries)
        _fat_jar(result.app_jar, APP_MAIN, result.classes, libraries)
        (directory / "done").write_text("ok\n")
        _prune("main")
    return Build(**{**result.__dict__, "compiled": True})


def build_tests(main: Build, tools: Toolchain | None = None) -> Path:
    """Compile the JUnit tests and the documentation's first test (once per content hash);
    return their classes directory."""
    tools = tools or toolchain()
    files = sources(TEST_SET)
    example = doc_test()
    directory = BUILD / f"test-{_digest(tools, files, main.directory.name, example)}"
    classes = directory / "classes"
    with _locked():
        if (directory / "done").exists():
            os.utime(directory)  # used now: the newest to keep
            return classes
        shutil.rmtree(directory, ignore_errors=True)
        classes.mkdir(parents=True)
        generated = directory / "doc" / "FirstSessionTest.kt"
        generated.parent.mkdir()
        generated.write_text(example, encoding="utf-8")
        classpath = [main.classes, tools.jars["gson"], tools.jars["junit"], tools.jars["hamcrest"]]
        _kotlinc(tools, classes, classpath, [*files, generated])
        (directory / "done").write_text("ok\n")
        _prune("test")
    return classes


def build_core(generated: str, tools: Toolchain | None = None) -> Path:
    """The core alone, with `generated` in place of `Spec.generated.kt`, and the port, as a
    runnable jar (once per content hash): how a changed spec is checked to build and run by
    regeneration alone, the hand-written Kotlin untouched."""
    tools = tools or toolchain()
    core = [p for p in sources("main") if p.parent.name == "core" and p.name != GENERATED]
    port = [KOTLIN / "src" / "tools" / "kotlin" / "authsession" / "tools" / name
            for name in ("Lines.kt", "PortMain.kt")]  # fmt: skip
    directory = BUILD / f"core-{_digest(tools, [*core, *port], generated)}"
    jar = directory / "authsession-port.jar"
    with _locked():
        if (directory / "done").exists():
            os.utime(directory)  # used now: the newest to keep
            return jar
        shutil.rmtree(directory, ignore_errors=True)
        (directory / "classes").mkdir(parents=True)
        spec = directory / GENERATED
        spec.write_text(generated, encoding="utf-8")
        _kotlinc(tools, directory / "classes", [tools.jars["gson"]], [*core, spec, *port])
        libraries = [tools.jars["kotlin-stdlib"], tools.jars["gson"]]
        _fat_jar(jar, PORT_MAIN, directory / "classes", libraries)
        (directory / "done").write_text("ok\n")
        _prune("core")
    return jar


def test_classes(classes: Path) -> list[str]:
    """The JUnit test classes: every top-level class whose name ends in `Test`."""
    return sorted(p.relative_to(classes).with_suffix("").as_posix().replace("/", ".")
                  for p in classes.rglob("*Test.class"))  # fmt: skip


def run_tests(main: Build, classes: Path, tools: Toolchain | None = None,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """Run every test class with JUnit 4's console runner."""
    tools = tools or toolchain()
    libraries = ("kotlin-stdlib", "gson", "junit", "hamcrest")
    classpath = [classes, main.classes, *(tools.jars[name] for name in libraries)]
    argv = [tools.java, "-cp", os.pathsep.join(map(str, classpath)), "org.junit.runner.JUnitCore",
            *test_classes(classes)]  # fmt: skip
    return subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT, check=False,
                          env=env, cwd=ROOT)  # fmt: skip


def main(argv: list[str]) -> int:
    try:
        started = time.monotonic()
        tools = toolchain()
        made = build(tools)
        how = "compiled" if made.compiled else "cached"
        print(f"port: {made.port_jar}\napp: {made.app_jar}")
        print(f"({how}, {time.monotonic() - started:.1f} s)")
        if "--test" in argv:
            done = run_tests(made, build_tests(made, tools), tools)
            sys.stdout.write(done.stdout[-5000:])
            sys.stderr.write(done.stderr[-5000:])
            return done.returncode
    except BuildError as error:
        print(f"kotlin/build.py: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
