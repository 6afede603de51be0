// The adapter contracts of the host: what a session asks of the platform (keychain,
// authenticator, clock, protected-data signal, snapshot storage) and the results it gets back,
// as the Python host's `authsession/adapters` states them. Owns the value types crossing those
// seams (`Secret`, `Credentials`, `ProtectionClass`, the result types) and `ProcessEnding`.
// Must not depend on any adapter implementation, the host or the session.
package authsession.host

import authsession.core.SecretLossCause
import authsession.core.WireName

/** A secret (password, refresh token, session token): it never prints. */
class Secret(private val value: String) {
    /** The secret itself: only for the adapter that must send or store it. */
    fun reveal(): String = value

    override fun toString(): String = "Secret(**********)"

    override fun equals(other: Any?): Boolean = other is Secret && other.value == value

    override fun hashCode(): Int = value.hashCode()
}

/** A user's account name and secret. Compared by identity: the host asks "are these the very
 *  credentials I handed out?" (the typed ones, the ones in hand), as the Python host does. */
class Credentials(val account: String, val secret: Secret) {
    override fun toString(): String = "Credentials(account=$account, secret=**********)"
}

/** When stored credentials can be decrypted (iOS `kSecAttrAccessible*`, Android storage areas). */
enum class ProtectionClass(override val wire: String) : WireName {
    WHEN_UNLOCKED("when_unlocked"),
    WHEN_UNLOCKED_THIS_DEVICE_ONLY("when_unlocked_this_device_only"),
    WHEN_PASSCODE_SET_THIS_DEVICE_ONLY("when_passcode_set_this_device_only"),
    AFTER_FIRST_UNLOCK("after_first_unlock"),
    AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY("after_first_unlock_this_device_only"),
    ALWAYS("always"),
    ALWAYS_THIS_DEVICE_ONLY("always_this_device_only"),
    CREDENTIAL_ENCRYPTED("credential_encrypted"),
    DEVICE_ENCRYPTED("device_encrypted");

    /** Readable with no unlock since boot: refused unless a configuration allows it
     *  (invariant 7). */
    val lowersSecurity: Boolean get() = this == ALWAYS || this == ALWAYS_THIS_DEVICE_ONLY || this == DEVICE_ENCRYPTED
}

/** What a keychain read found. `NotFound` says nothing about the user on its own: the host
 *  combines it with the protected-data signal. `detail` is for logs: it never holds a secret. */
sealed class ReadResult {
    class Found(val credentials: Credentials) : ReadResult()
    class NotFound(val detail: String? = null) : ReadResult()
    class Unavailable(val detail: String? = null) : ReadResult()
    class Failed(val detail: String? = null) : ReadResult()
    class SecretLost(val cause: SecretLossCause, val detail: String? = null) : ReadResult()
}

sealed class StoreResult {
    object Stored : StoreResult()
    class Unavailable(val detail: String? = null) : StoreResult()
    class Failed(val detail: String? = null) : StoreResult()
}

sealed class DeleteResult {
    object Deleted : DeleteResult()
    class Unavailable(val detail: String? = null) : DeleteResult()
    class Failed(val detail: String? = null) : DeleteResult()
}

sealed class AuthResult {
    class Accepted(val token: Secret, val expiresIn: Double, val refreshToken: Secret? = null) : AuthResult()
    class Rejected(val detail: String? = null) : AuthResult()

    /** `retryAfter`: the server's `Retry-After`, seconds (the next retry waits at least this). */
    class Transient(val detail: String? = null, val retryAfter: Double? = null) : AuthResult()
}

/** The one credentials item of the app. */
interface Keychain {
    fun read(): ReadResult
    fun store(credentials: Credentials, protection: ProtectionClass): StoreResult
    fun delete(): DeleteResult
}

interface Authenticator {
    fun authenticate(credentials: Credentials): AuthResult
}

/** Monotonic time decides every timer (a wall clock can jump, F9); wall time is for display.
 *  On Android: `SystemClock.elapsedRealtime()` and `System.currentTimeMillis()`, in seconds. */
interface SessionClock {
    fun monotonic(): Double
    fun wall(): Double
}

/** "Can the credentials' protection class be read now?" (Android `UserManager.isUserUnlocked()`
 *  for credential-encrypted storage). */
interface ProtectedDataSignal {
    fun available(): Boolean

    /** The same question for another class: needed when an earlier app version may have stored
     *  the item under a class other than the configured one. */
    fun availableFor(protection: ProtectionClass): Boolean = available()
}

/** The app's storage for the session's durable, secret-free snapshot (a file readable at all
 *  times: device-protected storage on Android). */
interface SnapshotStore {
    fun load(): ByteArray?
    fun save(data: ByteArray)
}

/** Ends the process rather than one call: the host never turns it into a failure event, it
 *  leaves the session call. A `Throwable` that is no `Exception`, so no adapter guard catches it.
 *  No adapter of a real app throws one; a test harness does (the world killed the process). */
open class ProcessEnding(message: String) : Throwable(message)

/** Runs `body`; any exception becomes `failure` (the host's adapter guard). A `ProcessEnding` and
 *  a JVM `Error` are no exceptions: they pass. */
internal inline fun <T> guarded(failure: T, body: () -> T): T =
    try {
        body()
    } catch (error: Exception) {
        failure
    }
