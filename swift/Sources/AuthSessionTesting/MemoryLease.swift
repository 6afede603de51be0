// A refresh lease in memory, for tests of apps with more than one process, as the Python kit's
// `authsession.testing.lease`: `LeaseBoard` is what the shared file would hold (the owner, its
// role, the boot and the expiry — no secret), `MemoryLease` one process's `RefreshLease` on a
// board, granting by the package's rules (`LeaseRules.grants`, the rules `AppGroupFileLease`
// follows) on a clock the test holds. Two `MemoryLease`s on one board are two processes of one
// app; `failNext` makes the next calls throw (the shared storage cannot be read); `reboot`
// voids every lease taken before it. Owns the board's record and the processes' names.

import AuthSession

/// What a `failing` `MemoryLease` throws.
public struct LeaseStorageFailure: Error, Sendable {}

/// The lease as every process of the app sees it (one board per app and device).
public final class LeaseBoard {
    public var record: LeaseRecord?
    /// This boot's identity: a lease taken in another boot is void.
    public var boot: String
    private var joined = 0

    public init(record: LeaseRecord? = nil, boot: String = "boot-1") {
        self.record = record
        self.boot = boot
    }

    /// The device restarted: every lease on the board is from an earlier boot now.
    public func reboot() {
        let number = Int(boot.split(separator: "-").last ?? "") ?? 0
        boot = "boot-\(number + 1)"
    }

    /// A name for the next process on this board (`process-1`, `process-2`...).
    func nextOwner() -> String {
        joined += 1
        return "process-\(joined)"
    }
}

public final class MemoryLease: RefreshLease {
    public let board: LeaseBoard
    public let role: LeaseRole
    public let seconds: Double
    /// This process's name on the board.
    public let owner: String
    /// Calls made, in order (`acquire`, `release`), failed ones included.
    public private(set) var calls: [String] = []
    private let monotonic: () -> Double
    private var failing = 0

    /// `monotonic`: the boot-time clock every process of the device shares (a `ManualClock`'s
    /// `monotonic`, say).
    public init(
        board: LeaseBoard, monotonic: @escaping () -> Double, role: LeaseRole = .app,
        seconds: Double = LeaseRules.extensionSeconds, owner: String? = nil
    ) {
        self.board = board
        self.monotonic = monotonic
        self.role = role
        self.seconds = seconds
        self.owner = owner ?? board.nextOwner()
    }

    /// A process on `board` whose boot-time clock is `clock`.
    public convenience init(
        board: LeaseBoard, clock: ManualClock, role: LeaseRole = .app,
        seconds: Double = LeaseRules.extensionSeconds, owner: String? = nil
    ) {
        self.init(
            board: board, monotonic: { clock.monotonic() }, role: role, seconds: seconds,
            owner: owner)
    }

    /// The next `calls` calls throw `LeaseStorageFailure`, as shared storage that cannot be read.
    public func failNext(_ calls: Int = 1) { failing += calls }

    /// This process holds the lease now.
    public var held: Bool { board.record?.owner == owner }

    private func check(_ call: String) throws {
        calls.append(call)
        if failing > 0 {
            failing -= 1
            throw LeaseStorageFailure()
        }
    }

    public func acquire() throws -> Bool {
        try check("acquire")
        let now = monotonic()
        guard
            LeaseRules.grants(board.record, owner: owner, role: role, boot: board.boot, now: now)
        else { return false }
        board.record = LeaseRules.taken(
            by: owner, role: role, boot: board.boot, now: now, seconds: seconds)
        return true
    }

    public func release() throws {
        try check("release")
        if held { board.record = nil }
    }
}
