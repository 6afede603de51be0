// `FakeAndroidDevice`: an Android phone for JVM unit tests, playing the platform functions the
// keychain adapter is written over (`KeystoreFunctions`) with Android's rules, as the Python
// reference's simulator (authsession/simulators/android/device.py) states them: Direct Boot
// (credential-encrypted storage raises until the first unlock after boot, device-encrypted never
// does), Keystore keys that need a secure lock screen, die with it or with a new biometric
// enrollment, need a recent authentication or an unlocked device as their parameters say, a
// StrongBox only where the phone has one, backups that carry the SharedPreferences but never a
// key, and injected commit and Keystore failures. The cipher is the JVM's own AES-GCM, so a blob
// opened with another key fails its tag as on a phone. Also the protected-data signal
// (`UserManager.isUserUnlocked()`). Time comes from the test's `ManualClock`.
// Must not depend on the keychain adapter or the session.
package authsession.testing

import authsession.android.AndroidError
import authsession.android.AndroidPlatformException
import authsession.android.KeyParameters
import authsession.android.KeystoreFunctions
import authsession.android.StorageArea
import authsession.host.ProtectedDataSignal
import authsession.host.ProtectionClass
import java.security.SecureRandom
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

class FakeAndroidDevice(
    private val clock: ManualClock = ManualClock(),
    lockScreenSecure: Boolean = true,
    /** Whether the phone has a StrongBox secure element (most don't). */
    val hasStrongBox: Boolean = false
) : KeystoreFunctions, ProtectedDataSignal {
    enum class Phase { BEFORE_FIRST_UNLOCK, LOCKED, UNLOCKED }

    /** What Auto Backup carries: the SharedPreferences of both areas, never a Keystore key. */
    class Backup internal constructor(internal val files: Map<StorageArea, Map<String, Map<String, String>>>) {
        override fun toString(): String = "Backup(files=${files.values.fold(0) { total, byName -> total + byName.size }})"
    }

    private class Key(val parameters: KeyParameters, val secret: SecretKey, val strongBox: Boolean) {
        var invalidated = false
    }

    var phase = Phase.BEFORE_FIRST_UNLOCK
        private set
    var lockScreenSecure = lockScreenSecure
        private set
    private var lastAuthenticated: Double? = null
    private var keys = HashMap<String, Key>()
    private var files = HashMap<StorageArea, HashMap<String, HashMap<String, String>>>()
    private var commitFaults = 0
    private var keystoreFaults = 0
    private val random = SecureRandom()

    init {
        boot()
        unlock()
    }

    // The user and the system ------------------------------------------------------------------

    /** Restart: Direct Boot, only device-encrypted storage until the first unlock. */
    fun boot() {
        phase = Phase.BEFORE_FIRST_UNLOCK
        lastAuthenticated = null
        // Without a credential the CE key is unwrapped at boot: the user unlocks by itself.
        if (!lockScreenSecure) phase = Phase.UNLOCKED
    }

    /** The user enters their credential (the first time after boot, CE storage opens). */
    fun unlock() {
        phase = Phase.UNLOCKED
        if (lockScreenSecure) lastAuthenticated = clock.now
    }

    /** The screen locks; CE storage stays readable until the next reboot. */
    fun lock() {
        if (phase == Phase.UNLOCKED && lockScreenSecure) phase = Phase.LOCKED
    }

    /** A successful BiometricPrompt or confirm-credential: auth validity windows restart. */
    fun authenticate() {
        require(phase == Phase.UNLOCKED) { "authenticate on an unlocked phone" }
        if (lockScreenSecure) lastAuthenticated = clock.now
    }

    /** Settings, screen lock, None: every key that needs a secure lock screen dies for good. */
    fun removeLockScreen() {
        require(phase == Phase.UNLOCKED) { "remove the lock screen on an unlocked phone" }
        lockScreenSecure = false
        lastAuthenticated = null
        for (key in keys.values) if (needsLockScreen(key.parameters)) key.invalidated = true
    }

    /** A PIN, pattern or password again; keys invalidated earlier stay invalid. */
    fun setLockScreen() {
        require(phase == Phase.UNLOCKED) { "set a lock screen on an unlocked phone" }
        lockScreenSecure = true
        lastAuthenticated = clock.now
    }

    /** A new fingerprint enrolled (or the last one removed). */
    fun changeBiometrics() {
        require(phase == Phase.UNLOCKED && lockScreenSecure) { "biometrics need an unlocked phone with a lock screen" }
        for (key in keys.values) {
            if (key.parameters.userAuthenticationRequired && key.parameters.invalidatedByBiometricEnrollment) key.invalidated = true
        }
    }

    /** Auto Backup of the app's preference files, both areas; no keys. */
    fun backup(): Backup {
        require(phase != Phase.BEFORE_FIRST_UNLOCK) { "back up after the first unlock" }
        return Backup(files.mapValues { (_, byName) -> byName.mapValues { (_, data) -> HashMap(data) as Map<String, String> } })
    }

    /** The app installed again (here or on a new phone) and `backup` restored into it: the
     *  preferences come back, the Keystore starts empty. */
    fun restore(backup: Backup) {
        require(phase != Phase.BEFORE_FIRST_UNLOCK) { "restore after the first unlock" }
        keys = HashMap()
        files = HashMap()
        for ((area, byName) in backup.files) {
            val target = files.getOrPut(area) { HashMap() }
            for ((name, data) in byName) target[name] = HashMap(data)
        }
    }

    /** The next `count` commits fail (the file is unchanged, as a failed rename would leave it). */
    fun failNextCommits(count: Int = 1) {
        commitFaults += count
    }

    /** The next `count` Keystore operations fail with a provider error (transient). */
    fun failNextKeystoreOperations(count: Int = 1) {
        keystoreFaults += count
    }

    // What a test may look at ------------------------------------------------------------------

    val isUserUnlocked: Boolean get() = phase != Phase.BEFORE_FIRST_UNLOCK
    val aliases: Set<String> get() = HashSet(keys.keys)

    fun isInvalidated(alias: String): Boolean = keys[alias]?.invalidated ?: false

    fun isStrongBoxKey(alias: String): Boolean = keys[alias]?.strongBox ?: false

    /** The raw stored string (for tests that check nothing is stored in plaintext). */
    fun storedBlob(area: StorageArea, file: String, key: String): String? = files[area]?.get(file)?.get(key)

    // ProtectedDataSignal: CE storage follows `isUserUnlocked()`, DE is readable whenever the
    // phone runs (which is what makes it insecure for credentials).

    override fun available(): Boolean = isUserUnlocked

    override fun availableFor(protection: ProtectionClass): Boolean =
        protection == ProtectionClass.DEVICE_ENCRYPTED || isUserUnlocked

    // KeystoreFunctions ------------------------------------------------------------------------

    override fun containsAlias(alias: String): Boolean = alias in keys

    override fun generateKey(alias: String, parameters: KeyParameters, strongBox: Boolean) {
        keystoreFault()
        if (needsLockScreen(parameters) && !lockScreenSecure) throw AndroidPlatformException(AndroidError.NO_SECURE_LOCK_SCREEN)
        if (strongBox && !hasStrongBox) throw AndroidPlatformException(AndroidError.STRONGBOX_UNAVAILABLE)
        val generator = KeyGenerator.getInstance("AES")
        generator.init(256, random)
        keys[alias] = Key(parameters, generator.generateKey(), strongBox)
    }

    override fun encrypt(alias: String, plaintext: ByteArray): ByteArray {
        val key = usable(alias)
        val nonce = ByteArray(NONCE_BYTES).also { random.nextBytes(it) }
        val cipher = Cipher.getInstance("AES/GCM/NoPadding")
        cipher.init(Cipher.ENCRYPT_MODE, key.secret, GCMParameterSpec(128, nonce))
        return nonce + cipher.doFinal(plaintext)
    }

    override fun decrypt(alias: String, sealed: ByteArray): ByteArray {
        val key = usable(alias)
        if (sealed.size < NONCE_BYTES + 16) throw AndroidPlatformException(AndroidError.AEAD_BAD_TAG)
        val cipher = Cipher.getInstance("AES/GCM/NoPadding")
        cipher.init(Cipher.DECRYPT_MODE, key.secret, GCMParameterSpec(128, sealed, 0, NONCE_BYTES))
        try {
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.size - NONCE_BYTES)
        } catch (error: AEADBadTagException) {
            throw AndroidPlatformException(AndroidError.AEAD_BAD_TAG)
        }
    }

    override fun getBlob(area: StorageArea, file: String, key: String): String? = data(area, file)[key]

    override fun containsBlob(area: StorageArea, file: String, key: String): Boolean = key in data(area, file)

    override fun putBlob(area: StorageArea, file: String, key: String, value: String): Boolean {
        requireArea(area)
        if (commitFault()) return false
        files.getOrPut(area) { HashMap() }.getOrPut(file) { HashMap() }[key] = value
        return true
    }

    override fun removeBlob(area: StorageArea, file: String, key: String): Boolean {
        requireArea(area)
        if (commitFault()) return false
        files[area]?.get(file)?.remove(key)
        return true
    }

    override fun toString(): String = "FakeAndroidDevice(phase=$phase, lockScreenSecure=$lockScreenSecure, keys=${keys.size})"

    // Internals --------------------------------------------------------------------------------

    private fun data(area: StorageArea, file: String): Map<String, String> {
        requireArea(area)
        return files[area]?.get(file) ?: emptyMap()
    }

    /** Android raises on CE access before the first unlock rather than reading as empty. */
    private fun requireArea(area: StorageArea) {
        if (area == StorageArea.CREDENTIAL_ENCRYPTED && !isUserUnlocked) throw AndroidPlatformException(AndroidError.USER_LOCKED)
    }

    private fun usable(alias: String): Key {
        keystoreFault()
        // Keystore2 reports a missing key blob as permanent invalidation.
        val key = keys[alias]
        if (key == null || key.invalidated) throw AndroidPlatformException(AndroidError.KEY_PERMANENTLY_INVALIDATED)
        val parameters = key.parameters
        if (parameters.unlockedDeviceRequired && phase != Phase.UNLOCKED) throw AndroidPlatformException(AndroidError.USER_NOT_AUTHENTICATED)
        if (parameters.userAuthenticationRequired) {
            val last = lastAuthenticated
            if (last == null || clock.now - last > parameters.authValiditySeconds) throw AndroidPlatformException(AndroidError.USER_NOT_AUTHENTICATED)
        }
        return key
    }

    private fun needsLockScreen(parameters: KeyParameters): Boolean =
        parameters.userAuthenticationRequired || parameters.unlockedDeviceRequired

    private fun commitFault(): Boolean {
        if (commitFaults == 0) return false
        commitFaults -= 1
        return true
    }

    private fun keystoreFault() {
        if (keystoreFaults == 0) return
        keystoreFaults -= 1
        throw AndroidPlatformException(AndroidError.OTHER)
    }

    private companion object {
        const val NONCE_BYTES = 12
    }
}
