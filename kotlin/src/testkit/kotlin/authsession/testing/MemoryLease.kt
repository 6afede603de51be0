// A refresh lease in memory, for JVM tests of apps with more than one process, as the Python
// test kit's `authsession/testing/lease.py`. Owns `LeaseBoard` (what the shared lease file would
// hold: the owner, its role, the boot and the expiry — no secret) and `MemoryLease` (one
// process's `RefreshLease` on a board, with `FileLease`'s rules — `leaseGrants` — on a clock you
// hold). Two `MemoryLease`s on one board are two processes of one app; `failNext()` makes the next
// calls throw (the shared storage cannot be read). Must not depend on the session.
package authsession.testing

import authsession.host.EXTENSION_LEASE_SECONDS
import authsession.host.LeaseRecord
import authsession.host.LeaseRole
import authsession.host.RefreshLease
import authsession.host.leaseGrants
import authsession.host.leaseTaken
import java.io.IOException
import java.util.concurrent.atomic.AtomicInteger

/** The lease as every process of the app sees it (one board per app and device). `boot`: the
 *  device's boot; set a new one to play a reboot (every lease of the old boot is void). */
class LeaseBoard(var record: LeaseRecord? = null, var boot: String = "boot-1") {
    override fun toString(): String = "LeaseBoard(record=$record, boot=$boot)"
}

/** One process's lease on `board`. `monotonic`: the boot-time clock (`clock::monotonic` of a
 *  `ManualClock`). `owner`: this process's name on the board (`process-1`, `process-2`, …). */
class MemoryLease(
    val board: LeaseBoard,
    private val monotonic: () -> Double,
    val role: LeaseRole = LeaseRole.APP,
    val seconds: Double = EXTENSION_LEASE_SECONDS,
    val owner: String = "process-${NAMES.incrementAndGet()}"
) : RefreshLease {
    private var failing = 0

    /** Calls made, in order: `acquire` or `release` (the failed ones too). */
    val calls = ArrayList<String>()

    /** The next `calls` calls throw `IOException`, as shared storage that cannot be read. */
    fun failNext(calls: Int = 1) {
        failing += calls
    }

    private fun check() {
        if (failing > 0) {
            failing -= 1
            throw IOException("lease storage unavailable")
        }
    }

    override fun acquire(): Boolean {
        calls.add("acquire")
        check()
        val now = monotonic()
        if (!leaseGrants(board.record, owner, role, board.boot, now)) return false
        board.record = leaseTaken(owner, role, board.boot, now, seconds)
        return true
    }

    override fun release() {
        calls.add("release")
        check()
        val record = board.record
        if (record != null && record.owner == owner) board.record = null
    }

    /** This process holds the lease (the board names it, whatever its expiry). */
    val held: Boolean get() = board.record?.owner == owner

    override fun toString(): String = "MemoryLease(owner=$owner, role=${role.wire})"

    private companion object {
        val NAMES = AtomicInteger(0)
    }
}
