// `AppGroupFileLease`: the refresh lease an app and its extensions share (issue 20), as a small
// JSON file in the app group's container — `{"owner", "role", "boot", "until"}`, no secret —
// read, decided and rewritten under an exclusive `flock` on a lock file beside it, by the rules
// every lease of the package follows (`LeaseRules.grants`, the Python reference's `FileLease`):
// a free, expired or own lease, or an earlier app process's lease (to the app), is granted; an
// app's lease has no expiry, an extension's ends `seconds` after it was taken on the boot-time
// clock; a lease from another boot is void. The file is replaced atomically (a temporary file,
// fsync, rename), so a process that dies mid-write leaves the old lease or the new one, never
// half of one; a file that is torn or foreign holds no lease anyone can prove.
//
// The flock is held only inside one `acquire` or `release`, never across a suspension (iOS ends
// a suspended process that holds a file lock in a shared container, 0xdead10cc), and waited for
// at most `lockWait` seconds: a session runs on the main actor, so a lock held longer (or a
// container that cannot be read — before the first unlock, say) throws, which the host answers
// "busy": it waits and tries again, never refreshes blind.
//
// The file logic is plain POSIX and builds and is tested anywhere; the Apple-only lines (the
// app group's container URL, the boot session's id) are behind `#if canImport(Darwin)`.
// Must not depend on the host's loop; it only speaks the `RefreshLease` contract.

import AuthSession
import AuthSessionCore
import Foundation

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The lease file (or its lock, the container, the boot's id) could not be used: `operation`
/// failed with `errno` `code`. The host answers such an acquire "busy".
public struct LeaseFileError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let code: Int32

    public var description: String { "\(operation) failed (errno \(code))" }
}

public final class AppGroupFileLease: RefreshLease {
    /// The lease file's name in the container (its lock file adds `.lock`).
    public static let defaultFileName = "authsession.lease.json"
    /// A record larger than this is not one this package wrote: it holds no lease.
    static let maxRecordBytes = 4096

    /// The lease file; the lock file is `path + ".lock"`.
    public let path: String
    public let role: LeaseRole
    /// How long an extension's lease lives unless given back.
    public let seconds: Double
    /// This process's name in the file (random: a pid is reused).
    public let owner: String
    /// This boot's identity: a lease taken in another boot is void.
    public let boot: String
    /// Longest wait for another process's `flock` before an acquire or release throws.
    public let lockWait: Double
    private let monotonic: () throws -> Double
    private let onRelease: (() -> Void)?

    /// `path`: the lease file, in a directory every process of the app can read and write while
    /// the phone is locked (it holds no secret). `boot`: this boot's identity (`currentBoot()`);
    /// `monotonic`: the boot-time clock every process of the device shares (`bootClock()`).
    /// `onRelease`: runs after this process gave the lease back — post the Darwin notification
    /// the other processes turn into `sharedStoreChanged()` there.
    public init(
        path: String, role: LeaseRole, boot: String,
        monotonic: @escaping () throws -> Double = AppGroupFileLease.bootClock,
        seconds: Double = LeaseRules.extensionSeconds, lockWait: Double = 0.1,
        owner: String? = nil, onRelease: (() -> Void)? = nil
    ) {
        precondition(seconds > 0 && seconds.isFinite, "seconds must be a finite number > 0")
        precondition(lockWait >= 0 && lockWait.isFinite, "lockWait must be a finite number >= 0")
        self.path = path
        self.role = role
        self.boot = boot
        self.monotonic = monotonic
        self.seconds = seconds
        self.lockWait = lockWait
        self.owner = owner ?? AppGroupFileLease.randomOwner()
        self.onRelease = onRelease
    }

    #if canImport(Darwin)
        /// The lease of the app group `appGroup` (an App Groups entitlement of the app and each
        /// extension): the file `fileName` in the group's shared container, on this boot's id and
        /// boot-time clock. Throws if the group is not in the entitlement or the boot's id
        /// cannot be read.
        public convenience init(
            appGroup: String, role: LeaseRole, fileName: String = defaultFileName,
            onRelease: (() -> Void)? = nil
        ) throws {
            guard
                let container = FileManager.default.containerURL(
                    forSecurityApplicationGroupIdentifier: appGroup)
            else { throw LeaseFileError(operation: "containerURL(\(appGroup))", code: ENOENT) }
            self.init(
                path: container.appendingPathComponent(fileName).path, role: role,
                boot: try AppGroupFileLease.currentBoot(), onRelease: onRelease)
        }
    #endif

    // RefreshLease ---------------------------------------------------------------------------

    public func acquire() throws -> Bool {
        try locked { record in
            let now = try monotonic()
            guard LeaseRules.grants(record, owner: owner, role: role, boot: boot, now: now) else {
                return false
            }
            let taken = LeaseRules.taken(
                by: owner, role: role, boot: boot, now: now, seconds: seconds)
            try replace(with: AppGroupFileLease.bytes(of: taken))
            return true
        }
    }

    public func release() throws {
        let released: Bool = try locked { record in
            guard let record, record.owner == owner else { return false }
            guard unlink(path) == 0 || errno == ENOENT else {
                throw LeaseFileError(operation: "unlink", code: errno)
            }
            return true
        }
        if released { onRelease?() }
    }

    // The record on disk ---------------------------------------------------------------------

    /// The record as the file holds it: one `json.dumps` object and a newline (what the Python
    /// reference's `FileLease` writes).
    static func bytes(of record: LeaseRecord) -> [UInt8] {
        let object: JSONObject = [
            "owner": record.owner.map(JSONValue.string) ?? .null,
            "role": record.role.map(JSONValue.string) ?? .null,
            "boot": record.boot.map(JSONValue.string) ?? .null,
            "until": record.until.map(JSONValue.number) ?? .null,
        ]
        return Array((JSONValue.object(object).text + "\n").utf8)
    }

    /// The record in `data`; nil for anything that is not a JSON object (a torn or foreign file
    /// holds no lease anyone can prove). A member of another type is nil.
    static func record(parsing data: [UInt8]) -> LeaseRecord? {
        guard data.count <= maxRecordBytes, let text = String(validating: data, as: UTF8.self),
            let value = try? JSONValue(parsing: text), case .object(let object) = value
        else { return nil }
        func string(_ key: String) -> String? {
            if case .string(let text)? = object[key] { return text }
            return nil
        }
        var until: Double?
        if case .number(let number)? = object["until"] { until = number }
        return LeaseRecord(
            owner: string("owner"), role: string("role"), boot: string("boot"), until: until)
    }

    // Files ----------------------------------------------------------------------------------

    /// Runs `body` on the current record while holding the lock file's exclusive `flock`.
    private func locked<T>(_ body: (LeaseRecord?) throws -> T) throws -> T {
        let descriptor = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw LeaseFileError(operation: "open lock", code: errno) }
        defer { close(descriptor) }
        try lock(descriptor)
        defer { _ = flock(descriptor, LOCK_UN) }
        return try body(try load())
    }

    private func lock(_ descriptor: Int32) throws {
        // Polled, never blocking: the holder is inside one acquire or release (a few ms).
        var waited = 0.0
        let step = 0.002
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            guard code == EWOULDBLOCK, waited < lockWait else {
                throw LeaseFileError(operation: "flock", code: code)
            }
            usleep(UInt32(step * 1_000_000))
            waited += step
        }
    }

    /// The record the file holds; nil if there is no file. A file that cannot be read throws
    /// (storage that cannot be read is not a free lease).
    private func load() throws -> LeaseRecord? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT { return nil }
            throw LeaseFileError(operation: "open", code: errno)
        }
        defer { close(descriptor) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while data.count <= AppGroupFileLease.maxRecordBytes {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw LeaseFileError(operation: "read", code: errno)
            }
            if count == 0 { break }
            data += chunk[..<count]
        }
        return AppGroupFileLease.record(parsing: data)
    }

    /// Replace the lease file with `data`: a temporary file beside it, fsync, rename. (No fsync
    /// of the directory: a power cut that loses the rename is a reboot, which voids the lease.)
    private func replace(with data: [UInt8]) throws {
        let temporary = path + "." + owner + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LeaseFileError(operation: "open temporary", code: errno)
        }
        var written = 0
        var failure: LeaseFileError?
        while written < data.count {
            let count = data[written...].withUnsafeBytes {
                write(descriptor, $0.baseAddress, $0.count)
            }
            if count < 0 {
                if errno == EINTR { continue }
                failure = LeaseFileError(operation: "write", code: errno)
                break
            }
            written += count
        }
        if failure == nil && fsync(descriptor) != 0 {
            failure = LeaseFileError(operation: "fsync", code: errno)
        }
        close(descriptor)
        if failure == nil && rename(temporary, path) != 0 {
            failure = LeaseFileError(operation: "rename", code: errno)
        }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }

    // The device -----------------------------------------------------------------------------

    /// Seconds on the boot-time clock: since boot, counting sleep, one clock for every process
    /// of the device (Darwin's `CLOCK_MONOTONIC`, Linux's `CLOCK_BOOTTIME`).
    public static func bootClock() -> Double {
        #if canImport(Darwin)
            return Double(clock_gettime_nsec_np(CLOCK_MONOTONIC)) / 1e9
        #else
            var time = timespec()
            clock_gettime(CLOCK_BOOTTIME, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        #endif
    }

    /// This boot's identity, the same in every process until the device restarts (Darwin's
    /// `kern.bootsessionuuid`, Linux's `/proc/sys/kernel/random/boot_id`).
    public static func currentBoot() throws -> String {
        #if canImport(Darwin)
            var size = 0
            guard sysctlbyname("kern.bootsessionuuid", nil, &size, nil, 0) == 0, size > 0 else {
                throw LeaseFileError(operation: "sysctl kern.bootsessionuuid", code: errno)
            }
            var buffer = [UInt8](repeating: 0, count: size)
            guard sysctlbyname("kern.bootsessionuuid", &buffer, &size, nil, 0) == 0 else {
                throw LeaseFileError(operation: "sysctl kern.bootsessionuuid", code: errno)
            }
            return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
        #else
            let path = "/proc/sys/kernel/random/boot_id"
            guard let data = FileManager.default.contents(atPath: path),
                let text = String(data: data, encoding: .utf8)
            else { throw LeaseFileError(operation: "read \(path)", code: ENOENT) }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        #endif
    }

    static func randomOwner() -> String {
        let value = UInt64.random(in: .min ... .max)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
