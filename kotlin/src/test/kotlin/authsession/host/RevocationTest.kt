// Issue 21 in the Kotlin host, as the Python runtime's tests state it: a confirmed rejection is
// "re-authentication required" (the account and the owed work kept), a sign-out completes at once
// and revokes its refresh token from the outbox once the network is back — across a kill, never
// while the outbox is locked — the observer's first value of a locked launch is "not known yet",
// and a snapshot of the previous version loads.
package authsession.host

import authsession.core.Flag
import authsession.core.State
import authsession.core.UserPresence
import authsession.testing.FakeProtectedData
import authsession.testing.ManualClock
import authsession.testing.MemoryKeychain
import authsession.testing.MemorySnapshotStore
import authsession.testing.ScriptedAuthenticator
import authsession.testing.ScriptedRevoker
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test

class RevocationTest {
    private val device = FakeProtectedData()
    private val keychain = MemoryKeychain(device)
    private val outboxItem = MemoryKeychain(device)
    private val clock = ManualClock()
    private val store = MemorySnapshotStore()
    private val revoker = ScriptedRevoker()
    private var issued = 0
    private val server = ScriptedAuthenticator(handler = {
        issued += 1
        AuthResult.Accepted(Secret("access-$issued"), 3600.0, Secret("refresh-$issued"))
    })
    private val failed = ArrayList<Pair<String, String>>()

    private fun session() = AuthSession(
        keychain, clock, server, device, SessionConfig(seed = 0), store = store,
        outbox = KeychainOutbox(outboxItem), revoker = revoker,
        onWorkFailed = { label, reason -> failed.add(Pair(label, reason.wire)) }
    )

    private fun signedIn(): AuthSession {
        val app = session()
        app.launch()
        app.login("ada", Secret("correct horse"))
        assertEquals(State.LOGGED_IN, app.state)
        return app
    }

    private fun queued(): List<RevocationEntry> {
        val read = KeychainOutbox(outboxItem).read()
        if (read !is OutboxRead.Pending) fail("outbox unreadable")
        return (read as OutboxRead.Pending).items
    }

    @Test
    fun aConfirmedRejectionAsksTheSameAccountToSignInAgain() {
        val app = signedIn()
        val views = ArrayList<SessionView>()
        app.subscribe { views.add(it) }
        server.script(AuthResult.Rejected("invalid_grant"))
        clock.advance(3600.0)
        app.requestWork("sync")
        assertEquals(State.REAUTH_REQUIRED, app.state)
        assertEquals("ada", app.account)
        assertEquals(listOf("sync"), app.pendingWork)
        assertEquals("sign_in_again", app.view.screen)
        assertFalse(views.any { it.state == State.LOGGED_OUT })
        assertEquals("server_rejected", views.first { it.userPresent == UserPresence.NO }.reason)
        app.login("ada", Secret("correct horse"))
        assertEquals(listOf("sync"), app.completedWork)
    }

    @Test
    fun anotherAccountGetsTheOwedWorkHandedBack() {
        val app = signedIn()
        server.script(AuthResult.Rejected("invalid_grant"))
        clock.advance(3600.0)
        app.requestWork("sync")
        app.login("bob", Secret("hunter2"))
        assertEquals(listOf(Pair("sync", "another_account")), failed)
        assertEquals(State.LOGGED_IN, app.state)
    }

    @Test
    fun anOfflineSignOutCompletesAtOnceAndRevokesLater() {
        val app = signedIn()
        revoker.online = false
        app.logout()
        assertEquals(State.LOGGED_OUT, app.state)
        assertNull(keychain.item)
        assertEquals(listOf("ada"), queued().map { it.account })
        revoker.online = true
        clock.advance(1000.0)
        app.poll()
        assertTrue(revoker.wasRevoked("refresh-1"))
        assertEquals(emptyList<RevocationEntry>(), queued())
    }

    @Test
    fun aRevocationOwedSurvivesAKillAndWaitsForProtectedData() {
        val first = signedIn()
        revoker.online = false
        first.logout("global")
        assertEquals(listOf("global"), queued().map { it.scope })
        revoker.online = true
        device.lock()
        val second = session()
        assertTrue(second.context[Flag.REVOCATION_PENDING])
        second.launch()
        clock.advance(600.0)
        second.poll()
        assertFalse(revoker.wasRevoked("refresh-1"))
        device.unlock()
        second.foreground()
        assertTrue(revoker.wasRevoked("refresh-1"))
        assertEquals("global", revoker.requests.last().second)
    }

    @Test
    fun theFirstValueOfALockedLaunchIsNotKnownYet() {
        signedIn()
        device.lock()
        val app = session()
        val views = ArrayList<SessionView>()
        app.subscribe { views.add(it) }
        app.launch()
        assertEquals(UserPresence.UNKNOWN, views.first().userPresent)
        assertEquals("unlock_to_continue", views.first().screen)
        assertFalse(views.any { it.userPresent == UserPresence.NO })
        device.unlock()
        app.foreground()
        assertEquals(UserPresence.YES, views.last().userPresent)
    }

    @Test
    fun aHintConfirmsBeforeItEndsAnything() {
        val app = signedIn()
        device.lock()
        app.revocationHint()
        assertEquals(State.LOGGED_IN, app.state)
        assertNull(app.accessToken())
        device.unlock()
        app.revocationHint()
        assertEquals(State.LOGGED_IN, app.state)
        assertTrue(app.accessToken() != null)
    }

    @Test
    fun signingOutTheOthersChangesNothingHere() {
        val app = signedIn()
        assertEquals(State.LOGGED_IN, app.logout("others")?.state)
        assertEquals(Triple("ada", "others", "access_token"), revoker.requests.first())
    }

    @Test
    fun aVersionTwoSnapshotLoads() {
        val v2 = "{\"schema\":\"authsession.snapshot\",\"version\":2,\"state\":\"deferred_auth\",\"context\":" +
            "{\"protected_data_available\":false,\"work_pending\":true,\"token_valid\":false,\"store_pending\":false," +
            "\"lease_held\":false},\"pending_work\":[\"background_fetch@3\",\"sync\"],\"logout_tombstone\":false," +
            "\"account\":\"ada\",\"sequence\":7}"
        val snapshot = SessionSnapshot.parse(v2.toByteArray())
        assertEquals(listOf("background_fetch@3", "sync"), snapshot.pendingWork)
        assertEquals("ada", snapshot.account)
        assertTrue(String(snapshot.bytes).contains("\"version\":3"))
        val lying = "{\"schema\":\"authsession.snapshot\",\"version\":2,\"state\":\"logged_in\",\"logout_tombstone\":true}"
        try {
            SessionSnapshot.parse(lying.toByteArray())
            fail("a tombstone that lies was read")
        } catch (expected: SnapshotProblem) {
        }
    }

    @Test
    fun noTokenPrints() {
        assertFalse(RevocationEntry("ada", Secret("refresh-canary")).toString().contains("canary"))
    }
}
