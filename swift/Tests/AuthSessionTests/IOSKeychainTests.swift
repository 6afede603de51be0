// The iOS keychain adapter's rules (docs/porting.md), against `AuthSessionTesting`'s SecItem
// table with the iOS rules: no `kSecAttrAccessible` in a match query; add, then update on
// errSecDuplicateItem; a class change only by update while readable; never delete-then-add; the
// OSStatus → result mapping; and a secret judged lost by what the stored item may be (any class
// it may be stored under; the app's own record of a biometry-bound write), never by the
// configuration alone: -25308 is always unavailable.

import AuthSession
import AuthSessionKeychainIOS
import AuthSessionTesting
import XCTest

final class IOSKeychainTests: XCTestCase {
    private let ada = Credentials(account: "ada", secret: Secret("correct horse"))
    private let device = SimulatedDevice()
    private lazy var table = MemorySecItemTable(device: device)

    private func keychain(
        protection: ProtectionClass = .afterFirstUnlock, earlier: [ProtectionClass] = [],
        accessControl: String? = nil
    ) -> IOSKeychain {
        IOSKeychain(
            secItem: table, service: "com.example.shop", protection: protection,
            earlierProtections: earlier, passcodeSet: device.passcodeSet,
            accessControl: accessControl, biometryChanged: table.biometryChanged)
    }

    /// The item an earlier version of the app left, as it left it.
    private func earlierItem(_ protection: ProtectionClass, accessControl: String? = nil) {
        table.insert(
            SecItemAttributes(
                service: "com.example.shop", account: credentialsItemAccount,
                accessible: protection.rawValue, accessControl: accessControl,
                data: CredentialsPayload.encode(ada)))
    }

    private var deletes: Int { table.calls.filter { $0.operation == .delete }.count }

    func testWhatIsStoredReadsBack() throws {
        let adapter = keychain()
        guard case .stored = try adapter.store(ada, protection: .afterFirstUnlock) else {
            return XCTFail()
        }
        guard case .found(let found) = try adapter.read() else { return XCTFail("not found") }
        XCTAssertEqual(found.account, "ada")
        XCTAssertEqual(found.secret, Secret("correct horse"))
        XCTAssertEqual(table.items.map(\.accessible), ["after_first_unlock"])
    }

    func testALockedReadIsUnavailableNeverNotFound() throws {
        let adapter = keychain(protection: .whenUnlocked)
        _ = try adapter.store(ada, protection: .whenUnlocked)
        device.lock()
        guard case .unavailable = try adapter.read() else {
            return XCTFail("a locked item read as absent")
        }
    }

    func testNoMatchQueryNamesTheAccessibleClass() throws {
        let adapter = keychain()
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
        let adapter = keychain()
        _ = try adapter.store(ada, protection: .whenUnlocked)
        let rotated = Credentials(account: "ada", secret: Secret("rotated"))
        guard case .stored = try adapter.store(rotated, protection: .afterFirstUnlock) else {
            return XCTFail()
        }
        let last = try XCTUnwrap(table.calls.last)
        XCTAssertEqual(last.operation, .update, "no update after -25299")
        XCTAssertEqual(last.attributes?.accessible, "after_first_unlock")
        XCTAssertNotNil(last.attributes?.data)
        XCTAssertEqual(deletes, 0)
        guard case .found(let found) = try adapter.read() else { return XCTFail() }
        XCTAssertEqual(found.secret, Secret("rotated"))
    }

    func testAClassChangeWhileLockedIsUnavailableAndNeverDeletes() throws {
        let adapter = keychain()
        _ = try adapter.store(ada, protection: .whenUnlocked)
        device.lock()
        guard case .unavailable = try adapter.store(ada, protection: .afterFirstUnlock) else {
            return XCTFail("a class change while locked must wait for an unlock")
        }
        XCTAssertEqual(deletes, 0)
        XCTAssertEqual(table.items.map(\.accessible), ["when_unlocked"])
    }

    func testErrSecDecodeIsALostSecretNotAMissingOne() throws {
        table.failNext(.copyMatching, status: OSStatusCode.decode.rawValue)
        guard case .secretLost(.itemUndecryptable, _) = try keychain().read() else {
            return XCTFail()
        }
    }

    // Secret loss is judged by what the stored item is ----------------------------------------

    func testAWhenPasscodeSetItemDiesWithThePasscode() throws {
        let adapter = keychain(protection: .whenPasscodeSetThisDeviceOnly)
        _ = try adapter.store(ada, protection: .whenPasscodeSetThisDeviceOnly)
        try device.removePasscode()
        XCTAssertTrue(table.items.isEmpty)
        guard case .secretLost(.passcodeRemoved, _) = try adapter.read() else { return XCTFail() }
        guard case .failed = try adapter.store(ada, protection: .whenPasscodeSetThisDeviceOnly)
        else {
            return XCTFail("no passcode: a when_passcode_set item cannot be stored")
        }
        try device.setPasscode()
        guard case .notFound = try adapter.read() else { return XCTFail() }
    }

    func testAnAccessControlledReadOffScreenIsUnavailableWhateverThePasscode() throws {
        // An earlier version stored the item after_first_unlock, behind user presence; this one
        // is configured when_passcode_set + user presence. The user removes the passcode (the
        // item is not when_passcode_set: it survives), and a background read answers -25308.
        earlierItem(.afterFirstUnlock, accessControl: "user_presence")
        let adapter = keychain(
            protection: .whenPasscodeSetThisDeviceOnly, accessControl: "user_presence")
        try device.removePasscode()
        device.onScreen = false
        guard case .unavailable = try adapter.read() else {
            return XCTFail("-25308 is unavailable, never a lost secret (a spurious sign-out)")
        }
        device.onScreen = true
        guard case .found(let found) = try adapter.read() else { return XCTFail() }
        XCTAssertEqual(found.secret, Secret("correct horse"))
        XCTAssertEqual(deletes, 0)
    }

    func testMinus25308IsUnavailableEvenWhenTheItemMayBeWhenPasscodeSet() throws {
        try device.removePasscode()
        table.failNext(.copyMatching, status: OSStatusCode.interactionNotAllowed.rawValue)
        guard case .unavailable = try keychain(protection: .whenPasscodeSetThisDeviceOnly).read()
        else { return XCTFail() }
    }

    func testANotFoundWithoutPasscodeIsALossOnlyIfTheItemMayBeWhenPasscodeSet() throws {
        try device.removePasscode()
        // Never seen in this process: any class it may be under — an earlier version's counts.
        let earlier = keychain(
            protection: .afterFirstUnlock, earlier: [.whenPasscodeSetThisDeviceOnly])
        guard case .secretLost(.passcodeRemoved, _) = try earlier.read() else { return XCTFail() }
        guard case .notFound = try keychain(protection: .afterFirstUnlock).read() else {
            return XCTFail("an after_first_unlock item does not die with the passcode")
        }
    }

    func testAChangedEnrollmentLosesOnlyABiometryCurrentSetItem() throws {
        let adapter = keychain(accessControl: "biometry_current_set")
        _ = try adapter.store(ada, protection: .afterFirstUnlock)
        try device.enrollBiometry()
        guard case .secretLost(.biometryChanged, _) = try adapter.read() else { return XCTFail() }

    }

    func testADeclinedPromptIsNotALostSecret() throws {
        table.failNext(.copyMatching, status: OSStatusCode.authFailed.rawValue)
        let declined = IOSKeychain(
            secItem: table, service: "com.example.shop", accessControl: "biometry_current_set",
            biometryChanged: { false })
        guard case .failed = try declined.read() else { return XCTFail() }
    }

    // -------------------------------------------------------------------------------------------

    func testUnknownStatusesAndGarbagePayloadsAreFailuresNeverAbsence() throws {
        table.failNext(.copyMatching, status: -99_999)
        guard case .failed = try keychain().read() else { return XCTFail() }
        table.insert(
            SecItemAttributes(
                service: "com.example.shop", account: credentialsItemAccount,
                data: Array("not json".utf8)))
        guard case .failed = try keychain().read() else { return XCTFail() }
    }

    func testDeletingNothingIsDeleted() throws {
        guard case .deleted = try keychain().delete() else { return XCTFail() }
    }

    func testAnInsecureClassIsRefusedUnlessAllowed() throws {
        XCTAssertThrowsError(try keychain().store(ada, protection: .always))
        XCTAssertTrue(table.calls.isEmpty)
        let allowed = IOSKeychain(secItem: table, service: "s", allowInsecureProtection: true)
        guard case .stored = try allowed.store(ada, protection: .always) else { return XCTFail() }
    }
}
