// `authsession.port/1`, one line at a time (docs/porting.md, "Contract: the port harness
// protocol"): a `{"reset": {...}}` line starts a sequence from a state and context and gets no
// answer; any other line is one machine event, answered with `{"state", "commands", "reason"}` in
// the bytes the reference (`authsession port`) writes. Owns the meaning of a line; reading stdin,
// flushing and exiting belong to the `authsession-port` executable.
// Must not do I/O.

/// What one input line is.
public enum PortLine: Sendable {
    case blank
    /// Start again from this core (a reset line).
    case reset(SessionCore)
    case event(MachineEvent)

    /// Read one line; a problem is one `WireError` naming the field (the value is never quoted).
    public init(_ line: String) throws(WireError) {
        if line.allSatisfy(\.isWhitespace) {
            self = .blank
            return
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: line)
        } catch {
            throw WireError(field: "(root)", problem: "not JSON")
        }
        // As the reference: an object with a `reset` member is a reset, whatever else it holds.
        if case .object(let object) = value, let reset = object["reset"] {
            self = .reset(try PortLine.core(reset: reset))
        } else {
            self = .event(try MachineEvent(wire: value))
        }
    }

    private static func core(reset value: JSONValue) throws(WireError) -> SessionCore {
        // The reference reads `payload["reset"] or {}`: every falsy value is an empty reset.
        let empty: Bool
        switch value {
        case .null: empty = true
        case .bool(let flag): empty = !flag
        case .number(let number): empty = number == 0
        case .string(let text): empty = text.isEmpty
        case .array(let items): empty = items.isEmpty
        case .object(let object): empty = object.members.isEmpty
        }
        if empty { return SessionCore() }
        let reset = try WireObject(value, path: "reset")
        try reset.only(["state", "context"])
        let state: State = try reset.optional("state", default: Spec.initialState)
        var context = Context()
        if let flags = reset.object["context"] {
            let given = try WireObject(flags, path: "reset.context")
            for name in given.object.keys {
                guard let flag = Flag(rawValue: name) else {
                    throw WireError(field: "reset.context", problem: "unknown flag")
                }
                // The reference types the reset's flags as plain `bool`: pydantic's lax mode.
                context[flag] = try given.required(name, strict: true)
            }
        }
        return SessionCore(state: state, context: context)
    }
}

/// A port session: the core the lines drive.
public struct PortSession: Sendable {
    public private(set) var core = SessionCore()

    public init() {}

    /// Handle one line: the answer line (without its newline) for an event, nil otherwise.
    public mutating func handle(_ line: String) throws(WireError) -> String? {
        switch try PortLine(line) {
        case .blank:
            return nil
        case .reset(let core):
            self.core = core
            return nil
        case .event(let event):
            return PortSession.answer(core.step(event)).text
        }
    }

    /// The answer to one event: the state after it, the commands (as the row lists them) and the
    /// reason. No other members: `detail` is not part of `authsession.port/1`.
    public static func answer(_ step: Step) -> JSONValue {
        .object([
            "state": step.state.wire,
            "commands": .array(step.commands.map(\.wire)),
            "reason": .string(step.reason),
        ])
    }
}
