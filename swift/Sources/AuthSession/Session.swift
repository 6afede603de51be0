// `AuthSession`: the generated core bound to adapters — a host that executes, never decides.
// Owns the public API (what the app tells it: launch, login, logout, request work, foreground,
// the two protected-data notifications, a change of the shared store, poll; what the app reads: state, user presence, access
// token), the event queue (FIFO: a call made from inside a step — a work handler calling back —
// is queued behind it, never re-entered), the loop that runs an operation to its end exactly as
// the Python session's `Run` does (a step's commands, then their answers, then anything queued;
// the snapshot saved after each step and once at the end if something durable changed), and the
// step observer. Which commands run is the table's alone (AuthSessionCore).
//
// One serial executor: a session is not `Sendable`; use it from one thread, actor or serial
// queue (the main actor in an app: every UIKit callback arrives there).
// Must not depend on any adapter implementation.

import AuthSessionCore

/// What an app can tell a session, as values.
public enum Operation: Sendable {
    case launch
    case login(account: String, password: Secret)
    /// `scope`: `local` (this session), `global` (every session of the user) or `others` (every
    /// other session: nothing here changes).
    case logout(scope: String = "local")
    /// Something says the session may have been revoked (a silent push from the app's backend).
    case revocationHint
    case requestWork(label: String)
    case foreground
    case protectedDataDidBecomeAvailable
    case protectedDataWillBecomeUnavailable
    /// Another process of the app stored credentials or gave the refresh lease back.
    case sharedStoreChanged
    case poll
}

/// Who the user is now, as an app shows it (no secrets): the state, whether a user is present
/// (`unknown`: not known yet — never a guess), the reason of the step that made it so (nil
/// before the first step), the account, and the screen the state calls for.
public struct SessionView: Sendable, Equatable {
    public let state: State
    public let userPresent: UserPresence
    public let reason: String?
    public let account: String?
    /// `signed_in`, `sign_in`, `sign_in_again` or `unlock_to_continue`.
    public let screen: String

    init(state: State, reason: String?, account: String?) {
        self.state = state
        userPresent = state.userPresent
        self.reason = reason
        self.account = account
        screen = SessionView.screen(of: state)
    }

    /// The screen of a state (`spec.json`'s `screen`): a user, the sign-in screen, "sign in
    /// again" (the server ended the session), or "unlock to continue" (not known yet).
    public static func screen(of state: State) -> String {
        switch state.userPresent {
        case .yes: return "signed_in"
        case .unknown: return "unlock_to_continue"
        case .no:
            return state == .reauthClearing || state == .reauthRequired
                ? "sign_in_again" : "sign_in"
        }
    }
}

/// One step as the app may report it: no secrets.
public struct StepRecord: Sendable {
    public let event: MachineEvent
    public let step: Step
    /// The session held credentials it had not stored yet when the event arrived (invariant 9).
    public let inHand: Bool
}

public final class AuthSession {
    /// Owed work labels the snapshot holds; `requestWork` refuses more (invariant 3).
    public static let maxPendingWork = SessionSnapshot.maxPendingWork

    private var core: SessionCore
    private let host: Host
    private let store: (any SnapshotStore)?
    private var sequence: Int
    private var saved: SavedKey?
    private var queue: [() throws -> (MachineEvent?, Credentials?, Bool)] = []
    private var active = false
    /// Steps taken since this object was created.
    public private(set) var stepCount = 0
    /// Told of every step, as it is taken.
    public var onStep: ((StepRecord) -> Void)?
    /// Who the user is now (what `subscribe` tells).
    public private(set) var view: SessionView
    private var subscribers: [(id: Int, callback: (SessionView) -> Void)] = []
    private var nextSubscriber = 0
    /// Why a stored snapshot was not used (the session started fresh), else nil.
    public private(set) var snapshotProblem: SnapshotProblem?

    private struct SavedKey: Equatable {
        let state: State
        let context: Context
        let pendingWork: [String]
        let account: String?
        let logoutScope: String
    }

    /// `lease`: the refresh lease the app's processes share (`AppGroupFileLease` in an app and
    /// its extensions; default `SoloLease`, an app of one process). `store`: save the durable
    /// snapshot there and restore from what it holds. Throws
    /// `ConfigurationError` for settings that lower security unasked, and a `ProcessEnding`
    /// from the store's load; any other problem with the snapshot starts the session fresh.
    public init(
        keychain: any Keychain, clock: any SessionClock, authenticator: any Authenticator,
        protectedData: any ProtectedDataSignal, config: SessionConfig = SessionConfig(),
        workHandler: WorkHandler? = nil, onNotify: NotifyHandler? = nil,
        store: (any SnapshotStore)? = nil, lease: any RefreshLease = SoloLease(),
        outbox: any RevocationOutbox = MemoryOutbox(),
        revoker: any Revoker = NoRevocationEndpoint(),
        onWorkFailed: WorkFailedHandler? = nil
    ) throws {
        if let problem = config.problem { throw ConfigurationError(description: problem) }
        var snapshot: SessionSnapshot?
        if let store {
            do {
                if let data = try store.load() { snapshot = try SessionSnapshot(parsing: data) }
            } catch let ending as any ProcessEnding {
                throw ending
            } catch let problem as SnapshotProblem {
                snapshotProblem = problem
            } catch {
                snapshotProblem = SnapshotProblem("(file): cannot read: \(type(of: error))")
            }
        }
        self.store = store
        sequence = snapshot?.sequence ?? 0
        let work = snapshot?.restoredWork ?? []
        let revoking = snapshot?.context[.revocationPending] ?? false
        let state = snapshot?.restoredState ?? Spec.initialState
        core = SessionCore(
            state: state,
            context: Context([.workPending: !work.isEmpty, .revocationPending: revoking]))
        host = Host(
            keychain: keychain, clock: clock, authenticator: authenticator, signal: protectedData,
            config: config, workHandler: workHandler, onNotify: onNotify, pendingWork: work,
            account: snapshot?.account, lease: lease, outbox: outbox, revoker: revoker,
            onWorkFailed: onWorkFailed, logoutScope: snapshot?.logoutScope ?? "local")
        // A revocation owed before the kill is owed now: due at once (no clock is read here).
        if revoking { host.arm(Host.revocation, at: 0) }
        view = SessionView(state: state, reason: nil, account: snapshot?.account)
    }

    /// Call `callback` now with the current view — which may say "not known yet", never a
    /// guess — and then once on every change of the state or the account, with the reason of
    /// the step that made it. Returns the function that unsubscribes.
    @discardableResult
    public func subscribe(_ callback: @escaping (SessionView) -> Void) -> () -> Void {
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers.append((id, callback))
        callback(view)
        return { [weak self] in self?.subscribers.removeAll { $0.id == id } }
    }

    // What the app reads ---------------------------------------------------------------------

    public var state: State { core.state }
    /// `yes`, `no` or `unknown` — never `no` while the credentials can't be read.
    public var userPresent: UserPresence { core.userPresent }
    public var context: Context { core.context }
    public var pendingWork: [String] { host.pendingWork }
    public var completedWork: [String] { host.completedWork.entries }
    public var failedWork: [String] { host.failedWork.entries }
    public var notifications: [NotifyUserMessage] { host.notifications.entries }
    /// The last known account id (not a secret); nil once the user is gone.
    public var account: String? { host.account }
    /// Credentials in hand that are not stored yet (the table's `store_pending`).
    public var credentialsInHand: Bool { core.context[.storePending] }
    /// Armed timers (`retry`, `token_expiry`) and their monotonic deadlines, oldest armed first.
    public var timers: [(name: String, deadline: Double)] { host.timers }
    /// Monotonic time at which `poll()` next has something to do.
    public var nextDeadline: Double? { host.timers.map(\.deadline).min() }

    /// The session token while it is valid (monotonic time, and no revocation hint since), else
    /// nil.
    public func accessToken() throws -> Secret? {
        guard core.context[.tokenValid] else { return nil }
        return try host.accessToken()
    }

    /// Everything that decides this session's future, without secrets or times, in the Python
    /// session's `fingerprint()` layout: state, flags, owed work (none/some), armed timers, a
    /// retry counted, filled secret slots, account known.
    public var fingerprint: JSONValue {
        .array([
            .string(core.state.rawValue),
            .array(core.context.flags.map { .bool($0.value) }),
            .bool(!host.pendingWork.isEmpty),
            .array(host.timers.map(\.name).sorted().map(JSONValue.string)),
            .number(Double(min(host.attempt, 1))),
            .array(host.secrets.fingerprint.map(JSONValue.bool)),
            .bool(host.account != nil),
        ])
    }

    public var snapshot: SessionSnapshot {
        let account = host.account.flatMap {
            // Only for display: an id too long for the file is left out rather than failing.
            $0.count <= SessionSnapshot.maxAccountCharacters ? $0 : nil
        }
        return SessionSnapshot(
            state: core.state, context: core.context, pendingWork: host.pendingWork,
            logoutScope: host.logoutScope, account: account, sequence: sequence)
    }

    // What the app tells it ------------------------------------------------------------------
    // Each returns the step its own event took, or nil when called from inside a step (queued).
    // Only a `ProcessEnding` thrown by an adapter leaves them.

    /// The process started (any launch mode, prewarm included).
    @discardableResult public func launch() throws -> Step? { try run(.launch) }

    /// The user typed credentials; they are stored only once the server accepts them.
    @discardableResult public func login(account: String, password: Secret) throws -> Step? {
        try run(.login(account: account, password: password))
    }

    /// The user signs out: `local` or `global` (signed out at once whatever the network does; the
    /// refresh token is revoked from the outbox once it can be), or `others` (nothing here
    /// changes).
    @discardableResult public func logout(scope: String = "local") throws -> Step? {
        try run(.logout(scope: scope))
    }

    /// Something says the session may have been revoked: the access token is no longer trusted
    /// and a refresh confirms. The hint alone ends nothing.
    @discardableResult public func revocationHint() throws -> Step? { try run(.revocationHint) }

    /// Ask for something that needs an authenticated server call (sync, background fetch).
    @discardableResult public func requestWork(_ label: String = "work") throws -> Step? {
        try run(.requestWork(label: label))
    }

    /// The app came to the foreground: iOS may never deliver the did-become-available
    /// notification to a suspended app, so the table re-checks here (invariant 10).
    @discardableResult public func foreground() throws -> Step? { try run(.foreground) }

    @discardableResult public func protectedDataDidBecomeAvailable() throws -> Step? {
        try run(.protectedDataDidBecomeAvailable)
    }

    @discardableResult public func protectedDataWillBecomeUnavailable() throws -> Step? {
        try run(.protectedDataWillBecomeUnavailable)
    }

    /// Another process of the app stored credentials or gave the refresh lease back (a Darwin
    /// notification, a file observer on the app group's container): a refresh waiting for the
    /// lease tries now, with what the other process stored.
    @discardableResult public func sharedStoreChanged() throws -> Step? {
        try run(.sharedStoreChanged)
    }

    /// Fire every timer whose monotonic deadline has passed.
    @discardableResult public func poll() throws -> Step? { try run(.poll) }

    /// Submit `operation` and drive it to its end, every adapter call on the spot.
    @discardableResult public func run(_ operation: Operation) throws -> Step? {
        if active {
            try enqueue(operation)
            return nil
        }
        active = true
        defer { active = false }
        try enqueue(operation)
        var commands: [Command] = []
        // Answers to this run's commands go before anything queued from outside: a command's
        // answer belongs to the state that asked for it.
        var answers: [MachineEvent] = []
        var saveDue = false
        var closingSave = true
        var result: Step?
        while true {
            if saveDue {
                saveDue = false
                try save()
            }
            if !commands.isEmpty {
                if let answer = try host.execute(commands.removeFirst()) { answers.append(answer) }
                continue
            }
            if !answers.isEmpty || !queue.isEmpty {
                let (event, typed, own) =
                    answers.isEmpty
                    ? try queue.removeFirst()() : (answers.removeFirst(), nil, false)
                if let event {
                    let step = apply(event, typed: typed)
                    if own { result = step }
                    saveDue = true
                    commands.append(contentsOf: step.commands)
                }
                continue
            }
            if closingSave {
                // Once per run: what the commands changed (work done, account).
                closingSave = false
                try save()
                continue
            }
            return result
        }
    }

    // The loop -------------------------------------------------------------------------------

    private func enqueue(_ operation: Operation) throws {
        let host = self.host
        switch operation {
        case .foreground, .protectedDataDidBecomeAvailable:
            // The user is here, or the outbox's class just became readable: a revocation waiting
            // for its backoff is tried now.
            try host.revocationDueNow()
        default: break
        }
        switch operation {
        case .poll, .requestWork, .foreground:
            // Due timers first: a token that expired since the last poll must not look valid
            // (F13), and a resumed process fires what fell due while it was suspended.
            for name in try host.dueTimers() {
                queue.append { (try host.fire(name), nil, false) }
            }
        case .protectedDataDidBecomeAvailable:
            if try host.dueTimers().contains(Host.revocation) {
                queue.append { (try host.fire(Host.revocation), nil, false) }
            }
        default: break
        }
        switch operation {
        case .launch:
            queue.append { (.appLaunched(protectedDataAvailable: try host.available()), nil, true) }
        case .login(let account, let password):
            let typed = Credentials(account: account, secret: password)
            queue.append {
                // A fact for the table: is this the account whose session the server ended?
                let same = host.account != nil && typed.account == host.account
                return (.loginRequested(sameAccount: same), typed, true)
            }
        case .logout(let scope) where scope == "others":
            queue.append { (.logoutOthersRequested, nil, true) }
        case .logout(let scope):
            queue.append { [unowned self] in
                if self.core.state != .loggingOut {
                    host.logoutScope = scope == "global" ? "global" : "local"
                }
                return (.logoutRequested(protectedDataAvailable: try host.available()), nil, true)
            }
        case .revocationHint:
            queue.append {
                (.revocationHint(protectedDataAvailable: try host.available()), nil, true)
            }
        case .requestWork(let label):
            queue.append {
                // Every owed label must survive a kill, and the snapshot holds this many: beyond
                // it the request is refused rather than silently dropped later.
                guard host.pendingWork.count < AuthSession.maxPendingWork else {
                    return (nil, nil, true)
                }
                host.pendingWork.append(label)
                return (.workRequested(protectedDataAvailable: try host.available()), nil, true)
            }
        case .foreground:
            queue.append {
                (.appForegrounded(protectedDataAvailable: try host.available()), nil, true)
            }
        case .protectedDataDidBecomeAvailable:
            queue.append { (.protectedDataBecameAvailable, nil, true) }
        case .protectedDataWillBecomeUnavailable:
            queue.append { (.protectedDataWillBecomeUnavailable, nil, true) }
        case .sharedStoreChanged:
            queue.append {
                (.sharedStoreChanged(protectedDataAvailable: try host.available()), nil, true)
            }
        case .poll: break
        }
    }

    private func apply(_ event: MachineEvent, typed: Credentials?) -> Step {
        let inHand = core.context[.storePending]
        let step = core.step(event)
        if case .loginRequested = event {
            // The login step decides whether the typed credentials are used; a secret is held
            // no longer than that decision needs it.
            host.secrets.typedIn(step.commands.contains(.signIn) ? typed : nil)
        }
        stepCount += 1
        if step.changed { host.stateChanged() }
        if step.state == .loggedOut || step.state == .loggingOut {
            let handsBack = step.commands.contains {
                if case .failWork = $0 { true } else { false }
            }
            host.userGone(wiping: step.state == .loggingOut, keepWork: handsBack)
        } else if (step.state == .reauthClearing || step.state == .reauthRequired) && step.changed {
            host.sessionEnded()
        }
        if step.state != view.state || host.account != view.account {
            // A change of who the user is: every subscriber is told, with the step's reason.
            view = SessionView(state: step.state, reason: step.reason, account: host.account)
            for subscriber in subscribers { subscriber.callback(view) }
        }
        onStep?(StepRecord(event: event, step: step, inHand: inHand))
        return step
    }

    /// Save the snapshot if a store is given and something durable changed since the last
    /// successful save. A save that fails is tried again by the next step (a full disk must not
    /// stop the session).
    private func save() throws {
        guard let store else { return }
        let key = SavedKey(
            state: core.state, context: core.context, pendingWork: host.pendingWork,
            account: host.account, logoutScope: host.logoutScope)
        if key == saved { return }
        sequence += 1
        let data = snapshot.bytes
        if try guarded(
            false,
            {
                try store.save(data)
                return true
            })
        {
            saved = key
        }
    }
}
