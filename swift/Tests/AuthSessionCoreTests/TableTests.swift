// The generated data is what the interpreter assumes: names and ordinals agree, guards name only
// flags and their own event's fields, and for every state, event, value of the event's guard
// fields and context exactly one rule decides (at most one table row, else one ignore row).

import AuthSessionCore
import XCTest

final class TableTests: XCTestCase {
    /// Whether `row`'s guard holds over `context` and the event's guard fields (`fields`; a field
    /// not given is false) — read literal by literal, not through the compiled masks.
    func holds(_ row: Row, _ context: Context, _ fields: [EventField: Bool]) -> Bool {
        row.when.allSatisfy { literal in
            switch literal.name {
            case .flag(let flag): context[flag] == literal.value
            case .field(let field): (fields[field] ?? false) == literal.value
            }
        }
    }

    /// Every assignment of `names` (2^count of them).
    func assignments<Name: Hashable>(_ names: [Name]) -> [[Name: Bool]] {
        (0..<(1 << names.count)).map { bits in
            Dictionary(
                uniqueKeysWithValues: names.enumerated().map { ($1, bits & (1 << $0) != 0) })
        }
    }

    func allContexts() -> [Context] { assignments(Flag.allCases).map(Context.init) }

    /// The event's guard fields as its wire object carries them: the codec's reading, which the
    /// vectors check against the reference's bytes, not the generated `guardBits`.
    func wireFields(_ event: MachineEvent) throws -> [EventField: Bool] {
        let object = try WireObject(event.wire)
        var fields: [EventField: Bool] = [:]
        for field in event.type.guardFields {
            fields[field] = try object.required(field.rawValue, strict: true)
        }
        return fields
    }

    func testOrdinalsAreTheSpecsOrder() {
        func check<Name: SpecName>(_: Name.Type) {
            XCTAssertEqual(Name.allCases.map(\.ordinal), Array(0..<Name.allCases.count))
        }
        check(State.self)
        check(Flag.self)
        check(EventType.self)
        check(EventField.self)
    }

    func testGuardsNameFlagsOrTheirOwnEventsFields() {
        // Every field is some event's, and a row names only its own event's fields (the generator
        // refuses anything else; a field of another event would silently read as false here).
        XCTAssertEqual(
            Set(EventType.allCases.flatMap(\.guardFields)), Set(EventField.allCases))
        for row in Spec.rows + Spec.ignoredRows {
            for literal in row.when {
                if case .field(let field) = literal.name {
                    XCTAssertTrue(row.event.guardFields.contains(field), row.key)
                }
            }
        }
    }

    func testGuardBitsAreTheEventsTrueFieldsAboveTheFlags() throws {
        // Each field its own bit, none of them a context flag's; the alphabet holds both values.
        for event in MachineEvent.alphabet {
            XCTAssertEqual(event.guardBits & ((1 << UInt64(Flag.allCases.count)) - 1), 0)
            let fields = try wireFields(event)
            for field in EventField.allCases {
                let bit = field.bit(true)
                XCTAssertEqual(event.guardBits & bit != 0, fields[field] ?? false, "\(event)")
            }
        }
        let bits = EventField.allCases.map { $0.bit(true) }
        XCTAssertEqual(Set(bits).count, bits.count)
        XCTAssertTrue(EventField.allCases.allSatisfy { $0.bit(false) == 0 })
    }

    func testEveryStateEventFieldsAndContextHasExactlyOneRule() {
        var decided = 0
        var expected = 0
        for state in State.allCases {
            for event in EventType.allCases {
                let rows = Spec.rows.filter { $0.source == state && $0.event == event }
                let ignored = Spec.ignoredRows.filter { $0.source == state && $0.event == event }
                XCTAssertLessThanOrEqual(ignored.count, 1, "\(state) \(event): two ignore rows")
                for fields in assignments(event.guardFields) {
                    for context in allContexts() {
                        let what = "\(state) \(event) \(fields) \(context.bits)"
                        let firing = rows.filter { holds($0, context, fields) }
                        XCTAssertLessThanOrEqual(firing.count, 1, "\(what): guards overlap")
                        if firing.isEmpty {
                            XCTAssertEqual(
                                ignored.filter { holds($0, context, fields) }.count, 1,
                                "\(what): no rule")
                        }
                        decided += 1
                    }
                }
                expected += (1 << event.guardFields.count) * (1 << Flag.allCases.count)
            }
        }
        XCTAssertEqual(decided, expected)
        XCTAssertGreaterThan(expected, State.allCases.count * EventType.allCases.count * 16)
    }

    func testTheInterpreterFiresTheRuleTheDataNames() throws {
        // Every configuration, every event of the alphabet (every value of its fields): the step
        // is the one rule the data names (after the event's own effects, over the context and
        // the event's fields), and the context is what that rule leaves — stated here the simple
        // way, as a second reading of the spec's step semantics.
        XCTAssertEqual(Set(MachineEvent.alphabet.map(\.type)), Set(EventType.allCases))
        for state in State.allCases {
            for context in allContexts() {
                for event in MachineEvent.alphabet {
                    let fields = try wireFields(event)
                    var expected = context
                    if let available = event.carriedAvailability {
                        expected[Spec.availabilityFlag] = available
                    }
                    for effect in Spec.eventEffects[event.type] ?? [] {
                        expected[effect.flag] = effect.value
                    }
                    let before = expected
                    let rule = (Spec.rows + Spec.ignoredRows).first {
                        $0.source == state && $0.event == event.type && holds($0, before, fields)
                    }
                    if let dest = rule?.dest, dest != state {
                        for flag in Spec.entryClears[dest] ?? [] { expected[flag] = false }
                    }
                    for assignment in rule?.sets ?? [] {
                        expected[assignment.flag] = assignment.value
                    }
                    var core = SessionCore(state: state, context: context)
                    let step = core.step(event)
                    let what = "\(state.rawValue) \(context.bits) \(event.wire.text)"
                    XCTAssertEqual(step.state, rule?.target, what)
                    XCTAssertEqual(step.commands, rule?.commands, what)
                    XCTAssertEqual(step.reason, rule?.reason, what)
                    XCTAssertEqual(step.source, state, what)
                    XCTAssertEqual(step.detail, event.detail, what)
                    XCTAssertEqual(core.state, step.state, what)
                    XCTAssertEqual(core.context, expected, what)
                    XCTAssertEqual(core.lastRow, rule, what)
                }
            }
        }
    }

    func testUserPresenceIsKnownForEveryState() {
        for state in State.allCases { XCTAssertNotNil(Spec.userPresent[state], "\(state)") }
        XCTAssertEqual(SessionCore().userPresent, Spec.userPresent[Spec.initialState])
    }

    func testTheAlphabetRoundTripsThroughTheWire() throws {
        XCTAssertEqual(Set(MachineEvent.alphabet).count, MachineEvent.alphabet.count)
        for event in MachineEvent.alphabet {
            XCTAssertEqual(try MachineEvent(wire: event.wire), event)
            guard case .event(let decoded) = try PortLine(event.wire.text) else {
                return XCTFail("\(event.wire.text) is not read as an event")
            }
            XCTAssertEqual(decoded, event)
        }
    }
}
