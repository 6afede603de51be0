// The refresh lease in the Swift host (issue 20), as the Python host runs it: a refresh takes
// the lease first and waits while another process holds it (never presenting the token that
// process is rotating), re-reads under it and uses the winner's stored token, keeps it until what
// it was handed is stored, and concludes that a rejection is final only while holding it; an
// acquire that throws is busy, a release that throws is nothing lost; `lease_acquired` and
// `shared_store_changed` carry the signal sampled when they are produced (after the call).

import AuthSession
import AuthSessionCore
import AuthSessionTesting
import XCTest

/// A token endpoint that rotates the refresh token on every accepted request and, like Auth0 or
/// Okta, revokes the whole family when a rotated-away token is presented (unless
/// `revokesOnReuse` is off: then it only refuses that token). `during` runs once,
/// while the next request is in flight (after the server rotated, before the answer lands).
private final class RotatingServer: Authenticator {
    var current = "rt-1"
    private(set) var presented: [String] = []
    private(set) var revoked = false
    var revokesOnReuse = true
    var during: (() throws -> Void)?

    func authenticate(_ credentials: Credentials) throws -> AuthResult {
        let secret = credentials.secret.reveal()
        presented.append(secret)
        let answer: AuthResult
        if revoked || secret != current {
            revoked = revoked || revokesOnReuse
            answer = .rejected(detail: "invalid_grant")
        } else {
            current = "rt-\(presented.count + 1)"
            answer = .accepted(
                token: Secret("at-\(presented.count)"), expiresIn: 3600,
                refreshToken: Secret(current))
        }
        if let hook = during {
            during = nil
            try hook()
        }
        return answer
    }
}

/// A keychain that tells what the lease board held at each store.
private final class WatchedKeychain: Keychain {
    let inner: MemoryKeychain
    let board: LeaseBoard
    private(set) var holderAtStore: [String?] = []

    init(_ inner: MemoryKeychain, board: LeaseBoard) {
        self.inner = inner
        self.board = board
    }

    func read() throws -> ReadResult { try inner.read() }
    func store(_ credentials: Credentials, protection: ProtectionClass) throws -> StoreResult {
        holderAtStore.append(board.record?.owner)
        return try inner.store(credentials, protection: protection)
    }
    func delete() throws -> DeleteResult { try inner.delete() }
}

final class LeaseTests: XCTestCase {
    private let device = FakeProtectedData()
    private let clock = ManualClock()
    private let board = LeaseBoard()
    private let server = RotatingServer()
    private lazy var keychain = MemoryKeychain(
        protectedData: device, item: Credentials(account: "ada", secret: Secret("rt-1")))

    /// One process of the app: its own session and lease, the shared keychain and board.
    private func process(
        _ role: LeaseRole, keychain: (any Keychain)? = nil, lease: (any RefreshLease)? = nil
    ) throws -> (AuthSession, MemoryLease) {
        let memory = MemoryLease(board: board, clock: clock, role: role)
        let session = try AuthSession(
            keychain: keychain ?? self.keychain, clock: clock, authenticator: server,
            protectedData: device, config: SessionConfig(seed: 0), lease: lease ?? memory)
        return (session, memory)
    }

    /// The steps `session` takes from now on.
    private func steps(of session: AuthSession) -> () -> [StepRecord] {
        var seen: [StepRecord] = []
        session.onStep = { seen.append($0) }
        return { seen }
    }

    func testABusyLeaseMakesTheRefreshWaitAndTheWinnersTokenIsUsed() throws {
        // matrix-rust-sdk #6794: the extension wakes while the app's refresh is in flight.
        let (app, _) = try process(.app)
        let (appExtension, extensionLease) = try process(.appExtension)
        try app.launch()
        try appExtension.launch()
        let extensionSteps = steps(of: appExtension)
        server.during = { try appExtension.requestWork("notification") }
        try app.requestWork("sync")

        // The extension found the lease held: it waits, it never presented the rotated token.
        XCTAssertEqual(
            extensionSteps().map(\.event.type), [.workRequested, .keychainFound, .leaseBusy])
        XCTAssertEqual(appExtension.state, .authenticating)
        XCTAssertNotNil(appExtension.timers.first { $0.name == "retry" })
        XCTAssertEqual(server.presented, ["rt-1"])
        XCTAssertEqual(app.state, .loggedIn)
        XCTAssertEqual(keychain.item?.secret, Secret("rt-2"))
        XCTAssertNil(board.record)  // given back once stored

        // The app's process tells the others (a Darwin notification): the extension re-reads.
        try appExtension.sharedStoreChanged()
        XCTAssertEqual(appExtension.state, .loggedIn)
        XCTAssertEqual(appExtension.completedWork, ["notification"])
        XCTAssertEqual(server.presented, ["rt-1", "rt-2"])
        XCTAssertFalse(server.revoked)
        XCTAssertEqual(keychain.item?.secret, Secret("rt-3"))
        XCTAssertEqual(app.notifications + appExtension.notifications, [])
        XCTAssertEqual(extensionLease.calls, ["acquire", "acquire", "release"])
        XCTAssertNil(board.record)
    }

    func testAWaitingRefreshTriesAgainWhenItsRetryFallsDue() throws {
        let (app, lease) = try process(.app)
        let (_, other) = try process(.appExtension)
        XCTAssertTrue(try other.acquire())
        try app.launch()
        try app.requestWork("sync")
        XCTAssertEqual(app.state, .authenticating)
        XCTAssertEqual(server.presented, [])
        let retry = try XCTUnwrap(app.timers.first { $0.name == "retry" })
        try other.release()
        clock.advance(to: retry.deadline)
        try app.poll()
        XCTAssertEqual(app.state, .loggedIn)
        XCTAssertEqual(app.completedWork, ["sync"])
        XCTAssertEqual(lease.calls, ["acquire", "acquire", "release"])
    }

    func testAnExtensionsLeaseThatWasNeverGivenBackExpires() throws {
        let (app, _) = try process(.app)
        let (_, dead) = try process(.appExtension)
        XCTAssertTrue(try dead.acquire())  // and then the extension was killed
        try app.launch()
        try app.requestWork("sync")
        XCTAssertEqual(app.state, .authenticating)
        clock.advance(LeaseRules.extensionSeconds)
        try app.poll()
        XCTAssertEqual(app.state, .loggedIn)
        XCTAssertEqual(server.presented, ["rt-1"])
    }

    func testTheLeaseIsKeptUntilTheRotatedCredentialsAreStored() throws {
        let watched = WatchedKeychain(keychain, board: board)
        let (app, lease) = try process(.app, keychain: watched)
        try app.launch()
        let seen = steps(of: app)
        try app.requestWork("sync")
        XCTAssertEqual(
            seen().map(\.event.type),
            [
                .workRequested, .keychainFound, .leaseAcquired, .keychainFound, .authAccepted,
                .storeCompleted,
            ])
        XCTAssertEqual(watched.holderAtStore, [lease.owner])  // stored under the lease
        XCTAssertNil(board.record)  // and given back right after
        XCTAssertEqual(lease.calls, ["acquire", "release"])
        XCTAssertFalse(app.context[.leaseHeld])
    }

    func testARejectionIsFinalOnlyUnderTheLease() throws {
        // The server refuses the app's token; the re-read that would confirm it fails once, so
        // the app gives the lease back and waits. The extension takes the lease meanwhile.
        let (app, _) = try process(.app)
        let (_, other) = try process(.appExtension)
        server.current = "rt-0"  // the stored token is refused
        server.revokesOnReuse = false
        server.during = { self.keychain.failing = true }
        try app.launch()
        let seen = steps(of: app)
        try app.requestWork("sync")
        keychain.failing = false
        XCTAssertEqual(app.state, .confirmingRejection)
        XCTAssertFalse(app.context[.leaseHeld])
        XCTAssertTrue(try other.acquire())

        // The retry re-reads the same token: without the lease that proves nothing.
        let retry = try XCTUnwrap(app.timers.first { $0.name == "retry" })
        clock.advance(to: retry.deadline)
        try app.poll()
        XCTAssertEqual(app.state, .authenticating)
        XCTAssertEqual(
            seen().suffix(3).map(\.step.reason),
            [
                "rejection_rechecking_keychain", "rejection_needs_the_lease",
                "lease_held_elsewhere_waiting",
            ])
        XCTAssertEqual(app.notifications, [])
        XCTAssertNotNil(keychain.item)

        // The extension stores a newer token and gives the lease back: the app uses it.
        server.current = "rt-5"
        keychain.item = Credentials(account: "ada", secret: Secret("rt-5"))
        try other.release()
        try app.sharedStoreChanged()
        XCTAssertEqual(app.state, .loggedIn)
        XCTAssertEqual(app.notifications, [])
        XCTAssertEqual(server.presented, ["rt-1", "rt-5"])
    }

    func testARejectionUnderTheLeaseOfTheTokenStillStoredIsFinal() throws {
        let (app, lease) = try process(.app)
        server.current = "rt-0"
        try app.launch()
        try app.requestWork("sync")
        // Re-authentication required, never a sign-out (issue 21).
        XCTAssertEqual(app.state, .reauthRequired)
        XCTAssertEqual(app.notifications, [.signInAgain])
        XCTAssertNil(keychain.item)
        XCTAssertEqual(lease.calls, ["acquire", "release"])
        XCTAssertNil(board.record)
    }

    func testAnAcquireThatThrowsIsBusy() throws {
        let (app, lease) = try process(.app)
        try app.launch()
        let seen = steps(of: app)
        lease.failNext()
        try app.requestWork("sync")
        XCTAssertEqual(seen().last?.event, .leaseBusy)
        XCTAssertEqual(app.state, .authenticating)
        XCTAssertEqual(server.presented, [])
        let retry = try XCTUnwrap(app.timers.first { $0.name == "retry" })
        clock.advance(to: retry.deadline)
        try app.poll()
        XCTAssertEqual(app.state, .loggedIn)
        XCTAssertEqual(server.presented, ["rt-1"])
    }

    func testAReleaseThatThrowsIsIgnored() throws {
        /// Shared storage that cannot be written when the lease is given back.
        final class FailingRelease: RefreshLease {
            let inner: MemoryLease
            init(_ inner: MemoryLease) { self.inner = inner }
            func acquire() throws -> Bool { try inner.acquire() }
            func release() throws {
                inner.failNext()
                try inner.release()
            }
        }
        let memory = MemoryLease(board: board, clock: clock)
        let (app, _) = try process(.app, lease: FailingRelease(memory))
        try app.launch()
        try app.requestWork("sync")
        XCTAssertEqual(app.state, .loggedIn)
        XCTAssertEqual(app.completedWork, ["sync"])
        XCTAssertFalse(app.context[.leaseHeld])
        XCTAssertEqual(memory.calls, ["acquire", "release"])
        // Still on the board: the app's next process takes it (an extension's would expire).
        XCTAssertEqual(board.record?.owner, memory.owner)
        XCTAssertTrue(try MemoryLease(board: board, clock: clock).acquire())
    }

    func testALeaseAcquiredCarriesTheSignalSampledAfterTheCall() throws {
        /// The phone locks while the lease is taken.
        final class LockingLease: RefreshLease {
            let device: FakeProtectedData
            var released = 0
            init(_ device: FakeProtectedData) { self.device = device }
            func acquire() -> Bool {
                device.lock()
                return true
            }
            func release() { released += 1 }
        }
        let locking = LockingLease(device)
        let (app, _) = try process(.app, lease: locking)
        try app.launch()
        let seen = steps(of: app)
        try app.requestWork("sync")
        XCTAssertEqual(
            seen().last(where: { $0.event.type == .leaseAcquired })?.event,
            .leaseAcquired(protectedDataAvailable: false))
        XCTAssertEqual(app.state, .deferredAuth)
        XCTAssertEqual(locking.released, 1)  // not needed after all: given back at once
        XCTAssertEqual(server.presented, [])
    }

    func testASharedStoreChangeCarriesTheSignalNow() throws {
        let (app, lease) = try process(.app)
        try app.launch()
        let seen = steps(of: app)
        device.lock()
        try app.sharedStoreChanged()
        device.unlock()
        try app.sharedStoreChanged()
        XCTAssertEqual(
            seen().map(\.event),
            [
                .sharedStoreChanged(protectedDataAvailable: false),
                .sharedStoreChanged(protectedDataAvailable: true),
            ])
        XCTAssertEqual(lease.calls, [])  // nothing waits for the lease: nothing is taken
        XCTAssertEqual(app.state, .loggedIn)
    }

    func testTheDefaultLeaseIsTheSoleProcesssOwn() throws {
        let app = try AuthSession(
            keychain: keychain, clock: clock, authenticator: server, protectedData: device,
            config: SessionConfig(seed: 0))
        try app.launch()
        try app.requestWork("sync")
        XCTAssertEqual(app.state, .loggedIn)
        XCTAssertEqual(server.presented, ["rt-1"])
        XCTAssertTrue(SoloLease().acquire())
    }

    func testAKillWhileAcquiringLeavesTheSessionCall() throws {
        struct Killed: ProcessEnding {}
        final class KilledLease: RefreshLease {
            func acquire() throws -> Bool { throw Killed() }
            func release() {}
        }
        let (app, _) = try process(.app, lease: KilledLease())
        try app.launch()
        XCTAssertThrowsError(try app.requestWork("sync")) { XCTAssertTrue($0 is Killed) }
    }
}
