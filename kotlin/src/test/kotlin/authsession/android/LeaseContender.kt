// One process contending for a `FileLease`, for `FileLeaseTest`'s test across processes: as an
// extension on a clock that never moves (a lease it holds never expires), it takes the lease
// `iterations` times, and each time, while holding it, adds one to a counter file with a plain
// read and write — a count lost means two processes held the lease at once. Owns only that loop;
// arguments: the lease file, the counter file, the iterations.
package authsession.android

import authsession.host.LeaseRole
import java.io.File

fun main(args: Array<String>) {
    val lease = FileLease(File(args[0]), { 0.0 }, "boot-1", LeaseRole.EXTENSION)
    val counter = File(args[1])
    repeat(args[2].toInt()) {
        while (!lease.acquire()) Thread.sleep(1)
        val count = if (counter.exists()) counter.readText().trim().toInt() else 0
        counter.writeText("${count + 1}\n")
        lease.release()
    }
}
