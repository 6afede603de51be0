// JSON values for the wire: parsed by Foundation's JSONDecoder, written in the Python reference's
// exact bytes. Owns the value type, its parsing and its text. Must not know any event, command or
// protocol line.
//
// Why JSONDecoder and not JSONSerialization: the events' booleans are strict (`1` is not `true`),
// and JSONSerialization hands back an NSNumber for both on Linux. Why a writer of our own: the
// reference answers with `json.dumps` (members in field order, `", "` and `": "` separators,
// non-ASCII escaped), and a port whose answers are byte-identical can be diffed against it.
// Known leniencies of JSONDecoder the reference does not share: a trailing comma is accepted, and
// of a key given twice the first value counts (Python keeps the last).

import Foundation

public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// Parse one JSON text.
    public init(parsing text: String) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// The text `json.dumps` writes for this value.
    public var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// The text `json.dumps(value, separators=(",", ":"))` writes: one protocol line.
    public var compactText: String {
        var out = ""
        write(to: &out, compact: true)
        return out
    }

    func write(to out: inout String, compact: Bool = false) {
        let comma = compact ? "," : ", "
        let colon = compact ? ":" : ": "
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value):
            out += value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
        case .string(let value): JSONValue.writeString(value, to: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += comma }
                item.write(to: &out, compact: compact)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (index, member) in object.members.enumerated() {
                if index > 0 { out += comma }
                JSONValue.writeString(member.key, to: &out)
                out += colon
                member.value.write(to: &out, compact: compact)
            }
            out += "}"
        }
    }

    /// A string as `json.dumps` (ensure_ascii) writes it.
    static func writeString(_ value: String, to out: inout String) {
        out += "\""
        for unit in value.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default:
                let hex = String(unit, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        out += "\""
    }
}

extension JSONValue: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode(JSONObject.self))
        }
    }
}

extension JSONValue: CustomStringConvertible {
    public var description: String { text }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// A JSON object that keeps its members in order (the order they are written in) but compares
/// like a dictionary: two objects with the same members in another order are equal.
public struct JSONObject: Hashable, Sendable, ExpressibleByDictionaryLiteral {
    public private(set) var members: [(key: String, value: JSONValue)]

    public init(_ members: [(key: String, value: JSONValue)]) { self.members = members }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members = elements.map { (key: $0.0, value: $0.1) }
    }

    public subscript(key: String) -> JSONValue? {
        members.last(where: { $0.key == key })?.value
    }

    public var keys: [String] { members.map(\.key) }

    var dictionary: [String: JSONValue] {
        Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.dictionary == rhs.dictionary
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(dictionary) }
}

extension JSONObject: CustomStringConvertible {
    public var description: String { JSONValue.object(self).text }
}

extension JSONObject: Decodable {
    public init(from decoder: any Decoder) throws {
        let decoded = try decoder.singleValueContainer().decode([String: JSONValue].self)
        // A Swift dictionary has no order; sorted keys keep the value deterministic.
        members = decoded.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    }
}
