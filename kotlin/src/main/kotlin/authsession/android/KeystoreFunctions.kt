// The small table of Android platform functions the keychain adapter is written over — key
// generation with its `KeyGenParameterSpec` choices, AES-GCM encrypt and decrypt with a Keystore
// key, and the blob store: one SharedPreferences file in credential- or device-protected storage —
// so that all of the adapter's logic builds and is tested on a plain JVM. On a device,
// `src/android` binds the table to `android.security.keystore` and `Context` (not compiled here);
// in JVM unit tests, `authsession.testing.FakeAndroidDevice` plays the device. Owns the values
// crossing the table: storage areas, key parameters, and the Java exceptions the adapter tells
// apart (`AndroidError`), which the binding reports by raising `AndroidPlatformException`.
// Must not depend on the adapter.
package authsession.android

/** Where a SharedPreferences file lives: credential-encrypted (CE, readable once the user has
 *  unlocked after boot) or device-encrypted (DE, readable in Direct Boot too). */
enum class StorageArea { CREDENTIAL_ENCRYPTED, DEVICE_ENCRYPTED }

/** The platform exceptions whose meaning differs, as the binding names them. */
enum class AndroidError {
    /** `KeyPermanentlyInvalidatedException`: the key can never be used again (lock screen
     *  removed, biometric enrollment changed). Keystore2 also reports a missing key this way. */
    KEY_PERMANENTLY_INVALIDATED,

    /** `UserNotAuthenticatedException`: the key is intact but needs a recent unlock or
     *  authentication (or an unlocked device). */
    USER_NOT_AUTHENTICATED,

    /** `AEADBadTagException`: the blob does not open with this key (restored from a backup). */
    AEAD_BAD_TAG,

    /** `StrongBoxUnavailableException`: this device has no StrongBox (at key generation). */
    STRONGBOX_UNAVAILABLE,

    /** `InvalidAlgorithmParameterException` at key generation: an auth-bound key asked for on a
     *  device without a secure lock screen. */
    NO_SECURE_LOCK_SCREEN,

    /** `IllegalStateException` from CE storage: the user has not unlocked since boot (Direct Boot). */
    USER_LOCKED,

    /** Anything else (`ProviderException`, `KeyStoreException`, I/O): says nothing about the item. */
    OTHER
}

/** A platform call failed with `error`; the message never carries data. */
class AndroidPlatformException(val error: AndroidError, cause: Throwable? = null) : Exception(error.name, cause)

/** The `KeyGenParameterSpec` choices that decide when a key works and when it dies. The
 *  default is what a session needs: no user-authentication binding, so a refresh works in the
 *  background while the screen is locked (CE storage already waits for the first unlock). */
data class KeyParameters(
    val userAuthenticationRequired: Boolean = false,
    /** Seconds after an unlock or authentication in which an auth-bound key may be used. */
    val authValiditySeconds: Int = 300,
    val invalidatedByBiometricEnrollment: Boolean = true,
    val unlockedDeviceRequired: Boolean = false,
    /** Ask for a StrongBox-backed key (API 28+); a device without one gets a TEE key instead,
     *  decided once, when the key is made. */
    val strongBox: Boolean = true
) {
    init {
        require(authValiditySeconds > 0) { "authValiditySeconds must be positive (per-use keys are not supported)" }
    }
}

/** The platform functions. Each may raise `AndroidPlatformException` (or anything else, which
 *  counts as `AndroidError.OTHER`). */
interface KeystoreFunctions {
    fun containsAlias(alias: String): Boolean

    /** Create (or replace) the AES-256-GCM key `alias` with these parameters; `strongBox` says
     *  whether this attempt asks for StrongBox. */
    fun generateKey(alias: String, parameters: KeyParameters, strongBox: Boolean)

    /** Seal `plaintext` with the key: nonce, ciphertext and tag in one array. */
    fun encrypt(alias: String, plaintext: ByteArray): ByteArray

    fun decrypt(alias: String, sealed: ByteArray): ByteArray

    /** `getSharedPreferences(file)` in `area`, then `getString(key, null)`. */
    fun getBlob(area: StorageArea, file: String, key: String): String?

    fun containsBlob(area: StorageArea, file: String, key: String): Boolean

    /** One `edit().putString(key, value).commit()`: true when written, false when the old
     *  contents are unchanged. */
    fun putBlob(area: StorageArea, file: String, key: String, value: String): Boolean

    /** One `edit().remove(key).commit()`. */
    fun removeBlob(area: StorageArea, file: String, key: String): Boolean
}
