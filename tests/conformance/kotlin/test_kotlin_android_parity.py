"""The Kotlin Android keychain and the test kit's phone answer like the Python reference's: the
same seeded random lives of a phone — Direct Boot, locks, authentication windows, lock screens
removed and set, new biometrics, restores here and to a new phone, failing commits and Keystore
calls — with reads, stores and deletes between, played on `AndroidKeychain` over the Python
`AndroidDevice` and on `AndroidKeystoreKeychain` over `FakeAndroidDevice`
(`kotlin/src/test/.../AndroidScript.kt`), must give the same answer at every step."""

from __future__ import annotations

import json
import os
import random
import subprocess
from typing import Any

from pydantic import SecretStr

from authsession.adapters.keychain import (
    Credentials,
    Deleted,
    Found,
    NotFound,
    ProtectionClass,
    SecretLost,
    Stored,
    Unavailable,
)
from authsession.errors import InsecureProtectionError, UnsupportedProtectionError
from authsession.platforms.android import AndroidKeychain
from authsession.platforms.android.api import KeySpec
from authsession.simulators.android.device import AndroidDevice, SimulationError

from .conftest import build

PHONE_ACTIONS = ("boot", "unlock", "lock", "authenticate", "advance", "remove_lock_screen",
                 "set_lock_screen", "change_biometrics", "restore_here", "restore_new_phone",
                 "fail_next_commit", "fail_next_keystore")  # fmt: skip
CE, DE = ProtectionClass.CREDENTIAL_ENCRYPTED.value, ProtectionClass.DEVICE_ENCRYPTED.value


def _life(rng: random.Random) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    insecure = rng.random() < 0.2
    config = {
        "lock_screen_secure": rng.random() < 0.85,
        "key": {
            "user_authentication_required": rng.random() < 0.4,
            "auth_validity_seconds": rng.choice((60, 300)),
            "invalidated_by_biometric_enrollment": rng.random() < 0.7,
            "unlocked_device_required": rng.random() < 0.3,
        },
        "protection": DE if insecure else CE,
        "allow_insecure_protection": insecure or rng.random() < 0.2,
    }
    actions: list[dict[str, Any]] = []
    for _ in range(30):
        roll = rng.random()
        if roll < 0.3:
            actions.append({"action": "read"})
        elif roll < 0.5:
            actions.append({"action": "store", "account": rng.choice(("ada", "bob")),
                            "secret": f"s{rng.randrange(3)}",
                            "protection": rng.choice((CE, CE, CE, DE))})  # fmt: skip
        elif roll < 0.55:
            actions.append({"action": "delete"})
        else:
            action = rng.choice(PHONE_ACTIONS)
            step: dict[str, Any] = {"action": action}
            if action == "advance":
                step["seconds"] = rng.choice((30, 120, 400))
            actions.append(step)
    return config, actions


class _PythonPhone:
    """The same life on the Python reference's simulator and adapter."""

    def __init__(self, config: dict[str, Any]) -> None:
        key = config["key"]
        self.spec = KeySpec(
            user_authentication_required=key["user_authentication_required"],
            auth_validity_seconds=key["auth_validity_seconds"],
            invalidated_by_biometric_enrollment=key["invalidated_by_biometric_enrollment"],
            unlocked_device_required=key["unlocked_device_required"],
        )
        self.config = config
        self.phones = 1
        self.device = self._new_phone(config["lock_screen_secure"], "phone-0")
        self.keychain = self._adapter()

    @staticmethod
    def _new_phone(secure: bool, serial: str) -> AndroidDevice:
        device = AndroidDevice(serial, lock_screen_secure=secure)
        device.boot()
        device.unlock()
        return device

    def _adapter(self) -> AndroidKeychain:
        return AndroidKeychain(self.device, protection=ProtectionClass(self.config["protection"]),
                               allow_insecure_protection=self.config["allow_insecure_protection"],
                               key_spec=self.spec)  # fmt: skip

    def act(self, step: dict[str, Any]) -> dict[str, Any]:
        action, device = step["action"], self.device
        try:
            if action == "read":
                found = self.keychain.read()
                if isinstance(found, Found):
                    return {"result": "found", "account": found.credentials.account,
                            "secret": found.credentials.secret.get_secret_value()}  # fmt: skip
                if isinstance(found, SecretLost):
                    return {"result": "secret_lost", "cause": found.cause.value}
                names = {NotFound: "not_found", Unavailable: "unavailable"}
                return {"result": names.get(type(found), "failed")}
            if action == "store":
                credentials = Credentials(account=step["account"],
                                          secret=SecretStr(step["secret"]))  # fmt: skip
                stored = self.keychain.store(credentials, ProtectionClass(step["protection"]))
                names = {Stored: "stored", Unavailable: "unavailable"}
                return {"result": names.get(type(stored), "failed")}
            if action == "delete":
                deleted = self.keychain.delete()
                names = {Deleted: "deleted", Unavailable: "unavailable"}
                return {"result": names.get(type(deleted), "failed")}
            if action == "advance":
                device.advance(step["seconds"])
            elif action == "restore_here":
                device.restore_from_backup(device.backup())
            elif action == "restore_new_phone":
                backup = device.backup()
                # Each phone its own serial: the simulator derives key material from it, and two
                # phones never make the same key.
                self.device = self._new_phone(device.lock_screen_secure, f"phone-{self.phones}")
                self.phones += 1
                self.device.restore_from_backup(backup)
                self.keychain = self._adapter()
            elif action == "fail_next_commit":
                device.fail_next_commits()
            elif action == "fail_next_keystore":
                device.fail_next_keystore_operations()
            else:
                getattr(device, action)()
        except (SimulationError, InsecureProtectionError, UnsupportedProtectionError):
            return {"result": "refused"}
        return {"result": "done"}


def test_the_kotlin_android_keychain_answers_like_the_python_reference(
    kotlin_build: Any, kotlin_toolchain: Any
) -> None:
    classes = build.build_tests(kotlin_build, kotlin_toolchain)
    rng = random.Random(24)
    lives = [_life(rng) for _ in range(300)]
    lines, expected = [], []
    for config, actions in lives:
        lines.append(json.dumps({"phone": config}))
        phone = _PythonPhone(config)
        for step in actions:
            lines.append(json.dumps(step))
            expected.append(phone.act(step))
    libraries = [kotlin_toolchain.jars[name] for name in ("kotlin-stdlib", "gson")]
    classpath = os.pathsep.join(map(str, [classes, kotlin_build.classes, *libraries]))
    done = subprocess.run(
        [kotlin_toolchain.java, "-cp", classpath, "authsession.android.AndroidScriptKt"],
        input="".join(line + "\n" for line in lines), capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == len(expected) == 300 * 30
    steps = [step for _, actions in lives for step in actions]
    for index, (kotlin, python) in enumerate(zip(answers, expected, strict=True)):
        assert kotlin == python, (index, steps[index])
    outcomes = {(s["action"], a["result"]) for s, a in zip(steps, expected, strict=True)}
    # The lives reach every interesting answer, so agreeing on them means something.
    for wanted in [("read", "found"), ("read", "not_found"), ("read", "unavailable"),
                   ("read", "failed"), ("read", "secret_lost"), ("store", "stored"),
                   ("store", "unavailable"), ("store", "failed"), ("store", "refused"),
                   ("delete", "deleted"), ("delete", "unavailable"),
                   ("change_biometrics", "done"), ("authenticate", "refused")]:  # fmt: skip
        assert wanted in outcomes, wanted
    causes = {a.get("cause") for a in expected}
    assert {"key_permanently_invalidated", "aead_bad_tag"} <= causes
