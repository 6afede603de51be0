// `authsession-port --bench STEPS`: the cost of one `SessionCore.step`, for
// `benchmarks/swift_core.py`. The lap comes from stdin as protocol lines (the last reset is where
// every lap starts, the events are the lap), so the Python benchmark defines it once for both
// languages. Prints one JSON line: the steps timed, nanoseconds per step, and a checksum of the
// states and command counts the steps produced (the caller recomputes it from the reference: the
// timed loop did the real work and the optimizer could not drop it).
// Owns timing only; what a step does is the core's.

import AuthSessionCore
import Foundation

func bench(steps: Int) -> Never {
    var start = SessionCore()
    var lap: [MachineEvent] = []
    var number = 0
    while let line = readLine(strippingNewline: true) {
        number += 1
        do {
            switch try PortLine(line) {
            case .blank: break
            case .reset(let core): start = core
            case .event(let event): lap.append(event)
            }
        } catch {
            fail("stdin:\(number): \(error)")
        }
    }
    guard !lap.isEmpty else { fail("--bench: no events on stdin to step") }

    func run(_ count: Int) -> Int {
        var core = start
        var checksum = 0
        var position = 0
        for _ in 0..<count {
            let step = core.step(lap[position])
            checksum &+= step.state.ordinal &+ step.commands.count
            position += 1
            if position == lap.count { position = 0 }
        }
        return checksum
    }

    _ = run(min(steps, 10_000))  // warm caches and the table's lazy initialisation
    let began = DispatchTime.now().uptimeNanoseconds
    let checksum = run(steps)
    let elapsed = DispatchTime.now().uptimeNanoseconds - began
    let perStep = Double(elapsed) / Double(steps)
    print(#"{"steps": \#(steps), "ns_per_step": \#(perStep), "checksum": \#(checksum)}"#)
    exit(0)
}
