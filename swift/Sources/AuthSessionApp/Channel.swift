// This process's end of the `authsession.app/1` pipe: one world line at a time from stdin, one
// app line at a time to stdout, adapter calls numbered from 1 per process, each answer checked
// against the call it answers. A line that breaks the protocol is a `ProtocolFailure` naming the
// line number and the field (never quoting the line: it may hold a secret). Once the world has
// ended this process (a kill: a `hello` in place of an answer; or the pipe closed), the channel
// is dead: nothing more is written, and every later call throws the same ending — so a kill met
// below an API that cannot throw (the Security shim answers a status) still ends the callback
// at the next call, and nothing of the dead process reaches the world. Owns reading fields of a
// world line too. Must not know the session or any adapter.

import AuthSession
import AuthSessionCore
import Foundation

/// Longest line either way (a snapshot in base64 fits).
let maxLineBytes = 2 * 1024 * 1024

/// The world broke the protocol: the process ends with this one line on stderr, exit 2.
struct ProtocolFailure: ProcessEnding, CustomStringConvertible {
    let description: String
}

/// The world closed the pipe while this process waited: it is over.
struct WorldEnded: ProcessEnding {}

/// A `hello` came in place of an answer: this process was killed mid-call, and starts afresh.
struct Restart: ProcessEnding {
    let hello: JSONObject
}

/// The world answered `raised`: the adapter threw (the host makes it that call's failure).
struct AdapterRaised: Error {}

final class Channel {
    private(set) var line = 0
    private var calls = 0
    /// Runs before each adapter call.
    var beforeCall: (() -> Void)?
    /// How the world ended this process, once it has.
    private(set) var ended: (any ProcessEnding)?

    /// A fresh process (a `hello`): calls count from 1 again.
    func reset() {
        calls = 0
        ended = nil
    }

    /// The next world line as an object (nil: the world closed the pipe).
    func read() throws(ProtocolFailure) -> JSONObject? {
        guard let text = readLine(strippingNewline: true) else { return nil }
        line += 1
        if text.utf8.count > maxLineBytes {
            throw fail("(line)", "longer than \(maxLineBytes) bytes")
        }
        guard let value = try? JSONValue(parsing: text) else { throw fail("(line)", "not JSON") }
        guard case .object(let object) = value else { throw fail("(line)", "not a JSON object") }
        return object
    }

    func fail(_ field: String, _ problem: String) -> ProtocolFailure {
        ProtocolFailure(description: "stdin:\(line): \(field): \(problem)")
    }

    func send(_ members: [(key: String, value: JSONValue)]) {
        if ended != nil { return }  // the process is dead: the world hears nothing more
        FileHandle.standardOutput.write(
            Data((JSONValue.object(JSONObject(members)).compactText + "\n").utf8))
    }

    /// Runs `body`; an ending it throws (a kill, the pipe closed, a malformed answer) also
    /// ends the channel — for a caller that may not be able to pass it on (the Security shim).
    func ending<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let ending as any ProcessEnding {
            if ended == nil { ended = ending }
            throw ending
        }
    }

    /// One adapter call; the world's answer (`AdapterRaised` if the adapter threw).
    func call(_ adapter: String, _ op: String, _ fields: [(key: String, value: JSONValue)] = [])
        throws -> Fields
    {
        if let ended { throw ended }
        beforeCall?()
        calls += 1
        send(
            [("call", .number(Double(calls))), ("adapter", .string(adapter)), ("op", .string(op))]
                + fields)
        guard let answer = try read() else {
            ended = WorldEnded()
            throw WorldEnded()
        }
        if let hello = answer["hello"] {
            guard case .object(let body) = hello else { throw fail("hello", "not an object") }
            let restart = Restart(hello: body)
            ended = restart
            throw restart
        }
        let fields = Fields(answer, channel: self)
        let re = try fields.count("re")
        if re != calls { throw fail("re", "answers call \(re), expected \(calls)") }
        if answer["raised"] != nil {
            guard answer["raised"] == .bool(true) else { throw fail("raised", "must be true") }
            throw AdapterRaised()
        }
        return fields
    }
}

/// The fields of one world line, read with the line's number in every problem.
struct Fields {
    let object: JSONObject
    let channel: Channel
    /// Where these fields sit in the line (`hello.`, `hello.item.`), named in every problem.
    let path: String

    init(_ object: JSONObject, channel: Channel, path: String = "") {
        self.object = object
        self.channel = channel
        self.path = path
    }

    /// A problem with the field `key` of these fields.
    func fail(_ key: String, _ problem: String) -> ProtocolFailure {
        channel.fail(path + key, problem)
    }

    subscript(key: String) -> JSONValue? { object[key] }

    /// A key these fields do not name is the world's mistake, refused as the Python side
    /// refuses it (its models forbid extra keys): never silently ignored.
    func only(_ known: Set<String>) throws(ProtocolFailure) {
        if let extra = object.keys.first(where: { !known.contains($0) }) {
            throw fail(extra, "unknown field")
        }
    }

    func string(_ key: String) throws(ProtocolFailure) -> String {
        guard case .string(let text)? = object[key] else { throw missing(key, "a string") }
        return text
    }

    func optionalString(_ key: String) throws(ProtocolFailure) -> String? {
        if object[key] == nil || object[key] == .null { return nil }
        return try string(key)
    }

    func bool(_ key: String) throws(ProtocolFailure) -> Bool {
        guard case .bool(let flag)? = object[key] else { throw missing(key, "a boolean") }
        return flag
    }

    func number(_ key: String) throws(ProtocolFailure) -> Double {
        guard case .number(let value)? = object[key], value.isFinite else {
            throw missing(key, "a number")
        }
        return value
    }

    func optionalNumber(_ key: String) throws(ProtocolFailure) -> Double? {
        if object[key] == nil || object[key] == .null { return nil }
        return try number(key)
    }

    func count(_ key: String) throws(ProtocolFailure) -> Int {
        let value = try number(key)
        guard value >= 1, value == value.rounded(), value <= 9_007_199_254_740_992 else {
            throw fail(key, "not a count")
        }
        return Int(value)
    }

    func protection(_ key: String) throws(ProtocolFailure) -> ProtectionClass {
        guard let known = ProtectionClass(rawValue: try string(key)) else {
            throw fail(key, "unknown protection class")
        }
        return known
    }

    func nested(_ key: String) throws(ProtocolFailure) -> Fields? {
        switch object[key] {
        case nil, .null?: return nil
        case .object(let inner)?: return Fields(inner, channel: channel, path: "\(path)\(key).")
        default: throw missing(key, "an object")
        }
    }

    func base64(_ key: String) throws(ProtocolFailure) -> [UInt8]? {
        guard let text = try optionalString(key) else { return nil }
        guard let data = Data(base64Encoded: text) else { throw fail(key, "not base64") }
        return Array(data)
    }

    private func missing(_ key: String, _ kind: String) -> ProtocolFailure {
        fail(key, object[key] == nil ? "missing" : "not \(kind)")
    }
}
