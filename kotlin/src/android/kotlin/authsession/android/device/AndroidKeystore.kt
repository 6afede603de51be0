// NOT COMPILED HERE: this source set needs the Android SDK (android.jar, API 28+) and
// androidx.biometric; kotlin/build.py never compiles `src/android`. Add it to an Android library
// module next to `src/main` (docs/porting.md, "Use the Kotlin package (Android)").
//
// The table of platform functions (`KeystoreFunctions`) bound to the device: AndroidKeyStore
// AES-256-GCM keys made with `KeyGenParameterSpec`, `Cipher` for encrypt/decrypt, and
// SharedPreferences in credential-protected storage (the app's `Context`) or device-protected
// storage (`createDeviceProtectedStorageContext()`). Its only logic is the translation of the
// platform's exceptions into `AndroidError`: everything they mean is `AndroidKeystoreKeychain`'s,
// built and tested on the JVM.
package authsession.android.device

import android.content.Context
import android.os.Build
import android.os.UserManager
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.security.keystore.StrongBoxUnavailableException
import android.security.keystore.UserNotAuthenticatedException
import authsession.android.AndroidError
import authsession.android.AndroidPlatformException
import authsession.android.KeyParameters
import authsession.android.KeystoreFunctions
import authsession.android.StorageArea
import java.security.InvalidAlgorithmParameterException
import java.security.KeyStore
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

class AndroidKeystore(private val context: Context) : KeystoreFunctions {
    private val keyStore: KeyStore = KeyStore.getInstance("AndroidKeyStore").apply { load(null) }

    override fun containsAlias(alias: String): Boolean = translated { keyStore.containsAlias(alias) }

    override fun generateKey(alias: String, parameters: KeyParameters, strongBox: Boolean) = translated {
        val spec = KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
            .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
            .setKeySize(256)
            .setUserAuthenticationRequired(parameters.userAuthenticationRequired)
            .setInvalidatedByBiometricEnrollment(parameters.invalidatedByBiometricEnrollment)
            .setUnlockedDeviceRequired(parameters.unlockedDeviceRequired)
            .setIsStrongBoxBacked(strongBox)
        if (parameters.userAuthenticationRequired) {
            if (Build.VERSION.SDK_INT >= 30) {
                spec.setUserAuthenticationParameters(parameters.authValiditySeconds,
                    KeyProperties.AUTH_DEVICE_CREDENTIAL or KeyProperties.AUTH_BIOMETRIC_STRONG)
            } else {
                @Suppress("DEPRECATION")
                spec.setUserAuthenticationValidityDurationSeconds(parameters.authValiditySeconds)
            }
        }
        val generator = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, "AndroidKeyStore")
        generator.init(spec.build())
        generator.generateKey()
        Unit
    }

    override fun encrypt(alias: String, plaintext: ByteArray): ByteArray = translated {
        val cipher = Cipher.getInstance("AES/GCM/NoPadding")
        cipher.init(Cipher.ENCRYPT_MODE, key(alias))
        cipher.iv + cipher.doFinal(plaintext)
    }

    override fun decrypt(alias: String, sealed: ByteArray): ByteArray = translated {
        val cipher = Cipher.getInstance("AES/GCM/NoPadding")
        cipher.init(Cipher.DECRYPT_MODE, key(alias), GCMParameterSpec(128, sealed, 0, 12))
        cipher.doFinal(sealed, 12, sealed.size - 12)
    }

    override fun getBlob(area: StorageArea, file: String, key: String): String? = translated { prefs(area, file).getString(key, null) }

    override fun containsBlob(area: StorageArea, file: String, key: String): Boolean = translated { prefs(area, file).contains(key) }

    override fun putBlob(area: StorageArea, file: String, key: String, value: String): Boolean =
        translated { prefs(area, file).edit().putString(key, value).commit() }

    override fun removeBlob(area: StorageArea, file: String, key: String): Boolean =
        translated { prefs(area, file).edit().remove(key).commit() }

    /** Keystore2 reports a key that is gone as permanently invalidated. */
    private fun key(alias: String): SecretKey =
        keyStore.getKey(alias, null) as SecretKey? ?: throw AndroidPlatformException(AndroidError.KEY_PERMANENTLY_INVALIDATED)

    private fun prefs(area: StorageArea, file: String) = when (area) {
        StorageArea.DEVICE_ENCRYPTED -> context.createDeviceProtectedStorageContext().getSharedPreferences(file, Context.MODE_PRIVATE)
        StorageArea.CREDENTIAL_ENCRYPTED -> {
            // Checked first: before the first unlock a CE file reads as empty on some versions.
            if (!context.getSystemService(UserManager::class.java).isUserUnlocked) throw AndroidPlatformException(AndroidError.USER_LOCKED)
            context.getSharedPreferences(file, Context.MODE_PRIVATE)
        }
    }

    private inline fun <T> translated(body: () -> T): T = try {
        body()
    } catch (error: AndroidPlatformException) {
        throw error
    } catch (error: KeyPermanentlyInvalidatedException) {
        throw AndroidPlatformException(AndroidError.KEY_PERMANENTLY_INVALIDATED, error)
    } catch (error: UserNotAuthenticatedException) {
        throw AndroidPlatformException(AndroidError.USER_NOT_AUTHENTICATED, error)
    } catch (error: AEADBadTagException) {
        throw AndroidPlatformException(AndroidError.AEAD_BAD_TAG, error)
    } catch (error: StrongBoxUnavailableException) {
        throw AndroidPlatformException(AndroidError.STRONGBOX_UNAVAILABLE, error)
    } catch (error: InvalidAlgorithmParameterException) {
        throw AndroidPlatformException(AndroidError.NO_SECURE_LOCK_SCREEN, error)
    } catch (error: IllegalStateException) {
        throw AndroidPlatformException(AndroidError.USER_LOCKED, error)
    }
}
