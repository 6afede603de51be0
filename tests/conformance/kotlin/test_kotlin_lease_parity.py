"""The Kotlin host with the refresh lease runs call for call like the Python host: the same seeded
random lives of an app and its extension (a second process) — launches, work, sign-ins and
sign-outs, locks, time passing past a token's life and an extension's lease, reboots, a lease,
keychain, signal or server that throws or refuses, and one process acting while the other's
refresh is at the server (the answer not yet stored: matrix-rust-sdk #6794) — sharing one keychain
item, one rotating server and one lease board, are played on Python `AuthSession`s with the
test kit's `MemoryLease` and on Kotlin `AuthSession`s with its `MemoryLease`
(`kotlin/src/test/.../host/LeaseScript.kt`). Every adapter call (the signal's samples, the
lease's, the keychain's, the server's, the snapshot saves), every step and every `done` must be
the same, in the same order."""

from __future__ import annotations

import contextlib
import json
import os
import random
import subprocess
from typing import Any

from pydantic import SecretStr

from authsession.adapters.authenticator import Accepted, Rejected, Transient
from authsession.adapters.keychain import Credentials, Deleted, Found, NotFound, Stored, Unavailable
from authsession.app.reference import _json
from authsession.runtime.config import SessionConfig
from authsession.runtime.session import AuthSession
from authsession.testing.lease import LeaseBoard, MemoryLease

from .conftest import build

PROCESSES = ("app", "ext")
OPS = (
    "launch",
    "foreground",
    "request_work",
    "poll",
    "shared_store_changed",
    "login",
    "logout",
    "did_become_available",
    "will_become_unavailable",
)


class _Injected(Exception):
    """An adapter that throws (a failure the script asked for)."""


class _Life:
    """One device: the shared keychain item, signal, clock, server and lease board, and the
    processes of the app on it; every adapter call logged as the Kotlin script logs it."""

    def __init__(self, rotating: bool, stored: bool) -> None:
        self.rotating = rotating
        self.log: list[dict[str, Any]] = []
        self.now = 0.0
        self.locked = False
        self.item: tuple[str, str] | None = ("ada", "pw") if stored else None
        self.current: dict[str, str] = {"ada": "pw"} if stored else {}
        self.requests = 0
        self.server_next: list[str] = []
        #: What happens during the next server call (after the server decided) or lease call
        #: (after the lease was granted or refused), by where.
        self.meanwhile: dict[str, dict[str, Any]] = {}
        self.board = LeaseBoard()
        self.boots = 1
        self.sessions: dict[str, AuthSession] = {}
        self.leases: dict[str, MemoryLease] = {}
        self.started = {"app": 0, "ext": 0}
        self.snapshots: dict[str, bytes | None] = {"app": None, "ext": None}
        self.failing: dict[tuple[str, str], int] = {}

    # Adapters ---------------------------------------------------------------------------------
    def _fails(self, proc: str, what: str) -> bool:
        count = self.failing.get((proc, what), 0)
        if count:
            self.failing[(proc, what)] = count - 1
            return True
        return False

    def signal(self, proc: str) -> bool:
        if self._fails(proc, "signal"):
            self.log.append({"p": proc, "call": "signal", "raised": True})
            raise _Injected
        self.log.append({"p": proc, "call": "signal", "result": not self.locked})
        return not self.locked

    def read(self, proc: str) -> Any:
        if self._fails(proc, "keychain"):
            self.log.append({"p": proc, "call": "keychain.read", "raised": True})
            raise _Injected
        if self.locked:
            result: Any = Unavailable()
            entry: dict[str, Any] = {"result": "unavailable"}
        elif self.item is None:
            result, entry = NotFound(), {"result": "not_found"}
        else:
            account, secret = self.item
            result = Found(credentials=Credentials(account=account, secret=SecretStr(secret)))
            entry = {"result": "found", "account": account, "secret": secret}
        self.log.append({"p": proc, "call": "keychain.read", **entry})
        return result

    def store(self, proc: str, credentials: Credentials, protection: Any) -> Any:
        secret = credentials.secret.get_secret_value()
        entry = {
            "p": proc,
            "call": "keychain.store",
            "account": credentials.account,
            "secret": secret,
            "protection": protection.value,
        }
        if self._fails(proc, "keychain"):
            self.log.append({**entry, "raised": True})
            raise _Injected
        if self.locked:
            self.log.append({**entry, "result": "unavailable"})
            return Unavailable()
        self.item = (credentials.account, secret)
        self.log.append({**entry, "result": "stored"})
        return Stored()

    def delete(self, proc: str) -> Any:
        if self._fails(proc, "keychain"):
            self.log.append({"p": proc, "call": "keychain.delete", "raised": True})
            raise _Injected
        if self.locked:
            self.log.append({"p": proc, "call": "keychain.delete", "result": "unavailable"})
            return Unavailable()
        self.item = None
        self.log.append({"p": proc, "call": "keychain.delete", "result": "deleted"})
        return Deleted()

    def authenticate(self, proc: str, credentials: Credentials) -> Any:
        self.requests += 1
        n = self.requests
        account, secret = credentials.account, credentials.secret.get_secret_value()
        entry: dict[str, Any] = {"p": proc, "call": "server", "account": account, "secret": secret}
        result: Any
        if self.server_next:
            kind = self.server_next.pop(0)
            result = (
                Transient(detail="scripted") if kind == "transient" else Rejected(detail="scripted")
            )
            entry["result"] = kind
        elif self.current.get(account, secret) != secret:
            result, entry["result"] = Rejected(detail="stale"), "rejected"
        else:
            refresh = f"r{n}" if self.rotating else None
            self.current[account] = refresh or secret
            result = Accepted(
                token=SecretStr(f"t{n}"),
                expires_in=3600.0,
                refresh_token=None if refresh is None else SecretStr(refresh),
            )
            entry.update(result="accepted", token=f"t{n}", refresh=refresh)
        self.log.append(entry)
        # The server decided; its answer is still on the way while another process acts.
        self._meanwhile("server")
        return result

    def _meanwhile(self, at: str) -> None:
        line = self.meanwhile.pop(at, None)
        if line is not None:
            self.act(line)

    def lease_call(self, proc: str, op: str) -> Any:
        lease = self.leases[proc]
        result = None
        try:
            if op == "acquire":
                result = lease.acquire()
            else:
                lease.release()
        except OSError:
            self.log.append({"p": proc, "call": f"lease.{op}", "raised": True})
            raise
        entry: dict[str, Any] = {"p": proc, "call": f"lease.{op}"}
        if op == "acquire":
            entry["result"] = result
        self.log.append(entry)
        if op == "acquire":
            self._meanwhile("lease")
        return result

    # Processes --------------------------------------------------------------------------------
    def start(self, proc: str) -> None:
        self.started[proc] += 1
        life = self
        lease = MemoryLease(
            self.board,
            lambda: life.now,
            role="app" if proc == "app" else "extension",
            owner=f"{proc}-{self.started[proc]}",
        )
        self.leases[proc] = lease

        class Signal:
            def available(self) -> bool:
                return life.signal(proc)

        class Keychain:
            def read(self) -> Any:
                return life.read(proc)

            def store(self, credentials: Credentials, protection: Any) -> Any:
                return life.store(proc, credentials, protection)

            def delete(self) -> Any:
                return life.delete(proc)

        class Server:
            def authenticate(self, credentials: Credentials) -> Any:
                return life.authenticate(proc, credentials)

        class Clock:
            def monotonic(self) -> float:
                return life.now

            def wall(self) -> float:
                return 1_700_000_000.0 + life.now

        class Lease:
            def acquire(self) -> bool:
                return bool(life.lease_call(proc, "acquire"))

            def release(self) -> None:
                life.lease_call(proc, "release")

        class Store:
            location = "memory"

            def load(self) -> bytes | None:
                data = life.snapshots[proc]
                life.log.append(
                    {
                        "p": proc,
                        "call": "snapshots.load",
                        "data": None if data is None else data.decode(),
                    }
                )
                return data

            def save(self, data: bytes) -> None:
                life.log.append({"p": proc, "call": "snapshots.save", "data": data.decode()})
                life.snapshots[proc] = data

        def work(label: str, _token: object) -> None:
            life.log.append({"p": proc, "call": "work", "label": label})

        def notify(message: Any) -> None:
            life.log.append(
                {"p": proc, "call": "notify", "message": getattr(message, "value", message)}
            )

        session = AuthSession(
            keychain=Keychain(),
            clock=Clock(),
            authenticator=Server(),
            protected_data=Signal(),
            config=SessionConfig(seed=0 if proc == "app" else 1),
            work_handler=work,
            on_notify=notify,
            store=Store(),
            lease=Lease(),
        )

        def observe(event: Any, step: Any, _now: float) -> None:
            life.log.append(
                {
                    "p": proc,
                    "step": event.model_dump(mode="json"),
                    "source": step.source.value,
                    "state": step.state.value,
                    "reason": step.reason,
                    "detail": step.detail,
                    "commands": [c.model_dump(mode="json") for c in step.commands],
                }
            )

        session.add_observer(observe)
        self.sessions[proc] = session

    def call(self, line: dict[str, Any]) -> None:
        proc, op = line["call"], line["op"]
        session = self.sessions.get(proc)
        if session is None:
            self.log.append({"p": proc, "absent": op})
            return
        match op:
            case "launch":
                session.launch()
            case "foreground":
                session.foreground()
            case "request_work":
                session.request_work(line["label"])
            case "poll":
                session.poll()
            case "shared_store_changed":
                session.shared_store_changed()
            case "login":
                session.login(line["user"], SecretStr(line["password"]))
            case "logout":
                session.logout()
            case "did_become_available":
                session.protected_data_did_become_available()
            case "will_become_unavailable":
                session.protected_data_will_become_unavailable()
        self.log.append(
            {
                "p": proc,
                "done": op,
                "state": session.state.value,
                "fingerprint": _json(session.fingerprint()),
                "timers": dict(session.timers),
                "held": self.leases[proc].held,
            }
        )

    def act(self, line: dict[str, Any]) -> None:
        if "start" in line:
            self.start(line["start"])
        elif "call" in line:
            self.call(line)
        elif "lock" in line:
            self.locked = line["lock"]
        elif "advance" in line:
            self.now += line["advance"]
        elif "reboot" in line:
            self.boots += 1
            self.board.boot = f"boot-{self.boots}"
            self.sessions.clear()
        elif "fail" in line:
            what, proc = line["fail"], line.get("proc", "app")
            if what in ("transient", "rejected"):
                self.server_next.append(what)
            elif what == "lease":
                if proc in self.leases:
                    self.leases[proc].fail_next()
            else:
                self.failing[(proc, what)] = self.failing.get((proc, what), 0) + 1
        elif "meanwhile" in line:
            self.meanwhile[line.get("at", "server")] = line["meanwhile"]
        elif "hold" in line or "let_go" in line:
            # The process's lease taken or given back outside its session (it is busy elsewhere).
            proc = line.get("hold", line.get("let_go"))
            if proc in self.leases:
                with contextlib.suppress(OSError):
                    self.lease_call(proc, "acquire" if "hold" in line else "release")


def _op(rng: random.Random, proc: str) -> dict[str, Any]:
    op = rng.choices(OPS, weights=(2, 3, 8, 3, 4, 1, 1, 2, 1))[0]
    line: dict[str, Any] = {"call": proc, "op": op}
    if op == "request_work":
        line["label"] = rng.choice(("sync", "fetch", "push"))
    if op == "login":
        line.update(user="ada", password=rng.choice(("pw", "new-pw")))
    return line


def _life(rng: random.Random) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    config = {"rotating": rng.random() < 0.7, "stored": rng.random() < 0.8}
    actions: list[dict[str, Any]] = []
    for proc in rng.sample(PROCESSES, 2):
        actions += [{"start": proc}, {"call": proc, "op": "launch"}]
    for _ in range(36):
        roll, proc = rng.random(), rng.choice(PROCESSES)
        if roll < 0.45:
            actions.append(_op(rng, proc))
        elif roll < 0.55:
            during = rng.choice(
                (
                    _op(rng, rng.choice(PROCESSES)),
                    _op(rng, rng.choice(PROCESSES)),
                    {"lock": rng.random() < 0.7},
                    {"fail": "keychain", "proc": proc},
                    {"fail": "lease", "proc": proc},
                    {"advance": 3700},
                )
            )
            actions.append({"meanwhile": during, "at": rng.choice(("server", "server", "lease"))})
            actions.append(
                rng.choice(
                    (
                        {"call": proc, "op": "request_work", "label": "sync"},
                        {"call": proc, "op": "foreground"},
                        {"call": proc, "op": "login", "user": "ada", "password": "pw"},
                    )
                )
            )
        elif roll < 0.65:
            actions.append({"advance": rng.choice((1, 30, 61, 400, 3700))})
        elif roll < 0.72:
            actions.append({"lock": rng.random() < 0.5})
        elif roll < 0.82:
            what = rng.choice(("lease", "lease", "keychain", "signal", "transient", "rejected"))
            actions.append({"fail": what, "proc": proc})
        elif roll < 0.92:
            actions += [{"start": proc}, {"call": proc, "op": "launch"}]
        elif roll < 0.95:
            actions.append({"reboot": True})
            for started in rng.sample(PROCESSES, rng.randint(1, 2)):
                actions += [{"start": started}, {"call": started, "op": "launch"}]
        else:
            actions.append({"call": proc, "op": "shared_store_changed"})
    return config, actions


#: Lives written out. matrix-rust-sdk #6794 on a rotating server, both orders: one process's
#: refresh reached the server and rotated the token; the other wakes before the answer is stored.
SCENARIOS: list[tuple[dict[str, Any], list[dict[str, Any]]]] = [
    (
        {"rotating": True, "stored": True},
        [
            {"start": "app"},
            {"call": "app", "op": "launch"},
            {"advance": 3700},
            {"meanwhile": {"call": "ext", "op": "request_work", "label": "push"}},
            {"start": "ext"},
            {"call": "ext", "op": "launch"},
            {"call": "app", "op": "request_work", "label": "sync"},
            {"advance": 60},
            {"call": "ext", "op": "poll"},
            {"call": "ext", "op": "request_work", "label": "push"},
        ],
    ),
    (
        {"rotating": True, "stored": True},
        [
            {"start": "ext"},
            {"call": "ext", "op": "launch"},
            {"start": "app"},
            {"call": "app", "op": "launch"},
            {"advance": 3700},
            {"meanwhile": {"call": "app", "op": "request_work", "label": "sync"}},
            {"call": "ext", "op": "request_work", "label": "push"},
            {"call": "app", "op": "shared_store_changed"},
            {"advance": 2},
            {"call": "app", "op": "poll"},
        ],
    ),
    # A sign-in whose answer could not be stored (locked meanwhile): credentials in hand and no
    # lease. The token expires while the extension holds the lease: the app waits; the
    # extension gives it back and says so; the app takes it and sends what it holds.
    (
        {"rotating": True, "stored": False},
        [
            {"start": "app"},
            {"call": "app", "op": "launch"},
            {"start": "ext"},
            {"call": "ext", "op": "launch"},
            {"meanwhile": {"lock": True}},
            {"call": "app", "op": "login", "user": "ada", "password": "pw"},
            {"advance": 3700},
            {"lock": False},
            {"hold": "ext"},
            {"call": "app", "op": "request_work", "label": "sync"},
            {"let_go": "ext"},
            {"call": "app", "op": "shared_store_changed"},
            {"call": "ext", "op": "shared_store_changed"},
            {"call": "ext", "op": "request_work", "label": "push"},
        ],
    ),
]


def _play(
    lives: list[tuple[dict[str, Any], list[dict[str, Any]]]],
) -> tuple[list[str], list[dict[str, Any]]]:
    lines, expected = [], []
    for config, actions in lives:
        lines.append(json.dumps({"life": config}))
        expected.append({"life": len(lines)})
        life = _Life(config["rotating"], config["stored"])
        for action in actions:
            lines.append(json.dumps(action))
            life.act(action)
        expected += life.log
    return lines, expected


def test_the_kotlin_host_takes_the_lease_call_for_call_like_the_python_host(
    kotlin_build: Any, kotlin_toolchain: Any
) -> None:
    rng = random.Random(20)
    lives = [*SCENARIOS, *(_life(rng) for _ in range(250))]
    lines, expected = _play(lives)
    classes = build.build_tests(kotlin_build, kotlin_toolchain)
    libraries = [kotlin_toolchain.jars[name] for name in ("kotlin-stdlib", "gson")]
    classpath = os.pathsep.join(map(str, [classes, kotlin_build.classes, *libraries]))
    done = subprocess.run(
        [kotlin_toolchain.java, "-cp", classpath, "authsession.host.LeaseScriptKt"],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    got = [json.loads(line) for line in done.stdout.splitlines()]
    for index, (kotlin, python) in enumerate(zip(got, expected, strict=False)):
        assert kotlin == python, (index, expected[max(0, index - 8) : index + 1])
    assert len(got) == len(expected)
    # The lives reach the lease's rows, so agreeing on them means something.
    reasons = {entry["reason"] for entry in expected if "reason" in entry}
    events = {entry["step"]["type"] for entry in expected if "step" in entry}
    assert {"lease_acquired", "lease_busy", "shared_store_changed"} <= events
    # (`lease_not_needed` — a grant answering a state that no longer asked — needs an answer
    # that arrives late, which a host running each command on the spot never has.)
    for wanted in (
        "lease_acquired_rereading",
        "lease_acquired_authenticating",
        "lease_held_elsewhere_waiting",
        "shared_store_changed_rereading",
        "shared_store_changed_retrying",
        "protected_data_lost_before_authentication",
        "rejection_needs_the_lease",
    ):
        assert wanted in reasons, wanted
    raised = {entry["call"] for entry in expected if entry.get("raised")}
    assert {"lease.acquire", "lease.release"} <= raised
    # The matrix lives: nobody is told to sign in again, both processes end signed in.
    matrix = expected[: _end_of(expected, 2)]
    assert [e for e in matrix if e.get("call") == "notify"] == []
    assert {e["p"]: e["state"] for e in matrix if "done" in e} == {
        "app": "logged_in",
        "ext": "logged_in",
    }


def _end_of(expected: list[dict[str, Any]], lives: int) -> int:
    starts = [i for i, entry in enumerate(expected) if "life" in entry]
    return starts[lives] if lives < len(starts) else len(expected)
