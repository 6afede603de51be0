// `AuthSessionTesting`'s SecItem table keeps the iOS rules the adapter is judged by (as the
// world's simulator states them): the class is no part of an item's identity but filters a
// query, locked classes answer -25308 (or -25300 with the quirk), AfterFirstUnlock survives a
// lock but not a reboot, the passcode takes WhenPasscodeSet items with it, an access control
// needs a passcode to be written and a prompt to be read, and the entitlement bounds the groups.

import AuthSession
import AuthSessionKeychainIOS
import AuthSessionTesting
import XCTest

final class SecItemTableTests: XCTestCase {
    private let device = SimulatedDevice()
    private lazy var table = MemorySecItemTable(device: device)
    private let key = SecItemAttributes(
        itemClass: genericPasswordClass, service: "svc", account: "acct")

    private func item(_ protection: ProtectionClass, control: String? = nil) -> SecItemAttributes {
        key.merging(
            SecItemAttributes(accessible: protection.rawValue, accessControl: control, data: [1]))
    }

    private func status(_ query: SecItemAttributes) -> Int32 { table.copyMatching(query).status }

    func testTheClassIsNoPartOfTheIdentityButFiltersAQuery() {
        XCTAssertEqual(table.add(item(.whenUnlocked)), 0)
        XCTAssertEqual(table.add(item(.afterFirstUnlock)), OSStatusCode.duplicateItem.rawValue)
        var named = key
        named.accessible = "after_first_unlock"
        XCTAssertEqual(status(named), OSStatusCode.itemNotFound.rawValue)
        XCTAssertEqual(status(key), 0)
        XCTAssertEqual(table.copyMatching(key).item?.accessible, "when_unlocked")
    }

    func testLockedClassesAndTheQuirk() {
        XCTAssertEqual(table.add(item(.whenUnlocked)), 0)
        device.lock()
        XCTAssertEqual(status(key), OSStatusCode.interactionNotAllowed.rawValue)
        XCTAssertEqual(table.update(key, SecItemAttributes(data: [2])), -25308)
        XCTAssertEqual(table.delete(key), -25308)
        table.notFoundWhileLocked = true
        XCTAssertEqual(status(key), OSStatusCode.itemNotFound.rawValue)
        XCTAssertEqual(table.update(key, SecItemAttributes(data: [2])), -25308)  // writes keep it
    }

    func testAfterFirstUnlockSurvivesALockButNotAReboot() {
        XCTAssertEqual(table.add(item(.afterFirstUnlock)), 0)
        device.lock()
        XCTAssertEqual(status(key), 0)
        device.reboot()
        XCTAssertEqual(status(key), OSStatusCode.interactionNotAllowed.rawValue)
        XCTAssertTrue(device.signal(for: .always).available())
        XCTAssertFalse(device.signal(for: .afterFirstUnlock).available())
    }

    func testThePasscodeTakesWhenPasscodeSetItemsWithIt() throws {
        XCTAssertEqual(table.add(item(.whenPasscodeSetThisDeviceOnly)), 0)
        device.lock()
        XCTAssertThrowsError(try device.removePasscode())
        device.unlock()
        try device.removePasscode()
        XCTAssertEqual(status(key), OSStatusCode.itemNotFound.rawValue)
        XCTAssertFalse(device.passcodeSet())
        XCTAssertEqual(table.add(item(.whenPasscodeSetThisDeviceOnly)), -25308)
        XCTAssertEqual(table.add(item(.whenUnlocked, control: "user_presence")), -50)
    }

    func testAnAccessControlNeedsAPrompt() throws {
        XCTAssertEqual(table.add(item(.afterFirstUnlock, control: "biometry_current_set")), 0)
        XCTAssertEqual(status(key), 0)
        device.onScreen = false
        XCTAssertEqual(status(key), OSStatusCode.interactionNotAllowed.rawValue)
        XCTAssertEqual(table.update(key, SecItemAttributes(data: [2])), -25308)
        device.onScreen = true
        XCTAssertFalse(table.biometryChanged())
        try device.enrollBiometry()
        XCTAssertTrue(table.biometryChanged())
        XCTAssertEqual(status(key), OSStatusCode.authFailed.rawValue)
        var unknown = item(.afterFirstUnlock, control: "face_or_whatever")
        unknown.service = "another"
        XCTAssertEqual(table.add(unknown), -50)
    }

    func testTheEntitlementBoundsTheGroups() {
        var other = item(.whenUnlocked)
        other.accessGroup = "OTHERTEAM.com.example.app"
        XCTAssertEqual(table.add(other), OSStatusCode.missingEntitlement.rawValue)
        XCTAssertEqual(table.add(item(.whenUnlocked)), 0)
        XCTAssertEqual(table.items.first?.accessGroup, "TEAMID.com.example.app")
        var elsewhere = key
        elsewhere.accessGroup = "OTHERTEAM.com.example.app"
        XCTAssertEqual(status(elsewhere), OSStatusCode.itemNotFound.rawValue)
    }

    func testInjectedStatusesAndTheJournal() {
        table.failNext(.copyMatching, status: OSStatusCode.notAvailable.rawValue)
        XCTAssertEqual(status(key), OSStatusCode.notAvailable.rawValue)
        XCTAssertEqual(status(key), OSStatusCode.itemNotFound.rawValue)
        XCTAssertEqual(table.calls.map(\.status), [-25291, -25300])
        XCTAssertEqual(table.matchQueries, [key, key])
    }
}
