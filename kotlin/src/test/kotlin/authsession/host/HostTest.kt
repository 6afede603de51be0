// The Kotlin host: the table decides, the host executes — unavailable never means no user, an
// adapter that throws is that call's failure event, a kill (`ProcessEnding`) is never swallowed,
// a logout wipe survives a relaunch, and no secret ever prints. Also the jitter generator, which
// must equal Python's.
package authsession.host

import authsession.core.Context
import authsession.core.Flag
import authsession.core.State
import authsession.core.UserPresence
import authsession.testing.FakeProtectedData
import authsession.testing.ManualClock
import authsession.testing.MemoryKeychain
import authsession.testing.MemorySnapshotStore
import authsession.testing.ScriptedAuthenticator
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test

class HostTest {
    private val device = FakeProtectedData()
    private val keychain = MemoryKeychain(device)
    private val clock = ManualClock()
    private val store = MemorySnapshotStore()

    private fun server(vararg results: AuthResult) = ScriptedAuthenticator(*results)

    private fun session(server: Authenticator = server(), config: SessionConfig = SessionConfig(seed = 0)) =
        AuthSession(keychain, clock, server, device, config, store = store)

    @Test
    fun signInStoresTheCredentialsAndAnEmptyKeychainIsNoUser() {
        val app = session()
        app.launch()
        assertEquals(State.LOGGED_OUT, app.state)
        app.login("ada", Secret("correct horse"))
        assertEquals(State.LOGGED_IN, app.state)
        assertEquals("ada", keychain.item?.account)
        assertEquals(Secret("token-1"), app.accessToken())
        assertFalse(app.credentialsInHand)
    }

    @Test
    fun aLockedKeychainIsNeverNoUserAndWorkWaitsForTheUnlock() {
        keychain.item = Credentials("ada", Secret("correct horse"))
        device.lock()
        val server = server()
        val app = session(server)
        app.launch()
        assertNotEquals(State.LOGGED_OUT, app.state)
        assertEquals(UserPresence.UNKNOWN, app.userPresent)
        app.requestWork("sync")
        assertEquals(State.DEFERRED_AUTH, app.state)
        assertEquals(emptyList<String>(), server.requests)
        device.unlock()
        app.protectedDataDidBecomeAvailable()
        assertEquals(State.LOGGED_IN, app.state)
        assertEquals(listOf("sync"), app.completedWork)
        assertEquals(listOf("ada"), server.requests)
    }

    @Test
    fun aKeychainThatThrowsIsAFailedReadRetriedWithPythonsJitter() {
        keychain.item = Credentials("ada", Secret("correct horse"))
        var failing = true
        val flaky = object : Keychain by keychain {
            override fun read(): ReadResult = if (failing) throw IllegalStateException("boom") else keychain.read()
        }
        val events = ArrayList<String>()
        val app = AuthSession(flaky, clock, server(), device, SessionConfig(seed = 0))
        app.onStep = { events.add(it.event.type.wire) }
        app.launch()
        assertEquals(listOf("app_launched", "keychain_failed"), events)
        assertEquals(State.CHECKING_CREDENTIALS, app.state)
        val retry = app.timers.first { it.name == "retry" }
        // seed 0: Python's random.Random(0).random() is 0.8444218515250481.
        assertEquals(1.0 * (1 - 0.2 * 0.8444218515250481), retry.deadline, 1e-12)
        failing = false
        clock.now = retry.deadline
        app.poll()
        assertEquals(State.LOGGED_IN, app.state)
    }

    @Test
    fun aRetryWaitsAtLeastTheServersRetryAfter() {
        keychain.item = Credentials("ada", Secret("correct horse"))
        val server = server(AuthResult.Transient("http 429", 30.0))
        val app = session(server)
        app.launch()
        app.requestWork("sync")
        assertEquals(30.0, app.timers.first { it.name == "retry" }.deadline, 0.0)
        clock.now = 30.0
        app.poll()
        assertEquals(State.LOGGED_IN, app.state)
        assertEquals(listOf("sync"), app.completedWork)
        assertEquals(2, server.requests.size)
    }

    @Test
    fun aClockThatThrowsOrAnswersNaNVouchesForNoToken() {
        var reading = 0.0
        var failing = false
        val clock = object : SessionClock {
            override fun monotonic(): Double = if (failing) throw IllegalStateException("clock") else reading
            override fun wall(): Double = 0.0
        }
        val app = AuthSession(keychain, clock, server(), device, SessionConfig(seed = 0))
        app.launch()
        app.login("ada", Secret("correct horse"))
        assertEquals(Secret("token-1"), app.accessToken())
        reading = Double.NaN
        assertNull(app.accessToken())
        reading = 10.0
        assertEquals(Secret("token-1"), app.accessToken())
        failing = true
        assertNull(app.accessToken())
        failing = false
        reading = Double.POSITIVE_INFINITY
        assertNull(app.accessToken())
        assertEquals(State.LOGGED_IN, app.state)
    }

    @Test
    fun aProcessEndingLeavesTheSessionCall() {
        class Killed : ProcessEnding("killed")
        val dying = object : Keychain by keychain {
            override fun read(): ReadResult = throw Killed()
        }
        val app = AuthSession(dying, clock, server(), device)
        try {
            app.launch()
            fail("the kill was swallowed")
        } catch (killed: Killed) {
            // The launch step was taken; the read it asked for never answered.
            assertEquals(State.CHECKING_CREDENTIALS, app.state)
        }
    }

    @Test
    fun aLogoutWipeSurvivesAKillWhileLocked() {
        keychain.item = Credentials("ada", Secret("correct horse"))
        val first = session()
        first.launch()
        assertEquals(State.LOGGED_IN, first.state)
        device.lock()
        first.logout()
        assertEquals(State.LOGGING_OUT, first.state)
        assertNotNull(keychain.item)
        // The process is killed; the next one starts from the snapshot's tombstone.
        device.unlock()
        val second = session()
        assertEquals(State.LOGGING_OUT, second.state)
        second.launch()
        assertEquals(State.LOGGED_OUT, second.state)
        assertNull(keychain.item)
    }

    @Test
    fun anInsecureClassIsRefusedUnlessAllowed() {
        try {
            session(config = SessionConfig(protection = ProtectionClass.DEVICE_ENCRYPTED))
            fail("device_encrypted accepted")
        } catch (refused: ConfigurationError) {
            assertTrue(refused.message!!.contains("allowInsecureProtection"))
        }
        session(config = SessionConfig(protection = ProtectionClass.DEVICE_ENCRYPTED, allowInsecureProtection = true))
    }

    @Test
    fun noSecretPrints() {
        val canary = "CANARY-s3cr3t-7f2a"
        val app = session()
        app.launch()
        app.login("ada", Secret(canary))
        val texts = listOf(Credentials("ada", Secret(canary)).toString(), Secret(canary).toString(), String(store.data!!),
            app.fingerprint.text, app.snapshot.toString(), keychain.toString())
        for (text in texts) assertFalse(text, text.contains(canary))
    }

    @Test
    fun theJitterGeneratorIsPythons() {
        val zero = MersenneTwister(0)
        assertEquals(0.8444218515250481, zero.random(), 0.0)
        assertEquals(0.7579544029403025, zero.random(), 0.0)
        // 12345678901234567890 does not fit a signed Long: its 64 bits, read as unsigned.
        val large = MersenneTwister(-6101065172474983726L)
        assertEquals(0.5120180983871961, large.random(), 0.0)
    }

    @Test
    fun aSnapshotReadsBackAndABadOneStartsFresh() {
        val snapshot = SessionSnapshot(State.LOGGING_OUT, Context.of(mapOf(Flag.WORK_PENDING to true)), listOf("sync"), "ada", 3)
        assertEquals(snapshot, SessionSnapshot.parse(snapshot.bytes))
        store.data = "{\"schema\": 1}".toByteArray()
        val app = session()
        assertNotNull(app.snapshotProblem)
        assertEquals(State.STARTING, app.state)
    }
}
