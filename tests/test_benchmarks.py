"""Every script in `benchmarks/` runs at a tiny size on every test run (issue 19, "Benchmarks stay
alive"): each as a subprocess on this tree's package, exit 0, and the figures it promises printed —
parsed, finite, and > 0 where they are quantities (a few are differences that may be 0 or
negative by design: said where checked). A benchmark that prints nothing, NaN, or a table without
its figures fails here. Together ~30-45 s of CPU on two cores (the Swift ones run `--debug`: they
reuse the debug build the Swift tests make in `swift/.build`, not a cold release build).

The two Swift benchmarks need the toolchain: without one they skip, as the Swift tests do
(`tests/conformance/conftest.py`), unless `AUTHSESSION_REQUIRE_SWIFT=1` (CI) makes that a failure;
the Kotlin one likewise needs Debian's kotlinc (`tests/conformance/kotlin/conftest.py`,
`AUTHSESSION_REQUIRE_KOTLIN=1`).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import math
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
#: A subprocess still running after this long has hung (the slowest tiny run takes ~10 s).
TIMEOUT = 300.0
#: The script each test below runs: a script added to benchmarks/ without a tiny run fails
#: `test_every_benchmark_has_a_tiny_run`.
COVERED = {
    "app_protocol.py", "app_protocol_fleet.py", "drivers.py", "explore.py", "fleet.py",
    "footprint.py", "fuzz.py", "profile_fleet.py", "r1.py", "step.py", "swift_core.py",
    "kotlin_app.py", "seeded.py",
}  # fmt: skip


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def run(script: str, *args: str) -> str:
    """`python benchmarks/SCRIPT ARGS` on this tree; its stdout, after checking it exited 0."""
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args], cwd=ROOT, env=_environment(),
        capture_output=True, text=True, timeout=TIMEOUT, check=False,
    )  # fmt: skip
    tail = "\n".join((result.stdout + result.stderr).splitlines()[-30:])
    assert result.returncode == 0, f"{script} {' '.join(args)} exited {result.returncode}:\n{tail}"
    return result.stdout


def number(token: str, *, positive: bool = True) -> float:
    """`token` as a finite number, > 0 unless `positive` is false."""
    try:
        value = float(token)
    except ValueError:
        pytest.fail(f"{token!r} is not a number")
    if not math.isfinite(value) or (positive and value <= 0):
        pytest.fail(f"{token!r} is not a finite number{' > 0' if positive else ''}")
    return value


def figures(text: str, pattern: str, *, positive: bool = True) -> list[float]:
    """The groups of the first line matching `pattern` (anchored per line), as numbers."""
    match = re.search(pattern, text, re.MULTILINE)
    if match is None:
        pytest.fail(f"no line matches {pattern!r} in:\n{text}")
    return [number(group, positive=positive) for group in match.groups()]


N = r"(\S+)"  # one figure, checked by `number`


def test_every_benchmark_has_a_tiny_run() -> None:
    assert {path.name for path in BENCHMARKS.glob("*.py")} == COVERED


def test_number_refuses_what_a_broken_benchmark_prints() -> None:
    for token in ("nan", "inf", "0.00", "-1.5", "—", ""):
        with pytest.raises(pytest.fail.Exception):
            number(token)
    assert number("-1.5", positive=False) == -1.5
    with pytest.raises(pytest.fail.Exception):
        figures("ratio: nan\n", rf"^ratio: {N}$")
    with pytest.raises(pytest.fail.Exception, match="no line matches"):
        figures("", rf"^ratio: {N}$")


def test_step() -> None:
    out = run("step.py", "--rounds", "3", "--steps", "2000")
    contenders = ("dict lookup", "bare transitions trigger", "SessionCore.step",
                  "SessionCore.step uncached", "python-statemachine send")  # fmt: skip
    for name in contenders:  # python-statemachine: the `bench` extra, which `dev` installs
        figures(out, rf"^{re.escape(name)}\s+{N}\s+{N}$")
    assert figures(out, rf"^bare transitions trigger\s+{N}\s+{N}$")[1] == 1.0
    figures(out, rf"^uncached step / bare trigger: {N} \(target <= 1.5\)$")


def test_drivers() -> None:
    out = run("drivers.py", "--rounds", "1")
    names = ("AuthSession (plain)", "ThreadSafeAuthSession", "AsyncAuthSession (default)",
             "AsyncAuthSession inline", "AsyncAuthSession to_thread", "transitions Machine",
             "transitions LockedMachine", "transitions AsyncMachine")  # fmt: skip
    for name in names:
        figures(out, rf"^{re.escape(name)}\s+{N}\s+{N}\s+\S")
    figures(out, r"^(\d+) events per lap")


def test_fleet() -> None:
    from authsession.fleet import DEFAULT_POLICIES

    out = run("fleet.py", "--devices", "2", "--days", "1", "--repeat", "1")
    figures(out, rf"^1 worker :\s+{N} device-days/s")
    figures(out, rf"^2 workers:\s+{N} device-days/s")
    figures(out, rf"^speed-up :\s+{N}x$")
    figures(out, rf"world events per device-day: {N} .*bare trigger {N} µs$")
    for policy in DEFAULT_POLICIES:
        figures(out, rf"^{re.escape(policy)}\s+{N}\s+{N}x\s+{N}\s+{N}\s+{N}$")


def test_footprint() -> None:
    out = run("footprint.py", "--rounds", "1")
    memory = ("model on a bare transitions.Machine", "SessionCore", "AuthSession, as built",
              "AuthSession, launched and signed in",
              "the same with its own four fakes")  # fmt: skip
    for name in memory:
        figures(out, rf"^\s+{re.escape(name)}\s+{N} B\s+{N}\s+{N} B\s+{N}$")
    for name in ("import pydantic, transitions", "... and one pydantic model, defined and used",
                 "from authsession import AuthSession"):  # fmt: skip
        figures(out, rf"^\s+{re.escape(name)}\s+{N}\s+{N}\s+{N}\s+{N}\s+{N}$")
    # Start-up subtracted, `import authsession` costs ~0: a difference, any sign.
    figures(out, rf"^\s+import authsession\s+{N}\s+{N}\s+{N}\s+{N}\s+{N}$", positive=False)
    figures(out, rf"^\s+without the plugin \(-p no:authsession\)\s+{N}\s+{N}\s+{N}\s+{N}$")
    figures(out, rf"^\s+with the plugin\s+{N}\s+{N}\s+{N}\s+{N}$")
    figures(out, rf"^\s+added by the plugin\s+{N}\s+{N}$", positive=False)  # a difference
    own = figures(out, rf"^\s+the plugin's import, timed in-process\s+{N}\s+{N}$", positive=False)
    assert all(value >= 0 for value in own)  # ~1 ms: may print as 0.0


def test_fuzz() -> None:
    out = run("fuzz.py", "--cases", "30", "--hostile", "1", "--interrupts", "1")
    counts = re.search(r"^cases (\d+), tracebacks (\d+), hangs (\d+), partial writes (\d+), "
                       r"other failures (\d+)$", out, re.MULTILINE)  # fmt: skip
    assert counts is not None, out
    assert [int(n) for n in counts.groups()] == [32, 0, 0, 0, 0]
    figures(out, rf"^peak memory: this process {N} MiB, largest child {N} MiB")


def test_r1() -> None:
    out = run("r1.py", "--steps", "200", "--length", "20", "--workers", "1")
    figures(out, rf"^seed 0: {N} walks x {N} steps per policy, 1 workers, {N} s for {N} policies$")
    rows = re.findall(r"^([a-z-]+)((?:\s+\d+){8})$", out, re.MULTILINE)
    tally = {name: [int(n) for n in numbers.split()] for name, numbers in rows}
    assert set(tally) == {"reference", "naive-gilt", "forum-post", "naive-rotation", "naive-cached",
                          "naive-no-lease", "naive-dropped-revocation"}, out  # fmt: skip
    assert all(counts[0] == 200 for counts in tally.values()), out  # steps per policy
    # The walks struck faults and the naive policies were caught: the counts measure something.
    assert all(counts[1] > 0 for counts in tally.values()), out
    assert any(counts[7] > 0 for name, counts in tally.items() if name != "reference"), out


def test_seeded() -> None:
    """The default search against three seeded bugs that die in seconds, and a blinding one."""
    only = "oracle-stranded-despite-faults,delete-on-read-error,transient-as-rejection,"
    out = run("seeded.py", "--budget", "60", "--workers", "1",
              "--only", only + "world-lock-does-not-lock")  # fmt: skip
    killed = figures(out, r"^killed by the default search: (\d+)/(\d+);")
    assert killed == [3.0, 3.0], out
    assert re.search(r"^world-lock-does-not-lock\s+world\s+by its proof", out, re.MULTILINE), out


def test_profile_fleet() -> None:
    out = run("profile_fleet.py", "--devices", "1", "--days", "1")
    figures(out, r"Samples:\s+(\d+)")
    figures(out, rf"Duration:\s+{N}")
    figures(out, rf"{N}% run_chunk\s")


def test_app_protocol_fleet() -> None:
    out = run("app_protocol_fleet.py", "--devices", "1", "--days", "1", "--repeat", "1")
    figures(out, rf"^1 devices x 1 days, ~{N} world steps per run")
    assert figures(out, rf"^reference in-process\s+{N}\s+{N}$")[1] == 1.0
    figures(out, rf"^reference through the pipe\s+{N}\s+{N}$")
    figures(out, rf"^protocol lines per world step: {N}; µs per line \(the difference / lines\): "
            rf"{N}$")  # fmt: skip


# --- the model checker against its baseline ------------------------------------------------------


@functools.cache
def _explore() -> Any:
    """benchmarks/explore.py as a module (loaded by the tests that need it: a script that does not
    import fails those, not the whole file)."""
    spec = importlib.util.spec_from_file_location("explore_bench", BENCHMARKS / "explore.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _baseline() -> str:
    """The benchmark's default baseline, or HEAD in a clone without that commit (a shallow one):
    the side-by-side mechanism is what these tests keep alive, whichever commit it compares."""
    wanted = _explore().BASELINE
    found = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet",
                            f"{wanted}^{{commit}}"], capture_output=True, check=False)  # fmt: skip
    return wanted if found.returncode == 0 else "HEAD"


def test_explore() -> None:
    baseline = _baseline()
    out = run("explore.py", "--rounds", "2", "--depth", "1", "--steps", "2000",
              "--baseline", baseline)  # fmt: skip
    for name in ("dict lookup", "interpreter step", "SessionCore.step"):
        figures(out, rf"^\s+{re.escape(name)}\s+{N}\s+{N}$")
    figures(out, rf"^\s+SessionCore.step ÷ interpreter step: {N}$")
    for tree in (f"baseline {re.escape(baseline)}", r"current \(working\)"):
        row = rf"^\s+{tree}" + rf"\s+{N}" * 7 + r"(?:\s+\(a failure found\))?$"
        figures(out, row)
    figures(out, rf"^ratio current/baseline: configurations/s x{N}, transitions/s x{N} "
            rf"\(round by round: x{N} to x{N}\)$")  # fmt: skip
    figures(out, rf"^ratio current/baseline by the process's CPU time \(start-up included\): "
            rf"transitions/CPU s x{N}$")  # fmt: skip


def test_explore_json() -> None:
    baseline = _baseline()
    result = json.loads(run("explore.py", "--rounds", "1", "--depth", "1", "--steps", "200",
                            "--baseline", baseline, "--json"))  # fmt: skip
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", f"{baseline}^{{commit}}"],
                            capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    assert result["baseline_commit"] == commit
    for tree in ("baseline", "current"):
        for key in ("configurations", "transitions", "seconds", "configurations_per_second",
                    "transitions_per_second", "cpu_seconds",
                    "transitions_per_cpu_second"):  # fmt: skip
            number(str(result[tree][key]))
    for value in [*result["ratio"].values(), *result["per_step"].values()]:
        number(str(value))


def test_the_explore_report_parser_reads_both_report_streams() -> None:
    clean = ("platform ios, policy reference, depth 1, faults 29 of 29 (budget 1): 8 families, "
             "336 configurations, 1732 transitions, 18/100 table rows, 0.65 s (520 "
             "configurations/s), depth bound reached")  # fmt: skip
    explore = _explore()
    found = explore.parse_report(clean, "here")
    assert (found.configurations, found.transitions, found.seconds) == (336, 1732, 0.65)
    assert not found.failure_found
    failed = clean.rsplit(", ", 1)[0] + ", failure found"
    assert explore.parse_report("progress\n" + failed + "\nshortest ...", "here").failure_found


def test_the_explore_report_parser_fails_loudly_on_another_format() -> None:
    explore = _explore()
    with pytest.raises(explore.BenchmarkError, match="format changed") as caught:
        explore.parse_report("searched 336 configs in 0.65 s\n", "current tree, round 1")
    assert "current tree, round 1" in str(caught.value) and "searched 336" in str(caught.value)
    with pytest.raises(explore.BenchmarkError, match="format changed"):
        explore.parse_report("", "here")
    zero = "8 families, 336 configurations, 1732 transitions, 18/100 table rows, 0.00 s (0 "
    with pytest.raises(explore.BenchmarkError, match="too small to time"):
        explore.parse_report(zero, "here")
    with pytest.raises(explore.BenchmarkError, match="explored nothing"):
        explore.parse_report(zero.replace("1732 transitions", "0 transitions"), "here")


def _baseline_worktrees() -> list[str]:
    listed = subprocess.run(["git", "-C", str(ROOT), "worktree", "list", "--porcelain"],
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    return [line for line in listed.splitlines() if "authsession-baseline-" in line]


def test_ctrl_c_removes_the_baseline_worktree() -> None:
    before = _baseline_worktrees()
    process = subprocess.Popen(
        [sys.executable, str(BENCHMARKS / "explore.py"), "--rounds", "1", "--depth", "2",
         "--steps", "10", "--baseline", _baseline()],
        cwd=ROOT, env=_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # A shell without job control starts its background children with SIGINT ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while len(_baseline_worktrees()) == len(before) and process.poll() is None:
            assert time.monotonic() < deadline, "no baseline worktree appeared"
            time.sleep(0.05)
        added = [line.split(" ", 1)[1] for line in _baseline_worktrees() if line not in before]
        assert added, "the run ended before it made its worktree"
        time.sleep(1.0)  # into the first search
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, err
    assert _baseline_worktrees() == before
    assert not Path(added[0]).exists() and not Path(added[0]).parent.exists()


# --- the Swift ones -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def swift() -> str:
    """The toolchain, decided as the Swift tests decide (skip, or fail when required)."""
    from conformance.conftest import find_swift

    path = find_swift()
    if path is None:
        missing = "the Swift toolchain (`swift`) is neither on PATH nor in /opt/swift/usr/bin"
        if os.environ.get("AUTHSESSION_REQUIRE_SWIFT") == "1":
            pytest.fail(f"{missing}, and AUTHSESSION_REQUIRE_SWIFT=1 requires it")
        pytest.skip(f"{missing} (AUTHSESSION_REQUIRE_SWIFT=1 makes this a failure)")
    return path


def test_swift_core(swift: str) -> None:
    out = run("swift_core.py", "--rounds", "1", "--swift-steps", "20000", "--debug")
    for name in ("dict lookup (Python)", "SessionCore.step (Python)", "SessionCore.step (Swift)"):
        figures(out, rf"^{re.escape(name)}\s+{N}\s+{N}$")


def test_app_protocol(swift: str) -> None:
    out = run("app_protocol.py", "--rounds", "1", "--examples", "4", "--debug")
    figures(out, r"^(\d+) examples, (\d+) world steps per round, 1 rounds$")
    for name in ("in-process reference", "Swift app (authsession.app/1)",
                 "Python reference (authsession.app/1)"):  # fmt: skip
        figures(out, rf"^{re.escape(name)}\s+{N} us/world step\s+x\s*{N}$")


# --- the Kotlin one -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kotlin() -> Any:
    """The Kotlin toolchain, decided as the Kotlin tests decide (installed with apt as root when
    missing; else skip, or fail when `AUTHSESSION_REQUIRE_KOTLIN=1`)."""
    from conformance.kotlin.conftest import build, toolchain_or_skip

    return toolchain_or_skip(build.toolchain, dict(os.environ))


def test_kotlin_app(kotlin: Any) -> None:
    out = run("kotlin_app.py", "--rounds", "1")
    figures(out, r"^(\d+) examples, (\d+) world steps per round, 1 rounds$")
    for name in ("in-process reference", "Kotlin app (authsession.app/1)",
                 "Python reference (authsession.app/1)"):  # fmt: skip
        figures(out, rf"^{re.escape(name)}\s+{N} us/world step\s+x\s*{N}$")
