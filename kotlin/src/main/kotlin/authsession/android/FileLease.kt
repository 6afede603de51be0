// `FileLease`: the `RefreshLease` of an Android app's processes through one small JSON file, as
// the Python reference's `FileLease` (authsession/adapters/lease.py): the owner, its role, the
// boot and the expiry on the boot-time clock — no secret, so the file lives where every process
// of the app can read it while the phone is locked (device-protected, no-backup storage: a lease
// restored from a backup would name a process of another phone). Each call reads, decides with
// `leaseGrants` and writes under an exclusive `java.nio` `FileLock` on a sibling `.lock` file
// (between processes; held only inside one call and waited for at most 0.1 s, else the call
// throws and the host answers `lease_busy`) and one monitor (between threads of this process: a
// JVM refuses a second lock of the same file with `OverlappingFileLockException`); a write is a
// new file renamed over the old one, so no process ever reads half a lease (no fsync: a lease
// outlives no boot). Pure JVM: the clock and the boot id are passed in (on a device
// `src/android` gives `SystemClock.elapsedRealtime()` and `Settings.Global.BOOT_COUNT`), so all
// of it is built and tested here.
// Must not depend on the host's loop; it only speaks the lease contract.
package authsession.android

import authsession.core.JsonParseError
import authsession.core.JsonValue
import authsession.core.jsonObject
import authsession.core.jsonOf
import authsession.host.EXTENSION_LEASE_SECONDS
import authsession.host.LeaseRecord
import authsession.host.LeaseRole
import authsession.host.RefreshLease
import authsession.host.leaseGrants
import authsession.host.leaseTaken
import java.io.File
import java.io.IOException
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.channels.FileLock
import java.nio.charset.CharacterCodingException
import java.nio.charset.CodingErrorAction
import java.nio.file.Files
import java.nio.file.NoSuchFileException
import java.nio.file.StandardCopyOption
import java.nio.file.StandardOpenOption
import java.security.SecureRandom

/** `file`: the lease file. `monotonic`: the boot-time clock in seconds, the same for every
 *  process of the device (`SystemClock.elapsedRealtime() / 1000.0`). `boot`: this boot's
 *  identity, so a lease taken in an earlier boot counts as expired. `role`: `APP` in the app's
 *  main process, `EXTENSION` in any other (its lease expires `seconds` after it was taken). */
class FileLease(
    private val file: File,
    private val monotonic: () -> Double,
    private val boot: String,
    private val role: LeaseRole = LeaseRole.APP,
    private val seconds: Double = EXTENSION_LEASE_SECONDS
) : RefreshLease {
    /** This process's name in the file (random: a pid is reused). */
    private val owner: String = newOwner()

    init {
        require(seconds > 0 && !seconds.isInfinite() && !seconds.isNaN()) { "seconds must be a finite number > 0" }
    }

    override fun acquire(): Boolean = locked { record ->
        val now = monotonic()
        if (!leaseGrants(record, owner, role, boot, now)) {
            false
        } else {
            write(leaseTaken(owner, role, boot, now, seconds))
            true
        }
    }

    override fun release() = locked { record ->
        if (record != null && record.owner == owner) Files.deleteIfExists(file.toPath())
        Unit
    }

    /** Whether the file names this process as the holder (diagnostics and tests). */
    val held: Boolean get() = locked { record -> record != null && record.owner == owner }

    override fun toString(): String = "FileLease(${file.path}, role=${role.wire})"

    private fun <T> locked(body: (LeaseRecord?) -> T): T = synchronized(MONITOR) {
        val guard = File(file.path + ".lock").toPath()
        FileChannel.open(guard, StandardOpenOption.CREATE, StandardOpenOption.WRITE).use { channel ->
            val lock = lockWithin(channel)
            try {
                body(load())
            } finally {
                lock.release()
            }
        }
    }

    /** The file lock, waited for at most `LOCK_WAIT_MILLISECONDS`: a holder takes it for one
     *  read and write, so a longer wait is a process stopped while holding it (frozen, killed
     *  mid-call) — and the session runs on the main thread, which must not hang. Throwing makes
     *  the host answer `lease_busy`: it waits and tries again. */
    private fun lockWithin(channel: FileChannel): FileLock {
        val deadline = System.nanoTime() + LOCK_WAIT_MILLISECONDS * 1000000L
        while (true) {
            val lock = channel.tryLock()
            if (lock != null) return lock
            if (System.nanoTime() >= deadline) throw IOException("the lease file is locked by another process")
            Thread.sleep(1)
        }
    }

    private fun load(): LeaseRecord? {
        val data = try {
            Files.readAllBytes(file.toPath())
        } catch (missing: NoSuchFileException) {
            return null
        }
        return parseLease(data)
    }

    private fun write(record: LeaseRecord) {
        val target = file.toPath()
        val partial = File(file.path + ".partial").toPath()
        FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING).use { channel ->
            val bytes = ByteBuffer.wrap((leaseJson(record).text + "\n").toByteArray(Charsets.UTF_8))
            while (bytes.hasRemaining()) channel.write(bytes)
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE)
    }

    companion object {
        /** How long a call waits for another process's file lock before it throws. */
        const val LOCK_WAIT_MILLISECONDS = 100L

        /** One lock holder per JVM at a time (the file lock is the processes' own). */
        private val MONITOR = Any()
        private val RANDOM = SecureRandom()

        private fun newOwner(): String {
            val bytes = ByteArray(8)
            RANDOM.nextBytes(bytes)
            return bytes.joinToString("") { String.format("%02x", it.toInt() and 0xff) }
        }
    }
}

/** The record as the file holds it (the Python reference's layout). */
fun leaseJson(record: LeaseRecord): JsonValue = jsonObject(
    "owner" to jsonOf(record.owner),
    "role" to jsonOf(record.role),
    "boot" to jsonOf(record.boot),
    "until" to (if (record.until == null) JsonValue.Null else JsonValue.Num(record.until))
)

/** The record in a lease file's bytes; null for a file that holds no lease anyone can prove (not
 *  UTF-8, not JSON, not an object: torn or foreign). A field of another type reads as absent. */
fun parseLease(data: ByteArray): LeaseRecord? {
    val value = try {
        val decoder = Charsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        JsonValue.parse(decoder.decode(ByteBuffer.wrap(data)).toString())
    } catch (error: CharacterCodingException) {
        return null
    } catch (error: JsonParseError) {
        return null
    }
    val obj = value as? JsonValue.Obj ?: return null
    return LeaseRecord(
        (obj["owner"] as? JsonValue.Str)?.value,
        (obj["role"] as? JsonValue.Str)?.value,
        (obj["boot"] as? JsonValue.Str)?.value,
        (obj["until"] as? JsonValue.Num)?.value
    )
}
