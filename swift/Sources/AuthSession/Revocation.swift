// The revocation adapters, as the Python host's `authsession/adapters/revocation.py` states
// them: the durable outbox of refresh tokens owed a revocation (one item under the credentials'
// own protection class) and the revocation endpoint (RFC 7009) they are sent to — the only place
// an outbox token ever goes. A revoker is its own adapter, not a method of the authenticator, for
// that reason. Owns `RevocationEntry`, the outbox and revoker protocols and their results,
// `KeychainOutbox` (the entries as JSON in a second keychain item), `MemoryOutbox` (the default:
// not durable) and `NoRevocationEndpoint` (every request refused for good).
// Must not depend on the host or the session.

import AuthSessionCore

/// One token owed a revocation: whose, the token, the scope the user signed out with.
public struct RevocationEntry: Sendable, Equatable, CustomStringConvertible {
    public let account: String
    public let token: Secret
    /// `local` or `global`.
    public let scope: String

    public init(account: String, token: Secret, scope: String = "local") {
        self.account = account
        self.token = token
        self.scope = scope
    }

    public var description: String { "RevocationEntry(account: \(account), scope: \(scope))" }
}

/// What the outbox holds (oldest first), or why it cannot be read now.
public enum OutboxRead: Sendable {
    case pending([RevocationEntry])
    case unavailable(detail: String? = nil)
    case failed(detail: String? = nil)
}

/// The durable list of tokens owed a revocation, under the credentials' protection class.
public protocol RevocationOutbox {
    func read() throws -> OutboxRead
    /// Replace the entries (none removes the item); add-or-update, never delete-then-add.
    func write(_ entries: [RevocationEntry], protection: ProtectionClass) throws -> StoreResult
}

/// What the revocation endpoint answered.
public enum RevokeResult: Sendable {
    /// 200: revoked (RFC 7009 answers 200 for a token it does not know, too).
    case revoked
    /// Refused for good (`unsupported_token_type`, no endpoint): retrying would not help.
    case refused(detail: String? = nil)
    /// No verdict (offline, 503, 429): try again later.
    case transient(detail: String? = nil, retryAfter: Double? = nil)
}

/// What is sent to the revocation endpoint.
public struct RevocationRequest: Sendable {
    public let account: String
    public let token: Secret
    /// `local`, `global` or `others`.
    public let scope: String
    /// `refresh_token` or `access_token`.
    public let tokenTypeHint: String

    public init(
        account: String, token: Secret, scope: String = "local",
        tokenTypeHint: String = "refresh_token"
    ) {
        self.account = account
        self.token = token
        self.scope = scope
        self.tokenTypeHint = tokenTypeHint
    }
}

/// The revocation endpoint.
public protocol Revoker {
    func revoke(_ request: RevocationRequest) throws -> RevokeResult
}

/// The account name of `KeychainOutbox`'s item (not a secret: the entries are its secret).
public let revocationOutboxAccount = "authsession.revocation-outbox"
/// Entries an outbox keeps; a full outbox drops the oldest.
public let maxOutboxEntries = HostRules.outboxMaxEntries

/// The entries as `KeychainOutbox` stores them: compact JSON, keys sorted (the Python package's
/// `encode_entries`).
public func encodeEntries(_ entries: [RevocationEntry]) -> String {
    JSONValue.array(
        entries.map {
            .object([
                "account": .string($0.account), "scope": .string($0.scope),
                "token": .string($0.token.reveal()),
            ])
        }
    ).compactText
}

/// `encodeEntries` reversed; nil for anything else.
public func decodeEntries(_ text: String) -> [RevocationEntry]? {
    guard let value = try? JSONValue(parsing: text), case .array(let items) = value else {
        return nil
    }
    var entries: [RevocationEntry] = []
    for item in items {
        guard case .object(let object) = item, case .string(let account)? = object["account"],
            case .string(let token)? = object["token"]
        else { return nil }
        var scope = "local"
        if let value = object["scope"] {
            guard case .string(let named) = value, ["local", "global"].contains(named) else {
                return nil
            }
            scope = named
        }
        entries.append(RevocationEntry(account: account, token: Secret(token), scope: scope))
    }
    return entries
}

/// An outbox in a second item of a `Keychain` (the app's own adapter pointed at another account
/// or service). An item that can never be read again holds tokens nobody can read: empty.
public struct KeychainOutbox: RevocationOutbox {
    public let keychain: any Keychain

    public init(_ keychain: any Keychain) { self.keychain = keychain }

    public func read() throws -> OutboxRead {
        switch try keychain.read() {
        case .found(let credentials):
            return .pending(decodeEntries(credentials.secret.reveal()) ?? [])
        case .notFound, .secretLost: return .pending([])
        case .unavailable: return .unavailable()
        case .failed: return .failed(detail: "outbox read failed")
        }
    }

    public func write(_ entries: [RevocationEntry], protection: ProtectionClass) throws
        -> StoreResult
    {
        if entries.isEmpty {
            switch try keychain.delete() {
            case .deleted: return .stored
            case .unavailable(let detail): return .unavailable(detail: detail)
            case .failed(let detail): return .failed(detail: detail)
            }
        }
        let item = Credentials(
            account: revocationOutboxAccount, secret: Secret(encodeEntries(entries)))
        return try keychain.store(item, protection: protection)
    }
}

/// An outbox in memory: tests, and the session's default (not durable: pass a `KeychainOutbox`
/// to keep revocations owed across a kill).
public final class MemoryOutbox: RevocationOutbox {
    public private(set) var entries: [RevocationEntry] = []
    private let available: () -> Bool

    public init(available: @escaping () -> Bool = { true }) { self.available = available }

    public func read() -> OutboxRead { available() ? .pending(entries) : .unavailable() }

    public func write(_ entries: [RevocationEntry], protection: ProtectionClass) -> StoreResult {
        guard available() else { return .unavailable() }
        self.entries = entries
        return .stored
    }
}

/// For an app whose server offers no revocation endpoint: every request refused, for good.
public struct NoRevocationEndpoint: Revoker {
    public init() {}

    public func revoke(_ request: RevocationRequest) -> RevokeResult {
        .refused(detail: "no revocation endpoint configured")
    }
}
