// ShopApp's sign-in session: AuthSession wired to the phone — the Security binding, the
// device's clock, the protected-data signal, a snapshot file, and each UIKit callback one host
// call. docs/porting.md shows this file as it is; CI compiles it on Linux against the Security
// shim, with the lines only an Apple platform has behind `#if canImport(UIKit)`.
import AuthSession
import AuthSessionCore
import AuthSessionKeychainIOS
import Foundation

#if canImport(UIKit)
    import BackgroundTasks
    import LocalAuthentication
    import UIKit
#endif

@MainActor final class Session {
    static let shared = Session()
    let auth: AuthSession

    private init() {
        auth = try! AuthSession(
            keychain: IOSKeychain(
                secItem: SecurityFrameworkSecItem(interactionAllowed: Device.onScreen),
                service: "com.example.shop", protection: .afterFirstUnlock,
                passcodeSet: Device.passcodeSet),
            clock: UptimeClock(),
            authenticator: MyServer(),
            protectedData: ProtectedData(),
            config: SessionConfig(protection: .afterFirstUnlock),
            workHandler: { label, token in Sync.run(label, token) },
            onNotify: { message in Banner.show(message) },
            store: FileSnapshots(name: "session.json"),
            lease: SharedLease.lease(.app))
    }
}

/// What the session asks the phone.
enum Device {
    #if canImport(UIKit)
        /// On screen: a read may show the keychain's authentication prompt.
        static func onScreen() -> Bool {
            MainActor.assumeIsolated { UIApplication.shared.applicationState != .background }
        }
        static func passcodeSet() -> Bool {
            LAContext().canEvaluatePolicy(.deviceOwnerAuthentication, error: nil)
        }
        static func protectedDataAvailable() -> Bool {
            MainActor.assumeIsolated { UIApplication.shared.isProtectedDataAvailable }
        }
    #else
        // Not a phone (CI compiles this file on Linux): nothing to ask.
        static func onScreen() -> Bool { true }
        static func passcodeSet() -> Bool { true }
        static func protectedDataAvailable() -> Bool { true }
    #endif
}

struct ProtectedData: ProtectedDataSignal {
    func available() -> Bool { Device.protectedDataAvailable() }
}

/// Timers run on the uptime (monotonic); the wall clock is for display only.
struct UptimeClock: SessionClock {
    func monotonic() -> Double { ProcessInfo.processInfo.systemUptime }
    func wall() -> Double { Date().timeIntervalSince1970 }
}

/// The session's snapshot (no secret in it), in Application Support, readable while locked.
struct FileSnapshots: SnapshotStore {
    let url: URL

    init(name: String) {
        let folder = FileManager.default.urls(
            for: .applicationSupportDirectory, in: .userDomainMask)
        url = folder[0].appendingPathComponent(name)
    }

    func load() throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return Array(try Data(contentsOf: url))
    }

    func save(_ data: [UInt8]) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(data).write(to: url, options: [.atomic, .noFileProtection])
    }
}

/// Your token endpoint: 2xx accepted (with the new refresh token, if it rotates), 401, 403 or
/// OAuth `invalid_grant` rejected, anything else — a request not sent included — transient.
struct MyServer: Authenticator {
    func authenticate(_ credentials: Credentials) throws -> AuthResult {
        .transient(detail: "not written yet")
    }
}

/// Your app's work (a sync, a fetch) with the session token.
enum Sync {
    static func run(_ label: String, _ token: Secret) {}
}

/// Tells the user (`sign_in_again`, `sign_in_failed`).
enum Banner {
    static func show(_ message: NotifyUserMessage) {}
}

#if canImport(UIKit)
    // Each callback is one host call. A timer at `auth.nextDeadline` (monotonic) calls
    // `auth.poll()`; show `auth.userPresent` (`.unknown` is never "signed out"); sign-in and
    // sign-out screens call `auth.login(account:password:)` and `auth.logout()`.
    final class AppDelegate: UIResponder, UIApplicationDelegate {
        func application(
            _ application: UIApplication,
            didFinishLaunchingWithOptions options: [UIApplication.LaunchOptionsKey: Any]?
        ) -> Bool {
            _ = try? Session.shared.auth.launch()  // prewarm and background launches too
            SharedLease.observe()  // an extension stored a token, or gave the lease back
            return true
        }

        func applicationWillEnterForeground(_ application: UIApplication) {
            _ = try? Session.shared.auth.foreground()
        }

        func applicationProtectedDataDidBecomeAvailable(_ application: UIApplication) {
            _ = try? Session.shared.auth.protectedDataDidBecomeAvailable()
        }

        func applicationProtectedDataWillBecomeUnavailable(_ application: UIApplication) {
            _ = try? Session.shared.auth.protectedDataWillBecomeUnavailable()
        }

        /// A `BGAppRefreshTask` or a silent push: the work runs now, or once the keychain reads.
        func handleRefresh(_ task: BGAppRefreshTask) {
            _ = try? Session.shared.auth.requestWork("refresh")
            task.setTaskCompleted(success: true)
        }
    }
#endif
