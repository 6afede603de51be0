// The durable session snapshot, in the Python runtime's format (`authsession.snapshot` version
// 2, its fields and their order): what of a session survives the process being killed — a
// `logging_out` tombstone (invariant 5), owed work labels (invariant 3), the last known account id
// for display, a save counter. Owns encoding it and reading it back; a snapshot that cannot be
// used is a `SnapshotProblem` and the session starts fresh (the keychain still knows the user).
// No secret, and no deadline, is ever in it. Must not depend on the host or the session.

import AuthSessionCore

public struct SessionSnapshot: Equatable, Sendable {
    public static let schema = "authsession.snapshot"
    public static let version = 2
    public static let maxBytes = 1 << 20
    public static let maxPendingWork = 10_000
    public static let maxAccountCharacters = 1000
    public static let maxLabelCharacters = 200

    public var state: State
    public var context: Context
    public var pendingWork: [String]
    public var account: String?
    public var sequence: Int

    public var logoutTombstone: Bool { state == .loggingOut }

    /// Where a relaunched session starts: the tombstone survives, everything else re-reads.
    public var restoredState: State { logoutTombstone ? .loggingOut : .starting }

    public init(
        state: State, context: Context, pendingWork: [String], account: String?, sequence: Int
    ) {
        self.state = state
        self.context = context
        self.pendingWork = pendingWork
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
            "logout_tombstone": .bool(logoutTombstone),
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
        guard object["version"] == .number(Double(SessionSnapshot.version)) else {
            throw SnapshotProblem("version: this build reads \(SessionSnapshot.version)")
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
        let tombstone = object["logout_tombstone"] ?? .bool(false)
        guard tombstone == .bool(state == .loggingOut) else {
            throw SnapshotProblem(
                "logout_tombstone: must be true exactly when state is logging_out")
        }
        self.init(
            state: state, context: context, pendingWork: work, account: account, sequence: sequence)
    }
}

/// Why a stored snapshot cannot be used: `field: problem`, never a quote of the stored bytes.
public struct SnapshotProblem: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
