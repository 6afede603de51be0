// One process contending for a `FileLease`, for `FileLeaseTest`'s test across processes: as an
// extension on a clock that never moves (a lease it holds never expires), it takes the lease
// `iterations` times, and each time, while holding it, adds one to a counter file with a plain
// read and write — a count lost means two processes held the lease at once (a call that throws,
// the file lock held past its wait, counts as refused, as the host counts it busy). With `hold`,
// it holds the lease file's lock instead, says `locked` and waits for stdin to close. Owns only
// those loops; arguments: the lease file, then the counter file and the iterations, or `hold`.
package authsession.android

import authsession.host.LeaseRole
import java.io.File
import java.io.IOException
import java.nio.channels.FileChannel
import java.nio.file.StandardOpenOption

fun main(args: Array<String>) {
    if (args[1] == "hold") {
        FileChannel.open(File(args[0] + ".lock").toPath(), StandardOpenOption.CREATE, StandardOpenOption.WRITE).use { channel ->
            val lock = channel.lock()
            println("locked")
            System.out.flush()
            System.`in`.readBytes()
            lock.release()
        }
        return
    }
    val lease = FileLease(File(args[0]), { 0.0 }, "boot-1", LeaseRole.EXTENSION)
    val counter = File(args[1])
    repeat(args[2].toInt()) {
        while (!granted(lease)) Thread.sleep(1)
        val count = if (counter.exists()) counter.readText().trim().toInt() else 0
        counter.writeText("${count + 1}\n")
        lease.release()
    }
}

private fun granted(lease: FileLease): Boolean = try {
    lease.acquire()
} catch (busy: IOException) {
    false
}
