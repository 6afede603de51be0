// The stored item's payload is a contract (docs/porting.md, "The stored item"): an item written
// by version 1 — checked in, never rewritten — reads back through the adapter; this version
// still writes those very bytes; a later version's payload (a `version`, members of its own)
// reads; anything else is a failed read, never "no user", and no secret in what it says.

import AuthSession
import AuthSessionCore
import AuthSessionKeychainIOS
import AuthSessionTesting
import Foundation
import XCTest

final class PayloadTests: XCTestCase {
    /// swift/Tests/Fixtures/credentials-item-v1.json: the item, and the credentials in it.
    private func fixture() throws -> (item: SecItemAttributes, account: String, secret: String) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/credentials-item-v1.json")
        let document = try WireObject(JSONValue(parsing: String(contentsOf: url, encoding: .utf8)))
        guard case .object(let attributes)? = document.object["attributes"],
            case .object(let credentials)? = document.object["credentials"],
            case .string(let data)? = attributes["data"], let bytes = Data(base64Encoded: data),
            case .string(let service)? = attributes["service"],
            case .string(let account)? = attributes["account"],
            case .string(let accessible)? = attributes["accessible"],
            case .string(let user)? = credentials["account"],
            case .string(let secret)? = credentials["secret"]
        else { throw WireError(field: "(fixture)", problem: "not an item") }
        let item = SecItemAttributes(
            service: service, account: account, accessible: accessible, data: Array(bytes))
        return (item, user, secret)
    }

    func testAVersion1ItemReadsBack() throws {
        let (item, account, secret) = try fixture()
        let table = MemorySecItemTable(device: SimulatedDevice())
        table.insert(item)
        let adapter = IOSKeychain(secItem: table, service: "com.example.shop")
        guard case .found(let found) = try adapter.read() else { return XCTFail("not read") }
        XCTAssertEqual(found.account, account)
        XCTAssertEqual(found.secret, Secret(secret))
    }

    func testThisVersionStillWritesVersion1() throws {
        let (item, account, secret) = try fixture()
        XCTAssertEqual(CredentialsPayload.version, 1)
        let written = CredentialsPayload.encode(
            Credentials(account: account, secret: Secret(secret)))
        XCTAssertEqual(written, item.data, "a new format needs a new version and a new fixture")
    }

    func testALaterVersionReadsAndAnythingElseFails() {
        let later = #"{"version": 2, "account": "ada", "secret": "s", "device": "x"}"#
        XCTAssertEqual(CredentialsPayload.decode(Array(later.utf8))?.account, "ada")
        let refused = [
            #"{"account": "ada"}"#, #"{"account": "ada", "secret": 5}"#, "[]", "not json",
            #"{"version": 0, "account": "ada", "secret": "s"}"#,
            #"{"version": 1.5, "account": "ada", "secret": "s"}"#,
            #"{"version": "2", "account": "ada", "secret": "s"}"#,
        ]
        for text in refused { XCTAssertNil(CredentialsPayload.decode(Array(text.utf8)), text) }
        XCTAssertNil(CredentialsPayload.decode([0x7B, 0xFF, 0x7D]))  // not UTF-8
        let canary = "CANARY-s3cr3t-7f2a"
        let table = MemorySecItemTable(device: SimulatedDevice())
        table.insert(
            SecItemAttributes(
                service: "s", account: credentialsItemAccount,
                data: Array(#"{"account": "ada", "secret": \#(canary)}"#.utf8)))
        guard case .failed(let detail) = try? IOSKeychain(secItem: table, service: "s").read()
        else { return XCTFail("a payload that does not parse is a failed read") }
        XCTAssertFalse((detail ?? "").contains(canary))
        XCTAssertFalse("\(table.items)".contains("7f2a"))
    }
}
