// `ManualClock`: a `SessionClock` whose time moves only when a test says so — monotonic time for
// every timer, and a wall clock that can be set wrong or jump (F9) without touching it.
// Owns those two readings.

import AuthSession

public final class ManualClock: SessionClock {
    public private(set) var now: Double
    public private(set) var wallTime: Double

    public init(monotonic: Double = 0, wall: Double = 1_700_000_000) {
        now = monotonic
        wallTime = wall
    }

    public func monotonic() -> Double { now }
    public func wall() -> Double { wallTime }

    /// Let `seconds` pass, on both clocks.
    public func advance(_ seconds: Double) {
        precondition(seconds >= 0, "time only moves forward")
        now += seconds
        wallTime += seconds
    }

    /// Let time pass until the monotonic clock reads `deadline` (a timer's, say).
    public func advance(to deadline: Double) { advance(max(0, deadline - now)) }

    /// The user (or the network) sets the wall clock `seconds` off; monotonic time is untouched.
    public func jumpWall(_ seconds: Double) { wallTime += seconds }
}
