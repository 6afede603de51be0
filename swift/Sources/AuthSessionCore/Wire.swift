// How an event's or command's fields cross the wire: the field types the spec uses (booleans,
// strings, string enums, optionals of those), decoded with the Python reference's rules (its
// pydantic models) and encoded as its `model_dump(mode="json")`. The generated `MachineEvent` and
// `Command` code calls these; owns no field of its own.
// Problems name the field, never the value: whatever was sent could be a secret.
// Must not depend on the interpreter or the port protocol.

/// One wire problem: `field: problem`, one line.
public struct WireError: Error, Equatable, CustomStringConvertible, Sendable {
    public let field: String
    public let problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field): \(problem)" }
}

/// What a field value failed as (the caller adds which field).
public struct WireProblem: Error, Sendable {
    public let problem: String
    public init(_ problem: String) { self.problem = problem }
}

/// A type an event or command field can have.
public protocol WireField: Sendable {
    /// The value from JSON; `strict` is pydantic's strict mode (only booleans differ).
    static func decode(_ value: JSONValue, strict: Bool) throws(WireProblem) -> Self
    /// The value as `model_dump(mode="json")` writes it.
    var wire: JSONValue { get }
}

extension Bool: WireField {
    /// pydantic's boolean: `true`/`false`; lax mode also takes 0/1 and the usual words.
    public static func decode(_ value: JSONValue, strict: Bool) throws(WireProblem) -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .number(let number) where !strict && (number == 0 || number == 1): return number == 1
        case .string(let text) where !strict:
            switch text.lowercased() {
            case "0", "off", "f", "false", "n", "no": return false
            case "1", "on", "t", "true", "y", "yes": return true
            default: break
            }
        default: break
        }
        throw WireProblem("not a boolean")
    }

    public var wire: JSONValue { .bool(self) }
}

extension String: WireField {
    public static func decode(_ value: JSONValue, strict: Bool) throws(WireProblem) -> String {
        guard case .string(let text) = value else { throw WireProblem("not a string") }
        return text
    }

    public var wire: JSONValue { .string(self) }
}

extension Optional: WireField where Wrapped: WireField {
    public static func decode(_ value: JSONValue, strict: Bool) throws(WireProblem) -> Wrapped? {
        if case .null = value { return nil }
        return try Wrapped.decode(value, strict: strict)
    }

    public var wire: JSONValue { map(\.wire) ?? .null }
}

/// A closed set of strings on the wire (a spec name, a `StrEnum`, a `Literal`).
public protocol WireEnum: WireField, RawRepresentable, CaseIterable where RawValue == String {}

extension WireEnum {
    public static func decode(_ value: JSONValue, strict: Bool) throws(WireProblem) -> Self {
        guard case .string(let text) = value else { throw WireProblem("not a string") }
        guard let known = Self(rawValue: text) else { throw WireProblem("unknown value") }
        return known
    }

    public var wire: JSONValue { .string(rawValue) }
}

/// A JSON object being read as one event, command or protocol message.
public struct WireObject: Sendable {
    public let object: JSONObject
    /// Where this object is (`""` at the top, else e.g. `app_launched` or `reset`).
    public let path: String

    public init(_ value: JSONValue, path: String = "") throws(WireError) {
        guard case .object(let object) = value else {
            throw WireError(field: path.isEmpty ? "(root)" : path, problem: "not a JSON object")
        }
        self.object = object
        self.path = path
    }

    private init(object: JSONObject, path: String) {
        self.object = object
        self.path = path
    }

    /// The same object, its fields now named under `path` in problems.
    public func scoped(_ path: String) -> WireObject { WireObject(object: object, path: path) }

    private func name(_ field: String) -> String { path.isEmpty ? field : "\(path).\(field)" }

    /// The discriminator: which event or command this object is.
    public func tag(_ field: String) throws(WireError) -> String {
        guard let value = object[field] else {
            throw WireError(field: name(field), problem: "missing")
        }
        guard case .string(let text) = value else {
            throw WireError(field: name(field), problem: "not a string")
        }
        return text
    }

    /// Refuse fields the model does not have (pydantic's `extra="forbid"`).
    public func only(_ allowed: Set<String>) throws(WireError) {
        if object.keys.contains(where: { !allowed.contains($0) }) {
            throw WireError(field: path.isEmpty ? "(root)" : path, problem: "unexpected field")
        }
    }

    public func required<T: WireField>(_ field: String, strict: Bool = true) throws(WireError) -> T
    {
        guard let value = object[field] else {
            throw WireError(field: name(field), problem: "missing")
        }
        return try decode(field, value, strict: strict)
    }

    public func optional<T: WireField>(_ field: String, default: T, strict: Bool = true)
        throws(WireError) -> T
    {
        guard let value = object[field] else { return `default` }
        return try decode(field, value, strict: strict)
    }

    private func decode<T: WireField>(_ field: String, _ value: JSONValue, strict: Bool)
        throws(WireError) -> T
    {
        do {
            return try T.decode(value, strict: strict)
        } catch {
            throw WireError(field: name(field), problem: error.problem)
        }
    }
}
