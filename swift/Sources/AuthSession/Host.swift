// The host: what each command of the table means in adapter calls, as the Python host
// (`authsession/runtime/host.py`) states it, call for call and in the same order. Owns the
// sampling of the protected-data signal (before *and* after a read; for a NotFound, for every
// class the item may be stored under; after a granted lease), the two timers on monotonic time
// (retry backoff, token expiry), the secret holder, and the guards that make every adapter
// failure that call's failure event: a keychain or authenticator that throws is
// `failed`/`transient`, a lease whose acquire throws is busy and a release that throws is
// ignored, a signal that throws says "unavailable", a clock that throws keeps its last reading, a
// work handler or notify callback that throws is counted and the rest goes on. It decides nothing
// the table decides.
// Must not depend on the session's loop or any adapter implementation.

import AuthSessionCore

/// The app's work handler: runs one owed label with the session token.
public typealias WorkHandler = (_ label: String, _ token: Secret) throws -> Void
/// Tells the user something they must act on.
public typealias NotifyHandler = (_ message: NotifyUserMessage) throws -> Void
/// Told of each unit of owed work handed back (`fail_work`): the label and why.
public typealias WorkFailedHandler = (_ label: String, _ reason: FailWorkReason) throws -> Void

/// A list that keeps only its newest `limit` entries (an app keeps one session for weeks).
public struct BoundedLog<Element: Sendable>: Sendable {
    public let limit: Int
    public private(set) var entries: [Element] = []

    public init(limit: Int) { self.limit = limit }

    mutating func append(_ element: Element) {
        entries.append(element)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
    }
}

final class Host {
    static let retry = HostRules.retryTimer
    static let tokenExpiry = HostRules.tokenTimer
    /// The revocation outbox's own timer: a change of state does not cancel it.
    static let revocation = HostRules.revocationTimer

    let keychain: any Keychain
    let lease: any RefreshLease
    let clock: any SessionClock
    let authenticator: any Authenticator
    let signal: any ProtectedDataSignal
    let config: SessionConfig
    let workHandler: WorkHandler?
    let onNotify: NotifyHandler?
    let outbox: any RevocationOutbox
    let revoker: any Revoker
    let onWorkFailed: WorkFailedHandler?
    /// The scope of the sign-out whose wipe is in progress (`local` or `global`).
    var logoutScope: String
    var revocationAttempt = 0
    let secrets = CredentialHolder()
    var account: String?
    var backoff: Backoff
    var attempt = 0
    /// The server's `Retry-After` on the last transient answer.
    var retryAfter: Double?
    /// Armed timers and their monotonic deadlines, in the order they were first armed.
    private(set) var timers: [(name: String, deadline: Double)] = []
    var pendingWork: [String]
    var completedWork: BoundedLog<String>
    var failedWork: BoundedLog<String>
    var notifications: BoundedLog<NotifyUserMessage>
    private var lastNow = 0.0
    /// The last reading was a finite number (a clock that throws or answers NaN or infinity
    /// vouches for no token).
    private var clockReadable = true
    private let itemClasses: [ProtectionClass]

    init(
        keychain: any Keychain, clock: any SessionClock, authenticator: any Authenticator,
        signal: any ProtectedDataSignal, config: SessionConfig, workHandler: WorkHandler?,
        onNotify: NotifyHandler?, pendingWork: [String], account: String?,
        lease: any RefreshLease, outbox: any RevocationOutbox, revoker: any Revoker,
        onWorkFailed: WorkFailedHandler?, logoutScope: String
    ) {
        self.keychain = keychain
        self.outbox = outbox
        self.revoker = revoker
        self.onWorkFailed = onWorkFailed
        self.logoutScope = logoutScope
        self.lease = lease
        self.clock = clock
        self.authenticator = authenticator
        self.signal = signal
        self.config = config
        self.workHandler = workHandler
        self.onNotify = onNotify
        self.pendingWork = pendingWork
        self.account = account
        backoff = Backoff(
            base: config.retryBase, cap: config.retryCap, jitter: config.retryJitter,
            seed: config.seed)
        completedWork = BoundedLog(limit: config.historyLimit)
        failedWork = BoundedLog(limit: config.historyLimit)
        notifications = BoundedLog(limit: config.historyLimit)
        var classes: [ProtectionClass] = []
        for protection in [config.protection] + config.earlierProtections
        where !classes.contains(protection) {
            classes.append(protection)
        }
        itemClasses = classes
    }

    // Facts the host samples -----------------------------------------------------------------

    /// The signal for the configured class; one that throws says "unavailable" (the cautious
    /// answer: nothing is read, nothing is concluded).
    func available() throws -> Bool {
        try guarded(false) { try signal.available() }
    }

    /// The signal for every class the item may be stored under (configured and earlier).
    func itemAvailable() throws -> Bool {
        if itemClasses.count == 1 { return try available() }
        return try guarded(false) {
            for protection in itemClasses where !(try signal.available(for: protection)) {
                return false
            }
            return true
        }
    }

    /// Monotonic time; a clock that throws, or answers a non-finite reading (NaN compares false
    /// with every deadline), keeps its last reading (timers fire late, never early, and nothing
    /// is decided on a made-up time).
    func now() throws -> Double {
        let reading = try guarded(Double.nan) { try clock.monotonic() }
        clockReadable = reading.isFinite
        if clockReadable { lastNow = reading }
        return lastNow
    }

    func deadline(_ name: String) -> Double? { timers.first { $0.name == name }?.deadline }

    func arm(_ name: String, at deadline: Double) {
        if let index = timers.firstIndex(where: { $0.name == name }) {
            timers[index].deadline = deadline
        } else {
            timers.append((name, deadline))
        }
    }

    func disarm(_ name: String) { timers.removeAll { $0.name == name } }

    /// Names of the timers whose deadline has passed, earliest first.
    func dueTimers() throws -> [String] {
        let now = try now()
        let due = timers.enumerated().filter { $0.element.deadline <= now }
        // Stable: ties keep the order the timers were armed in, as Python's `sorted`.
        return due.sorted {
            ($0.element.deadline, $0.offset) < ($1.element.deadline, $1.offset)
        }.map(\.element.name)
    }

    /// The event a due timer answers with, or nil if it is no longer armed or due.
    func fire(_ name: String) throws -> MachineEvent? {
        guard let deadline = deadline(name), !(deadline > (try now())) else { return nil }
        disarm(name)
        if name == Host.retry { return .retryDue(protectedDataAvailable: try available()) }
        if name == Host.revocation {
            return .revocationDue(protectedDataAvailable: try available())
        }
        return .tokenExpired
    }

    /// The user is here (a foreground) or protected data just became available: a revocation
    /// waiting for its backoff is tried now. The backoff curve is the host's, not the table's.
    func revocationDueNow() throws {
        guard let armed = deadline(Host.revocation) else { return }
        arm(Host.revocation, at: min(armed, try now()))
        revocationAttempt = 0
    }

    func accessToken() throws -> Secret? {
        guard let token = secrets.token, let deadline = deadline(Host.tokenExpiry),
            try now() < deadline, clockReadable
        else { return nil }
        return token
    }

    /// A retry armed for the state just left answers a question nobody asks any more.
    func stateChanged() {
        attempt = 0
        disarm(Host.retry)
    }

    /// The table signed the user out: drop every secret (but, while the wipe runs, what must
    /// still reach the revocation outbox), the token's timer, owed work (unless a `fail_work` of
    /// this step hands it back) and the account.
    func userGone(wiping: Bool, keepWork: Bool) {
        secrets.forget(wiping: wiping)
        disarm(Host.tokenExpiry)
        if !keepWork { pendingWork.removeAll() }
        account = nil
    }

    /// The server ended the session: drop every secret and the token's timer; the account and
    /// the work owed for it stay.
    func sessionEnded() {
        secrets.forget()
        disarm(Host.tokenExpiry)
    }

    // Commands ------------------------------------------------------------------------------

    /// Run `command`; return the event that answers it, if any.
    func execute(_ command: Command) throws -> MachineEvent? {
        switch command {
        case .readCredentials: return try read()
        case .authenticate: return try authenticate(secrets.forAuthentication())
        case .signIn: return try authenticate(secrets.typed)
        case .storeCredentials: return try store()
        case .deleteCredentials: return try delete()
        case .performWork: try performWork()
        case .scheduleRetry:
            var delay = backoff.delay(attempt: attempt)
            if let floor = retryAfter {
                delay = max(delay, floor)
                retryAfter = nil
            }
            attempt += 1
            arm(Host.retry, at: try now() + delay)
        case .notifyUser(let message):
            notifications.append(message)
            if let onNotify { _ = try guarded(()) { try onNotify(message) } }
        case .deferWork:
            // The labels are already queued in memory and, with a store, in the snapshot the
            // session saves right after the step (invariant 3 across a kill).
            break
        case .acquireLease: return try acquireLease()
        case .releaseLease:
            // Answered by nothing: a release that throws is nothing lost (the lease expires, or
            // the app's next process takes it).
            try guarded(()) { try lease.release() }
        case .queueRevocation: return try queueRevocation()
        case .revoke: return try revoke()
        case .scheduleRevocation:
            let delay = backoff.delay(attempt: revocationAttempt)
            revocationAttempt += 1
            arm(Host.revocation, at: try now() + delay)
        case .revokeOthers: return try revokeOthers()
        case .failWork(let reason): try failWork(reason)
        }
        return nil
    }

    private func failWork(_ reason: FailWorkReason) throws {
        while !pendingWork.isEmpty {
            let label = pendingWork.removeFirst()
            failedWork.append(label)
            if let onWorkFailed { _ = try guarded(()) { try onWorkFailed(label, reason) } }
        }
    }

    // Revocation --------------------------------------------------------------------------------

    private enum Outcome {
        case read(OutboxRead)
        case store(StoreResult)
        case revoke(RevokeResult)
        case pending([RevocationEntry])
    }

    /// Into the outbox: what a read just found and what the sign-out took out of the hand, each
    /// once, under the configured class.
    private func queueRevocation() throws -> MachineEvent {
        let found = secrets.toRevoke()
        if found.isEmpty { return .revocationQueued }
        let fresh = found.map {
            RevocationEntry(account: $0.account, token: $0.secret, scope: logoutScope)
        }
        let outcome = try guarded(Outcome.store(.failed(detail: "adapter raised"))) {
            () throws -> Outcome in
            let held = try outbox.read()
            guard case .pending(let entries) = held else { return .read(held) }
            let queued = Set(entries.map { $0.token.reveal() })
            var merged = entries + fresh.filter { !queued.contains($0.token.reveal()) }
            if merged.count > maxOutboxEntries {
                merged.removeFirst(merged.count - maxOutboxEntries)
            }
            if merged == entries { return .store(.stored) }
            return .store(try outbox.write(merged, protection: config.protection))
        }
        switch outcome {
        case .store(.stored):
            secrets.queued()
            return .revocationQueued
        case .read(.unavailable), .store(.unavailable):
            return .revocationQueueUnavailable(protectedDataAvailable: try available())
        default: return .revocationQueueFailed
        }
    }

    /// The outbox's first token to the revocation endpoint — nowhere else — then out of the
    /// outbox once the endpoint answered for good.
    private func revoke() throws -> MachineEvent {
        let outcome = try guarded(Outcome.store(.failed(detail: "adapter raised"))) {
            () throws -> Outcome in
            let held = try outbox.read()
            guard case .pending(let entries) = held else { return .read(held) }
            guard let first = entries.first else { return .pending([]) }
            let rest = Array(entries.dropFirst())
            let verdict = try revoker.revoke(
                RevocationRequest(account: first.account, token: first.token, scope: first.scope))
            if case .transient = verdict { return .revoke(verdict) }
            let written = try outbox.write(rest, protection: config.protection)
            if case .stored = written { return .pending(rest) }
            return .store(written)
        }
        switch outcome {
        case .pending(let rest):
            revocationAttempt = 0
            return .revocationCompleted(
                protectedDataAvailable: try available(), moreQueued: !rest.isEmpty)
        case .read(.unavailable), .store(.unavailable): return .revocationUnavailable
        default: return .revocationFailed
        }
    }

    private func revokeOthers() throws -> MachineEvent {
        guard let token = secrets.token, let account else { return .othersRevocationFailed }
        let request = RevocationRequest(
            account: account, token: token, scope: "others", tokenTypeHint: "access_token")
        let result = try guarded(RevokeResult.transient(detail: "adapter raised")) {
            try revoker.revoke(request)
        }
        if case .revoked = result { return .othersRevoked }
        return .othersRevocationFailed
    }

    private func acquireLease() throws -> MachineEvent {
        // A lease storage that throws is "busy": wait and try again, never refresh blind.
        guard try guarded(false, { try lease.acquire() }) else { return .leaseBusy }
        return .leaseAcquired(protectedDataAvailable: try available())
    }

    private func read() throws -> MachineEvent {
        let before = try available()
        let itemBefore = try itemAvailable()
        let result = try guarded(ReadResult.failed(detail: "adapter raised")) {
            try keychain.read()
        }
        let available = try before && self.available()
        switch result {
        case .found(let credentials):
            account = credentials.account
            let elsewhere = secrets.found(credentials)
            return .keychainFound(protectedDataAvailable: available, rotatedElsewhere: elsewhere)
        case .notFound:
            // Authoritative only if every class the item may be under was readable before and
            // after the read (an earlier version may have used a stricter one; iOS may answer
            // -25300 for a locked item).
            let absent = try itemBefore && itemAvailable()
            return .keychainNotFound(protectedDataAvailable: absent)
        case .unavailable: return .keychainUnavailable(protectedDataAvailable: available)
        case .secretLost(let cause, _):
            return .keychainSecretLost(protectedDataAvailable: available, cause: cause)
        case .failed: return .keychainFailed(protectedDataAvailable: available)
        }
    }

    private func authenticate(_ credentials: Credentials?) throws -> MachineEvent {
        // The table authenticates only right after a read found credentials or while some are in
        // hand; with neither, no request can be sent (F4), which says nothing about the user.
        guard let credentials else { return .authTransient }
        secrets.sending(credentials)
        let result = try guarded(AuthResult.transient(detail: "adapter raised")) {
            try authenticator.authenticate(credentials)
        }
        switch result {
        case .accepted(let token, let expiresIn, let refresh):
            account = credentials.account
            let rotated = secrets.accepted(credentials, token: token, refresh: refresh)
            // A token that lives no longer than the leeway would never count as valid.
            let leeway = min(config.tokenLeeway, expiresIn * HostRules.tokenLeewayMaxFraction)
            arm(Host.tokenExpiry, at: try now() + expiresIn - leeway)
            return .authAccepted(rotated: rotated)
        case .rejected:
            secrets.refused(credentials)
            return .authRejected(protectedDataAvailable: try available())
        case .transient(_, let retryAfter):
            secrets.refused(credentials)
            self.retryAfter = retryAfter
            return .authTransient
        }
    }

    private func store() throws -> MachineEvent {
        guard let credentials = secrets.inHand else { return .storeCompleted }
        let result = try guarded(StoreResult.failed(detail: "adapter raised")) {
            try keychain.store(credentials, protection: config.protection)
        }
        switch result {
        case .stored:
            secrets.stored(credentials)
            return .storeCompleted
        case .unavailable: return .storeUnavailable(protectedDataAvailable: try available())
        case .failed: return .storeFailed
        }
    }

    private func delete() throws -> MachineEvent {
        let result = try guarded(DeleteResult.failed(detail: "adapter raised")) {
            try keychain.delete()
        }
        switch result {
        case .deleted: return .deleteCompleted
        case .unavailable: return .deleteUnavailable(protectedDataAvailable: try available())
        case .failed: return .deleteFailed
        }
    }

    private func performWork() throws {
        let token = secrets.token
        while !pendingWork.isEmpty {
            let label = pendingWork.removeFirst()
            if let workHandler, let token {
                // The app's own work failed; the session did its part. Later labels run.
                let done = try guarded(false) {
                    try workHandler(label, token)
                    return true
                }
                if !done {
                    failedWork.append(label)
                    continue
                }
            }
            completedWork.append(label)
        }
    }
}
