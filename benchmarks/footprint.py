"""Memory per idle session and the cost of `import authsession`, each against a baseline.

Run: `python benchmarks/footprint.py`. Memory: tracemalloc over N idle `AuthSession`s (fakes,
launched, signed in) vs N bare `SessionCore`s vs N models on a plain `transitions.Machine`.
Import: median wall time of fresh interpreters importing `authsession` vs `pydantic, transitions`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable

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


def _bytes_per(make: Callable[[], object]) -> float:
    keep = []
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(N):
        keep.append(make())
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (after - before) / N


def _session() -> AuthSession:
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


def _import_seconds(statement: str, runs: int = 7) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    bare = _bytes_per(_bare)
    core = _bytes_per(SessionCore)
    session = _bytes_per(_session)
    print(f"memory per idle instance (N={N}, tracemalloc):")
    print(f"  model on a bare transitions.Machine {bare / 1024:8.1f} KiB   1.00")
    print(f"  SessionCore                         {core / 1024:8.1f} KiB {core / bare:6.2f}")
    print(f"  AuthSession (fakes, signed in)      {session / 1024:8.1f} KiB {session / bare:6.2f}")
    base = _import_seconds("import pydantic, transitions")
    ours = _import_seconds("import authsession")
    empty = _import_seconds("pass")
    print("import time (median of 7 fresh interpreters, interpreter start subtracted):")
    print(f"  import pydantic, transitions {1000 * (base - empty):7.1f} ms   1.00")
    ratio = (ours - empty) / (base - empty)
    print(f"  import authsession           {1000 * (ours - empty):7.1f} ms {ratio:6.2f}")


if __name__ == "__main__":
    main()
