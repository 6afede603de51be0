// The adapter contracts of the host: what a session asks of the platform (keychain,
// authenticator, clock, protected-data signal, snapshot storage) and the results it gets back,
// as the Python host's `authsession/adapters` states them. Owns the value types crossing those
// seams (`Secret`, `Credentials`, `ProtectionClass`, the result enums) and `ProcessEnding`.
// Must not depend on any adapter implementation, the host or the session.

import AuthSessionCore

/// A secret (password, refresh token, session token): it never prints, never reflects.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let value: String

    public init(_ value: String) { self.value = value }

    /// The secret itself: only for the adapter that must send or store it.
    public func reveal() -> String { value }

    public var description: String { "Secret(**********)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// A user's account name and secret. A class: the host asks "are these the very credentials I
/// handed out?" (the typed ones, the ones in hand), as the Python host does with `is`.
public final class Credentials: Sendable, CustomStringConvertible {
    public let account: String
    public let secret: Secret

    public init(account: String, secret: Secret) {
        self.account = account
        self.secret = secret
    }

    public var description: String { "Credentials(account: \(account), secret: **********)" }
}

/// When stored credentials can be decrypted (iOS `kSecAttrAccessible*`, Android storage areas).
public enum ProtectionClass: String, Sendable, CaseIterable {
    case whenUnlocked = "when_unlocked"
    case whenUnlockedThisDeviceOnly = "when_unlocked_this_device_only"
    case whenPasscodeSetThisDeviceOnly = "when_passcode_set_this_device_only"
    case afterFirstUnlock = "after_first_unlock"
    case afterFirstUnlockThisDeviceOnly = "after_first_unlock_this_device_only"
    case always = "always"
    case alwaysThisDeviceOnly = "always_this_device_only"
    case credentialEncrypted = "credential_encrypted"
    case deviceEncrypted = "device_encrypted"

    /// Readable with no unlock since boot: refused unless a configuration allows it
    /// (invariant 7).
    public var lowersSecurity: Bool {
        self == .always || self == .alwaysThisDeviceOnly || self == .deviceEncrypted
    }
}

/// What a keychain read found. `notFound` says nothing about the user on its own: the host
/// combines it with the protected-data signal.
public enum ReadResult: Sendable {
    case found(Credentials)
    case notFound(detail: String? = nil)
    case unavailable(detail: String? = nil)
    case failed(detail: String? = nil)
    case secretLost(cause: SecretLossCause, detail: String? = nil)
}

public enum StoreResult: Sendable {
    case stored
    case unavailable(detail: String? = nil)
    case failed(detail: String? = nil)
}

public enum DeleteResult: Sendable {
    case deleted
    case unavailable(detail: String? = nil)
    case failed(detail: String? = nil)
}

public enum AuthResult: Sendable {
    case accepted(token: Secret, expiresIn: Double, refreshToken: Secret?)
    case rejected(detail: String? = nil)
    /// `retryAfter`: the server's `Retry-After`, seconds (the next retry waits at least this).
    case transient(detail: String? = nil, retryAfter: Double? = nil)
}

/// The one credentials item of the app.
public protocol Keychain {
    func read() throws -> ReadResult
    func store(_ credentials: Credentials, protection: ProtectionClass) throws -> StoreResult
    func delete() throws -> DeleteResult
}

public protocol Authenticator {
    func authenticate(_ credentials: Credentials) throws -> AuthResult
}

/// Monotonic time decides every timer (a wall clock can jump, F9); wall time is for display.
public protocol SessionClock {
    func monotonic() throws -> Double
    func wall() throws -> Double
}

/// "Can the credentials' protection class be read now?" (iOS `isProtectedDataAvailable`).
public protocol ProtectedDataSignal {
    func available() throws -> Bool
    /// The same question for another class: needed when an earlier app version may have stored
    /// the item under a class other than the configured one.
    func available(for protection: ProtectionClass) throws -> Bool
}

extension ProtectedDataSignal {
    public func available(for protection: ProtectionClass) throws -> Bool { try available() }
}

/// The app's storage for the session's durable, secret-free snapshot (a file, UserDefaults).
public protocol SnapshotStore {
    func load() throws -> [UInt8]?
    func save(_ data: [UInt8]) throws
}

/// An error that ends the process rather than one call: the host never turns it into a failure
/// event, it leaves the session call. No adapter of a real app throws one; a test harness does
/// (the world killed the process in the middle of a call).
public protocol ProcessEnding: Error {}

/// Runs `body`; any error but a `ProcessEnding` becomes `failure` (the host's adapter guard).
@inline(__always)
func guarded<T>(_ failure: @autoclosure () -> T, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let ending as any ProcessEnding {
        throw ending
    } catch {
        return failure()
    }
}
