// `ManualClock`: a `SessionClock` whose time moves only when a test says so. Owns monotonic time
// (what every timer of the session is measured on) and a wall clock that can be set wrong or
// jump, apart from it (F9). Must not depend on the session.
package authsession.testing

import authsession.host.SessionClock

class ManualClock(var now: Double = 0.0, var wallAtZero: Double = 1700000000.0) : SessionClock {
    override fun monotonic(): Double = now

    override fun wall(): Double = wallAtZero + now

    /** Let `seconds` pass on both clocks. */
    fun advance(seconds: Double) {
        require(seconds >= 0) { "time only moves forward" }
        now += seconds
    }

    /** The user (or the network) sets the wall clock; monotonic time does not move. */
    fun jumpWall(seconds: Double) {
        wallAtZero += seconds
    }
}
