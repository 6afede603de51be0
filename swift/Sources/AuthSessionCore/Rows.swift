// The vocabulary the generated spec is written in: names with an ordinal, flag assignments, guard
// literals over context flags and event fields, rows and the context. Owns nothing about any
// particular state, event or row — those are all in `Spec.generated.swift` — so a changed spec
// needs only that file regenerated.
// Must not depend on the interpreter, the wire codec or the port protocol.

/// A spec name (state, event type, context flag, event guard field): its wire spelling is the raw
/// value, and `ordinal` is its position in the spec's order (what the interpreter indexes its
/// tables by).
public protocol SpecName: RawRepresentable, CaseIterable, Hashable, Sendable
where RawValue == String {
    var ordinal: Int { get }
}

/// A name and a boolean: as a `FlagValue` an assignment, as a `GuardLiteral` a test.
public struct NameValue<Name: Hashable & Sendable>: Hashable, Sendable {
    public let name: Name
    public let value: Bool

    public init(_ name: Name, _ value: Bool) {
        self.name = name
        self.value = value
    }
}

/// One context flag and a value: a row's `sets` and an event's effects are lists of these
/// assignments (a later one to the same flag wins).
public typealias FlagValue = NameValue<Flag>

extension NameValue where Name == Flag {
    public var flag: Flag { name }

    /// Set the flag.
    public static func on(_ flag: Flag) -> FlagValue { FlagValue(flag, true) }
    /// Clear the flag.
    public static func off(_ flag: Flag) -> FlagValue { FlagValue(flag, false) }
}

/// What a guard literal tests: a context flag (read after the event's effects), or a boolean
/// field of the row's own event — a fact the event brings that the context does not keep (the
/// server rotated the token, another process stored the one just read).
public enum GuardName: Hashable, Sendable {
    case flag(Flag)
    case field(EventField)

    /// The spec's spelling.
    public var rawValue: String {
        switch self {
        case .flag(let flag): flag.rawValue
        case .field(let field): field.rawValue
        }
    }

    /// Its bit in the word a guard is matched against: the context's bits, and above them the
    /// event's guard fields (`MachineEvent.guardBits`).
    @inline(__always) var bit: UInt64 {
        switch self {
        case .flag(let flag): Context.bit(flag)
        case .field(let field): 1 << (GuardName.fieldShift + UInt64(field.ordinal))
        }
    }

    /// The event's fields take the bits after the context flags'.
    static let fieldShift = UInt64(Flag.allCases.count)
}

extension EventField {
    /// This field's guard bit when its value is `value`, else 0: what the generated
    /// `MachineEvent.guardBits` is made of.
    @inline(__always) public func bit(_ value: Bool) -> UInt64 {
        value ? GuardName.field(self).bit : 0
    }
}

/// One literal of a guard: `name` must be `value`. A guard is a list of literals that must all
/// hold.
public typealias GuardLiteral = NameValue<GuardName>

extension NameValue where Name == GuardName {
    /// `flag`: holds when the context flag is true.
    public static func on(_ flag: Flag) -> GuardLiteral { GuardLiteral(.flag(flag), true) }
    /// `!flag`: holds when the context flag is false.
    public static func off(_ flag: Flag) -> GuardLiteral { GuardLiteral(.flag(flag), false) }
    /// `field`: holds when the event's field is true.
    public static func on(field: EventField) -> GuardLiteral { GuardLiteral(.field(field), true) }
    /// `!field`: holds when the event's field is false.
    public static func off(field: EventField) -> GuardLiteral {
        GuardLiteral(.field(field), false)
    }

    /// The spec's spelling: `name` or `!name`.
    public var literal: String { value ? name.rawValue : "!" + name.rawValue }
}

/// One row of the table. `dest == nil` means the state does not change.
public struct Row: Hashable, Sendable {
    public let source: State
    public let event: EventType
    public let when: [GuardLiteral]
    public let dest: State?
    public let commands: [Command]
    public let sets: [FlagValue]
    public let reason: String

    public init(
        _ source: State, _ event: EventType, when: [GuardLiteral] = [], to dest: State? = nil,
        commands: [Command] = [], sets: [FlagValue] = [], reason: String
    ) {
        self.source = source
        self.event = event
        self.when = when
        self.dest = dest
        self.commands = commands
        self.sets = sets
        self.reason = reason
    }

    /// The state after the row fires.
    public var target: State { dest ?? source }

    /// The row's name in conformance vectors (`covers`): `source.event[guard literals]`, unique
    /// because the guards of one (source, event) pair are mutually exclusive.
    public var key: String {
        let guardText = when.isEmpty ? "" : "[" + when.map(\.literal).joined(separator: " ") + "]"
        return "\(source.rawValue).\(event.rawValue)\(guardText)"
    }
}

/// The machine's memory besides its state: one bit per context flag, all false at start.
public struct Context: Hashable, Sendable {
    public internal(set) var bits: UInt64

    public init() { bits = 0 }

    public init(_ flags: [Flag: Bool]) {
        self.init()
        for (flag, value) in flags { self[flag] = value }
    }

    public subscript(flag: Flag) -> Bool {
        get { bits & Context.bit(flag) != 0 }
        set { bits = newValue ? bits | Context.bit(flag) : bits & ~Context.bit(flag) }
    }

    /// Every flag with its value, in the spec's order.
    public var flags: [(flag: Flag, value: Bool)] { Flag.allCases.map { ($0, self[$0]) } }

    @inline(__always) static func bit(_ flag: Flag) -> UInt64 { 1 << UInt64(flag.ordinal) }

    /// A guard as the bits it constrains and the values it requires there (the event's fields
    /// above the flags); nil when two of its literals contradict each other (such a guard never
    /// holds).
    static func guardPattern(_ literals: [GuardLiteral]) -> (mask: UInt64, value: UInt64)? {
        var mask: UInt64 = 0
        var value: UInt64 = 0
        for literal in literals {
            let bit = literal.name.bit
            if mask & bit != 0, (value & bit != 0) != literal.value { return nil }
            mask |= bit
            if literal.value { value |= bit }
        }
        return (mask, value)
    }

    /// Assignments as the bits they write and the values written (in order: a later assignment
    /// to the same flag wins).
    static func assignmentPattern(_ literals: [FlagValue]) -> (mask: UInt64, value: UInt64) {
        var mask: UInt64 = 0
        var value: UInt64 = 0
        for literal in literals {
            let bit = bit(literal.flag)
            mask |= bit
            value = literal.value ? value | bit : value & ~bit
        }
        return (mask, value)
    }

    /// Apply assignments compiled by `assignmentPattern`.
    @inline(__always) mutating func assign(mask: UInt64, value: UInt64) {
        bits = (bits & ~mask) | value
    }

    /// Whether a guard compiled by `guardPattern` holds over this context and an event's
    /// `guardBits`.
    @inline(__always) func matches(mask: UInt64, value: UInt64, eventBits: UInt64) -> Bool {
        (bits | eventBits) & mask == value
    }
}
