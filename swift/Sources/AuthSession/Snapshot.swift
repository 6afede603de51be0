// The durable session snapshot, in the Python runtime's format (`authsession.snapshot` version
// 3, its fields and their order; version 2, what releases before issue 21 wrote, is read too):
// what of a session survives the process being killed — a `logging_out` wipe in progress
// (invariant 5) and its scope, a session the server ended (`reauth_*`, with its account), owed
// work labels (invariant 3), a revocation owed (invariant 14), the last known account id, a save
// counter. Owns encoding it and reading it back; a snapshot that cannot be
// used is a `SnapshotProblem` and the session starts fresh (the keychain still knows the user).
// No secret, and no deadline, is ever in it. Must not depend on the host or the session.

import AuthSessionCore

public struct SessionSnapshot: Equatable, Sendable {
    public static let schema = "authsession.snapshot"
    public static let version = 3
    public static let maxBytes = 1 << 20
    public static let maxPendingWork = 10_000
    public static let maxAccountCharacters = 1000
    public static let maxLabelCharacters = 200

    public var state: State
    public var context: Context
    public var pendingWork: [String]
    /// `local` or `global`: the scope of the sign-out whose wipe is in progress.
    public var logoutScope: String
    public var account: String?
    public var sequence: Int

    /// Where a relaunched session starts: a wipe in progress and a session the server ended
    /// survive; everything else re-reads.
    public var restoredState: State {
        [.loggingOut, .reauthClearing, .reauthRequired].contains(state) ? state : .starting
    }

    /// The work a relaunch still owes: none for a user who signed out.
    public var restoredWork: [String] {
        [.loggingOut, .loggedOut].contains(restoredState) ? [] : pendingWork
    }

    public init(
        state: State, context: Context, pendingWork: [String], logoutScope: String = "local",
        account: String?, sequence: Int
    ) {
        self.state = state
        self.context = context
        self.pendingWork = pendingWork
        self.logoutScope = logoutScope
        self.account = account
        self.sequence = sequence
    }

    /// The bytes written: one JSON object and a newline.
    public var bytes: [UInt8] {
        let flags = JSONObject(
            context.flags.map { (key: $0.flag.rawValue, value: .bool($0.value)) })
        let object: JSONObject = [
            "schema": .string(SessionSnapshot.schema),
            "version": .number(Double(SessionSnapshot.version)),
            "state": .string(state.rawValue),
            "context": .object(flags),
            "pending_work": .array(pendingWork.map(JSONValue.string)),
            "logout_scope": .string(logoutScope),
            "account": account.map(JSONValue.string) ?? .null,
            "sequence": .number(Double(sequence)),
        ]
        return Array((JSONValue.object(object).compactText + "\n").utf8)
    }

    /// The snapshot in `data`, or the first problem with it.
    public init(parsing data: [UInt8]) throws(SnapshotProblem) {
        guard data.count <= SessionSnapshot.maxBytes else {
            throw SnapshotProblem("(file): larger than \(SessionSnapshot.maxBytes) bytes")
        }
        guard let text = String(validating: data, as: UTF8.self),
            let value = try? JSONValue(parsing: text), case .object(let object) = value
        else { throw SnapshotProblem("(root): not a JSON object") }
        guard object["schema"] == .string(SessionSnapshot.schema) else {
            throw SnapshotProblem("schema: not '\(SessionSnapshot.schema)'")
        }
        let version = object["version"]
        guard version == .number(2) || version == .number(Double(SessionSnapshot.version)) else {
            throw SnapshotProblem("version: this build reads 2, \(SessionSnapshot.version)")
        }
        guard case .string(let name) = object["state"], let state = State(rawValue: name) else {
            throw SnapshotProblem("state: not a state")
        }
        var context = Context()
        if case .object(let flags) = object["context"] {
            for flag in Flag.allCases {
                if case .bool(let on) = flags[flag.rawValue] { context[flag] = on }
            }
        }
        var work: [String] = []
        if let labels = object["pending_work"] {
            guard case .array(let items) = labels, items.count <= SessionSnapshot.maxPendingWork
            else { throw SnapshotProblem("pending_work: not a list of labels") }
            for item in items {
                guard case .string(let label) = item,
                    (1...SessionSnapshot.maxLabelCharacters).contains(label.count)
                else { throw SnapshotProblem("pending_work: not a work label") }
                work.append(label)
            }
        }
        var account: String?
        switch object["account"] {
        case nil, .null?: account = nil
        case .string(let id)? where id.count <= SessionSnapshot.maxAccountCharacters: account = id
        default: throw SnapshotProblem("account: not an account id")
        }
        var sequence = 0
        if let count = object["sequence"] {
            guard case .number(let number) = count, number >= 0, number == number.rounded(),
                number < 9e15
            else { throw SnapshotProblem("sequence: not a count") }
            sequence = Int(number)
        }
        var scope = "local"
        if version == .number(2) {
            // Version 2 said "a wipe is in progress" twice: one fact, kept once from version 3.
            let tombstone = object["logout_tombstone"] ?? .bool(false)
            guard tombstone == .bool(state == .loggingOut) else {
                throw SnapshotProblem(
                    "logout_tombstone: must be true exactly when state is logging_out")
            }
        } else {
            guard object["logout_tombstone"] == nil else {
                throw SnapshotProblem("(root): unknown field")
            }
            switch object["logout_scope"] {
            case nil: break
            case .string(let named)? where named == "local" || named == "global": scope = named
            default: throw SnapshotProblem("logout_scope: not a scope")
            }
        }
        self.init(
            state: state, context: context, pendingWork: work, logoutScope: scope,
            account: account, sequence: sequence)
    }
}

/// Why a stored snapshot cannot be used: `field: problem`, never a quote of the stored bytes.
public struct SnapshotProblem: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
