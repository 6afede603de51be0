"""A fuzz campaign over every input a user or a port controls: every CLI verb, the snapshot loader,
the port driver (hostile ports: silent, flooding, slow reader, dying, orphaning) and Ctrl-C.

Run: `python benchmarks/fuzz.py [--cases N] [--seed S] [--memory MIB] [--hostile N]
[--interrupts N]` (default 100,000 in-process cases, 300 hostile-port cases, 60 interrupted runs,
under a 2,048 MiB `RLIMIT_AS` that child processes inherit; tiny: `--cases 30 --hostile 1
--interrupts 1`).
`--only TARGET:INDEX` replays one case. Prints, per target, the count of each outcome, then the
totals: cases run, tracebacks, hangs, partial writes, every other failure, and peak memory (this
process and its children).

Each case is generated from `random.Random(f"{seed}:{target}:{index}")`, so any case reproduces
alone. In-process cases call `authsession.cli.main` with stdin, stdout and stderr replaced and a
watchdog (`SIGALRM`) that calls a case still running after `CASE_SECONDS` a hang; hostile ports
and Ctrl-C run as real processes. The promises checked on every case:
- exit code within the verb's contract (0, 1 where a check can fail, 2; 130 after Ctrl-C); exit 2
  prints exactly one line on stderr; no traceback anywhere (stderr, a thread's excepthook);
- no input text echoed: a canary placed in keys, values and arguments never reaches stderr;
- outputs (`--output`, `--out`, `--plot`, `vectors export`): after success the file is whole,
  after failure the target is as it was (a symlink, FIFO or directory untouched), and no
  temporary file is left behind;
- a snapshot is a model or a one-line `SnapshotError`; a session on a bad one never logs out;
- a port driver gives up within its timeout plus the time to end the port, and no process of
  the port's session survives; an interrupted run ends every child it started.
`tests/reliability/test_fuzz.py` runs a seeded slice of the same campaign on every test run.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import random
import resource
import shlex
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from pydantic import SecretStr

from authsession import AuthSession, State
from authsession.adapters import Credentials
from authsession.cli import main as cli_main
from authsession.conformance.driver import PortError, PortProcess, parse_answer
from authsession.conformance.vectors import Initial, shipped_text
from authsession.errors import InvalidInputError
from authsession.runtime import SessionSnapshot, SnapshotError, dump_snapshot, parse_snapshot
from authsession.spec.events import MACHINE_EVENT_ADAPTER, MachineEvent
from authsession.spec.export import FORMATS
from authsession.spec.states import State as SpecState
from authsession.testing import (
    FakeProtectedData,
    ManualClock,
    MemoryKeychain,
    ScriptedAuthenticator,
)
from authsession.testing.snapshots import MemorySnapshotStore
from authsession.world import POLICIES

ROOT: Final = Path(__file__).resolve().parents[1]
EXAMPLES: Final = sorted((ROOT / "examples").glob("*.json"))
HOSTILE_PORT: Final = ROOT / "tests" / "ports" / "hostile_port.py"
CANARY: Final = "hunter2-fuzz-canary"
#: A case still running after this long is a hang (the slowest legitimate case, an `explore
#: --depth 1` of one slice, takes well under a second).
CASE_SECONDS: Final = 20.0
FAILURES: Final = frozenset(
    {"traceback", "hang", "partial_write", "clobbered", "echo", "multi_line_error",
     "unexpected_exception", "unexpected_exit", "memory_error", "logout", "leftover_process",
     "thread_exception", "slow_give_up"}
)  # fmt: skip
WEIGHTS: Final = {
    "spec": 6, "port": 14, "replay": 14, "check-trace": 14, "vectors": 10, "export": 4,
    "difftest": 8, "explore": 6, "simulate": 4, "snapshot": 12, "answers": 8,
}  # fmt: skip


# --- random JSON, hostile tokens and mutations ---------------------------------------------------


def hostile_token(rng: random.Random) -> str:
    """A JSON-ish fragment that has broken a parser somewhere."""
    kind = rng.randrange(11)
    if kind == 0:
        depth = rng.choice([65, 500, 1_000, 5_000, 100_000])
        return "[" * depth + "]" * depth
    if kind == 1:
        return "9" * rng.choice([101, 4_301, 5_000, 20_000])
    if kind == 2:
        return rng.choice(["NaN", "Infinity", "-Infinity", "1e999", "-0", "1e-999"])
    if kind == 3:
        return json.dumps(rng.choice(["\u2028", "\u2029", "\x85", "\r", "\x00", "\ufeff"]))
    if kind == 4:
        return '"\\ud800"'  # a lone surrogate, escaped
    if kind == 5:
        return json.dumps("x" * rng.choice([100, 70_000, 1_100_000]))
    if kind == 6:
        return '{"' + CANARY + '": 1}'
    if kind == 7:
        return '"' + CANARY + '"'
    if kind == 8:
        return "{" * 70 + "}" * 70
    if kind == 9:
        return "[" * rng.randrange(1, 60) + "1"  # unbalanced
    return json.dumps(random_json(rng, 3))


def random_json(rng: random.Random, depth: int) -> Any:
    kind = rng.randrange(8 if depth > 0 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, -1, 1, 2**63, rng.randrange(-(10**6), 10**6)])
    if kind == 3:
        return rng.choice([0.5, -1e308, 1e-9, 3600.0])
    if kind == 4:
        return rng.choice(
            ["", "x", CANARY, "logged_in", "app_launched", "reference", "é", "\u2028"]
        )
    if kind == 5:
        return rng.choice(list(POLICIES) + [s.value for s in SpecState])
    if kind == 6:
        return [random_json(rng, depth - 1) for _ in range(rng.randrange(4))]
    keys = ["type", "state", "event", "context", "time", "reason", CANARY, "x", "seconds"]
    return {rng.choice(keys): random_json(rng, depth - 1) for _ in range(rng.randrange(4))}


def _slots(value: Any, found: list[tuple[Any, Any]]) -> None:
    # Every (container, key) of a decoded JSON value, iteratively (values can be deep).
    todo = [value]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            for key, child in node.items():
                found.append((node, key))
                todo.append(child)
        elif isinstance(node, list):
            for index, child in enumerate(node):
                found.append((node, index))
                todo.append(child)


def mutate_value(rng: random.Random, value: Any, near: list[str]) -> Any:
    """Structural mutations of a decoded document: change, drop, add (a canary, a typo of a known
    key) or retype values."""
    for _ in range(rng.randrange(1, 4)):
        slots: list[tuple[Any, Any]] = []
        _slots(value, slots)
        if not slots:
            return random_json(rng, 3)
        container, key = rng.choice(slots)
        action = rng.randrange(5)
        if action == 0:
            container[key] = random_json(rng, 2)
        elif action == 1 and isinstance(container, dict):
            del container[key]
        elif action == 1:
            container.pop(key)
        elif action == 2 and isinstance(container, dict):
            name = rng.choice([CANARY, *near]) if near else CANARY
            if name != CANARY and rng.random() < 0.5 and len(name) > 2:  # a typo of a known key
                cut = rng.randrange(len(name))
                name = name[:cut] + name[cut + 1 :]
            container[name] = random_json(rng, 1)
        elif action == 3:
            container[key] = rng.choice([CANARY, 10**30, -5, [], {}, "", None, True])
        else:
            container[key] = json.loads(rng.choice(['"x"', "[]", "{}", "0", "null"]))
    return value


def mutate_text(rng: random.Random, text: str) -> bytes:
    """Textual mutations: hostile tokens spliced in, truncation, bad bytes, line-break games."""
    data = text
    action = rng.randrange(7)
    if action == 0:
        at = rng.randrange(len(data) + 1)
        data = data[:at] + hostile_token(rng) + data[at:]
    elif action == 1:
        data = data[: rng.randrange(len(data) + 1)]
    elif action == 2:
        data = data.replace("\n", rng.choice(["\r\n", "\r", "\u2028", "\n\n", "\x0b"]))
    elif action == 3:
        raw = bytearray(data.encode("utf-8", "surrogatepass"))
        for _ in range(rng.randrange(1, 4)):
            if raw:
                raw[rng.randrange(len(raw))] = rng.choice([0xFF, 0xC0, 0x80, 0xE2, 0x00, 0x0A])
        return bytes(raw)
    elif action == 4:
        # Replace a number or a string with a hostile token (stays well-formed more often).
        for _ in range(3):
            at = rng.randrange(len(data) + 1)
            end = data.find(",", at)
            if end > at:
                colon = data.rfind(":", 0, end)
                if colon >= at:
                    data = data[: colon + 1] + " " + hostile_token(rng) + data[end:]
                    break
    elif action == 5:
        data = "\ufeff" + data if rng.random() < 0.5 else data + rng.choice(["x", "}", "\x00"])
    return data.encode("utf-8", "surrogatepass")


def mutated_document(rng: random.Random, document: Any, near: list[str], indent: bool) -> bytes:
    if rng.random() < 0.55:
        value = mutate_value(rng, json.loads(json.dumps(document)), near)
        text = json.dumps(value, indent=2 if indent else None, ensure_ascii=rng.random() < 0.5)
        return text.encode("utf-8", "surrogatepass")
    return mutate_text(rng, json.dumps(document, indent=2 if indent else None))


# --- fixtures of valid inputs --------------------------------------------------------------------

_CACHE: dict[str, Any] = {}


def suite() -> dict[str, Any]:
    if "suite" not in _CACHE:
        _CACHE["suite"] = json.loads(shipped_text())
    return dict(_CACHE["suite"])


def small_suite(rng: random.Random) -> dict[str, Any]:
    document = suite()
    document["vectors"] = rng.sample(document["vectors"], rng.randrange(1, 4))
    return document


def trace_lines(rng: random.Random) -> list[dict[str, Any]]:
    """A valid app log: a shipped vector's events with the states and reasons the spec gives."""
    vector = rng.choice(suite()["vectors"])
    lines: list[dict[str, Any]] = [{"initial": vector["initial"]}] if rng.random() < 0.7 else []
    for time_, (event, outcome) in enumerate(
        zip(vector["events"], vector["expected"], strict=True)
    ):
        line = {"time": float(time_), "event": event, "state": outcome["state"]}
        if rng.random() < 0.7:
            line["reason"] = outcome["reason"]
        lines.append(line)
    return lines


EVENTS: Final = [
    {"type": "app_launched", "protected_data_available": True},
    {"type": "work_requested", "protected_data_available": False},
    {"type": "keychain_found", "protected_data_available": True},
    {"type": "auth_accepted"},
    {"type": "login_requested"},
    {"reset": {"state": "logged_in", "context": {"token_valid": True}}},
    {"reset": {}},
]
NEAR: Final = [
    "type", "state", "context", "protected_data_available", "time", "event", "reason", "schema",
    "name", "steps", "device", "platform", "seconds", "mode", "version", "vectors", "initial",
    "expected", "events", "token_valid", "work_pending",
]  # fmt: skip


# --- running one case ----------------------------------------------------------------------------


class _Hang(BaseException):
    """Raised by the watchdog; a BaseException so no `except Exception` in the code under test
    can swallow it."""


def _watchdog(signum: int, frame: object) -> None:
    raise _Hang


@dataclass
class Outcome:
    label: str
    detail: str = ""


@dataclass
class CliRun:
    code: int
    out: str
    err: str


_THREAD_ERRORS: list[str] = []


def run_in_process(argv: list[str], stdin: bytes = b"") -> CliRun | Outcome:
    """`authsession ARGV` in this process: exit code and output, or the failure it was."""
    stdout, stderr = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = cli_main(argv)
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else 2
    except _Hang:
        return Outcome("hang", repr(argv)[:300])
    except MemoryError:
        return Outcome("memory_error", repr(argv)[:300])
    except BaseException:
        return Outcome("unexpected_exception", traceback.format_exc()[-600:])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        sys.stdin = saved
    if _THREAD_ERRORS:
        detail = _THREAD_ERRORS.pop()
        _THREAD_ERRORS.clear()
        return Outcome("thread_exception", detail)
    return CliRun(code, stdout.getvalue(), stderr.getvalue())


def judge(run: CliRun | Outcome, allowed: set[int], argv: list[str]) -> Outcome:
    """The common promises of a CLI run."""
    if isinstance(run, Outcome):
        return run
    if "Traceback" in run.err:
        return Outcome("traceback", run.err[-600:])
    if CANARY in run.err:
        return Outcome("echo", f"{argv!r}: {run.err[:300]}")
    if run.code not in allowed:
        return Outcome("unexpected_exit", f"{run.code}: {argv!r}: {run.err[:300]}")
    if run.code == 2 and (run.err.count("\n") != 1 or not run.err.endswith("\n")):
        return Outcome("multi_line_error", f"{argv!r}: {run.err[:300]!r}")
    return Outcome(f"exit_{run.code}")


# --- output targets ------------------------------------------------------------------------------

TARGET_KINDS: Final = ["new", "new", "new", "regular", "symlink", "fifo", "directory",
                       "missing_dir"]  # fmt: skip


@dataclass
class Target:
    """A scratch output path of some kind, and what must hold of it after the run."""

    kind: str
    path: Path
    victim: Path
    before: bytes | None = None

    @staticmethod
    def make(rng: random.Random, scratch: Path, name: str) -> Target:
        kind = rng.choice(TARGET_KINDS)
        path, victim = scratch / name, scratch / "victim.txt"
        victim.write_bytes(b"precious\n")
        if kind == "regular":
            path.write_bytes(b"old contents\n")
        elif kind == "symlink":
            path.symlink_to(victim)
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "directory":
            path.mkdir()
        elif kind == "missing_dir":
            path = scratch / "missing" / name
        target = Target(kind, path, victim)
        target.before = path.read_bytes() if kind == "regular" else None
        return target

    def check(self, succeeded: bool, whole: Callable[[bytes], bool]) -> str | None:
        """None if the promises hold, else the failure's label."""
        scratch = self.victim.parent
        if any(p.name.endswith(".tmp") for p in scratch.rglob("*")):
            return "partial_write"
        if self.victim.read_bytes() != b"precious\n":
            return "clobbered"
        mode = os.lstat(self.path).st_mode if os.path.lexists(self.path) else None
        if self.kind in ("symlink", "fifo", "directory"):
            kept = {"symlink": stat.S_ISLNK, "fifo": stat.S_ISFIFO, "directory": stat.S_ISDIR}
            if mode is None or not kept[self.kind](mode) or succeeded:
                return "clobbered"
            return None
        if succeeded:
            return None if mode is not None and whole(self.path.read_bytes()) else "partial_write"
        if self.kind == "regular":
            return None if self.path.read_bytes() == self.before else "partial_write"
        return None if mode is None else "partial_write"


def _reset(scratch: Path) -> None:
    for path in sorted(scratch.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not path.is_symlink():
            path.rmdir()
        else:
            path.unlink()


def _json_whole(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True


def _limits(rng: random.Random) -> list[str]:
    """Sometimes, small input limits before the verb (cheap way to hit every cap)."""
    if rng.random() > 0.1:
        return []
    option = rng.choice(["--max-input-bytes", "--max-line-bytes", "--max-json-depth",
                         "--max-json-digits"])  # fmt: skip
    return [option, rng.choice(["1", "2", "50", "0", "x", CANARY, "99999999999999"])]


def _number(rng: random.Random, good: list[str]) -> str:
    """Mostly a good value (so runs get past parsing), else one that must be refused."""
    if rng.random() < 0.75:
        return rng.choice(good)
    # Never a large value inside some option's bounds: that is a legitimately long run, not a
    # bad input (`simulate --devices 2048 --days 2048` is four million device-days).
    return rng.choice(["0", "-1", "x", "", "nan", "inf", "1e3", "9" * 40, "99999999999", CANARY,
                       "0x10"])  # fmt: skip


# --- in-process targets ---------------------------------------------------------------------------


def case_spec(rng: random.Random, scratch: Path) -> Outcome:
    argv = [*_limits(rng), "spec"]
    # JSON is rendered least often: it is the slow render (the taxonomy, the schemas).
    fmt = rng.choice([f for f in FORMATS if f != "json"] * 3 + ["json", "xml", "jsn", CANARY])
    if rng.random() < 0.8:
        argv += ["--format", fmt]
    else:
        fmt = "markdown"  # the default
    for _ in range(rng.choice([0, 0, 1, 2])):
        argv += ["--state", rng.choice(["logged_in", "logged_out", "loged_in", CANARY, ""])]
    target = None
    if rng.random() < 0.6:
        target = Target.make(rng, scratch, "spec.out")
        argv += ["--output", str(target.path)]
    if rng.random() < 0.05:
        argv += [rng.choice([CANARY, "--" + CANARY, "-x", "--"])]
    run = run_in_process(argv)
    verdict = judge(run, {0, 2}, argv)
    if target is not None and isinstance(run, CliRun) and not verdict.label.startswith("exit_2"):
        whole = (
            (lambda d: _json_whole(d))
            if fmt in ("json", "schema")
            else (lambda d: d.endswith(b"\n") and len(d) > 10)
        )
        problem = target.check(run.code == 0, whole)
        if problem:
            return Outcome(problem, repr(argv))
    elif target is not None and isinstance(run, CliRun):
        problem = target.check(False, _json_whole)
        if problem:
            return Outcome(problem, repr(argv))
    return verdict


def case_port(rng: random.Random, scratch: Path) -> Outcome:
    lines: list[bytes] = []
    for _ in range(rng.randrange(1, 8)):
        base = rng.choice(EVENTS)
        if rng.random() < 0.6:
            lines.append(json.dumps(base).encode())
        else:
            lines.append(mutated_document(rng, base, NEAR, indent=False).replace(b"\n", b" "))
    data = b"\n".join(lines) + rng.choice([b"\n", b"", b"\r\n"])
    argv = [*_limits(rng), "port"]
    if rng.random() < 0.3:
        path = scratch / "events.jsonl"
        path.write_bytes(data)
        argv.append(str(path))
        data = b""
    return judge(run_in_process(argv, data), {0, 2}, argv)


def case_replay(rng: random.Random, scratch: Path) -> Outcome:
    document = json.loads(rng.choice(EXAMPLES).read_text())
    path = scratch / "scenario.json"
    if rng.random() < 0.85:
        path.write_bytes(mutated_document(rng, document, NEAR, indent=rng.random() < 0.5))
    else:
        path.write_text(json.dumps(document))
    argv = [*_limits(rng), "replay", str(path)]
    for _ in range(rng.choice([0, 0, 1, 2])):
        argv += ["--policy", rng.choice([*POLICIES, "refrence", CANARY])]
    argv += ["--compare"] if rng.random() < 0.2 else []
    argv += ["--check"] if rng.random() < 0.3 else []
    argv += ["--schema"] if rng.random() < 0.02 else []
    return judge(run_in_process(argv), {0, 1, 2}, argv)


def case_check_trace(rng: random.Random, scratch: Path) -> Outcome:
    lines = trace_lines(rng)
    out: list[bytes] = []
    for line in lines:
        if rng.random() < 0.15:
            out.append(mutated_document(rng, line, NEAR, indent=False).replace(b"\n", b" "))
        else:
            out.append(json.dumps(line, ensure_ascii=rng.random() < 0.5).encode())
    if rng.random() < 0.2:
        rng.shuffle(out)
    data = rng.choice([b"\n", b"\r\n", b"\n\n"]).join(out) + b"\n"
    if rng.random() < 0.1:
        data = mutate_text(rng, data.decode("utf-8", "surrogateescape"))
    path = scratch / "app.jsonl"
    path.write_bytes(data)
    argv = [*_limits(rng), "check-trace", str(path)]
    return judge(run_in_process(argv), {0, 1, 2}, argv)


def _answers_for(document: dict[str, Any], rng: random.Random) -> bytes:
    """What a port would answer to a suite, perhaps garbled: the `cat FILE` port's output."""
    lines = [json.dumps(o).encode() for v in document.get("vectors", []) for o in
             (v.get("expected") or []) if isinstance(v, dict)]  # fmt: skip
    if not lines or rng.random() < 0.5:
        lines.append(mutated_document(rng, {"state": "logged_in", "commands": [], "reason": "x"},
                                      NEAR, indent=False).replace(b"\n", b" "))  # fmt: skip
    rng.shuffle(lines) if rng.random() < 0.3 else None
    return b"\n".join(lines) + b"\n"


def case_vectors(rng: random.Random, scratch: Path) -> Outcome:
    document = small_suite(rng)
    path = scratch / "vectors.json"
    if rng.random() < 0.8:
        path.write_bytes(mutated_document(rng, document, NEAR, indent=rng.random() < 0.3))
    else:
        path.write_text(json.dumps(document))
    argv = [*_limits(rng), "vectors", "verify", "--vectors", str(path)]
    if rng.random() < 0.3:
        argv += ["--min-coverage", _number(rng, ["0", "50", "100"])]
    if rng.random() < 0.25:
        answers = scratch / "answers.jsonl"
        answers.write_bytes(_answers_for(document, rng))
        argv += ["--port", f"cat {answers}", "--timeout", _number(rng, ["1", "2"])]
    return judge(run_in_process(argv), {0, 1, 2}, argv)


def case_export(rng: random.Random, scratch: Path) -> Outcome:
    target = Target.make(rng, scratch, "vectors.json")
    directory = target.path.parent
    argv = [*_limits(rng), "vectors", "export", str(directory)]
    if rng.random() < 0.1:
        argv += ["--examples", rng.choice([str(scratch / "nothing"), str(scratch)])]
    run = run_in_process(argv)
    verdict = judge(run, {0, 2}, argv)
    if isinstance(run, CliRun):
        shipped = shipped_text().encode()
        problem = target.check(run.code == 0, lambda d: d == shipped)
        if problem:
            return Outcome(problem, repr(argv))
    return verdict


def case_difftest(rng: random.Random, scratch: Path) -> Outcome:
    answers = scratch / "answers.jsonl"
    answers.write_bytes(_answers_for(small_suite(rng), rng))
    port = rng.choice([f"cat {answers}", f"cat {answers}", "true", "/nonexistent/port", "",
                       "'unbalanced", "head -c 70000 /dev/zero"])  # fmt: skip
    argv = [*_limits(rng), "difftest", "--port", port]
    argv += ["--sequences", _number(rng, ["1", "2", "3"])]
    argv += ["--length", _number(rng, ["1", "3", "5"])]
    if rng.random() < 0.5:
        argv += ["--seed", _number(rng, ["0", "7", "123456789"])]
    argv += ["--timeout", _number(rng, ["0.5", "1"])]
    return judge(run_in_process(argv), {0, 1, 2}, argv)


def case_explore(rng: random.Random, scratch: Path) -> Outcome:
    argv = [*_limits(rng), "explore"]
    argv += ["--depth", rng.choice(["0", "0", "0", "1", "-1", "x", "1001", CANARY])]
    argv += ["--workers", _number(rng, ["1"])]
    if rng.random() < 0.5:
        argv += ["--policy", rng.choice([*POLICIES, "refrence", CANARY])]
    if "1" in argv:
        # A real search: one small slice of the space (the whole iOS fault space takes minutes
        # at depth 1 — 116 families — which says nothing more about input handling).
        argv += ["--platform", "memory", "--faults", "none", "--rotating", "off"]
    elif rng.random() < 0.5:
        argv += ["--platform", rng.choice(["ios", "android", "memory", "windows", CANARY])]
    argv += ["--extension"] if rng.random() < 0.1 else []
    target = None
    if rng.random() < 0.5:
        target = Target.make(rng, scratch, "cx.json")
        argv += ["--out", str(target.path)]
    run = run_in_process(argv)
    verdict = judge(run, {0, 1, 2}, argv)
    if target is not None and isinstance(run, CliRun):
        problem = target.check(run.code == 1, _json_whole)
        if problem:
            return Outcome(problem, repr(argv))
    return verdict


def case_simulate(rng: random.Random, scratch: Path) -> Outcome:
    argv = [*_limits(rng), "simulate"]
    argv += ["--devices", _number(rng, ["1", "2"])]
    argv += ["--days", _number(rng, ["1"])]
    argv += ["--workers", _number(rng, ["1"])]
    if rng.random() < 0.4:
        argv += ["--policy", rng.choice([*POLICIES, "refrence", CANARY])]
    argv += ["--json"] if rng.random() < 0.3 else []
    target = None
    if rng.random() < 0.3:
        target = Target.make(rng, scratch, rng.choice(["chart.png", "chart.svg", "chart.pdf"]))
        argv += ["--plot", str(target.path)]
    run = run_in_process(argv)
    verdict = judge(run, {0, 2}, argv)
    if target is not None and isinstance(run, CliRun):
        problem = target.check(run.code == 0, lambda d: d[:4] in (b"\x89PNG", b"<?xm"))
        if problem:
            return Outcome(problem, repr(argv))
    return verdict


VALID_SNAPSHOT: Final = json.loads(
    dump_snapshot(SessionSnapshot(state=State.DEFERRED_AUTH, pending_work=("sync",), account="ada"))
)
V1_SNAPSHOT: Final = {"version": 1, "state": "deferred_auth", "deferred": ["sync"], "user": "ada"}


def case_snapshot(rng: random.Random, scratch: Path) -> Outcome:
    if rng.random() < 0.1:
        data = rng.randbytes(rng.randrange(300))
    else:
        base = V1_SNAPSHOT if rng.random() < 0.2 else VALID_SNAPSHOT
        data = mutated_document(rng, base, [*list(VALID_SNAPSHOT), "deferred", "user"], False)
    try:
        parse_snapshot(data, "fuzz.json")
        parsed = "valid"
    except SnapshotError as err:
        if "\n" in str(err):
            return Outcome("multi_line_error", repr(data[:200]))
        if CANARY in str(err):
            return Outcome("echo", repr(data[:200]))
        parsed = "snapshot_error"
    except MemoryError:
        return Outcome("memory_error", repr(data[:200]))
    except Exception:
        return Outcome("unexpected_exception", traceback.format_exc()[-600:])
    device = FakeProtectedData(available=True)
    keychain = MemoryKeychain(
        available=device.available, credentials=Credentials(account="ada", secret=SecretStr("pw"))
    )
    try:
        session = AuthSession(
            keychain=keychain,
            clock=ManualClock(),
            authenticator=ScriptedAuthenticator(),
            protected_data=device,
            store=MemorySnapshotStore(data),
        )
        session.launch()
    except Exception:
        return Outcome("unexpected_exception", traceback.format_exc()[-600:])
    logged_out = session.state is State.LOGGED_OUT
    if parsed == "snapshot_error" and logged_out:
        return Outcome("logout", repr(data[:200]))  # a file we could not read signed someone out
    return Outcome(parsed)


def case_answers(rng: random.Random, scratch: Path) -> Outcome:
    """The driver's answer parser on what a broken port might print."""
    good = {"state": "logged_in", "commands": [{"type": "schedule_refresh", "seconds": 60}],
            "reason": "x"}  # fmt: skip
    data = (
        mutated_document(rng, good, NEAR, indent=False)
        if rng.random() < 0.9
        else (rng.randbytes(rng.randrange(100)))
    )
    try:
        parse_answer(data.split(b"\n")[0])
        return Outcome("valid")
    except ValueError as err:
        return (
            Outcome("multi_line_error", repr(data[:200]))
            if "\n" in str(err)
            else (Outcome("protocol_error"))
        )
    except MemoryError:
        return Outcome("memory_error", repr(data[:200]))
    except Exception:
        return Outcome("unexpected_exception", traceback.format_exc()[-600:])


CASES: Final[dict[str, Callable[[random.Random, Path], Outcome]]] = {
    "spec": case_spec, "port": case_port, "replay": case_replay,
    "check-trace": case_check_trace, "vectors": case_vectors, "export": case_export,
    "difftest": case_difftest, "explore": case_explore, "simulate": case_simulate,
    "snapshot": case_snapshot, "answers": case_answers,
}  # fmt: skip


# --- hostile ports (real processes) --------------------------------------------------------------

HOSTILE_MODES: Final = ["silent", "no_read", "slow_reader", "flood", "flood_lines", "stderr_flood",
                        "dying", "orphan"]  # fmt: skip
SHELL_PORTS: Final = ["cat /dev/zero", "sleep 30", "true", "yes", "head -c 200000 /dev/urandom",
                      "sh -c 'sleep 30 & exec cat'", "sh -c 'exec 0<&-; sleep 30'"]  # fmt: skip
#: Ending a port's process group and reaping it, on top of its timeout.
GIVE_UP_GRACE: Final = 3.0


def _session_members(sid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":  # fields[3]: the session id
                members.append(int(entry.name))
    return members


def _all_gone(sid: int, seconds: float = 2.0) -> bool:
    """No process of session `sid` left (a SIGKILLed one takes a moment to die)."""
    deadline = time.monotonic() + seconds
    while _session_members(sid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def case_hostile(rng: random.Random) -> Outcome:
    if rng.random() < 0.6:
        command = f"{shlex.quote(sys.executable)} {HOSTILE_PORT} {rng.choice(HOSTILE_MODES)}"
    else:
        command = rng.choice(SHELL_PORTS)
    timeout = rng.choice([0.2, 0.5, 1.0])
    length = rng.choice([1, 10, 2000, 10_000])
    events: list[MachineEvent] = [
        MACHINE_EVENT_ADAPTER.validate_python(
            {"type": "work_requested", "protected_data_available": bool(i % 2)}
        )
        for i in range(length)
    ]
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
    pid = None
    try:
        with PortProcess(command, timeout=timeout) as port:
            pid = port.pid
            try:
                port.run(1, Initial(), events)
                port.run(2, Initial(), events[:1])
                label = "answered"
            except PortError as err:
                label = "port_error" if "\n" not in str(err) else "multi_line_error"
    except _Hang:
        return Outcome("hang", command)
    except InvalidInputError:
        label = "start_error"
    except BaseException:
        return Outcome("unexpected_exception", traceback.format_exc()[-600:])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    elapsed = time.monotonic() - started
    if label == "port_error" and elapsed > timeout * 2 + GIVE_UP_GRACE:
        return Outcome("slow_give_up", f"{command}: {elapsed:.1f} s with timeout {timeout}")
    if pid is not None and not _all_gone(pid):
        return Outcome("leftover_process", command)
    if _THREAD_ERRORS:
        return Outcome("thread_exception", _THREAD_ERRORS.pop())
    return Outcome(label)


# --- Ctrl-C (real processes) ----------------------------------------------------------------------


def _during_package_import(err: str) -> bool:
    """A KeyboardInterrupt raised while Python was still starting — its own start-up or the import
    of the `authsession` package that `python -m authsession` does before `__main__` runs — so
    before any line of the CLI could handle it. Counted apart (a documented gap), never mixed with
    a traceback from the CLI itself: no frame of `__main__` or the CLI may be in it."""
    return (
        err.rstrip().endswith("KeyboardInterrupt")
        and "authsession/__main__.py" not in err
        and "authsession/cli/" not in err
    )


def case_interrupt(rng: random.Random, scratch: Path) -> Outcome:
    """A verb interrupted at a random moment, as a terminal does it (SIGINT to the group)."""
    out = scratch / "result.out"
    fifo = scratch / "log.jsonl"
    scenarios = {
        "difftest": ["difftest", "--port", f"{sys.executable} {HOSTILE_PORT} slow_answers",
                     "--sequences", "100"],
        "explore": ["explore", "--workers", "2", "--out", str(out)],
        "simulate": ["simulate", "--devices", "20000", "--days", "7", "--workers", "2",
                     "--plot", str(out) + ".png"],
        "check-trace": ["check-trace", str(fifo)],
        "port": ["port"],
        "spec": ["spec", "--format", "json", "--output", str(out)],
    }  # fmt: skip
    verb = rng.choice(list(scenarios))
    if verb == "check-trace":
        os.mkfifo(fifo)
    process = subprocess.Popen(
        [sys.executable, "-m", "authsession", *scenarios[verb]],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    time.sleep(rng.uniform(0.05, 3.0))
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGINT)
    try:
        _, err_bytes = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return Outcome("hang", f"{verb} after Ctrl-C")
    err = err_bytes.decode("utf-8", "replace")
    if "Traceback" in err and _during_package_import(err):
        return Outcome("interrupted_importing_the_package")
    if "Traceback" in err:
        return Outcome("traceback", f"{verb}: {err[-600:]}")
    if not _all_gone(process.pid):
        return Outcome("leftover_process", verb)
    if any(p.name.endswith(".tmp") for p in scratch.iterdir()):
        return Outcome("partial_write", verb)
    code = process.returncode
    if code == 130:
        # While the CLI itself is being imported, `__main__` says it without the verb.
        if err not in (f"authsession {verb}: interrupted\n", "authsession: interrupted\n"):
            return Outcome("multi_line_error", f"{verb}: {err!r}")
        if verb in ("explore", "simulate") and any(scratch.glob("result.out*")):
            return Outcome("partial_write", f"{verb} wrote a result although interrupted")
        return Outcome("interrupted")
    if code < 0:  # died of the signal itself: Python had not installed its handler yet
        return Outcome("interrupted_during_startup")
    return Outcome(f"finished_{code}")


# --- the campaign --------------------------------------------------------------------------------


@dataclass
class Report:
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    first: dict[str, tuple[str, str]] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, target: str, index: int, outcome: Outcome) -> None:
        self.counts.setdefault(target, Counter())[outcome.label] += 1
        if outcome.label in FAILURES:
            self.first.setdefault(outcome.label, (f"{target}:{index}", outcome.detail))

    def total(self, label: str | None = None) -> int:
        return sum(
            n for c in self.counts.values() for k, n in c.items() if label is None or k == label
        )

    def failures(self) -> int:
        return sum(self.total(label) for label in FAILURES)


def _rng(seed: int, target: str, index: int) -> random.Random:
    return random.Random(f"{seed}:{target}:{index}")


@contextlib.contextmanager
def _campaign_environment() -> Iterator[None]:
    old_handler = signal.signal(signal.SIGALRM, _watchdog)
    old_hook = threading.excepthook

    def record(args: threading.ExceptHookArgs) -> None:
        _THREAD_ERRORS.append(f"{args.exc_type.__name__}: {args.exc_value}")

    threading.excepthook = record
    logging.disable(logging.WARNING)  # "snapshot ignored" warnings are expected by the thousand
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)
        threading.excepthook = old_hook
        signal.signal(signal.SIGALRM, old_handler)


def campaign(
    cases: int, seed: int, *, hostile: int = 0, interrupts: int = 0, progress: bool = False
) -> Report:
    report = Report()
    started = time.monotonic()
    names = list(WEIGHTS)
    weights = [WEIGHTS[n] for n in names]
    order = random.Random(seed)
    with _campaign_environment(), tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        for index in range(cases):
            target = order.choices(names, weights)[0]
            _reset(scratch)
            report.add(target, index, CASES[target](_rng(seed, target, index), scratch))
            if progress and index % 1000 == 999:
                sys.stderr.write(f"\r{index + 1} cases, {report.failures()} failures")
        for index in range(hostile):
            report.add("hostile-port", index, case_hostile(_rng(seed, "hostile-port", index)))
        for index in range(interrupts):
            _reset(scratch)
            report.add("ctrl-c", index, case_interrupt(_rng(seed, "ctrl-c", index), scratch))
    if progress:
        sys.stderr.write("\n")
    report.seconds = time.monotonic() - started
    return report


def replay_one(spec: str, seed: int) -> Outcome:
    target, _, index = spec.partition(":")
    with _campaign_environment(), tempfile.TemporaryDirectory() as tmp:
        rng = _rng(seed, target, int(index))
        if target == "hostile-port":
            return case_hostile(rng)
        if target == "ctrl-c":
            return case_interrupt(rng, Path(tmp))
        return CASES[target](rng, Path(tmp))


def peak_memory_mib() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="in-process cases")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--hostile", type=int, default=300, help="hostile-port cases")
    parser.add_argument("--interrupts", type=int, default=60, help="Ctrl-C cases")
    parser.add_argument("--memory", type=int, default=2048, help="RLIMIT_AS in MiB")
    parser.add_argument("--only", metavar="TARGET:INDEX", help="replay one case")
    args = parser.parse_args()
    limit = args.memory << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if args.only:
        outcome = replay_one(args.only, args.seed)
        print(f"{args.only}: {outcome.label} {outcome.detail}")
        return 1 if outcome.label in FAILURES else 0
    report = campaign(args.cases, args.seed, hostile=args.hostile, interrupts=args.interrupts,
                      progress=sys.stderr.isatty())  # fmt: skip
    for target, counter in sorted(report.counts.items()):
        print(f"{target:<13} {sum(counter.values()):>7}  " + ", ".join(
            f"{k}={v}" for k, v in sorted(counter.items())))  # fmt: skip
    own, children = peak_memory_mib()
    headline = ("traceback", "hang", "partial_write")
    other = report.failures() - sum(report.total(k) for k in headline)
    print(
        f"cases {report.total()}, tracebacks {report.total('traceback')}, hangs "
        f"{report.total('hang')}, partial writes {report.total('partial_write')}, other failures "
        f"{other}"
    )
    print(
        f"peak memory: this process {own:.0f} MiB, largest child {children:.0f} MiB "
        f"(RLIMIT_AS {args.memory} MiB); {report.seconds:.0f} s, seed {args.seed}"
    )
    for label, (where, detail) in sorted(report.first.items()):
        print(f"first {label}: {where} {detail}")
    return 1 if report.failures() else 0


if __name__ == "__main__":
    raise SystemExit(main())
