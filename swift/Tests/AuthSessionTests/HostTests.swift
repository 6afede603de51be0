// The Swift host: the table decides, the host executes — unavailable never means no user, an
// adapter that throws is that call's failure event, a kill (`ProcessEnding`) is never swallowed,
// a logout wipe survives a relaunch, and no secret ever prints. Also the jitter generator and
// the digest, which must equal Python's.

import AuthSession
import AuthSessionCore
import AuthSessionTesting
import XCTest

final class HostTests: XCTestCase {
    private let device = FakeProtectedData()
    private lazy var keychain = MemoryKeychain(protectedData: device)
    private let server = ScriptedAuthenticator()
    private let clock = ManualClock()
    private let store = MemorySnapshotStore()

    private func session(_ config: SessionConfig = SessionConfig(seed: 0)) throws -> AuthSession {
        try AuthSession(
            keychain: keychain, clock: clock, authenticator: server, protectedData: device,
            config: config,
            store: store)
    }

    func testSignInStoresTheCredentialsAndAnEmptyKeychainIsNoUser() throws {
        let app = try session()
        try app.launch()
        XCTAssertEqual(app.state, .loggedOut)
        try app.login(account: "ada", password: Secret("correct horse"))
        XCTAssertEqual(app.state, .loggedIn)
        XCTAssertEqual(keychain.item?.account, "ada")
        XCTAssertEqual(try app.accessToken(), Secret("token-1"))
        XCTAssertFalse(app.credentialsInHand)
    }

    func testALockedKeychainAnsweringNotFoundIsNotALogout() throws {
        keychain.item = Credentials(account: "ada", secret: Secret("correct horse"))
        keychain.notFoundWhileLocked = true
        device.lock()
        let app = try session()
        try app.launch()
        XCTAssertNotEqual(app.state, .loggedOut)
        XCTAssertEqual(app.userPresent, .unknown)
        try app.requestWork("sync")
        XCTAssertEqual(app.state, .deferredAuth)
        device.unlock()
        try app.protectedDataDidBecomeAvailable()
        XCTAssertEqual(app.state, .loggedIn)
        XCTAssertEqual(app.completedWork, ["sync"])
        XCTAssertEqual(server.requests, ["ada"])
    }

    func testAKeychainThatThrowsIsAFailedReadRetriedLater() throws {
        keychain.item = Credentials(account: "ada", secret: Secret("correct horse"))
        keychain.failing = true
        var events: [String] = []
        let app = try session()
        app.onStep = { events.append($0.event.type.rawValue) }
        try app.launch()
        XCTAssertEqual(events, ["app_launched", "keychain_failed"])
        XCTAssertEqual(app.state, .checkingCredentials)
        let retry = try XCTUnwrap(app.timers.first { $0.name == "retry" })
        // seed 0: Python's random.Random(0).random() is 0.8444218515250481.
        XCTAssertEqual(retry.deadline, 1.0 * (1 - 0.2 * 0.8444218515250481), accuracy: 1e-12)
        keychain.failing = false
        clock.advance(to: retry.deadline)
        try app.poll()
        XCTAssertEqual(app.state, .loggedIn)
    }

    func testARetryWaitsAtLeastTheServersRetryAfter() throws {
        keychain.item = Credentials(account: "ada", secret: Secret("correct horse"))
        server.script(.transient(detail: "http 429", retryAfter: 30))
        let app = try session()
        try app.launch()
        try app.requestWork("sync")
        let retry = try XCTUnwrap(app.timers.first { $0.name == "retry" })
        XCTAssertEqual(retry.deadline, 30)  // the backoff alone would say under a second
        clock.advance(to: 30)
        try app.poll()
        XCTAssertEqual(app.state, .loggedIn)
        XCTAssertEqual(app.completedWork, ["sync"])
        XCTAssertEqual(server.requests, ["ada", "ada"])
    }

    func testAProcessEndingErrorLeavesTheSessionCall() throws {
        struct Killed: ProcessEnding {}
        final class KilledKeychain: Keychain {
            func read() throws -> ReadResult { throw Killed() }
            func store(_ c: Credentials, protection: ProtectionClass) throws -> StoreResult {
                .stored
            }
            func delete() throws -> DeleteResult { .deleted }
        }
        let app = try AuthSession(
            keychain: KilledKeychain(), clock: clock, authenticator: server, protectedData: device)
        XCTAssertThrowsError(try app.launch()) { XCTAssertTrue($0 is Killed) }
    }

    func testALogoutWipeSurvivesAKillWhileLocked() throws {
        keychain.item = Credentials(account: "ada", secret: Secret("correct horse"))
        let first = try session()
        try first.launch()
        XCTAssertEqual(first.state, .loggedIn)
        device.lock()
        try first.logout()
        XCTAssertEqual(first.state, .loggingOut)
        XCTAssertNotNil(keychain.item)
        // The process is killed; the next one starts from the snapshot's tombstone.
        device.unlock()
        let second = try session()
        XCTAssertEqual(second.state, .loggingOut)
        try second.launch()
        XCTAssertEqual(second.state, .loggedOut)
        XCTAssertNil(keychain.item)
    }

    func testAClockThatCannotBeReadVouchesForNoToken() throws {
        /// A clock that answers `reading` once `broken` (NaN compares false with every deadline).
        final class BrokenClock: SessionClock {
            var broken = false
            let reading: Double
            init(_ reading: Double) { self.reading = reading }
            func monotonic() -> Double { broken ? reading : 0 }
            func wall() -> Double { 1_700_000_000 }
        }
        for reading in [Double.nan, .infinity, -.infinity] {
            let broken = BrokenClock(reading)
            let app = try AuthSession(
                keychain: MemoryKeychain(protectedData: device), clock: broken,
                authenticator: ScriptedAuthenticator(), protectedData: device,
                config: SessionConfig(seed: 0))
            try app.launch()
            try app.login(account: "ada", password: Secret("correct horse"))
            XCTAssertNotNil(try app.accessToken())
            broken.broken = true
            XCTAssertNil(try app.accessToken(), "\(reading) kept a token valid")
        }
    }

    func testAnInsecureClassIsRefusedUnlessAllowed() {
        XCTAssertThrowsError(try session(SessionConfig(protection: .always)))
        XCTAssertNoThrow(
            try session(SessionConfig(protection: .always, allowInsecureProtection: true)))
    }

    func testNoSecretPrints() throws {
        let canary = "CANARY-s3cr3t-7f2a"
        let credentials = Credentials(account: "ada", secret: Secret(canary))
        var dumped = ""
        dump(credentials, to: &dumped)
        dump(Secret(canary), to: &dumped)
        let app = try session()
        try app.launch()
        try app.login(account: "ada", password: Secret(canary))
        let texts = [
            "\(credentials)", "\(Secret(canary))", String(reflecting: Secret(canary)), dumped,
            String(decoding: store.data ?? [], as: UTF8.self), app.fingerprint.text,
        ]
        for text in texts { XCTAssertFalse(text.contains(canary), text) }
    }

    func testTheJitterGeneratorIsPythons() {
        var zero = MersenneTwister(seed: 0)
        XCTAssertEqual(zero.random(), 0.8444218515250481)
        XCTAssertEqual(zero.random(), 0.7579544029403025)
        var large = MersenneTwister(seed: 12_345_678_901_234_567_890)
        XCTAssertEqual(large.random(), 0.5120180983871961)
    }

    func testASnapshotReadsBackAndABadOneStartsFresh() throws {
        let snapshot = SessionSnapshot(
            state: .loggingOut, context: Context([.workPending: true]), pendingWork: ["sync"],
            account: "ada",
            sequence: 3)
        XCTAssertEqual(try SessionSnapshot(parsing: snapshot.bytes), snapshot)
        store.data = Array("{\"schema\": 1}".utf8)
        let app = try session()
        XCTAssertNotNil(app.snapshotProblem)
        XCTAssertEqual(app.state, .starting)
    }
}
