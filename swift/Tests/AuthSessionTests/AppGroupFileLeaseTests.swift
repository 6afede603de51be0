// The app-group lease file (`AppGroupFileLease`) and the grant rules every lease follows
// (`LeaseRules`, the Python reference's `grants`): a free, expired or own lease is granted, and
// an earlier app process's to the app; an app's lease has no expiry, an extension's ends 60 s
// after it was taken on the boot-time clock; a lease from another boot is void; a torn or
// foreign file holds no lease; storage that cannot be read, or a lock held too long, throws
// (the host's "busy"); only the holder gives a lease back; the file is what the Python
// reference's `FileLease` writes. Run on Linux: the file logic is plain POSIX.

import AuthSession
import AuthSessionCore
import AuthSessionKeychainIOS
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

final class AppGroupFileLeaseTests: XCTestCase {
    private var directory = ""
    private var path: String { directory + "/authsession.lease.json" }
    private var now = 1000.0

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "authsession-lease-" + UUID().uuidString
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// One process of the app on the shared file, on this test's boot-time clock.
    private func process(
        _ role: LeaseRole, boot: String = "boot-1", owner: String? = nil,
        onRelease: (() -> Void)? = nil
    ) -> AppGroupFileLease {
        AppGroupFileLease(
            path: path, role: role, boot: boot, monotonic: { [unowned self] in self.now },
            owner: owner, onRelease: onRelease)
    }

    private var stored: String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    func testTheRulesAreThePythonReferences() {
        let rules: [(LeaseRecord?, LeaseRole, Bool)] = [
            (nil, .app, true),  // free
            (nil, .appExtension, true),
            (
                LeaseRecord(owner: "me", role: "extension", boot: "b", until: 10), .appExtension,
                true
            ),
            (LeaseRecord(owner: "x", role: "app", boot: "b", until: nil), .app, true),
            (LeaseRecord(owner: "x", role: "app", boot: "b", until: nil), .appExtension, false),
            (LeaseRecord(owner: "x", role: "extension", boot: "b", until: 101), .app, false),
            (LeaseRecord(owner: "x", role: "extension", boot: "b", until: 100), .app, true),
            (LeaseRecord(owner: "x", role: "extension", boot: "b", until: 99), .appExtension, true),
            (LeaseRecord(owner: "x", role: "app", boot: "a", until: nil), .appExtension, true),
            (LeaseRecord(owner: "x", role: "extension", boot: nil, until: 500), .app, true),
            (LeaseRecord(owner: nil, role: nil, boot: "b", until: nil), .app, false),
            (LeaseRecord(owner: "x", role: "extension", boot: "b", until: .nan), .app, false),
        ]
        for (record, role, granted) in rules {
            XCTAssertEqual(
                LeaseRules.grants(record, owner: "me", role: role, boot: "b", now: 100), granted,
                "\(String(describing: record)) to \(role)")
        }
        XCTAssertNil(LeaseRules.taken(by: "me", role: .app, boot: "b", now: 5).until)
        XCTAssertEqual(LeaseRules.taken(by: "me", role: .appExtension, boot: "b", now: 5).until, 65)
    }

    func testAFreeLeaseIsTakenAndWrittenAsThePythonReferenceWritesIt() throws {
        let app = process(.app, owner: "0123456789abcdef")
        XCTAssertTrue(try app.acquire())
        XCTAssertEqual(
            stored,
            "{\"owner\": \"0123456789abcdef\", \"role\": \"app\", \"boot\": \"boot-1\", "
                + "\"until\": null}\n")
        let appExtension = process(.appExtension, owner: "fedcba9876543210")
        try app.release()
        now = 1000.5
        XCTAssertTrue(try appExtension.acquire())
        XCTAssertEqual(
            stored,
            "{\"owner\": \"fedcba9876543210\", \"role\": \"extension\", \"boot\": \"boot-1\", "
                + "\"until\": 1060.5}\n")
    }

    func testAnAppsLeaseNeverExpiresForAnExtensionButPassesToTheAppsNextProcess() throws {
        XCTAssertTrue(try process(.app).acquire())
        let appExtension = process(.appExtension)
        now += 86_400
        XCTAssertFalse(try appExtension.acquire())
        let nextApp = process(.app)
        XCTAssertTrue(try nextApp.acquire())  // the earlier process is gone
        XCTAssertFalse(try appExtension.acquire())
        try nextApp.release()
        XCTAssertTrue(try appExtension.acquire())
    }

    func testAnExtensionsLeaseExpiresAfterSixtySeconds() throws {
        let appExtension = process(.appExtension)
        XCTAssertTrue(try appExtension.acquire())
        let app = process(.app)
        let other = process(.appExtension)
        now += 59.9
        XCTAssertFalse(try app.acquire())
        XCTAssertFalse(try other.acquire())
        now += 0.1
        XCTAssertTrue(try other.acquire())
        XCTAssertFalse(try app.acquire())  // the other extension holds it now
    }

    func testTakingItsOwnLeaseAgainRenewsIt() throws {
        let appExtension = process(.appExtension)
        XCTAssertTrue(try appExtension.acquire())
        now += 50
        XCTAssertTrue(try appExtension.acquire())
        now += 50
        // 100 s after the first take, 50 after the renewal.
        XCTAssertFalse(try process(.app).acquire())
        now += 10
        XCTAssertTrue(try process(.app).acquire())
    }

    func testALeaseFromAnotherBootIsVoid() throws {
        XCTAssertTrue(try process(.app, boot: "boot-1").acquire())
        now = 3  // the boot-time clock starts again
        XCTAssertTrue(try process(.appExtension, boot: "boot-2").acquire())
        XCTAssertFalse(try process(.app, boot: "boot-2").acquire())
    }

    func testOnlyTheHolderGivesTheLeaseBack() throws {
        var told = 0
        let holder = process(.appExtension, onRelease: { told += 1 })
        let other = process(.appExtension, onRelease: { told += 1 })
        try other.release()  // nothing held: nothing happens
        XCTAssertEqual(told, 0)
        XCTAssertTrue(try holder.acquire())
        try other.release()
        XCTAssertNotNil(stored)
        XCTAssertEqual(told, 0)
        try holder.release()
        XCTAssertNil(stored)
        XCTAssertEqual(told, 1)  // the other processes are told once the lease is back
        try holder.release()
        XCTAssertEqual(told, 1)
    }

    func testATornOrForeignFileHoldsNoLease() throws {
        let foreign: [[UInt8]] = [
            Array("{\"owner\": \"x\", \"role\": \"extens".utf8), Array("[1, 2]".utf8),
            Array("not json".utf8), [0xFF, 0xFE, 0x7B, 0x7D], [],
            Array(repeating: 0x20, count: 5000) + Array("{}".utf8),
        ]
        for bytes in foreign {
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            XCTAssertTrue(try process(.appExtension).acquire(), "\(bytes.prefix(40))")
        }
        // Held in this boot by another process, with an expiry that is not a time: not granted.
        let held =
            "{\"owner\": 1, \"role\": \"extension\", \"boot\": \"boot-1\", \"until\": \"later\"}"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(held.utf8)))
        XCTAssertFalse(try process(.appExtension).acquire())
    }

    func testStorageThatCannotBeReadThrows() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        XCTAssertThrowsError(try process(.app).acquire())  // not a file
        let missing = AppGroupFileLease(
            path: directory + "/no-such-container/lease.json", role: .app, boot: "b",
            monotonic: { 0 })
        XCTAssertThrowsError(try missing.acquire())
        XCTAssertThrowsError(try missing.release())
    }

    func testALockHeldTooLongThrowsInsteadOfBlocking() throws {
        let descriptor = open(path + ".lock", O_RDWR | O_CREAT, 0o600)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        defer { close(descriptor) }
        XCTAssertEqual(flock(descriptor, LOCK_EX), 0)  // another process, mid-update
        let started = Date()
        XCTAssertThrowsError(try process(.app).acquire()) { error in
            XCTAssertEqual((error as? LeaseFileError)?.operation, "flock")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        XCTAssertEqual(flock(descriptor, LOCK_UN), 0)
        XCTAssertTrue(try process(.app).acquire())
    }

    func testAClockThatThrowsThrows() throws {
        struct Unreadable: Error {}
        let lease = AppGroupFileLease(
            path: path, role: .appExtension, boot: "b", monotonic: { throw Unreadable() })
        XCTAssertThrowsError(try lease.acquire())
        XCTAssertNil(stored)
    }

    func testOwnersAreRandomAndTheDeviceIsReadable() throws {
        let owners = Set(
            (0..<20).map { _ in AppGroupFileLease(path: path, role: .app, boot: "b").owner })
        XCTAssertEqual(owners.count, 20)
        XCTAssertTrue(owners.allSatisfy { $0.count == 16 })
        let first = AppGroupFileLease.bootClock()
        XCTAssertGreaterThan(first, 0)
        XCTAssertGreaterThanOrEqual(AppGroupFileLease.bootClock(), first)
        let boot = try AppGroupFileLease.currentBoot()
        XCTAssertFalse(boot.isEmpty)
        XCTAssertEqual(try AppGroupFileLease.currentBoot(), boot)
    }
}
