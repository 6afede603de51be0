// The vocabulary the generated spec is written in: names with an ordinal, flag literals, rows and
// the context. Owns nothing about any particular state, event or row — those are all in
// `Spec.generated.swift` — so a changed spec needs only that file regenerated.
// Must not depend on the interpreter, the wire codec or the port protocol.

/// A spec name (state, event type, context flag): its wire spelling is the raw value, and
/// `ordinal` is its position in the spec's order (what the interpreter indexes its tables by).
public protocol SpecName: RawRepresentable, CaseIterable, Hashable, Sendable
where RawValue == String {
    var ordinal: Int { get }
}

/// One literal over a context flag: `flag` must be (or is set to) `value`. Guards are lists of
/// literals that must all hold; a row's `sets` and an event's effects are lists of assignments.
public struct FlagValue: Hashable, Sendable {
    public let flag: Flag
    public let value: Bool

    public init(_ flag: Flag, _ value: Bool) {
        self.flag = flag
        self.value = value
    }

    /// `flag` (it holds when the flag is true; as an assignment it sets the flag).
    public static func on(_ flag: Flag) -> FlagValue { FlagValue(flag, true) }
    /// `!flag` (it holds when the flag is false; as an assignment it clears the flag).
    public static func off(_ flag: Flag) -> FlagValue { FlagValue(flag, false) }

    /// The spec's spelling: `flag` or `!flag`.
    public var literal: String { value ? flag.rawValue : "!" + flag.rawValue }
}

/// One row of the table. `dest == nil` means the state does not change.
public struct Row: Hashable, Sendable {
    public let source: State
    public let event: EventType
    public let when: [FlagValue]
    public let dest: State?
    public let commands: [Command]
    public let sets: [FlagValue]
    public let reason: String

    public init(
        _ source: State, _ event: EventType, when: [FlagValue] = [], to dest: State? = nil,
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

    /// A guard as the bits it constrains and the values it requires there; nil when two of its
    /// literals contradict each other (such a guard never holds).
    static func guardPattern(_ literals: [FlagValue]) -> (mask: UInt64, value: UInt64)? {
        var mask: UInt64 = 0
        var value: UInt64 = 0
        for literal in literals {
            let bit = bit(literal.flag)
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

    @inline(__always) func matches(mask: UInt64, value: UInt64) -> Bool { bits & mask == value }
}
