// The refresh lease contract, as the Python host's `authsession/adapters/lease.py` states it: one
// process of an app refreshes at a time. Owns `RefreshLease` (`acquire(): Boolean`, `release()`),
// `SoloLease` (an app of one process: the lease is always its own), the lease record every
// process of the app reads (owner, role, boot, expiry on the boot-time clock; no secret) and
// `leaseGrants` — the rules every lease of this package follows (`FileLease`, the test kit's
// `MemoryLease`), the same as Python's `grants()`:
// - a lease nobody holds, one taken in another boot, one whose `until` passed on the boot-time
//   clock, or this process's own (taking it again renews it) is granted;
// - so is an app's lease to the app: an app runs one main process at a time, so the one that took
//   it is gone. An app's lease does not expire by time (a suspended app may hold credentials it
//   could not store yet); an extension's — a second process: a widget's, a sync service's —
//   expires `EXTENSION_LEASE_SECONDS` after it was taken.
// Either call may throw (the shared storage cannot be read): the host answers the acquire
// `lease_busy` (wait and retry) and ignores a release that throws (the lease expires, or the
// app's next process takes it). Must not depend on the host, the session or any implementation.
package authsession.host

import authsession.core.WireName

/** Which process of the app holds (or asks for) the lease. */
enum class LeaseRole(override val wire: String) : WireName {
    /** The app's own (main) process: its lease ends with the process, never by time. */
    APP("app"),

    /** A second process sharing the credentials (a widget, a sync service in its own
     *  `android:process`): its lease expires. */
    EXTENSION("extension")
}

/** An extension's lease lives this long (seconds on the boot-time clock) unless given back. */
const val EXTENSION_LEASE_SECONDS = 60.0

/** The app's shared refresh lease, as one process holds it. */
interface RefreshLease {
    /** Take the lease (or renew this process's own). False: another process holds it. */
    fun acquire(): Boolean

    /** Give the lease back if this process holds it (nothing happens otherwise). */
    fun release()
}

/** The lease of an app that runs in one process: always its own. The session's default. */
class SoloLease : RefreshLease {
    override fun acquire(): Boolean = true

    override fun release() = Unit

    override fun toString(): String = "SoloLease()"
}

/** The lease as the shared storage holds it. Each field is null when the stored record lacks it
 *  (or holds something else there: a torn or foreign record), which `leaseGrants` reads as
 *  Python's `grants()` reads a missing key. `until`: null for an app's lease (no expiry). */
data class LeaseRecord(val owner: String?, val role: String?, val boot: String?, val until: Double?)

/** Whether a process (`owner`, `role`, in boot `boot`, at `now` on the boot-time clock) may take
 *  a lease whose current record is `record` (the rules above; null: nobody holds one). */
fun leaseGrants(record: LeaseRecord?, owner: String, role: LeaseRole, boot: String, now: Double): Boolean {
    if (record == null || record.boot != boot || record.owner == owner) return true
    if (role == LeaseRole.APP && record.role == LeaseRole.APP.wire) return true // the app's earlier process is gone
    val until = record.until
    return until != null && until <= now
}

/** The record a process writes when it is granted the lease. */
fun leaseTaken(owner: String, role: LeaseRole, boot: String, now: Double, seconds: Double): LeaseRecord =
    LeaseRecord(owner, role.wire, boot, if (role == LeaseRole.APP) null else now + seconds)
