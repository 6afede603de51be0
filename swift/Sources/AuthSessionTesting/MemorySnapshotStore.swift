// `MemorySnapshotStore`: the session's durable snapshot kept in memory — build a second
// `AuthSession` on the same store to test a relaunch. Owns the bytes and the count of saves.

import AuthSession

public final class MemorySnapshotStore: SnapshotStore {
    public var data: [UInt8]?
    public private(set) var saves = 0

    public init(data: [UInt8]? = nil) { self.data = data }

    public func load() -> [UInt8]? { data }

    public func save(_ data: [UInt8]) {
        saves += 1
        self.data = data
    }
}
