// `authsession.port/1` line handling: answers in the reference's exact bytes, resets, and bad
// lines as one `field: problem` that never quotes what was sent; the executable ends on a bad line
// with one stderr line and exit 2 after answering the good lines before it.

import AuthSessionCore
import Foundation
import XCTest

final class PortProtocolTests: XCTestCase {
    let canary = "CANARY-s3cr3t-7f2a"

    /// An event line that answers with at least one command, whatever the spec's rows are: the
    /// first row with commands, reached by a reset to its source and a context and event its
    /// guard allows.
    func someRowWithCommands() throws -> (reset: String, event: String, answer: String) {
        for row in Spec.rows where !row.commands.isEmpty {
            guard
                let event = MachineEvent.alphabet.first(where: { event in
                    event.type == row.event
                        && row.when.allSatisfy { literal in
                            switch literal.name {
                            case .flag(let flag):
                                flag != Spec.availabilityFlag
                                    || event.carriedAvailability == nil
                                    || event.carriedAvailability == literal.value
                            case .field(let field):
                                (event.guardBits & field.bit(true) != 0) == literal.value
                            }
                        }
                })
            else { continue }
            let flags = row.when.compactMap { literal -> (flag: Flag, value: Bool)? in
                guard case .flag(let flag) = literal.name else { return nil }
                return (flag, literal.value)
            }
            let context = JSONObject(flags.map { (key: $0.flag.rawValue, value: .bool($0.value)) })
            let reset = JSONValue.object([
                "reset": .object([
                    "state": row.source.wire,
                    "context": .object(context),
                ])
            ])
            var core = SessionCore(
                state: row.source,
                context: Context(
                    Dictionary(uniqueKeysWithValues: flags.map { ($0.flag, $0.value) })))
            _ = core.step(event)
            guard core.lastRow == row else { continue }
            let commands = row.commands.map(\.wire.text).joined(separator: ", ")
            let state = row.target.rawValue
            let answer =
                #"{"state": "\#(state)", "commands": [\#(commands)], "reason": "\#(row.reason)"}"#
            return (reset.text, event.wire.text, answer)
        }
        throw WireError(
            field: "Spec.rows", problem: "no row with commands is reachable in one step")
    }

    func testAnAnswerIsTheReferencesBytes() throws {
        let line = try someRowWithCommands()
        var session = PortSession()
        XCTAssertNil(try session.handle(line.reset))
        XCTAssertEqual(try session.handle(line.event), line.answer)
    }

    func testBlankLinesAndResetsGetNoAnswer() throws {
        var session = PortSession()
        XCTAssertNil(try session.handle(""))
        XCTAssertNil(try session.handle("   \t"))
        let target = State.allCases.last!
        XCTAssertNil(try session.handle(#"{"reset": {"state": "\#(target.rawValue)"}}"#))
        XCTAssertEqual(session.core.state, target)
        XCTAssertEqual(session.core.context, Context())
        // As the reference: a falsy reset value is an empty reset (back to the initial state).
        XCTAssertNil(try session.handle(#"{"reset": null}"#))
        XCTAssertEqual(session.core.state, Spec.initialState)
        // The reset's flags are strict booleans, as in the reference: `1` is refused.
        let flag = Flag.allCases.last!
        XCTAssertNil(try session.handle(#"{"reset": {"context": {"\#(flag.rawValue)": true}}}"#))
        XCTAssertTrue(session.core.context[flag])
        XCTAssertThrowsError(
            try session.handle(#"{"reset": {"context": {"\#(flag.rawValue)": 1}}}"#))
    }

    func problem(_ line: String) -> String? {
        var session = PortSession()
        do {
            _ = try session.handle(line)
            return nil
        } catch {
            return error.description
        }
    }

    func testBadLinesAreOneProblemNamingTheField() throws {
        let withField = try XCTUnwrap(MachineEvent.alphabet.first { $0.carriedAvailability != nil })
        let tag = withField.type.rawValue
        let field = Spec.availabilityFlag.rawValue
        let cases: [(String, String)] = [
            ("{not json \(canary)", "(root): not JSON"),
            ("[\"\(canary)\"]", "(root): not a JSON object"),
            (#"{"kind": "\#(canary)"}"#, "type: missing"),
            (#"{"type": "\#(canary)"}"#, "type: unknown value"),
            (#"{"type": 7}"#, "type: not a string"),
            (#"{"type": "\#(tag)"}"#, "\(tag).\(field): missing"),
            (#"{"type": "\#(tag)", "\#(field)": 1}"#, "\(tag).\(field): not a boolean"),
            (#"{"type": "\#(tag)", "\#(field)": "\#(canary)"}"#, "\(tag).\(field): not a boolean"),
            (
                #"{"type": "\#(tag)", "\#(field)": true, "\#(canary)": 1}"#,
                "\(tag): unexpected field"
            ),
            (#"{"reset": {"state": "\#(canary)"}}"#, "reset.state: unknown value"),
            (#"{"reset": {"context": {"\#(canary)": true}}}"#, "reset.context: unknown flag"),
            (#"{"reset": {"\#(canary)": 1}}"#, "reset: unexpected field"),
            (#"{"reset": 5}"#, "reset: not a JSON object"),
        ]
        for (line, expected) in cases {
            XCTAssertEqual(problem(line), expected, line)
            XCTAssertFalse(problem(line)?.contains(canary) ?? false, "the input leaked: \(line)")
        }
    }

    // The executable ----------------------------------------------------------------------------

    /// The built `authsession-port` (`$AUTHSESSION_PORT_BINARY`, else beside the test bundle).
    var portBinary: URL {
        if let path = ProcessInfo.processInfo.environment["AUTHSESSION_PORT_BINARY"], !path.isEmpty
        {
            return URL(fileURLWithPath: path)
        }
        var directory = Bundle(for: PortProtocolTests.self).bundleURL
        while directory.pathExtension == "xctest" || directory.lastPathComponent == "Contents"
            || directory.lastPathComponent == "MacOS"
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("authsession-port")
    }

    func run(_ input: String, arguments: [String] = []) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = portBinary
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: out, as: UTF8.self),
            String(decoding: err, as: UTF8.self)
        )
    }

    func testTheExecutableAnswersThenStopsAtAMalformedLine() throws {
        let line = try someRowWithCommands()
        let input = [line.reset, line.event, "{\"type\": \"\(canary)\"}", line.event].joined(
            separator: "\n")
        let (status, out, err) = try run(input + "\n")
        XCTAssertEqual(status, 2)
        XCTAssertEqual(out, line.answer + "\n")  // answered before the bad line, nothing after
        XCTAssertEqual(err, "authsession-port: stdin:3: type: unknown value\n")
        XCTAssertFalse(err.contains(canary))
    }

    func testTheExecutableExitsZeroAtTheEndOfItsInput() throws {
        let line = try someRowWithCommands()
        let (status, out, err) = try run([line.reset, "", line.event].joined(separator: "\n"))
        XCTAssertEqual(status, 0)
        XCTAssertEqual(out, line.answer + "\n")
        XCTAssertEqual(err, "")
    }

    func testTheBenchModeReportsOneLine() throws {
        let line = try someRowWithCommands()
        let (status, out, _) = try run(
            line.reset + "\n" + line.event + "\n", arguments: ["--bench", "1000"])
        XCTAssertEqual(status, 0)
        let report = try WireObject(try JSONValue(parsing: out))
        XCTAssertEqual(report.object["steps"], .number(1000))
        guard case .number(let nanoseconds)? = report.object["ns_per_step"] else {
            return XCTFail("no ns_per_step in \(out)")
        }
        XCTAssertGreaterThan(nanoseconds, 0)
        let (usage, _, err) = try run("", arguments: ["--bench", "zero"])
        XCTAssertEqual(usage, 2)
        XCTAssertEqual(err, "authsession-port: --bench: expected one positive number of steps\n")
    }
}
