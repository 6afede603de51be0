// The refresh lease (issue 20): one process of an app — the app or one of its extensions, which
// share one keychain item — refreshes at a time. Owns the adapter contract (`RefreshLease`,
// `acquire() throws -> Bool`, `release() throws`), `SoloLease` (an app of one process: the lease
// is always its own) and the grant rules every lease of this package follows, as the Python
// reference's `authsession.adapters.lease.grants` states them (`LeaseRecord`, `LeaseRules`):
// - a lease nobody holds, one that expired (its `until` passed on the boot-time clock every
//   process of the device shares, or it was taken in another boot), or this process's own
//   (taking it again renews it) is granted;
// - so is an app's lease taken by an earlier process of the app, to the app: an app runs one main
//   process at a time, so that one is gone. An app's lease has no expiry (a suspended app may hold
//   credentials it could not store yet); an extension's expires `extensionSeconds` after it was
//   taken (an extension lives ~30 s).
// `release` gives back a lease this process holds and does nothing otherwise. Either may throw
// (the shared storage cannot be read): the host answers the acquire "busy" (wait and retry) and
// ignores a release that throws — the lease expires, or the app's next process takes it.
// Must not depend on the host, the session or any lease implementation.

/// Which process of the app holds (or asks for) the lease.
public enum LeaseRole: String, Sendable, CaseIterable {
    /// The app's own process: its lease ends with the process (the app's next process takes it).
    case app = "app"
    /// An app extension sharing the app's keychain item: its lease expires.
    case appExtension = "extension"
}

/// The app's shared refresh lease, as one process holds it.
public protocol RefreshLease {
    /// Take the lease (or renew this process's own). False: another process holds it.
    func acquire() throws -> Bool
    /// Give the lease back if this process holds it.
    func release() throws
}

/// The lease of an app that runs in one process: always its own.
public struct SoloLease: RefreshLease {
    public init() {}

    public func acquire() -> Bool { true }
    public func release() {}
}

/// What the shared storage holds while some process holds the lease: who, which role, in which
/// boot, until when on the boot-time clock (nil: no expiry, an app's). No secret. A field that is
/// missing or of another type in the stored record (a foreign or older file) is nil.
public struct LeaseRecord: Equatable, Sendable {
    public var owner: String?
    public var role: String?
    public var boot: String?
    public var until: Double?

    public init(owner: String?, role: String?, boot: String?, until: Double?) {
        self.owner = owner
        self.role = role
        self.boot = boot
        self.until = until
    }
}

/// The rules every lease of this package grants by (the Python reference's `grants`).
public enum LeaseRules {
    /// An extension's lease lives this long (seconds on the boot-time clock) unless given back.
    public static let extensionSeconds = 60.0

    /// Whether the process `owner` (of `role`, in boot `boot`, at `now` on the boot-time clock)
    /// may take a lease whose current record is `record`.
    public static func grants(
        _ record: LeaseRecord?, owner: String, role: LeaseRole, boot: String, now: Double
    ) -> Bool {
        guard let record, record.boot == boot, record.owner != owner else { return true }
        // The app's earlier process is gone.
        if role == .app && record.role == LeaseRole.app.rawValue { return true }
        guard let until = record.until else { return false }
        return until <= now
    }

    /// The record a process writes when it takes the lease at `now`: an app's has no expiry, an
    /// extension's ends `seconds` later.
    public static func taken(
        by owner: String, role: LeaseRole, boot: String, now: Double,
        seconds: Double = extensionSeconds
    ) -> LeaseRecord {
        LeaseRecord(
            owner: owner, role: role.rawValue, boot: boot,
            until: role == .app ? nil : now + seconds)
    }
}
