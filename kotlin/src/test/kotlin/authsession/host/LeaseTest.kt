// The refresh lease in the Kotlin host, rule by rule as the Python host states it: a refresh takes
// the lease, re-reads under it and gives it back once what it was handed is stored; the signal is
// sampled after a granted lease; a lease held elsewhere, or one that throws, is `lease_busy` (the
// refresh waits, never goes out blind); a release that throws is ignored; `sharedStoreChanged()`
// carries the sampled signal; `SoloLease` is the default; and `leaseGrants`' rules on the test
// kit's `MemoryLease` (free, own, expired, an earlier app process's, another boot's).
package authsession.host

import authsession.core.Flag
import authsession.core.MachineEvent
import authsession.core.NotifyUserMessage
import authsession.core.State
import authsession.core.UserPresence
import authsession.testing.FakeProtectedData
import authsession.testing.LeaseBoard
import authsession.testing.ManualClock
import authsession.testing.MemoryKeychain
import authsession.testing.MemoryLease
import authsession.testing.MemorySnapshotStore
import authsession.testing.ScriptedAuthenticator
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import java.io.IOException

class LeaseTest {
    private val device = FakeProtectedData()
    private val keychain = MemoryKeychain(device)
    private val clock = ManualClock()
    private val board = LeaseBoard()
    private val events = ArrayList<MachineEvent>()

    init {
        keychain.item = Credentials("ada", Secret("refresh-1"))
    }

    private fun rotating() = ScriptedAuthenticator(handler = { credentials ->
        val next = "refresh-" + (credentials.secret.reveal().removePrefix("refresh-").toInt() + 1)
        AuthResult.Accepted(Secret("token"), 3600.0, Secret(next))
    })

    private fun session(lease: RefreshLease?, server: Authenticator = rotating(), store: SnapshotStore? = null): AuthSession {
        val session = if (lease == null) {
            AuthSession(keychain, clock, server, device, SessionConfig(seed = 0), store = store)
        } else {
            AuthSession(keychain, clock, server, device, SessionConfig(seed = 0), store = store, lease = lease)
        }
        session.onStep = { events.add(it.event) }
        return session
    }

    private fun types(): List<String> = events.map { it.type.wire }

    private fun app(owner: String = "app-1") = MemoryLease(board, clock::monotonic, LeaseRole.APP, owner = owner)

    private fun extension(owner: String = "ext-1") = MemoryLease(board, clock::monotonic, LeaseRole.EXTENSION, owner = owner)

    // The rules of `leaseGrants` -------------------------------------------------------------

    @Test
    fun grantsAFreeLeaseOneFromAnotherBootAndTheProcesssOwn() {
        assertTrue(leaseGrants(null, "a", LeaseRole.EXTENSION, "boot-1", 0.0))
        val app = LeaseRecord("b", "app", "boot-0", null)
        assertTrue(leaseGrants(app, "a", LeaseRole.EXTENSION, "boot-1", 0.0)) // an earlier boot's is void
        assertFalse(leaseGrants(app.copy(boot = "boot-1"), "a", LeaseRole.EXTENSION, "boot-1", 1e9))
        assertTrue(leaseGrants(app.copy(owner = "a", boot = "boot-1"), "a", LeaseRole.EXTENSION, "boot-1", 0.0))
    }

    @Test
    fun anAppsLeaseGoesToTheAppsNextProcessAndNeverExpiresForAnExtension() {
        val held = LeaseRecord("app-1", "app", "boot-1", null)
        assertTrue(leaseGrants(held, "app-2", LeaseRole.APP, "boot-1", 0.0))
        assertFalse(leaseGrants(held, "ext-1", LeaseRole.EXTENSION, "boot-1", 1e12))
    }

    @Test
    fun anExtensionsLeaseExpiresAtItsUntilForEveryoneElse() {
        val held = LeaseRecord("ext-1", "extension", "boot-1", 60.0)
        for (role in LeaseRole.values()) {
            assertFalse(leaseGrants(held, "other", role, "boot-1", 59.999))
            assertTrue(leaseGrants(held, "other", role, "boot-1", 60.0))
        }
    }

    @Test
    fun aTornRecordHoldsOnlyWhatItProves() {
        // No boot: not this boot's. No owner, no role, no expiry: held (it may be live).
        assertTrue(leaseGrants(LeaseRecord("x", "app", null, null), "a", LeaseRole.EXTENSION, "boot-1", 0.0))
        assertFalse(leaseGrants(LeaseRecord(null, null, "boot-1", null), "a", LeaseRole.APP, "boot-1", 1e9))
        assertTrue(leaseGrants(LeaseRecord(null, null, "boot-1", 5.0), "a", LeaseRole.APP, "boot-1", 5.0))
    }

    // The test kit's lease -------------------------------------------------------------------

    @Test
    fun memoryLeasesOnOneBoardAreTheAppsProcesses() {
        val extension = extension()
        val app = app()
        assertTrue(extension.acquire())
        assertEquals(LeaseRecord("ext-1", "extension", "boot-1", 60.0), board.record)
        clock.advance(59.0)
        assertFalse(app.acquire())
        assertTrue(extension.acquire()) // renewed: until moves
        assertEquals(119.0, board.record?.until)
        clock.advance(60.0)
        assertTrue(app.acquire())
        assertEquals(LeaseRecord("app-1", "app", "boot-1", null), board.record)
        extension.release() // not its own: nothing happens
        assertTrue(app.held)
        clock.advance(1e6)
        assertFalse(extension.acquire())
        assertTrue(app("app-2").acquire()) // the app's next process
        board.boot = "boot-2" // a reboot voids every lease
        assertTrue(extension.acquire())
        extension.release()
        assertNull(board.record)
    }

    @Test
    fun failNextMakesTheNextCallsThrow() {
        val lease = app()
        lease.failNext(2)
        for (call in listOf({ lease.acquire() }, { lease.release() })) {
            try {
                call()
                throw AssertionError("expected IOException")
            } catch (expected: IOException) {
                assertEquals("lease storage unavailable", expected.message)
            }
        }
        assertTrue(lease.acquire())
        assertEquals(listOf("acquire", "release", "acquire"), lease.calls)
    }

    // The host ------------------------------------------------------------------------------

    @Test
    fun aRefreshTakesTheLeaseRereadsUnderItAndGivesItBackOnceStored() {
        val lease = app()
        val app = session(lease)
        app.launch()
        events.clear()
        app.requestWork("sync")
        assertEquals(listOf("work_requested", "keychain_found", "lease_acquired", "keychain_found", "auth_accepted",
            "store_completed"), types())
        assertEquals(listOf("acquire", "release"), lease.calls)
        assertNull(board.record)
        assertEquals(State.LOGGED_IN, app.state)
        assertFalse(app.context[Flag.LEASE_HELD])
        assertEquals("refresh-2", keychain.item?.secret?.reveal())
        assertEquals(listOf("sync"), app.completedWork)
    }

    @Test
    fun theDefaultLeaseIsSoloAndAlwaysGranted() {
        val app = session(null)
        app.launch()
        app.requestWork("sync")
        assertTrue(MachineEvent.LeaseAcquired(true) in events)
        assertEquals(State.LOGGED_IN, app.state)
        assertEquals("SoloLease()", SoloLease().toString())
        assertTrue(SoloLease().acquire())
    }

    @Test
    fun theSignalIsSampledAfterTheLeaseCall() {
        val calls = ArrayList<String>()
        val signal = object : ProtectedDataSignal {
            override fun available(): Boolean {
                calls.add("signal")
                return device.available()
            }
        }
        val lease = object : RefreshLease {
            override fun acquire(): Boolean {
                calls.add("acquire")
                device.lock() // the phone locks while the lease is taken
                return true
            }

            override fun release() {
                calls.add("release")
            }
        }
        val app = AuthSession(keychain, clock, rotating(), signal, SessionConfig(seed = 0), lease = lease)
        app.onStep = { events.add(it.event) }
        app.launch()
        calls.clear()
        events.clear()
        app.requestWork("sync")
        assertEquals(listOf("signal", "signal", "signal", "signal", "acquire", "signal", "release"), calls)
        assertTrue(MachineEvent.LeaseAcquired(false) in events)
        assertEquals(State.DEFERRED_AUTH, app.state) // nothing sent while locked; the lease given back
        assertEquals(UserPresence.UNKNOWN, app.userPresent)
        assertEquals(listOf("sync"), app.pendingWork)
    }

    @Test
    fun aLeaseHeldElsewhereIsBusyTheRefreshWaitsAndResumesWhenTold() {
        val server = rotating()
        val extension = extension()
        val app = session(app(), server)
        app.launch()
        assertTrue(extension.acquire()) // the extension is refreshing
        events.clear()
        app.requestWork("sync")
        assertEquals(MachineEvent.LeaseBusy, events.last())
        assertEquals(State.AUTHENTICATING, app.state)
        assertEquals(emptyList<String>(), server.requests)
        assertNotEquals(UserPresence.NO, app.userPresent)
        assertEquals(listOf("retry"), app.timers.map { it.name })
        // The extension stores what it was handed and gives the lease back.
        keychain.item = Credentials("ada", Secret("refresh-2"))
        extension.release()
        events.clear()
        app.sharedStoreChanged()
        assertEquals(MachineEvent.SharedStoreChanged(true), events.first())
        assertEquals(State.LOGGED_IN, app.state)
        assertEquals(listOf("ada"), server.requests)
        assertEquals("refresh-3", keychain.item?.secret?.reveal()) // the extension's token, rotated once more
        assertEquals(listOf("sync"), app.completedWork)
    }

    @Test
    fun aLeaseThatThrowsIsBusyNeverARefreshBlind() {
        val server = rotating()
        val lease = app()
        lease.failNext()
        val app = session(lease, server)
        app.launch()
        app.requestWork("sync")
        assertEquals(MachineEvent.LeaseBusy, events.last())
        assertEquals(emptyList<String>(), server.requests)
        clock.now = app.nextDeadline!!
        app.poll()
        assertEquals(State.LOGGED_IN, app.state)
        assertEquals(listOf("acquire", "acquire", "release"), lease.calls)
    }

    @Test
    fun aReleaseThatThrowsIsIgnoredAndAnswersNothing() {
        val lease = app()
        var unreachable = false
        val flaky = object : RefreshLease by lease {
            override fun release() {
                if (unreachable) {
                    lease.calls.add("release")
                    throw IOException("lease storage unavailable")
                }
                lease.release()
            }
        }
        val app = session(flaky)
        app.launch()
        unreachable = true // the refresh's release cannot reach the storage
        events.clear()
        app.requestWork("sync")
        assertEquals("store_completed", types().last()) // no event answered the release
        assertEquals(State.LOGGED_IN, app.state)
        assertFalse(app.context[Flag.LEASE_HELD])
        assertTrue(lease.held) // still on the board: it expires, or this process renews it
        unreachable = false
        clock.advance(4000.0)
        app.requestWork("push")
        assertEquals(listOf("acquire", "release", "acquire", "release"), lease.calls)
        assertFalse(lease.held)
        assertEquals(listOf("sync", "push"), app.completedWork)
    }

    @Test
    fun sharedStoreChangedCarriesTheSampledSignalAndFiresNoTimer() {
        val app = session(app())
        app.launch()
        app.requestWork("sync")
        device.lock()
        clock.advance(4000.0) // the token's timer is due
        events.clear()
        val step = app.sharedStoreChanged()
        assertEquals(listOf(MachineEvent.SharedStoreChanged(false)), events)
        assertEquals(State.LOGGED_IN, step?.state)
        assertEquals("store_change_noted", step?.reason)
        assertEquals(listOf("token_expiry"), app.timers.map { it.name })
    }

    @Test
    fun theSnapshotCarriesTheLeaseFlagAndARelaunchStartsWithoutTheLease() {
        val store = MemorySnapshotStore()
        val server = ScriptedAuthenticator(handler = { _ ->
            device.lock() // the answer arrives after the phone locked: it cannot be stored
            AuthResult.Accepted(Secret("token"), 3600.0, Secret("refresh-2"))
        })
        val lease = app()
        val app = session(lease, server, store)
        app.launch()
        app.requestWork("sync")
        assertTrue(app.context[Flag.LEASE_HELD]) // held until what the refresh was handed is stored
        assertTrue(app.credentialsInHand)
        assertTrue(lease.held)
        val saved = String(store.data!!, Charsets.UTF_8)
        assertTrue(saved, saved.contains("\"lease_held\":true"))
        device.unlock()
        val next = session(app("app-2"), rotating(), store)
        assertFalse(next.context[Flag.LEASE_HELD])
        next.launch()
        next.requestWork("sync")
        assertEquals(State.LOGGED_IN, next.state) // the app's next process takes the lease over
    }

    @Test
    fun anExtensionWakingMidRefreshWaitsForTheAppAndNobodyIsSignedOut() {
        // matrix-rust-sdk #6794: the app's refresh reached the server, which rotated the token;
        // the extension wakes before the app stored the answer. Without the lease it would
        // present the old token, be refused, find it still stored and sign the user out.
        var current = "refresh-1"
        var meanwhile: (() -> Unit)? = null
        val server = ScriptedAuthenticator(handler = { credentials ->
            if (credentials.secret.reveal() != current) {
                AuthResult.Rejected("reused")
            } else {
                current = "refresh-" + (current.removePrefix("refresh-").toInt() + 1)
                val answer = AuthResult.Accepted(Secret("token"), 3600.0, Secret(current))
                val during = meanwhile
                meanwhile = null
                during?.invoke()
                answer
            }
        })
        val told = ArrayList<NotifyUserMessage>()
        val app = AuthSession(keychain, clock, server, device, SessionConfig(seed = 0), onNotify = { told.add(it) }, lease = app())
        val extension = AuthSession(keychain, clock, server, device, SessionConfig(seed = 1), onNotify = { told.add(it) },
            lease = extension())
        app.launch()
        extension.launch()
        meanwhile = { extension.requestWork("push") }
        app.requestWork("sync")
        assertEquals(State.LOGGED_IN, app.state)
        assertEquals(State.AUTHENTICATING, extension.state) // waiting for the lease, not signed out
        extension.sharedStoreChanged() // the app stored and gave the lease back
        assertEquals(State.LOGGED_IN, extension.state)
        assertEquals(emptyList<NotifyUserMessage>(), told)
        assertEquals(listOf("ada", "ada"), server.requests)
        assertEquals(current, keychain.item?.secret?.reveal())
        assertEquals(listOf("push"), extension.completedWork)
    }
}
