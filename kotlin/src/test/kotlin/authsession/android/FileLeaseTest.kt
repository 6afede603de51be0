// `FileLease` on the JVM, with a clock and boot ids the test passes in: the rules of `leaseGrants`
// through the file (free, own renewed, an earlier app process's, an extension's expiring after
// 60 s, another boot's void), the file's layout (the Python reference's), a torn or foreign file
// holding nothing, a release giving back only the process's own, storage that cannot be read
// throwing — which the host answers `lease_busy` — and threads of one JVM and JVM processes
// taking turns.
package authsession.android

import authsession.core.MachineEvent
import authsession.core.State
import authsession.host.AuthSession
import authsession.host.Credentials
import authsession.host.LeaseRecord
import authsession.host.LeaseRole
import authsession.host.Secret
import authsession.host.SessionConfig
import authsession.testing.FakeProtectedData
import authsession.testing.ManualClock
import authsession.testing.MemoryKeychain
import authsession.testing.ScriptedAuthenticator
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import java.io.File
import java.io.IOException
import java.nio.file.Files
import java.util.Collections
import java.util.concurrent.CountDownLatch

class FileLeaseTest {
    private val directory: File = Files.createTempDirectory("authsession-lease").toFile()
    private val file = File(directory, "authsession-lease.json")
    private val clock = ManualClock()
    private var boot = "boot-1"

    @After
    fun removeTheDirectory() {
        directory.deleteRecursively()
    }

    private fun lease(role: LeaseRole = LeaseRole.APP, at: File = file) = FileLease(at, clock::monotonic, boot, role)

    private fun record(): LeaseRecord? = if (file.exists()) parseLease(file.readBytes()) else null

    @Test
    fun aFreeLeaseIsTakenAndWrittenInThePythonLayout() {
        val app = lease()
        assertTrue(app.acquire())
        val text = file.readText()
        assertTrue(text, Regex("""\{"owner": "[0-9a-f]{16}", "role": "app", "boot": "boot-1", "until": null\}\n""").matches(text))
        assertTrue(app.held)
        assertTrue(File(directory, "authsession-lease.json.lock").exists())
    }

    @Test
    fun anExtensionsLeaseExpiresAfterSixtySecondsAndIsRenewedByItsOwner() {
        clock.now = 100.0
        val extension = lease(LeaseRole.EXTENSION)
        val app = lease()
        assertTrue(extension.acquire())
        assertEquals(160.0, record()?.until)
        clock.now = 159.0
        assertFalse(app.acquire())
        assertTrue(extension.acquire()) // its own: renewed
        assertEquals(219.0, record()?.until)
        clock.now = 219.0
        assertTrue(app.acquire())
        assertEquals("app", record()?.role)
        assertFalse(extension.held)
    }

    @Test
    fun anAppsLeaseNeverExpiresForAnExtensionButGoesToTheAppsNextProcess() {
        assertTrue(lease().acquire())
        clock.now = 1e9
        assertFalse(lease(LeaseRole.EXTENSION).acquire())
        val next = lease()
        assertTrue(next.acquire())
        assertTrue(next.held)
    }

    @Test
    fun aLeaseFromAnotherBootIsVoid() {
        assertTrue(lease().acquire())
        boot = "boot-2"
        val extension = lease(LeaseRole.EXTENSION)
        assertTrue(extension.acquire())
        assertEquals("boot-2", record()?.boot)
    }

    @Test
    fun aReleaseGivesBackOnlyTheProcesssOwnLease() {
        val app = lease()
        val extension = lease(LeaseRole.EXTENSION)
        assertTrue(app.acquire())
        extension.release()
        assertTrue(app.held)
        app.release()
        assertFalse(file.exists())
        app.release() // nothing held: nothing happens
        assertFalse(file.exists())
    }

    @Test
    fun aTornOrForeignFileHoldsNoLease() {
        val contents = listOf("{\"owner\": \"x\", \"ro".toByteArray(), "[1, 2]".toByteArray(), "\"text\"".toByteArray(),
            byteArrayOf(0xff.toByte(), 0xfe.toByte()), ByteArray(0))
        for (bytes in contents) {
            file.writeBytes(bytes)
            assertTrue(lease(LeaseRole.EXTENSION).acquire())
        }
    }

    @Test
    fun aFileThePythonReferenceWroteIsRead() {
        file.writeText("{\"owner\": \"4f3c2a1b0e9d8c7b\", \"role\": \"extension\", \"boot\": \"boot-1\", \"until\": 61.5}\n")
        assertEquals(LeaseRecord("4f3c2a1b0e9d8c7b", "extension", "boot-1", 61.5), record())
        clock.now = 61.0
        assertFalse(lease().acquire())
        clock.now = 61.5
        assertTrue(lease().acquire())
    }

    @Test
    fun storageThatCannotBeReadThrowsAndTheHostAnswersBusy() {
        val missing = lease(at = File(File(directory, "gone"), "authsession-lease.json"))
        try {
            missing.acquire()
            throw AssertionError("expected IOException")
        } catch (expected: IOException) {
            // the directory is not there
        }
        val device = FakeProtectedData()
        val keychain = MemoryKeychain(device)
        keychain.item = Credentials("ada", Secret("refresh-1"))
        val server = ScriptedAuthenticator()
        val events = ArrayList<MachineEvent>()
        val session = AuthSession(keychain, clock, server, device, SessionConfig(seed = 0), lease = missing)
        session.onStep = { events.add(it.event) }
        session.launch()
        session.requestWork("sync")
        assertEquals(MachineEvent.LeaseBusy, events.last())
        assertEquals(State.AUTHENTICATING, session.state)
        assertEquals(emptyList<String>(), server.requests)
    }

    @Test
    fun secondsMustBeFiniteAndPositive() {
        for (seconds in listOf(0.0, -1.0, Double.POSITIVE_INFINITY, Double.NaN)) {
            try {
                FileLease(file, clock::monotonic, boot, LeaseRole.EXTENSION, seconds)
                throw AssertionError("expected IllegalArgumentException for $seconds")
            } catch (expected: IllegalArgumentException) {
                // refused
            }
        }
    }

    @Test
    fun threadsOfOneProcessTakeTurnsAndOneExtensionWins() {
        val extensions = (1..8).map { lease(LeaseRole.EXTENSION) }
        val start = CountDownLatch(1)
        val granted = Collections.synchronizedList(ArrayList<Boolean>())
        val failures = Collections.synchronizedList(ArrayList<Throwable>())
        val threads = extensions.map { lease ->
            Thread {
                try {
                    start.await()
                    granted.add(lease.acquire())
                } catch (error: Throwable) {
                    failures.add(error)
                }
            }
        }
        threads.forEach { it.start() }
        start.countDown()
        threads.forEach { it.join() }
        assertEquals(emptyList<Throwable>(), failures)
        assertEquals(1, granted.count { it })
        assertEquals(1, extensions.count { it.held })
        assertNull(parseLease("[]".toByteArray()))
    }

    @Test
    fun processesTakeTurns() {
        val counter = File(directory, "counter")
        val java = File(File(System.getProperty("java.home"), "bin"), "java").path
        val classpath = System.getProperty("java.class.path")
        val processes = (1..3).map {
            ProcessBuilder(java, "-cp", classpath, "authsession.android.LeaseContenderKt", file.path, counter.path, "40")
                .redirectErrorStream(true).start()
        }
        for (process in processes) {
            val output = process.inputStream.bufferedReader().readText()
            assertEquals(output, 0, process.waitFor())
        }
        assertEquals("120", counter.readText().trim())
        assertFalse(file.exists())
    }

    @Test
    fun aLockHeldByAnotherProcessPastItsWaitThrows() {
        val java = File(File(System.getProperty("java.home"), "bin"), "java").path
        val holder = ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "authsession.android.LeaseContenderKt",
            file.path, "hold").start()
        try {
            assertEquals("locked", holder.inputStream.bufferedReader().readLine())
            val started = System.nanoTime()
            try {
                lease().acquire()
                throw AssertionError("expected IOException")
            } catch (expected: IOException) {
                val waited = (System.nanoTime() - started) / 1e6
                assertTrue("waited $waited ms", waited >= FileLease.LOCK_WAIT_MILLISECONDS && waited < 5000)
            }
        } finally {
            holder.outputStream.close()
            holder.waitFor()
        }
        assertTrue(lease().acquire()) // the holder is gone: the lock is free
    }
}
