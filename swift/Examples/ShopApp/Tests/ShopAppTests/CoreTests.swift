// The generated core alone (docs/porting.md, "The generated Swift core"): an event in, a step
// out — no adapter, no I/O.
import AuthSessionCore
import XCTest

final class CoreTests: XCTestCase {
    func testTheCoreAlone() {
        var core = SessionCore()
        let step = core.step(.appLaunched(protectedDataAvailable: false))
        XCTAssertEqual(step.state, .credentialsUnavailable)
        XCTAssertEqual(step.commands, [])
        XCTAssertEqual(core.userPresent, .unknown)
    }
}
