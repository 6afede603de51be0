"""The stored item is a contract between app versions and between the two languages: the
version-1 item checked in beside the Swift package (`swift/Tests/Fixtures/credentials-item-v1.json`,
docs/porting.md "Contract: the stored item") reads back through the Python reference's iOS adapter,
and the reference still writes exactly its bytes (the Swift tests check the same of the Swift
adapter)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from pydantic import SecretStr

from authsession.adapters.keychain import Credentials, Found, ProtectionClass, Stored
from authsession.platforms.ios import IOSKeychain
from authsession.simulators.ios.device import Device
from authsession.simulators.ios.keychain import IOSKeychainSimulator

FIXTURE = Path(__file__).resolve().parents[2] / "swift/Tests/Fixtures/credentials-item-v1.json"


def _fixture() -> tuple[dict[str, str], Credentials]:
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    expected = document["credentials"]
    credentials = Credentials(account=expected["account"], secret=SecretStr(expected["secret"]))
    return document["attributes"], credentials


def test_a_version_1_item_reads_back_in_the_reference() -> None:
    attributes, credentials = _fixture()
    device = Device()
    device.unlock()
    simulator = IOSKeychainSimulator(device)
    item = {**attributes, "data": base64.b64decode(attributes["data"])}
    assert simulator.add(item) == 0
    assert IOSKeychain(simulator, attributes["service"]).read() == Found(credentials=credentials)


def test_the_reference_still_writes_version_1() -> None:
    attributes, credentials = _fixture()
    device = Device()
    device.unlock()
    simulator = IOSKeychainSimulator(device)
    keychain = IOSKeychain(simulator, attributes["service"])
    assert keychain.store(credentials, ProtectionClass(attributes["accessible"])) == Stored()
    (row,) = device.items()
    assert row.data == base64.b64decode(attributes["data"])
    assert row.accessible.value == attributes["accessible"]
