// The Android keychain adapter over the platform table, on the test kit's phone: Direct Boot and
// an unauthenticated key are unavailable (never "no user"), an invalidated key and a restore to a
// phone without the key are a lost secret with its cause on the first read (key and blob left in
// place), a new sign-in after a loss gets a fresh key, StrongBox falls back only when a key is
// made, protection is never lowered, failures are failures, and no secret is stored in plaintext
// or printed. Then the adapter under a session: the stories of examples/f10, f11 and tink-java-23.
package authsession.android

import authsession.core.SecretLossCause
import authsession.core.State
import authsession.host.AuthSession
import authsession.host.Credentials
import authsession.host.DeleteResult
import authsession.host.ProtectionClass
import authsession.host.ReadResult
import authsession.host.Secret
import authsession.host.SessionConfig
import authsession.host.StoreResult
import authsession.testing.FakeAndroidDevice
import authsession.testing.ManualClock
import authsession.testing.MemorySnapshotStore
import authsession.testing.ScriptedAuthenticator
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test

class AndroidKeystoreKeychainTest {
    private val clock = ManualClock()
    private val phone = FakeAndroidDevice(clock)
    private val ada = Credentials("ada", Secret("correct horse"))
    private val authBound = KeyParameters(userAuthenticationRequired = true, authValiditySeconds = 60)

    private fun keychain(parameters: KeyParameters = KeyParameters(), protection: ProtectionClass = ProtectionClass.CREDENTIAL_ENCRYPTED,
                         allowInsecure: Boolean = false) =
        AndroidKeystoreKeychain(phone, protection, allowInsecure, parameters)

    private fun found(result: ReadResult): Credentials = (result as? ReadResult.Found)?.credentials ?: throw AssertionError("not found: $result")

    private fun lost(result: ReadResult): SecretLossCause = (result as? ReadResult.SecretLost)?.cause ?: throw AssertionError("not lost: $result")

    @Test
    fun aStoredItemReadsBack() {
        val keychain = keychain()
        assertTrue(keychain.store(ada, ProtectionClass.CREDENTIAL_ENCRYPTED) is StoreResult.Stored)
        assertEquals("ada", found(keychain.read()).account)
        assertEquals(Secret("correct horse"), found(keychain.read()).secret)
        assertTrue(keychain.delete() is DeleteResult.Deleted)
        assertTrue(keychain.read() is ReadResult.NotFound)
    }

    @Test
    fun directBootIsUnavailableNeverNotFound() {
        val keychain = keychain()
        phone.boot()
        // Even with nothing stored: CE storage cannot be looked at before the first unlock.
        assertTrue(keychain.read() is ReadResult.Unavailable)
        assertTrue(keychain.store(ada, ProtectionClass.CREDENTIAL_ENCRYPTED) is StoreResult.Unavailable)
        assertTrue(keychain.delete() is DeleteResult.Unavailable)
        phone.unlock()
        keychain.store(ada, ProtectionClass.CREDENTIAL_ENCRYPTED)
        phone.boot()
        assertTrue(keychain.read() is ReadResult.Unavailable)
        assertFalse(phone.available())
        phone.unlock()
        assertEquals("ada", found(keychain.read()).account)
    }

    @Test
    fun anUnauthenticatedKeyIsUnavailableAndRecovers() {
        val keychain = keychain(authBound)
        keychain.store(ada, ProtectionClass.CREDENTIAL_ENCRYPTED)
        clock.advance(120.0)
        assertTrue(keychain.read() is ReadResult.Unavailable)
        phone.authenticate()
        assertEquals("ada", found(keychain.read()).account)
    }

    @Test
    fun anInvalidatedKeyIsALostSecretWithItsCauseAndNothingIsDeleted() {
        val keychain = keychain(authBound)
        keychain.store(ada, ProtectionClass.CREDENTIAL_ENCRYPTED)
        phone.changeBiometrics()
        assertEquals(SecretLossCause.KEY_PERMANENTLY_INVALIDATED, lost(keychain.read()))
        assertEquals(setOf("authsession.credentials"), phone.aliases)
        assertTrue(phone.storedBlob(StorageArea.CREDENTIAL_ENCRYPTED, "authsession", "credentials") != null)
        // Signing in again seals with a fresh key under a new alias; the dead one stays.
        assertTrue(keychain.store(ada, ProtectionClass.CREDENTIAL_ENCRYPTED) is StoreResult.Stored)
        assertEquals(setOf("authsession.credentials", "authsession.credentials.1"), phone.aliases)
        assertEquals("ada", found(keychain.read()).account)
    }

    @Test
    fun aDefaultKeySurvivesTheLockScreenBeingRemoved() {
        val keychain = keychain()
        keychain.store(ada, ProtectionClass.CREDENTIAL_ENCRYPTED)
        phone.removeLockScreen()
        assertEquals("ada", found(keychain.read()).account)
    }

    @Test
    fun aBlobRestoredWithoutItsKeyIsLostOnTheFirstRead() {
        val keychain = keychain()
        keychain.store(ada, ProtectionClass.CREDENTIAL_ENCRYPTED)
        val backup = phone.backup()
        val newPhone = FakeAndroidDevice(ManualClock())
        newPhone.restore(backup)
        val restored = AndroidKeystoreKeychain(newPhone)
        assertEquals(SecretLossCause.AEAD_BAD_TAG, lost(restored.read()))
        // Not a failure retried for ever, even where no key could be made (no lock screen).
        val bare = FakeAndroidDevice(ManualClock(), lockScreenSecure = false)
        bare.restore(backup)
        assertEquals(SecretLossCause.AEAD_BAD_TAG, lost(AndroidKeystoreKeychain(bare, keyParameters = authBound).read()))
        assertTrue(newPhone.storedBlob(StorageArea.CREDENTIAL_ENCRYPTED, "authsession", "credentials") != null)
    }

    @Test
    fun aBlobSealedByAnotherKeyIsABadTag() {
        val keychain = keychain()
        keychain.store(ada, ProtectionClass.CREDENTIAL_ENCRYPTED)
        val backup = phone.backup()
        phone.restore(backup)
        phone.generateKey("authsession.credentials", KeyParameters(), false) // a library's get-or-create
        assertEquals(SecretLossCause.AEAD_BAD_TAG, lost(keychain.read()))
    }

    @Test
    fun strongBoxIsAskedForAndGivenUpOnlyWhenAKeyIsMade() {
        keychain().store(ada, ProtectionClass.CREDENTIAL_ENCRYPTED)
        assertFalse(phone.isStrongBoxKey("authsession.credentials"))
        val secure = FakeAndroidDevice(ManualClock(), hasStrongBox = true)
        AndroidKeystoreKeychain(secure).store(ada, ProtectionClass.CREDENTIAL_ENCRYPTED)
        assertTrue(secure.isStrongBoxKey("authsession.credentials"))
    }

    @Test
    fun protectionIsNeverLowered() {
        for (refused in listOf(ProtectionClass.DEVICE_ENCRYPTED, ProtectionClass.WHEN_UNLOCKED)) {
            try {
                keychain(protection = refused)
                fail("$refused accepted")
            } catch (error: ProtectionRefused) {
                assertTrue(error.message!!.contains(refused.wire))
            }
        }
        val keychain = keychain()
        try {
            keychain.store(ada, ProtectionClass.DEVICE_ENCRYPTED)
            fail("a store lowered the class")
        } catch (error: ProtectionRefused) {
            assertEquals(ProtectionClass.CREDENTIAL_ENCRYPTED, keychain.protection)
        }
    }

    @Test
    fun tighteningTheClassMovesTheItemAndRemovesTheOldCopy() {
        val old = keychain(protection = ProtectionClass.DEVICE_ENCRYPTED, allowInsecure = true)
        old.store(ada, ProtectionClass.DEVICE_ENCRYPTED)
        val keychain = keychain()
        assertEquals("ada", found(keychain.read()).account) // found in the other area
        keychain.store(ada, ProtectionClass.CREDENTIAL_ENCRYPTED)
        assertEquals(null, phone.storedBlob(StorageArea.DEVICE_ENCRYPTED, "authsession", "credentials"))
        assertEquals("ada", found(keychain.read()).account)
    }

    @Test
    fun failuresAreFailuresAndKeepThePreviousItem() {
        val keychain = keychain()
        keychain.store(ada, ProtectionClass.CREDENTIAL_ENCRYPTED)
        phone.failNextCommits()
        assertTrue(keychain.store(Credentials("bob", Secret("other")), ProtectionClass.CREDENTIAL_ENCRYPTED) is StoreResult.Failed)
        assertEquals("ada", found(keychain.read()).account)
        phone.failNextKeystoreOperations()
        assertTrue(keychain.read() is ReadResult.Failed)
        phone.putBlob(StorageArea.CREDENTIAL_ENCRYPTED, "authsession", "credentials", "{\"format\": 9}")
        assertTrue(keychain.read() is ReadResult.Failed)
    }

    @Test
    fun noSecretIsStoredInPlaintextOrPrinted() {
        val canary = "CANARY-s3cr3t-7f2a"
        val keychain = keychain()
        keychain.store(Credentials("ada", Secret(canary)), ProtectionClass.CREDENTIAL_ENCRYPTED)
        val stored = phone.storedBlob(StorageArea.CREDENTIAL_ENCRYPTED, "authsession", "credentials")!!
        val details = listOf(keychain.read(), keychain.toString(), phone.toString(), phone.backup().toString())
        for (text in details.map { it.toString() } + stored) assertFalse(text, text.contains(canary))
    }

    // Under a session ------------------------------------------------------------------------

    private fun session(keychain: AndroidKeystoreKeychain, server: ScriptedAuthenticator, store: MemorySnapshotStore) =
        AuthSession(keychain, clock, server, phone, SessionConfig(protection = ProtectionClass.CREDENTIAL_ENCRYPTED, seed = 0), store = store)

    @Test
    fun aDirectBootLaunchDefersWorkUntilTheUserUnlocks() {
        val store = MemorySnapshotStore()
        val server = ScriptedAuthenticator()
        val first = session(keychain(), server, store)
        first.launch()
        first.login("ada", Secret("correct horse"))
        phone.boot()
        val app = session(keychain(), server, store)
        app.launch()
        app.requestWork("fcm-sync")
        assertEquals(State.DEFERRED_AUTH, app.state)
        phone.unlock()
        app.protectedDataDidBecomeAvailable() // ACTION_USER_UNLOCKED
        assertEquals(State.LOGGED_IN, app.state)
        assertEquals(listOf("fcm-sync"), app.completedWork)
    }

    @Test
    fun aLostKeyTellsTheUserWhyAndARestoreIsNotRetriedForEver() {
        val store = MemorySnapshotStore()
        val first = session(keychain(authBound), ScriptedAuthenticator(), store)
        first.launch()
        first.login("ada", Secret("correct horse"))
        assertEquals(State.LOGGED_IN, first.state)
        phone.changeBiometrics()
        val app = session(keychain(authBound), ScriptedAuthenticator(), store)
        app.launch()
        assertEquals(State.LOGGED_OUT, app.state)
        assertEquals("sign_in_again", app.notifications.single().wire)
        assertTrue(app.timers.none { it.name == "retry" })
    }
}
