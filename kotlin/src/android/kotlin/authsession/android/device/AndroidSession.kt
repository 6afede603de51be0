// NOT COMPILED HERE: needs the Android SDK (android.jar) and androidx.biometric; see
// AndroidKeystore.kt. The other adapters on a device, a few lines each: the protected-data signal
// (`UserManager.isUserUnlocked()`, `ACTION_USER_UNLOCKED`), the clock
// (`SystemClock.elapsedRealtime()`, never `System.currentTimeMillis()` for a timer), the snapshot
// file in device-protected storage (it holds no secret and must be readable in Direct Boot, where
// a launch reads it), and the BiometricPrompt that renews an auth-bound key's validity window
// when a read answered `UserNotAuthenticatedException`.
package authsession.android.device

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.content.IntentFilter
import android.os.SystemClock
import android.os.UserManager
import androidx.biometric.BiometricManager
import androidx.biometric.BiometricPrompt
import androidx.fragment.app.FragmentActivity
import authsession.host.ProtectedDataSignal
import authsession.host.ProtectionClass
import authsession.host.SessionClock
import authsession.host.SnapshotStore
import java.io.File

/** CE storage is readable once the user has unlocked since boot; DE always. */
class UserUnlockedSignal(private val context: Context) : ProtectedDataSignal {
    override fun available(): Boolean = context.getSystemService(UserManager::class.java).isUserUnlocked

    override fun availableFor(protection: ProtectionClass): Boolean =
        protection == ProtectionClass.DEVICE_ENCRYPTED || available()

    /** Calls `onUnlocked` on `ACTION_USER_UNLOCKED` (runtime-registered: a manifest receiver of
     *  it is not delivered to every app); returns the unregister function. */
    fun register(onUnlocked: () -> Unit): () -> Unit {
        val receiver = object : BroadcastReceiver() {
            override fun onReceive(context: Context, intent: Intent) = onUnlocked()
        }
        context.registerReceiver(receiver, IntentFilter(Intent.ACTION_USER_UNLOCKED))
        return { context.unregisterReceiver(receiver) }
    }
}

object ElapsedRealtimeClock : SessionClock {
    override fun monotonic(): Double = SystemClock.elapsedRealtime() / 1000.0

    override fun wall(): Double = System.currentTimeMillis() / 1000.0
}

/** The session snapshot in device-protected storage, written atomically (a new file renamed). */
class DeviceProtectedSnapshots(context: Context, name: String = "authsession-session.json") : SnapshotStore {
    private val file = File(context.createDeviceProtectedStorageContext().noBackupFilesDir, name)

    override fun load(): ByteArray? = if (file.exists()) file.readBytes() else null

    override fun save(data: ByteArray) {
        val partial = File(file.path + ".partial")
        partial.writeBytes(data)
        if (!partial.renameTo(file)) throw java.io.IOException("rename failed")
    }
}

/** Renews an auth-bound key's window: show it when the session reports the keychain unavailable
 *  while the user is looking (a read answered `UserNotAuthenticatedException`), then call
 *  `session.foreground()` again. Not needed with the default, unbound key. Strong biometrics or
 *  the device credential is accepted from API 30; before it, androidx.biometric refuses that
 *  pair: ask for `BIOMETRIC_STRONG` with a negative button there. */
fun renewKeyAccess(activity: FragmentActivity, onRenewed: () -> Unit) {
    val allowed = BiometricManager.Authenticators.BIOMETRIC_STRONG or BiometricManager.Authenticators.DEVICE_CREDENTIAL
    val prompt = BiometricPrompt(activity, activity.mainExecutor, object : BiometricPrompt.AuthenticationCallback() {
        override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) = onRenewed()
    })
    prompt.authenticate(BiometricPrompt.PromptInfo.Builder().setTitle("Unlock your account").setAllowedAuthenticators(allowed).build())
}
