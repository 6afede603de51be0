// The interpreter: what the generated table means, stated once (the Python reference's
// `step()` in `authsession/spec/interpreter.py` is the semantics it must match, and the shipped
// conformance vectors check it). A step is: copy the event's protected-data availability into the
// context, apply the event's effects, fire the first row for (state, event) whose guard holds over
// the context and the event's own boolean fields — entering another state clears what that state
// forgets, then the row's `sets` apply.
// Ignore rows come after the table's own rows, so exactly one row always fires.
// Must not depend on the wire codec or the port protocol: no I/O, no clock.

/// What one event did: the state after it, the commands to run and why.
public struct Step: Hashable, Sendable {
    public let state: State
    public let commands: [Command]
    public let reason: String
    public let source: State
    /// Something of the event the step reports (a lost secret's cause), else nil.
    public let detail: String?

    public init(
        state: State, commands: [Command], reason: String, source: State, detail: String? = nil
    ) {
        self.state = state
        self.commands = commands
        self.reason = reason
        self.source = source
        self.detail = detail
    }

    public var changed: Bool { state != source }
}

/// The spec's rows compiled for stepping: one list of candidates per (state, event), guards and
/// assignments as bit masks, each row's `Step` built once. Shared by every core; immutable.
public final class Table: Sendable {
    /// The generated spec's table.
    public static let spec = Table()

    /// The table's rows followed by its ignore rows: every rule, in the spec's order.
    public let rows: [Row]

    private struct Candidate: Sendable {
        let guardMask: UInt64
        let guardValue: UInt64
        let clears: UInt64
        let setMask: UInt64
        let setValue: UInt64
        let target: State
        let row: Int
        let step: Step
    }

    /// Every candidate, grouped by (state, event); `cells[i]` is the range of cell `i`.
    private let candidates: [Candidate]
    private let cells: [Range<Int>]
    private let effects: [(mask: UInt64, value: UInt64)]
    private let eventCount: Int
    fileprivate let availabilityBit: UInt64

    public init(
        rows: [Row] = Spec.rows,
        ignoredRows: [Row] = Spec.ignoredRows,
        eventEffects: [EventType: [FlagValue]] = Spec.eventEffects,
        entryClears: [State: [Flag]] = Spec.entryClears
    ) {
        precondition(
            Flag.allCases.count + EventField.allCases.count <= 64,
            "the context flags and event guard fields need more bits than a UInt64 has")
        let all = rows + ignoredRows
        self.rows = all
        eventCount = EventType.allCases.count
        var grouped = [[Candidate]](repeating: [], count: State.allCases.count * eventCount)
        for (index, row) in all.enumerated() {
            // A guard whose literals contradict each other never holds: leave it out.
            guard let test = Context.guardPattern(row.when) else { continue }
            let sets = Context.assignmentPattern(row.sets)
            let entering = row.dest.flatMap { $0 == row.source ? nil : $0 }
            let clears =
                entering.map {
                    Context.assignmentPattern((entryClears[$0] ?? []).map(FlagValue.off)).mask
                } ?? 0
            let step = Step(
                state: row.target, commands: row.commands, reason: row.reason, source: row.source)
            grouped[row.source.ordinal * eventCount + row.event.ordinal].append(
                Candidate(
                    guardMask: test.mask, guardValue: test.value, clears: clears,
                    setMask: sets.mask, setValue: sets.value, target: row.target, row: index,
                    step: step))
        }
        candidates = grouped.flatMap { $0 }
        var start = 0
        cells = grouped.map { cell in
            defer { start += cell.count }
            return start..<(start + cell.count)
        }
        availabilityBit = Context.bit(Spec.availabilityFlag)
        effects = EventType.allCases.map { Context.assignmentPattern(eventEffects[$0] ?? []) }
    }

    /// The row that fires for an `event` with these `guardBits` in `state` under `context` (after
    /// the event's own effects), applied to `context`; nil only if the table is not total (a
    /// generated table always is).
    @inline(__always)
    fileprivate func fire(
        _ state: State, _ event: EventType, guardBits: UInt64, _ context: inout Context
    ) -> (row: Int, step: Step)? {
        for index in cells[state.ordinal * eventCount + event.ordinal] {
            let candidate = candidates[index]
            guard
                context.matches(
                    mask: candidate.guardMask, value: candidate.guardValue, eventBits: guardBits)
            else { continue }
            context.bits &= ~candidate.clears
            context.assign(mask: candidate.setMask, value: candidate.setValue)
            return (candidate.row, candidate.step)
        }
        return nil
    }

    fileprivate func applyEffects(of event: EventType, to context: inout Context) {
        let effect = effects[event.ordinal]
        context.assign(mask: effect.mask, value: effect.value)
    }
}

/// One session's position in the spec. Feed it events with `step`; run what it returns.
public struct SessionCore: Sendable {
    public private(set) var state: State
    public private(set) var context: Context
    /// Index in `table.rows` of the row the last step fired (an ignore row if none matched).
    public private(set) var lastRowIndex: Int?
    public let table: Table

    public init(
        state: State = Spec.initialState, context: Context = Context(), table: Table = .spec
    ) {
        self.state = state
        self.context = context
        self.table = table
    }

    /// What the app may show: `unknown` is never `no`.
    public var userPresent: UserPresence { state.userPresent }

    /// The row the last step fired.
    public var lastRow: Row? { lastRowIndex.map { table.rows[$0] } }

    /// Apply one event; return the resulting state, commands and reason.
    public mutating func step(_ event: MachineEvent) -> Step {
        let type = event.type
        if let available = event.carriedAvailability {
            context.assign(
                mask: table.availabilityBit, value: available ? table.availabilityBit : 0)
        }
        table.applyEffects(of: type, to: &context)
        guard let (row, step) = table.fire(state, type, guardBits: event.guardBits, &context) else {
            preconditionFailure(
                "no row for \(state.rawValue) + \(type.rawValue): the table is not total")
        }
        lastRowIndex = row
        state = step.state
        guard let detail = event.detail else { return step }
        return Step(
            state: step.state, commands: step.commands, reason: step.reason, source: step.source,
            detail: detail)
    }
}

extension State {
    /// Whether a user is present in this state (`Spec.userPresent`).
    public var userPresent: UserPresence {
        guard let presence = Spec.userPresent[self] else {
            preconditionFailure("the generated spec gives no user presence for \(rawValue)")
        }
        return presence
    }
}
