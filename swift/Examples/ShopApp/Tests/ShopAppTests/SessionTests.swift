// ShopApp's first test of its sign-in session, with AuthSessionTesting (docs/porting.md, "Test
// your own session"): a background fetch on a locked phone, whose keychain answers "not found"
// while locked, waits for the unlock instead of signing the user out.
import AuthSession
import AuthSessionCore
import AuthSessionKeychainIOS
import AuthSessionTesting
import XCTest

final class SessionTests: XCTestCase {
    func testABackgroundFetchOnALockedPhoneWaitsForTheUnlock() throws {
        let phone = SimulatedDevice()
        let keychain = MemorySecItemTable(device: phone, notFoundWhileLocked: true)
        let clock = ManualClock()
        let server = ScriptedAuthenticator()
        let session = try AuthSession(
            keychain: IOSKeychain(
                secItem: keychain, service: "com.example.shop", protection: .whenUnlocked,
                passcodeSet: phone.passcodeSet),
            clock: clock, authenticator: server,
            protectedData: phone.signal(for: .whenUnlocked),
            config: SessionConfig(protection: .whenUnlocked))
        try session.launch()
        try session.login(account: "ada", password: Secret("correct horse battery staple"))
        XCTAssertEqual(session.state, .loggedIn)

        clock.advance(2 * 3600)  // the session token expires overnight
        phone.lock()
        phone.onScreen = false
        try session.requestWork("background_fetch")  // iOS wakes the app on the locked phone

        XCTAssertEqual(session.state, .deferredAuth)  // not logged out
        XCTAssertEqual(session.userPresent, .unknown)  // never "no" while the keychain is locked
        XCTAssertEqual(server.requests, ["ada"])  // nothing sent without readable credentials

        phone.unlock()
        try session.protectedDataDidBecomeAvailable()
        XCTAssertEqual(session.state, .loggedIn)
        XCTAssertEqual(session.completedWork, ["background_fetch"])
    }
}
