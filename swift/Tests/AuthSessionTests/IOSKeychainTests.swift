// The iOS keychain adapter's rules (docs/porting.md), against a recording SecItem table: no
// `kSecAttrAccessible` in a match query; add, then update on errSecDuplicateItem; a class change
// only by update while readable; never delete-then-add; the OSStatus → result mapping.

import AuthSession
import AuthSessionKeychainIOS
import XCTest

final class IOSKeychainTests: XCTestCase {
    private let ada = Credentials(account: "ada", secret: Secret("correct horse"))

    private func keychain(
        _ table: FakeSecItem, protection: ProtectionClass = .afterFirstUnlock,
        passcodeSet: (() throws -> Bool)? = nil, accessControl: String? = nil,
        biometryChanged: (() throws -> Bool)? = nil
    ) -> IOSKeychain {
        IOSKeychain(
            secItem: table, service: "com.example.shop", protection: protection,
            passcodeSet: passcodeSet,
            accessControl: accessControl, biometryChanged: biometryChanged)
    }

    func testWhatIsStoredReadsBack() throws {
        let table = FakeSecItem()
        let adapter = keychain(table)
        guard case .stored = try adapter.store(ada, protection: .afterFirstUnlock) else {
            return XCTFail()
        }
        guard case .found(let found) = try adapter.read() else { return XCTFail("not found") }
        XCTAssertEqual(found.account, "ada")
        XCTAssertEqual(found.secret, Secret("correct horse"))
        XCTAssertEqual(table.stored?.accessible, "after_first_unlock")
    }

    func testALockedReadIsUnavailableNeverNotFound() throws {
        let table = FakeSecItem()
        let adapter = keychain(table)
        _ = try adapter.store(ada, protection: .afterFirstUnlock)
        table.locked = true
        guard case .unavailable = try adapter.read() else {
            return XCTFail("a locked item read as absent")
        }
    }

    func testNoMatchQueryNamesTheAccessibleClass() throws {
        let table = FakeSecItem()
        let adapter = keychain(table)
        _ = try adapter.store(ada, protection: .whenUnlocked)
        _ = try adapter.read()
        _ = try adapter.store(ada, protection: .afterFirstUnlock)  // the duplicate: an update
        _ = try adapter.delete()
        XCTAssertEqual(table.matchQueries.count, 3)
        for query in table.matchQueries {
            XCTAssertNil(query.accessible)
            XCTAssertNil(query.data)
            XCTAssertEqual(query, adapter.query)
        }
    }

    func testADuplicateIsUpdatedInPlaceDataAndClassTogether() throws {
        let table = FakeSecItem()
        let adapter = keychain(table)
        _ = try adapter.store(ada, protection: .whenUnlocked)
        let rotated = Credentials(account: "ada", secret: Secret("rotated"))
        guard case .stored = try adapter.store(rotated, protection: .afterFirstUnlock) else {
            return XCTFail()
        }
        guard case .update(_, let written) = table.calls.last else {
            return XCTFail("no update after -25299")
        }
        XCTAssertEqual(written.accessible, "after_first_unlock")
        XCTAssertNotNil(written.data)
        XCTAssertFalse(table.calls.contains { if case .delete = $0 { true } else { false } })
        guard case .found(let found) = try adapter.read() else { return XCTFail() }
        XCTAssertEqual(found.secret, Secret("rotated"))
    }

    func testAClassChangeWhileLockedIsUnavailableAndNeverDeletes() throws {
        let table = FakeSecItem()
        let adapter = keychain(table)
        _ = try adapter.store(ada, protection: .whenUnlocked)
        table.locked = true
        guard case .unavailable = try adapter.store(ada, protection: .afterFirstUnlock) else {
            return XCTFail("a class change while locked must wait for an unlock")
        }
        XCTAssertFalse(table.calls.contains { if case .delete = $0 { true } else { false } })
        XCTAssertEqual(table.stored?.accessible, "when_unlocked")
    }

    func testErrSecDecodeIsALostSecretNotAMissingOne() throws {
        let table = FakeSecItem()
        table.copyStatus = OSStatusCode.decode.rawValue
        guard case .secretLost(.itemUndecryptable, _) = try keychain(table).read() else {
            return XCTFail()
        }
    }

    func testNoPasscodeMeansAWhenPasscodeSetItemIsGone() throws {
        let table = FakeSecItem()
        table.copyStatus = OSStatusCode.itemNotFound.rawValue
        let adapter = keychain(
            table, protection: .whenPasscodeSetThisDeviceOnly, passcodeSet: { false })
        guard case .secretLost(.passcodeRemoved, _) = try adapter.read() else { return XCTFail() }
        guard case .failed = try adapter.store(ada, protection: .whenPasscodeSetThisDeviceOnly)
        else {
            return XCTFail()
        }
        let withPasscode = keychain(
            table, protection: .whenPasscodeSetThisDeviceOnly, passcodeSet: { true })
        guard case .notFound = try withPasscode.read() else { return XCTFail() }
    }

    func testAChangedBiometricEnrollmentIsALostSecretAndADeclinedPromptIsNot() throws {
        let table = FakeSecItem()
        table.copyStatus = OSStatusCode.authFailed.rawValue
        let changed = keychain(
            table, accessControl: "biometry_current_set", biometryChanged: { true })
        guard case .secretLost(.biometryChanged, _) = try changed.read() else { return XCTFail() }
        let declined = keychain(
            table, accessControl: "biometry_current_set", biometryChanged: { false })
        guard case .failed = try declined.read() else { return XCTFail() }
    }

    func testUnknownStatusesAndGarbagePayloadsAreFailuresNeverAbsence() throws {
        let table = FakeSecItem()
        table.copyStatus = -99_999
        guard case .failed = try keychain(table).read() else { return XCTFail() }
        let garbage = FakeSecItem()
        _ = try garbage.add(
            SecItemAttributes(
                itemClass: genericPasswordClass, service: "com.example.shop",
                account: credentialsItemAccount,
                data: Array("not json".utf8)))
        guard case .failed = try keychain(garbage).read() else { return XCTFail() }
    }

    func testDeletingNothingIsDeleted() throws {
        guard case .deleted = try keychain(FakeSecItem()).delete() else { return XCTFail() }
    }

    func testAnInsecureClassIsRefusedUnlessAllowed() throws {
        let table = FakeSecItem()
        XCTAssertThrowsError(try keychain(table).store(ada, protection: .always))
        XCTAssertTrue(table.calls.isEmpty)
        let allowed = IOSKeychain(secItem: table, service: "s", allowInsecureProtection: true)
        guard case .stored = try allowed.store(ada, protection: .always) else { return XCTFail() }
    }
}
