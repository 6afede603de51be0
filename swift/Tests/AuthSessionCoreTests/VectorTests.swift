// The shipped conformance vectors (authsession/conformance/data/vectors.json), run natively:
// every vector, every step compared with the reference's expected answer, and every row of the
// generated table fired by some step. `AUTHSESSION_VECTORS` points at another vectors file.

import AuthSessionCore
import Foundation
import XCTest

final class VectorTests: XCTestCase {
    /// The vectors file: `$AUTHSESSION_VECTORS`, else the one the Python package ships.
    static var vectorsURL: URL {
        if let path = ProcessInfo.processInfo.environment["AUTHSESSION_VECTORS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        // swift/Tests/AuthSessionCoreTests/VectorTests.swift → the repository root.
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("authsession/conformance/data/vectors.json")
    }

    struct Vector {
        let name: String
        let covers: [String]
        let start: SessionCore
        let events: [JSONValue]
        let expected: [JSONValue]
    }

    func loadSuite() throws -> (rows: Int, vectors: [Vector]) {
        let text = try String(contentsOf: VectorTests.vectorsURL, encoding: .utf8)
        let suite = try WireObject(try JSONValue(parsing: text))
        XCTAssertEqual(try suite.tag("schema"), "authsession.vectors/1")
        guard case .number(let rows)? = suite.object["rows"],
            case .array(let items)? = suite.object["vectors"]
        else {
            throw WireError(field: "(root)", problem: "no rows count or vectors")
        }
        let vectors = try items.map { item -> Vector in
            let vector = try WireObject(item, path: "vector")
            let name: String = try vector.required("name")
            let covers: [JSONValue] =
                vector.object["covers"].flatMap { value in
                    if case .array(let covers) = value { return covers } else { return nil }
                } ?? []
            guard case .array(let events)? = vector.object["events"],
                case .array(let expected)? = vector.object["expected"],
                let initial = vector.object["initial"]
            else {
                throw WireError(field: name, problem: "no initial, events or expected")
            }
            // The initial configuration is exactly what a harness reset line carries.
            guard case .reset(let start) = try PortLine(JSONValue.object(["reset": initial]).text)
            else {
                throw WireError(field: name, problem: "initial is not a reset")
            }
            return Vector(
                name: name,
                covers: covers.compactMap { if case .string(let key) = $0 { key } else { nil } },
                start: start, events: events, expected: expected)
        }
        return (Int(rows), vectors)
    }

    func testEveryVectorEveryStep() throws {
        let (_, vectors) = try loadSuite()
        XCTAssertFalse(vectors.isEmpty)
        var steps = 0
        for vector in vectors {
            XCTAssertEqual(vector.events.count, vector.expected.count, vector.name)
            var core = vector.start
            for (index, (wire, expected)) in zip(vector.events, vector.expected).enumerated() {
                let event = try MachineEvent(wire: wire)
                let answer = PortSession.answer(core.step(event))
                XCTAssertEqual(
                    answer, expected,
                    "\(vector.name) step \(index + 1): got \(answer), expected \(expected)"
                )
                steps += 1
            }
        }
        XCTAssertGreaterThan(steps, vectors.count)
    }

    func testEveryRowOfTheGeneratedTableIsCoveredAndNamed() throws {
        let (rows, vectors) = try loadSuite()
        // The vectors were generated from a table of `rows` rows: the generated file must be of
        // the same spec (regenerate both after a spec change).
        XCTAssertEqual(Spec.rows.count, rows, "Spec.generated.swift and vectors.json disagree")
        let keys = Set(Spec.rows.map(\.key))
        XCTAssertEqual(keys.count, Spec.rows.count, "row keys are not unique")
        var fired = Set<String>()
        for vector in vectors {
            for key in vector.covers {
                XCTAssertTrue(keys.contains(key), "\(vector.name) covers unknown row \(key)")
            }
            var core = vector.start
            for wire in vector.events {
                _ = core.step(try MachineEvent(wire: wire))
                if let index = core.lastRowIndex, index < Spec.rows.count {
                    fired.insert(Spec.rows[index].key)
                }
            }
        }
        XCTAssertEqual(keys.subtracting(fired).sorted(), [], "rows no vector fires")
    }

    func testEventsRoundTripThroughTheWire() throws {
        let (_, vectors) = try loadSuite()
        for wire in vectors.flatMap(\.events) {
            let event = try MachineEvent(wire: wire)
            XCTAssertEqual(event.wire, wire)
            XCTAssertEqual(try MachineEvent(wire: event.wire), event)
            XCTAssertEqual(event.type.rawValue, try WireObject(wire).tag("type"))
        }
    }
}
