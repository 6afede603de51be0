// The adapters of the Swift app, each answered by the world over the pipe: the SecItem table the
// iOS adapter's Security binding runs on, under the Linux Security shim (so the adapter's rules
// and the binding's translation meet the world's iOS keychain simulator), the item-level
// keychain of the other platforms, the server, the clock, the protected-data signal, the
// snapshot storage and the app's shared refresh lease. A `raised` answer is thrown as `AdapterRaised` (the host turns it into the
// call's failure event). Must not decide anything: the host and the adapter do.

import AuthSession
import AuthSessionCore
import AuthSessionKeychainIOS
import Foundation

/// An attribute dictionary on the wire, keys in the protocol's order, unnamed keys left out.
func wire(_ item: SecItemAttributes) -> JSONValue {
    var members: [(key: String, value: JSONValue)] = []
    if let value = item.itemClass { members.append(("class", .string(value))) }
    if let value = item.service { members.append(("service", .string(value))) }
    if let value = item.account { members.append(("account", .string(value))) }
    if let value = item.accessGroup { members.append(("access_group", .string(value))) }
    if let value = item.synchronizable { members.append(("synchronizable", .bool(value))) }
    if let value = item.accessible { members.append(("accessible", .string(value))) }
    if let value = item.data {
        members.append(("data", .string(Data(value).base64EncodedString())))
    }
    if let value = item.accessControl { members.append(("access_control", .string(value))) }
    return .object(JSONObject(members))
}

func attributes(_ fields: Fields) throws -> SecItemAttributes {
    SecItemAttributes(
        itemClass: try fields.optionalString("class"),
        service: try fields.optionalString("service"),
        account: try fields.optionalString("account"),
        accessGroup: try fields.optionalString("access_group"),
        synchronizable: fields["synchronizable"] == .bool(true) ? true : nil,
        accessible: try fields.optionalString("accessible"),
        accessControl: try fields.optionalString("access_control"), data: try fields.base64("data"))
}

func status(_ fields: Fields) throws -> Int32 {
    let value = try fields.number("status")
    guard let code = Int32(exactly: value) else {
        throw fields.fail("status", "not an OSStatus")
    }
    return code
}

/// The SecItem table the world answers. Installed under the Security shim, its errors cannot
/// cross the Security API: an ending (a kill, a malformed answer) ends the channel too, so the
/// next call — or the end of the callback — ends the process all the same.
struct ForwardedSecItem: SecItemFunctions {
    let channel: Channel

    func copyMatching(_ query: SecItemAttributes) throws -> (
        status: Int32, item: SecItemAttributes?
    ) {
        try channel.ending {
            let answer = try channel.call("secitem", "copy_matching", [("query", wire(query))])
            return (try status(answer), try answer.nested("attributes").map(attributes))
        }
    }

    func add(_ attributes: SecItemAttributes) throws -> Int32 {
        try channel.ending {
            try status(channel.call("secitem", "add", [("attributes", wire(attributes))]))
        }
    }

    func update(_ query: SecItemAttributes, _ attributes: SecItemAttributes) throws -> Int32 {
        try channel.ending {
            try status(
                channel.call(
                    "secitem", "update",
                    [("query", wire(query)), ("attributes", wire(attributes))]))
        }
    }

    func delete(_ query: SecItemAttributes) throws -> Int32 {
        try channel.ending {
            try status(channel.call("secitem", "delete", [("query", wire(query))]))
        }
    }

    /// `LAContext.canEvaluatePolicy(.deviceOwnerAuthentication)`.
    func passcodeSet() throws -> Bool {
        try channel.call("device", "passcode_set").bool("value")
    }

    /// Has the biometric enrollment changed since the item was written? (On a device: the app
    /// compares `LAContext.evaluatedPolicyDomainState` with the value it saved then.)
    func biometryChanged() throws -> Bool {
        try channel.call("device", "biometry_changed").bool("value")
    }
}

/// The item-level keychain (Android, memory) the world answers.
struct ForwardedKeychain: Keychain {
    let channel: Channel

    func read() throws -> ReadResult {
        let answer = try channel.call("keychain", "read")
        switch try answer.string("result") {
        case "found":
            return .found(
                Credentials(
                    account: try answer.string("account"),
                    secret: Secret(try answer.string("secret"))))
        case "not_found": return .notFound()
        case "unavailable": return .unavailable()
        case "secret_lost":
            guard let cause = SecretLossCause(rawValue: try answer.string("cause")) else {
                throw channel.fail("cause", "unknown value")
            }
            return .secretLost(cause: cause)
        default: return .failed()
        }
    }

    func store(_ credentials: Credentials, protection: ProtectionClass) throws -> StoreResult {
        let answer = try channel.call(
            "keychain", "store",
            [
                ("account", .string(credentials.account)),
                ("secret", .string(credentials.secret.reveal())),
                ("protection", .string(protection.rawValue)),
            ])
        switch try answer.string("result") {
        case "stored": return .stored
        case "unavailable": return .unavailable()
        default: return .failed()
        }
    }

    func delete() throws -> DeleteResult {
        switch try channel.call("keychain", "delete").string("result") {
        case "deleted": return .deleted
        case "unavailable": return .unavailable()
        default: return .failed()
        }
    }
}

struct ForwardedAuthenticator: Authenticator {
    let channel: Channel

    func authenticate(_ credentials: Credentials) throws -> AuthResult {
        let answer = try channel.call(
            "server", "authenticate",
            [
                ("account", .string(credentials.account)),
                ("secret", .string(credentials.secret.reveal())),
            ])
        switch try answer.string("result") {
        case "accepted":
            // `expires_at` (the server's own clock) is informational: `expires_in` decides.
            _ = try answer.optionalNumber("expires_at")
            return .accepted(
                token: Secret(try answer.string("token")),
                expiresIn: try answer.number("expires_in"),
                refreshToken: try answer.optionalString("refresh_token").map(Secret.init))
        case "rejected": return .rejected(detail: try answer.optionalString("detail"))
        case "transient":
            return .transient(
                detail: try answer.optionalString("detail"),
                retryAfter: try retryAfter(answer))
        default: throw channel.fail("result", "unknown value")
        }
    }
}

/// The server's `Retry-After`, seconds (never negative).
private func retryAfter(_ answer: Fields) throws -> Double? {
    guard let seconds = try answer.optionalNumber("retry_after") else { return nil }
    guard seconds >= 0 else { throw answer.fail("retry_after", "negative") }
    return seconds
}

struct ForwardedClock: SessionClock {
    let channel: Channel

    func monotonic() throws -> Double { try channel.call("clock", "monotonic").number("value") }
    func wall() throws -> Double { try channel.call("clock", "wall").number("value") }
}

struct ForwardedSignal: ProtectedDataSignal {
    let channel: Channel

    func available() throws -> Bool {
        try channel.call("protected_data", "available", [("protection", .null)]).bool("value")
    }

    func available(for protection: ProtectionClass) throws -> Bool {
        try channel.call(
            "protected_data", "available", [("protection", .string(protection.rawValue))]
        )
        .bool("value")
    }
}

/// The app's storage for the session snapshot (the world keeps it across processes).
struct ForwardedSnapshots: SnapshotStore {
    let channel: Channel

    func load() throws -> [UInt8]? { try channel.call("snapshots", "load").base64("data") }

    func save(_ data: [UInt8]) throws {
        _ = try channel.call(
            "snapshots", "save", [("data", .string(Data(data).base64EncodedString()))])
    }
}

/// The app's shared refresh lease, kept by the world (by the rules of `LeaseRules`): it knows
/// this process's role from the hello.
struct ForwardedLease: RefreshLease {
    let channel: Channel

    func acquire() throws -> Bool { try channel.call("lease", "acquire").bool("value") }

    func release() throws { _ = try channel.call("lease", "release") }
}

/// The revocation outbox: an item the world keeps under the credentials' class.
struct ForwardedOutbox: RevocationOutbox {
    let channel: Channel

    func read() throws -> OutboxRead {
        let answer = try channel.call("outbox", "read")
        switch try answer.string("result") {
        case "pending":
            guard case .array(let items)? = answer["entries"] else {
                if answer["entries"] == nil { return .pending([]) }
                throw channel.fail("entries", "not an array")
            }
            var entries: [RevocationEntry] = []
            for item in items {
                guard case .object(let object) = item else {
                    throw channel.fail("entries", "not an object")
                }
                let fields = Fields(object, channel: channel, path: "entries.")
                entries.append(
                    RevocationEntry(
                        account: try fields.string("account"),
                        token: Secret(try fields.string("token")),
                        scope: try fields.optionalString("scope") ?? "local"))
            }
            return .pending(entries)
        case "unavailable": return .unavailable()
        default: return .failed()
        }
    }

    func write(_ entries: [RevocationEntry], protection: ProtectionClass) throws -> StoreResult {
        let wired: [JSONValue] = entries.map {
            .object([
                "account": .string($0.account), "token": .string($0.token.reveal()),
                "scope": .string($0.scope),
            ])
        }
        let answer = try channel.call(
            "outbox", "write",
            [("entries", .array(wired)), ("protection", .string(protection.rawValue))])
        switch try answer.string("result") {
        case "stored": return .stored
        case "unavailable": return .unavailable()
        default: return .failed()
        }
    }
}

/// The revocation endpoint (RFC 7009), reached through the world.
struct ForwardedRevoker: Revoker {
    let channel: Channel

    func revoke(_ request: RevocationRequest) throws -> RevokeResult {
        let answer = try channel.call(
            "server", "revoke",
            [
                ("account", .string(request.account)), ("token", .string(request.token.reveal())),
                ("scope", .string(request.scope)),
                ("token_type_hint", .string(request.tokenTypeHint)),
            ])
        switch try answer.string("result") {
        case "revoked": return .revoked
        case "refused": return .refused(detail: try answer.optionalString("detail"))
        case "transient":
            return .transient(
                detail: try answer.optionalString("detail"), retryAfter: try retryAfter(answer))
        default: throw channel.fail("result", "unknown value")
        }
    }
}
