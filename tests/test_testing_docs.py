"""docs/testing.md runs: its code blocks are written to a scratch directory — a block whose info
string names a file (```` ```python file=inbox.py ````) under that name, every other Python block
as a test module — pytest runs the test modules through the installed plugin (no conftest), and
every command of a `console` block prints what the page shows (and exits as it says, `(exit N)`;
0 unless said)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[1] / "docs" / "testing.md"
BLOCK = re.compile(r"^```(\w+)(?: file=(\S+))?\n(.*?)^```$", re.S | re.M)


def _blocks() -> list[tuple[str, str | None, str]]:
    return [(m[1], m[2] or None, m[3]) for m in BLOCK.finditer(PAGE.read_text())]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page's files and test modules, as a reader would save them."""
    where = tmp_path_factory.mktemp("testing_md")
    tests = 0
    for language, name, text in _blocks():
        if name is not None:
            (where / name).write_text(text)
        elif language == "python":
            (where / f"test_example_{tests}.py").write_text(text)
            tests += 1
    # An empty ini file pins the rootdir here, away from this repository's conftest and config.
    (where / "pytest.ini").write_text("[pytest]\n")
    return where


def test_the_page_shows_the_kit() -> None:
    blocks = _blocks()
    named = {name for _, name, _ in blocks if name}
    assert {"inbox.py", "relaunch.json", "ios7.jsonl"} <= named
    text = PAGE.read_text()
    for name in ("make_auth_session", "auth_world", "SessionApp", "WorldStateMachine",
                 "world_events", "scenarios", "assert_world_ok", "assert_offered",
                 "TraceRecorder", "--app inbox:"):  # fmt: skip
        assert name in text, name
    assert "authsession.testing.plugin import" not in text  # one public test API


def test_every_python_example_passes_under_pytest_with_the_plugin(scratch: Path) -> None:
    modules = sorted(scratch.glob("test_example_*.py"))
    assert len(modules) >= 8
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(scratch)],
        capture_output=True, text=True, timeout=600, check=False, cwd=scratch,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    passed = re.search(r"(\d+) passed", result.stdout)
    tests = sum(len(re.findall(r"^def test_|^Test\w+ = ", m.read_text(), re.M)) for m in modules)
    assert passed is not None and int(passed.group(1)) == tests, result.stdout


def _commands() -> list[tuple[str, str, int]]:
    """(command, expected output, expected exit code) of every console block."""
    found = []
    for language, _, text in _blocks():
        if language != "console":
            continue
        command, _, output = text.partition("\n")
        assert command.startswith("$ "), command
        code = 0
        exit_line = re.search(r"^\(exit (\d+)\)\n\Z", output, re.M)
        if exit_line is not None:
            code, output = int(exit_line[1]), output[: exit_line.start()]
        found.append((command[2:], output, code))
    return found


def test_the_page_shows_commands() -> None:
    assert len(_commands()) >= 2


@pytest.mark.parametrize(("command", "output", "code"), _commands(), ids=lambda v: str(v)[:60])
def test_every_command_prints_what_the_page_shows(
    scratch: Path, command: str, output: str, code: int
) -> None:
    argv = shlex.split(command)
    assert argv[:3] == ["python", "-m", "authsession"], argv
    result = subprocess.run(
        [sys.executable, *argv[1:]], capture_output=True, text=True, timeout=120, check=False,
        cwd=scratch,
    )  # fmt: skip
    assert (result.stdout + result.stderr, result.returncode) == (output, code)
