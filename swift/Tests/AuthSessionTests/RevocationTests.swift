// Issue 21 in the Swift host, as the Python runtime's tests state it: a confirmed rejection is
// "re-authentication required" (the account and the owed work kept), a sign-out completes at once
// and revokes its refresh token from the outbox once the network is back — across a kill, never
// while the outbox is locked — the observer's first value of a locked launch is "not known yet",
// and a snapshot of the previous version loads.

import AuthSession
import AuthSessionCore
import AuthSessionTesting
import XCTest

final class RevocationTests: XCTestCase {
    private let device = FakeProtectedData()
    private lazy var keychain = MemoryKeychain(protectedData: device)
    private lazy var outboxItem = MemoryKeychain(protectedData: device)
    private let clock = ManualClock()
    private let store = MemorySnapshotStore()
    private let revoker = ScriptedRevoker()
    private var issued = 0
    private lazy var server = ScriptedAuthenticator(handler: { [unowned self] _ in
        self.issued += 1
        return .accepted(
            token: Secret("access-\(self.issued)"), expiresIn: 3600,
            refreshToken: Secret("refresh-\(self.issued)"))
    })
    private var failed: [(String, String)] = []

    private func session() throws -> AuthSession {
        try AuthSession(
            keychain: keychain, clock: clock, authenticator: server, protectedData: device,
            config: SessionConfig(seed: 0), store: store, outbox: KeychainOutbox(outboxItem),
            revoker: revoker,
            onWorkFailed: { [unowned self] label, reason in
                self.failed.append((label, reason.rawValue))
            })
    }

    private func signedIn() throws -> AuthSession {
        let app = try session()
        try app.launch()
        try app.login(account: "ada", password: Secret("correct horse"))
        XCTAssertEqual(app.state, .loggedIn)
        return app
    }

    private func queued() throws -> [RevocationEntry] {
        guard case .pending(let entries) = try KeychainOutbox(outboxItem).read() else {
            XCTFail("outbox unreadable")
            return []
        }
        return entries
    }

    func testAConfirmedRejectionAsksTheSameAccountToSignInAgain() throws {
        let app = try signedIn()
        var views: [SessionView] = []
        app.subscribe { views.append($0) }
        server.script(.rejected(detail: "invalid_grant"))
        clock.advance(3600)
        try app.requestWork("sync")
        XCTAssertEqual(app.state, .reauthRequired)
        XCTAssertEqual(app.account, "ada")
        XCTAssertEqual(app.pendingWork, ["sync"])
        XCTAssertEqual(app.view.screen, "sign_in_again")
        XCTAssertFalse(views.contains { $0.state == .loggedOut })
        XCTAssertEqual(views.first { $0.userPresent == .no }?.reason, "server_rejected")
        try app.login(account: "ada", password: Secret("correct horse"))
        XCTAssertEqual(app.completedWork, ["sync"])
    }

    func testAnotherAccountGetsTheOwedWorkHandedBack() throws {
        let app = try signedIn()
        server.script(.rejected(detail: "invalid_grant"))
        clock.advance(3600)
        try app.requestWork("sync")
        try app.login(account: "bob", password: Secret("hunter2"))
        XCTAssertEqual(failed.map(\.0), ["sync"])
        XCTAssertEqual(failed.map(\.1), ["another_account"])
        XCTAssertEqual(app.state, .loggedIn)
    }

    func testAnOfflineSignOutCompletesAtOnceAndRevokesLater() throws {
        let app = try signedIn()
        revoker.online = false
        try app.logout()
        XCTAssertEqual(app.state, .loggedOut)
        XCTAssertNil(keychain.item)
        XCTAssertEqual(try queued().map(\.account), ["ada"])
        revoker.online = true
        clock.advance(1000)
        try app.poll()
        XCTAssertTrue(revoker.wasRevoked("refresh-1"))
        XCTAssertEqual(try queued(), [])
    }

    func testARevocationOwedSurvivesAKillAndWaitsForProtectedData() throws {
        let first = try signedIn()
        revoker.online = false
        try first.logout(scope: "global")
        XCTAssertEqual(try queued().map(\.scope), ["global"])
        revoker.online = true
        device.lock()
        let second = try session()
        XCTAssertTrue(second.context[.revocationPending])
        try second.launch()
        clock.advance(600)
        try second.poll()
        XCTAssertFalse(revoker.wasRevoked("refresh-1"))
        device.unlock()
        try second.foreground()
        XCTAssertTrue(revoker.wasRevoked("refresh-1"))
        XCTAssertEqual(revoker.requests.last?.scope, "global")
    }

    func testTheFirstValueOfALockedLaunchIsNotKnownYet() throws {
        _ = try signedIn()
        device.lock()
        let app = try session()
        var views: [SessionView] = []
        app.subscribe { views.append($0) }
        try app.launch()
        XCTAssertEqual(views.first?.userPresent, .unknown)
        XCTAssertEqual(views.first?.screen, "unlock_to_continue")
        XCTAssertFalse(views.contains { $0.userPresent == .no })
        device.unlock()
        try app.foreground()
        XCTAssertEqual(views.last?.userPresent, .yes)
    }

    func testAHintConfirmsBeforeItEndsAnything() throws {
        let app = try signedIn()
        device.lock()
        try app.revocationHint()
        XCTAssertEqual(app.state, .loggedIn)
        XCTAssertNil(try app.accessToken())
        device.unlock()
        try app.revocationHint()
        XCTAssertEqual(app.state, .loggedIn)
        XCTAssertNotNil(try app.accessToken())
    }

    func testSigningOutTheOthersChangesNothingHere() throws {
        let app = try signedIn()
        let step = try app.logout(scope: "others")
        XCTAssertEqual(step?.state, .loggedIn)
        XCTAssertEqual(revoker.requests.first?.scope, "others")
        XCTAssertEqual(revoker.requests.first?.hint, "access_token")
    }

    func testAVersionTwoSnapshotLoads() throws {
        let v2 =
            #"{"schema":"authsession.snapshot","version":2,"state":"deferred_auth","context":"#
            + #"{"protected_data_available":false,"work_pending":true,"token_valid":false,"#
            + #""store_pending":false,"lease_held":false},"pending_work":["background_fetch@3","#
            + #""sync"],"logout_tombstone":false,"account":"ada","sequence":7}"#
        let snapshot = try SessionSnapshot(parsing: Array(v2.utf8))
        XCTAssertEqual(snapshot.pendingWork, ["background_fetch@3", "sync"])
        XCTAssertEqual(snapshot.account, "ada")
        XCTAssertTrue(String(decoding: snapshot.bytes, as: UTF8.self).contains(#""version":3"#))
        let wiping =
            #"{"schema":"authsession.snapshot","version":2,"state":"logging_out","#
            + #""logout_tombstone":true,"account":null,"sequence":12}"#
        XCTAssertEqual(try SessionSnapshot(parsing: Array(wiping.utf8)).restoredState, .loggingOut)
        let lying =
            #"{"schema":"authsession.snapshot","version":2,"state":"logged_in","#
            + #""logout_tombstone":true}"#
        XCTAssertThrowsError(try SessionSnapshot(parsing: Array(lying.utf8)))
    }

    func testNoTokenPrints() {
        let entry = RevocationEntry(account: "ada", token: Secret("refresh-canary"))
        XCTAssertFalse("\(entry)".contains("canary"))
        XCTAssertFalse(String(reflecting: entry).contains("canary"))
    }
}
