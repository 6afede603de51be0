// `authsession-port`: the Swift core as an `authsession.port/1` process, for
// `authsession vectors verify --port` and `authsession difftest --port`.
//
//   authsession-port                 JSON lines on stdin, one answer line per event on stdout
//   authsession-port --bench STEPS   read a reset and a lap of events, step the lap STEPS times
//
// Owns the process: reading stdin, flushing each answer (the harness waits for it), and ending
// on a malformed line with one stderr line and exit 2, as the reference `authsession port` does.
// What a line means is `PortLine` / `PortSession` in AuthSessionCore.

import AuthSessionCore
import Foundation

let program = "authsession-port"

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("\(program): \(message)\n".utf8))
    exit(2)
}

func serve() -> Never {
    var session = PortSession()
    var number = 0
    while let line = readLine(strippingNewline: true) {
        number += 1
        do {
            if let answer = try session.handle(line) {
                print(answer)
                fflush(nil)  // the harness waits for each answer before it can judge the next
            }
        } catch {
            fail("stdin:\(number): \(error)")
        }
    }
    exit(0)
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case nil:
    serve()
case "--bench":
    guard arguments.count == 2, let steps = Int(arguments[1]), steps > 0 else {
        fail("--bench: expected one positive number of steps")
    }
    bench(steps: steps)
default:
    fail("usage: \(program) [--bench STEPS] (JSON lines on stdin)")
}
