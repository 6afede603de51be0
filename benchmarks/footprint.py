"""Memory per idle session, the cost of importing the package, and what the pytest plugin adds to
every test run — each against a baseline measured in the same run.

Run: `python benchmarks/footprint.py [--rounds N]`.

- Memory: tracemalloc over N instances of each contender, the adapters shared unless said:
  a model on a plain `transitions.Machine` (baseline), a `SessionCore`, an `AuthSession` as
  built, and one launched and signed in (what an app keeps between events) — the session's own
  bytes — and the same with its own four fakes (the figure this benchmark used to print).
- Import: fresh interpreters, `import pydantic, transitions` (baseline) and `from pydantic import
  BaseModel; import transitions` (what any package defining one pydantic model pays) against
  `import authsession`, `from authsession import AuthSession` and the plugin's import. Medians,
  interpreter start-up (`python -c pass`) subtracted, rounds interleaved.
- pytest: a run of one empty test with the plugin loaded (as installing the package makes every
  run do) against the same run with `-p no:authsession`; medians, interleaved.
"""

from __future__ import annotations

import argparse
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


def _medians(commands: dict[str, list[str]], rounds: int, cwd: Path) -> dict[str, float]:
    """Median wall time of each command over `rounds`, rounds interleaved across commands."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, cwd=cwd, capture_output=True)
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


def memory() -> None:
    bare = _bytes_per(_bare)
    rows = {
        "model on a bare transitions.Machine": bare,
        "SessionCore": _bytes_per(SessionCore),
        "AuthSession, as built": _bytes_per(_built),
        "AuthSession, launched and signed in": _bytes_per(_signed_in),
        "  the same with its own four fakes": _bytes_per(_signed_in_with_fakes),
    }
    print(f"memory per idle instance (N={N}, tracemalloc; adapters shared unless said):")
    for name, value in rows.items():
        print(f"  {name:<38} {value:8.0f} B {value / 1024:6.2f} KiB {value / bare:6.2f}")


def imports(rounds: int, cwd: Path) -> None:
    python = sys.executable
    statements = {
        "pass": "pass",
        "import pydantic, transitions": "import pydantic, transitions",
        "from pydantic import BaseModel; import transitions": (
            "from pydantic import BaseModel; import transitions"
        ),
        "import authsession": "import authsession",
        "from authsession import AuthSession": "from authsession import AuthSession",
        "import authsession.testing.plugin": "import authsession.testing.plugin",
    }
    medians = _medians({k: [python, "-c", v] for k, v in statements.items()}, rounds, cwd)
    empty = medians.pop("pass")
    base = medians["import pydantic, transitions"] - empty
    models = medians["from pydantic import BaseModel; import transitions"] - empty
    print(f"import time (median of {rounds} fresh interpreters, start-up subtracted):")
    print(f"  {'':<52} {'ms':>7} {'÷ baseline':>10} {'÷ BaseModel':>11}")
    for name, value in medians.items():
        ms = value - empty
        print(f"  {name:<52} {1000 * ms:7.1f} {ms / base:10.2f} {ms / models:11.2f}")


def pytest_run(rounds: int, cwd: Path) -> None:
    (cwd / "pytest.ini").write_text("[pytest]\n")  # pins the rootdir: no project config
    (cwd / "test_nothing.py").write_text("def test_nothing():\n    pass\n")
    run = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_nothing.py"]
    medians = _medians({"without": [*run, "-p", "no:authsession"], "with": run}, rounds, cwd)
    added = medians["with"] - medians["without"]
    print(f"an empty pytest run (one empty test, median of {rounds}):")
    print(f"  without the plugin (-p no:authsession) {1000 * medians['without']:7.1f} ms   1.00")
    ratio = medians["with"] / medians["without"]
    print(f"  with the plugin                        {1000 * medians['with']:7.1f} ms {ratio:6.3f}")
    print(f"  added by the plugin                    {1000 * added:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=11)
    rounds = parser.parse_args().rounds
    memory()
    with tempfile.TemporaryDirectory() as scratch:
        cwd = Path(scratch)
        imports(rounds, cwd)
        pytest_run(rounds, cwd)


if __name__ == "__main__":
    main()
