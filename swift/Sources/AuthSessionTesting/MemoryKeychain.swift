// `MemoryKeychain`: an item-level `Keychain` in memory behind a `FakeProtectedData` — unreadable
// and unwritable while it says unavailable (or, with `notFoundWhileLocked`, read as not found:
// iOS's -25300 quirk), throwing while `failing`. For host-level tests that need no SecItem rules
// (`MemorySecItemTable` has those). Owns the one item and the count of stores.

import AuthSession

/// What a `failing` `MemoryKeychain` throws.
public struct KeychainFailure: Error, Sendable {}

public final class MemoryKeychain: Keychain {
    public let protectedData: FakeProtectedData
    public var item: Credentials?
    public var notFoundWhileLocked = false
    public var failing = false
    public private(set) var stores = 0

    public init(protectedData: FakeProtectedData, item: Credentials? = nil) {
        self.protectedData = protectedData
        self.item = item
    }

    public func read() throws -> ReadResult {
        if failing { throw KeychainFailure() }
        if !protectedData.isAvailable { return notFoundWhileLocked ? .notFound() : .unavailable() }
        return item.map { .found($0) } ?? .notFound()
    }

    public func store(_ credentials: Credentials, protection: ProtectionClass) throws
        -> StoreResult
    {
        if failing { throw KeychainFailure() }
        if !protectedData.isAvailable { return .unavailable() }
        stores += 1
        item = credentials
        return .stored
    }

    public func delete() throws -> DeleteResult {
        if failing { throw KeychainFailure() }
        if !protectedData.isAvailable { return .unavailable() }
        item = nil
        return .deleted
    }
}
