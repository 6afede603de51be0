// Test doubles for the host's adapters and the SecItem table: a device that can be locked, a
// keychain on it (optionally with iOS's "-25300 while locked" quirk), a scripted server, a
// manual clock, an in-memory snapshot store, and a SecItem table that records every call.

import AuthSession
import AuthSessionKeychainIOS

final class Device: ProtectedDataSignal {
    var locked = false
    func available() throws -> Bool { !locked }
}

struct Boom: Error {}

final class MemoryKeychain: Keychain {
    let device: Device
    var item: Credentials?
    /// iOS answers -25300 (not found) for a locked item on some OS versions.
    var notFoundWhileLocked = false
    var failing = false
    private(set) var stores = 0

    init(device: Device) { self.device = device }

    func read() throws -> ReadResult {
        if failing { throw Boom() }
        if device.locked { return notFoundWhileLocked ? .notFound() : .unavailable() }
        return item.map { .found($0) } ?? .notFound()
    }

    func store(_ credentials: Credentials, protection: ProtectionClass) throws -> StoreResult {
        if device.locked { return .unavailable() }
        stores += 1
        item = credentials
        return .stored
    }

    func delete() throws -> DeleteResult {
        if device.locked { return .unavailable() }
        item = nil
        return .deleted
    }
}

final class Server: Authenticator {
    var accepted: Set<String> = ["correct horse"]
    var refreshTo: String?
    /// While set, every request is answered transient with this `Retry-After` (seconds).
    var busyFor: Double?
    private(set) var requests = 0

    func authenticate(_ credentials: Credentials) throws -> AuthResult {
        requests += 1
        if let busyFor { return .transient(detail: "http 429", retryAfter: busyFor) }
        guard accepted.contains(credentials.secret.reveal()) else { return .rejected() }
        return .accepted(
            token: Secret("token-\(requests)"), expiresIn: 3600,
            refreshToken: refreshTo.map(Secret.init))
    }
}

final class ManualClock: SessionClock {
    var now = 0.0
    func monotonic() throws -> Double { now }
    func wall() throws -> Double { 1_700_000_000 + now }
}

final class MemoryStore: SnapshotStore {
    var data: [UInt8]?
    func load() throws -> [UInt8]? { data }
    func save(_ data: [UInt8]) throws { self.data = data }
}

/// A SecItem table holding one item per (class, service, account), with its class; a locked
/// class answers -25308 to reads and updates. Every call is recorded.
final class FakeSecItem: SecItemFunctions {
    enum Call: Equatable {
        case copyMatching(SecItemAttributes)
        case add(SecItemAttributes)
        case update(SecItemAttributes, SecItemAttributes)
        case delete(SecItemAttributes)
    }

    var stored: SecItemAttributes?
    var locked = false
    /// A status to answer to the next call of each kind, instead of the simulation.
    var copyStatus: Int32?
    var updateStatus: Int32?
    private(set) var calls: [Call] = []

    func copyMatching(_ query: SecItemAttributes) throws -> (
        status: Int32, item: SecItemAttributes?
    ) {
        calls.append(.copyMatching(query))
        if let status = copyStatus { return (status, nil) }
        guard let stored, matches(query, stored) else {
            return (OSStatusCode.itemNotFound.rawValue, nil)
        }
        if locked { return (OSStatusCode.interactionNotAllowed.rawValue, nil) }
        return (0, stored)
    }

    func add(_ attributes: SecItemAttributes) throws -> Int32 {
        calls.append(.add(attributes))
        // Accessibility is not part of the primary key: an item of any class collides.
        var key = attributes
        key.accessible = nil
        if let stored, matches(key, stored) { return OSStatusCode.duplicateItem.rawValue }
        stored = attributes
        return 0
    }

    func update(_ query: SecItemAttributes, _ attributes: SecItemAttributes) throws -> Int32 {
        calls.append(.update(query, attributes))
        if let status = updateStatus { return status }
        guard let current = stored, matches(query, current) else {
            return OSStatusCode.itemNotFound.rawValue
        }
        if locked { return OSStatusCode.interactionNotAllowed.rawValue }
        stored = current.merging(attributes)
        return 0
    }

    func delete(_ query: SecItemAttributes) throws -> Int32 {
        calls.append(.delete(query))
        guard let current = stored, matches(query, current) else {
            return OSStatusCode.itemNotFound.rawValue
        }
        stored = nil
        return 0
    }

    /// The primary key decides (and a query naming `accessible` would only match that class,
    /// which is the trap the adapter must avoid).
    private func matches(_ query: SecItemAttributes, _ item: SecItemAttributes) -> Bool {
        query.itemClass == item.itemClass && query.service == item.service
            && query.account == item.account
            && (query.accessible == nil || query.accessible == item.accessible)
    }

    /// Every dictionary the adapter used to *match* an item (copy-matching, update, delete).
    var matchQueries: [SecItemAttributes] {
        calls.compactMap {
            switch $0 {
            case .copyMatching(let query), .update(let query, _), .delete(let query): query
            case .add: nil
            }
        }
    }
}
