"""A private, headless Secret Service (GNOME Keyring) for the desktop adapter tests.

Owns: installing `gnome-keyring` when it is missing, starting a private D-Bus session bus and an
unlocked `gnome-keyring-daemon` on it, locking/unlocking the login collection the way a desktop
session would, and killing both processes again. Must not import `authsession`: it sets up the
world the adapter runs in and knows nothing about the adapter.

Runnable by hand: `python3 tests/desktop/secret_service.py -- CMD ...` runs CMD against a fresh
service (the environment it needs is exported to CMD) and tears it down afterwards.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import secretstorage
from jeepney import DBusAddress, Message, MessageType, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection

SECRETS_NAME = "org.freedesktop.secrets"
_SECRETS_PATH = "/org/freedesktop/secrets"
_SERVICE = DBusAddress(_SECRETS_PATH, SECRETS_NAME, "org.freedesktop.Secret.Service")
# gnome-keyring's private interface: the only headless way to unlock a collection with its
# password (the standard Unlock call always goes through a prompt, which needs a display).
_MASTER = DBusAddress(
    _SECRETS_PATH, SECRETS_NAME, "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"
)
_APT_PACKAGES = ("gnome-keyring", "dbus-daemon")
_BINARIES = ("gnome-keyring-daemon", "dbus-daemon")

# No <servicedir>: nothing is D-Bus-activated, so gcr-prompter can never start (a locked
# collection fails fast instead of prompting) and no process escapes the PIDs we kill.
_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class SecretServiceError(RuntimeError):
    """The Secret Service could not be installed or started; the message says which step."""


def _call(conn: DBusConnection, message: Message) -> Message:
    reply = conn.send_and_get_reply(message)
    if reply.header.message_type == MessageType.error:
        raise SecretServiceError(f"D-Bus call {message.header.fields} failed: {reply.body}")
    return reply


def ensure_installed(timeout: float = 300.0) -> float:
    """Install gnome-keyring (and dbus-daemon) with apt when missing; return seconds spent."""
    missing = [name for name in _BINARIES if shutil.which(name) is None]
    if not missing:
        return 0.0
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise SecretServiceError(
            f"{', '.join(missing)} not found and cannot be installed here (needs root and "
            f"apt-get); install the Debian packages {' '.join(_APT_PACKAGES)}"
        )
    started = time.monotonic()
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for argv in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *_APT_PACKAGES],
    ):
        done = subprocess.run(
            argv, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
        if done.returncode != 0:
            raise SecretServiceError(
                f"`{' '.join(argv)}` exited {done.returncode}:\n{done.stderr[-2000:]}"
            )
    still_missing = [name for name in _BINARIES if shutil.which(name) is None]
    if still_missing:
        raise SecretServiceError(f"apt-get install did not provide {', '.join(still_missing)}")
    return time.monotonic() - started


@dataclass
class SecretService:
    """A running private bus plus gnome-keyring-daemon; `stop()` kills both by PID."""

    root: Path
    password: str
    address: str = ""
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    startup_seconds: float = 0.0

    @property
    def env(self) -> dict[str, str]:
        """Variables a client needs to reach this service (and nothing else)."""
        home = self.root / "home"
        return {
            "DBUS_SESSION_BUS_ADDRESS": self.address,
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_RUNTIME_DIR": str(self.root / "run"),
        }

    def connect(self) -> DBusConnection:
        return open_dbus_connection(bus=self.address)

    def default_collection(self, conn: DBusConnection) -> str:
        reply = _call(conn, new_method_call(_SERVICE, "ReadAlias", "s", ("default",)))
        path: str = reply.body[0]
        return path

    def lock(self) -> None:
        """Lock the default collection, as a screen lock or `secret-tool lock` would."""
        with self.connect() as conn:
            secretstorage.get_default_collection(conn).lock()

    def unlock(self) -> None:
        """Unlock the default collection with its password, without any prompt."""
        with self.connect() as conn:
            collection = self.default_collection(conn)
            opened = _call(
                conn, new_method_call(_SERVICE, "OpenSession", "sv", ("plain", ("s", "")))
            )
            session = opened.body[1]
            secret = (session, b"", self.password.encode(), "text/plain")
            _call(
                conn,
                new_method_call(
                    _MASTER, "UnlockWithMasterPassword", "o(oayays)", (collection, secret)
                ),
            )

    def is_locked(self) -> bool:
        with self.connect() as conn:
            return secretstorage.get_default_collection(conn).is_locked()

    def stop(self) -> None:
        # Keyring daemon first, then the bus it lives on; SIGKILL if SIGTERM is ignored.
        for proc in reversed(self.processes):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=3)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=3)
        self.processes.clear()
        shutil.rmtree(self.root, ignore_errors=True)


def _wait_for_secrets(address: str, deadline: float) -> None:
    """Poll the bus until gnome-keyring owns the secrets name *and* has a default collection."""
    last_error = "org.freedesktop.secrets never appeared on the bus"
    while time.monotonic() < deadline:
        try:
            with open_dbus_connection(bus=address) as conn:
                owned = conn.send_and_get_reply(message_bus.NameHasOwner(SECRETS_NAME)).body[0]
                if owned:
                    reply = _call(conn, new_method_call(_SERVICE, "ReadAlias", "s", ("default",)))
                    if reply.body[0] != "/":
                        return
                    last_error = "the service has no default collection yet"
        except (OSError, SecretServiceError) as exc:
            last_error = f"{type(exc).__name__}: {exc}"
        time.sleep(0.02)
    raise SecretServiceError(f"Secret Service did not come up: {last_error}")


def start(
    password: str = "authsession-test-keyring", startup_timeout: float = 10.0
) -> SecretService:
    """Start a private bus and an unlocked gnome-keyring-daemon (login keyring = `password`)."""
    started = time.monotonic()
    service = SecretService(
        root=Path(tempfile.mkdtemp(prefix="authsession-ss-")), password=password
    )
    try:
        for sub in ("home/.local/share", "home/.config", "home/.cache", "run", "bus"):
            (service.root / sub).mkdir(parents=True, exist_ok=True)
        (service.root / "run").chmod(0o700)
        config = service.root / "bus.conf"
        config.write_text(_BUS_CONFIG.format(dir=service.root / "bus"))
        bus = subprocess.Popen(
            ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        service.processes.append(bus)
        assert bus.stdout is not None
        service.address = bus.stdout.readline().decode().strip()
        if not service.address:
            raise SecretServiceError(f"dbus-daemon printed no address (exit {bus.poll()})")

        # Headless on purpose: without DISPLAY/WAYLAND_DISPLAY a prompt can never be shown.
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
        env.update(service.env)
        # stderr to a file, not a pipe: nobody drains a pipe while the tests run.
        log = service.root / "gnome-keyring.log"
        with log.open("wb") as log_file:
            daemon = subprocess.Popen(
                ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=log_file,
                env=env,
            )
        service.processes.append(daemon)
        assert daemon.stdin is not None
        daemon.stdin.write(password.encode())
        daemon.stdin.close()
        try:
            _wait_for_secrets(service.address, time.monotonic() + startup_timeout)
        except SecretServiceError as exc:
            raise SecretServiceError(
                f"{exc} (gnome-keyring-daemon exit={daemon.poll()}, "
                f"stderr={log.read_text(errors='replace')[-2000:]!r})"
            ) from exc
    except BaseException:
        service.stop()
        raise
    service.startup_seconds = time.monotonic() - started
    return service


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1 :] if "--" in argv else []
    if not command:
        print("usage: secret_service.py -- CMD [ARGS...]", file=sys.stderr)
        return 2
    spent = ensure_installed()
    service = start()
    print(
        f"secret service up (install {spent:.1f} s, start {service.startup_seconds:.2f} s) "
        f"at {service.address}",
        file=sys.stderr,
    )
    try:
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
        return subprocess.run(command, env={**env, **service.env}, check=False).returncode
    finally:
        service.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
