"""Memory per idle session, the cost of importing the package, and what the pytest plugin adds to
every test run — each against a baseline measured in the same run.

Owns: the three measurements below and their baselines.

Run: `python benchmarks/footprint.py [--rounds N]` (tiny: `--rounds 1`). Targets (issue 15):
`import authsession` at most 1.3 times `import pydantic, transitions`; an idle `AuthSession` at
most 4 KB; the plugin adds under 20 ms to a pytest run.

- Memory, two ways, the adapters shared unless said: (1) tracemalloc, bytes allocated per
  instance over N instances; (2) deep size, `sys.getsizeof` summed over every object reachable
  from one instance (`gc.get_referents`) that is not reachable from `sys.modules` — what is
  shared by every session (classes, functions, the spec, interned strings, the shared fakes) is
  not the session's. Contenders: a model on a plain `transitions.Machine` (baseline), a
  `SessionCore`, an `AuthSession` as built, one launched and signed in (what an app keeps between
  events), and the same with its own four fakes.
- Import: fresh interpreters, `import pydantic, transitions` (baseline) and the same defining and
  using one pydantic model (what any package with one model pays: pydantic imports its main
  module, and the first schema build loads pydantic's plugin registry) against `import
  authsession` and `from authsession import AuthSession`.
- pytest: a run of one empty test with the plugin loaded (as installing the package makes every
  run do) against the same run with `-p no:authsession`.

Both timings are medians over interleaved rounds of the child's CPU time (user + system, from
`getrusage`), which other load on a shared machine disturbs far less than wall time (also printed);
for imports, interpreter start-up (`python -c pass`) is subtracted. The children run as an
installed package does, with bytecode cached (an untimed first round writes it, under a scratch
`PYTHONPYCACHEPREFIX`, even where `PYTHONDONTWRITEBYTECODE` is set): otherwise every round would
time compiling this source tree against site-packages' compiled pydantic.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from transitions import Machine

from authsession import AuthSession
from authsession.core import SessionCore
from authsession.spec import State
from authsession.testing import (
    FakeProtectedData,
    ManualClock,
    MemoryKeychain,
    ScriptedAuthenticator,
)

N = 2_000
MODEL = "... and one pydantic model, defined and used"
_DEVICE = FakeProtectedData()
_KEYCHAIN = MemoryKeychain(available=_DEVICE.available)
_CLOCK = ManualClock()
_SERVER = ScriptedAuthenticator()


def _bytes_per(make: Callable[[], object]) -> float:
    make()  # first-use costs (a model's deferred build, the shared machine) are not per session
    keep = []
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(N):
        keep.append(make())
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (after - before) / N


def _reachable(roots: list[object], stop: set[int]) -> dict[int, object]:
    """Every object reachable from `roots` through `gc.get_referents`, not passing `stop`."""
    seen: dict[int, object] = {}
    todo = [root for root in roots if id(root) not in stop]
    while todo:
        obj = todo.pop()
        if id(obj) in seen or id(obj) in stop:
            continue
        seen[id(obj)] = obj
        todo.extend(gc.get_referents(obj))
    return seen


def _deep_size(make: Callable[[], object]) -> float:
    make()  # first-use costs, as above
    shared = set(_reachable([sys.modules], set()))
    instance = make()
    return sum(sys.getsizeof(obj) for obj in _reachable([instance], shared).values())


def _built() -> AuthSession:
    return AuthSession(keychain=_KEYCHAIN, clock=_CLOCK, authenticator=_SERVER,
                       protected_data=_DEVICE)  # fmt: skip


def _signed_in() -> AuthSession:
    session = _built()
    session.launch()
    session.login("ada", "pw")
    return session


def _signed_in_with_fakes() -> AuthSession:
    device = FakeProtectedData()
    session = AuthSession(
        keychain=MemoryKeychain(available=device.available),
        clock=ManualClock(),
        authenticator=ScriptedAuthenticator(),
        protected_data=device,
    )
    session.launch()
    session.login("ada", "pw")
    return session


class _Model:
    pass


_BARE = Machine(model=None, states=[s.value for s in State], initial="starting",
                auto_transitions=False)  # fmt: skip


def _bare() -> object:
    model = _Model()
    _BARE.add_model(model)
    return model


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _installed_like(cwd: Path) -> dict[str, str]:
    """The children's environment: bytecode written and read under a scratch prefix."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cwd / "pycache")
    return env


def _medians(
    commands: dict[str, list[str]], rounds: int, cwd: Path
) -> tuple[dict[str, float], dict[str, float]]:
    """Median CPU and wall seconds of each command over `rounds`, interleaved across commands."""
    env = _installed_like(cwd)
    for command in commands.values():  # writes the bytecode; not timed
        subprocess.run(command, check=True, cwd=cwd, capture_output=True, env=env)
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    wall: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            cpu_start, start = _child_cpu(), time.perf_counter()
            subprocess.run(command, check=True, cwd=cwd, capture_output=True, env=env)
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(_child_cpu() - cpu_start)
    return (
        {name: statistics.median(values) for name, values in cpu.items()},
        {name: statistics.median(values) for name, values in wall.items()},
    )


def memory() -> None:
    contenders: dict[str, Callable[[], object]] = {
        "model on a bare transitions.Machine": _bare,
        "SessionCore": SessionCore,
        "AuthSession, as built": _built,
        "AuthSession, launched and signed in": _signed_in,
        "  the same with its own four fakes": _signed_in_with_fakes,
    }
    traced = {name: _bytes_per(make) for name, make in contenders.items()}
    deep = {name: _deep_size(make) for name, make in contenders.items()}
    bare = "model on a bare transitions.Machine"
    print("memory per idle instance (adapters shared unless said; ratio to the bare model):")
    print(f"  {'':<38} {f'tracemalloc, N={N}':>20} {'deep size':>18}")
    for name in contenders:
        t, d = traced[name], deep[name]
        print(f"  {name:<38} {t:8.0f} B {t / traced[bare]:9.2f} {d:8.0f} B {d / deep[bare]:7.2f}")


def imports(rounds: int, cwd: Path) -> None:
    python = sys.executable
    statements = {
        "pass": "pass",
        "import pydantic, transitions": "import pydantic, transitions",
        MODEL: "import pydantic, transitions\nclass M(pydantic.BaseModel):\n    x: int\nM(x=1)",
        "import authsession": "import authsession",
        "from authsession import AuthSession": "from authsession import AuthSession",
    }
    cpu, wall = _medians({k: [python, "-c", v] for k, v in statements.items()}, rounds, cwd)
    print(f"import time (median of {rounds} fresh interpreters, start-up subtracted):")
    head = f"{'CPU ms':>7} {'÷ base':>7} {'÷ model':>8} {'wall ms':>8} {'÷ base':>7}"
    print(f"  {'':<52} {head}")
    cpu_start, wall_start = cpu.pop("pass"), wall.pop("pass")
    base = cpu["import pydantic, transitions"] - cpu_start
    models = cpu[MODEL] - cpu_start
    wall_base = wall["import pydantic, transitions"] - wall_start
    for name in cpu:
        c, w = cpu[name] - cpu_start, wall[name] - wall_start
        print(
            f"  {name:<52} {1000 * c:7.1f} {c / base:7.2f} {c / models:11.2f}"
            f" {1000 * w:8.1f} {w / wall_base:7.2f}"
        )


def pytest_run(rounds: int, cwd: Path) -> None:
    (cwd / "pytest.ini").write_text("[pytest]\n")  # pins the rootdir: no project config
    (cwd / "test_nothing.py").write_text("def test_nothing():\n    pass\n")
    run = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_nothing.py"]
    cpu, wall = _medians({"without": [*run, "-p", "no:authsession"], "with": run}, rounds, cwd)
    print(f"an empty pytest run (one empty test, median of {rounds}):")
    print(f"  {'':<38} {'CPU ms':>7} {'ratio':>6} {'wall ms':>8} {'ratio':>6}")
    for name, label in (("without", "without the plugin (-p no:authsession)"),
                        ("with", "with the plugin")):  # fmt: skip
        c, w = cpu[name], wall[name]
        print(f"  {label:<38} {1000 * c:7.1f} {c / cpu['without']:6.3f}"
              f" {1000 * w:8.1f} {w / wall['without']:6.3f}")  # fmt: skip
    added_cpu, added_wall = cpu["with"] - cpu["without"], wall["with"] - wall["without"]
    print(f"  {'added by the plugin':<38} {1000 * added_cpu:7.1f} {'':>6} {1000 * added_wall:8.1f}")
    # The difference of two whole runs is within their noise on a busy machine; what the plugin
    # itself does — import its modules once pytest is loaded — is timed inside the process.
    own = statistics.median(_plugin_import_seconds(cwd) for _ in range(rounds))
    print(f"  the plugin's import, timed in-process  {1000 * own:7.1f} {own / cpu['without']:6.3f}")


_PLUGIN_IMPORT = (
    "import time, pytest\n"
    "start = time.process_time()\n"
    "import authsession.testing.plugin\n"
    "print(time.process_time() - start)"
)


def _plugin_import_seconds(cwd: Path) -> float:
    command = [sys.executable, "-c", _PLUGIN_IMPORT]
    env = _installed_like(cwd)
    out = subprocess.run(command, check=True, cwd=cwd, capture_output=True, text=True, env=env)
    return float(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=21)
    rounds = parser.parse_args().rounds
    memory()
    with tempfile.TemporaryDirectory() as scratch:
        cwd = Path(scratch)
        imports(rounds, cwd)
        pytest_run(rounds, cwd)


if __name__ == "__main__":
    main()
