// The generated data is what the interpreter assumes: names and ordinals agree, and for every
// state, event and context exactly one rule decides (at most one table row, else one ignore row).

import AuthSessionCore
import XCTest

final class TableTests: XCTestCase {
    func holds(_ row: Row, _ context: Context) -> Bool {
        row.when.allSatisfy { context[$0.flag] == $0.value }
    }

    func allContexts() -> [Context] {
        (0..<(1 << Flag.allCases.count)).map { bits in
            var context = Context()
            for (index, flag) in Flag.allCases.enumerated() {
                context[flag] = bits & (1 << index) != 0
            }
            return context
        }
    }

    func testOrdinalsAreTheSpecsOrder() {
        func check<Name: SpecName>(_: Name.Type) {
            XCTAssertEqual(Name.allCases.map(\.ordinal), Array(0..<Name.allCases.count))
        }
        check(State.self)
        check(Flag.self)
        check(EventType.self)
    }

    func testEveryStateEventAndContextHasExactlyOneRule() {
        var decided = 0
        for state in State.allCases {
            for event in EventType.allCases {
                let rows = Spec.rows.filter { $0.source == state && $0.event == event }
                let ignored = Spec.ignoredRows.filter { $0.source == state && $0.event == event }
                XCTAssertLessThanOrEqual(ignored.count, 1, "\(state) \(event): two ignore rows")
                for context in allContexts() {
                    let firing = rows.filter { holds($0, context) }
                    XCTAssertLessThanOrEqual(firing.count, 1, "\(state) \(event): guards overlap")
                    if firing.isEmpty {
                        XCTAssertEqual(
                            ignored.filter { holds($0, context) }.count, 1,
                            "\(state) \(event) \(context.bits): no rule")
                    }
                    decided += 1
                }
            }
        }
        XCTAssertEqual(
            decided, State.allCases.count * EventType.allCases.count * (1 << Flag.allCases.count))
    }

    func testTheInterpreterFiresTheRuleTheDataNames() {
        // Every configuration, every event of the alphabet: the step is the one rule the data
        // names (after the event's own effects), and the context is what that rule leaves —
        // stated here the simple way, as a second reading of the spec's step semantics.
        XCTAssertEqual(Set(MachineEvent.alphabet.map(\.type)), Set(EventType.allCases))
        for state in State.allCases {
            for context in allContexts() {
                for event in MachineEvent.alphabet {
                    var expected = context
                    if let available = event.carriedAvailability {
                        expected[Spec.availabilityFlag] = available
                    }
                    for effect in Spec.eventEffects[event.type] ?? [] {
                        expected[effect.flag] = effect.value
                    }
                    let before = expected
                    let rule = (Spec.rows + Spec.ignoredRows).first {
                        $0.source == state && $0.event == event.type && holds($0, before)
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
