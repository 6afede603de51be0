// The Android keychain adapter and the test kit's phone as a process, for the parity test
// (tests/conformance/kotlin/test_kotlin_android_parity.py): one JSON line in, one out. A
// `{"phone": {...}}` line starts over on a new phone with an adapter configured as it says
// (lock screen, key parameters, protection); then each line is a user or system action on the
// phone, or a keychain call, and the answer says what came back — the same lines the Python
// reference's simulator and `AndroidKeychain` answer on the other side. Owns only that mapping;
// a line it cannot read ends it with one stderr line and exit 2.
package authsession.android

import authsession.core.JsonValue
import authsession.core.jsonObject
import authsession.host.Credentials
import authsession.host.DeleteResult
import authsession.host.ProtectionClass
import authsession.host.ReadResult
import authsession.host.Secret
import authsession.host.StoreResult
import authsession.testing.FakeAndroidDevice
import authsession.testing.ManualClock
import kotlin.system.exitProcess

private class Run(config: JsonValue.Obj) {
    val secure = config["lock_screen_secure"] == JsonValue.Bool(true)
    val key = config["key"] as JsonValue.Obj
    val parameters = KeyParameters(
        userAuthenticationRequired = key["user_authentication_required"] == JsonValue.Bool(true),
        authValiditySeconds = (key["auth_validity_seconds"] as JsonValue.Num).value.toInt(),
        invalidatedByBiometricEnrollment = key["invalidated_by_biometric_enrollment"] == JsonValue.Bool(true),
        unlockedDeviceRequired = key["unlocked_device_required"] == JsonValue.Bool(true)
    )
    val protection = protectionOf(config["protection"])
    val allowInsecure = config["allow_insecure_protection"] == JsonValue.Bool(true)
    var clock = ManualClock()
    var phone = FakeAndroidDevice(clock, secure)
    var keychain = AndroidKeystoreKeychain(phone, protection, allowInsecure, parameters)

    /** Another phone (the app reinstalled on it) with `backup` restored into it. */
    fun moveTo(backup: FakeAndroidDevice.Backup, secure: Boolean) {
        clock = ManualClock()
        phone = FakeAndroidDevice(clock, secure)
        phone.restore(backup)
        keychain = AndroidKeystoreKeychain(phone, protection, allowInsecure, parameters)
    }

    fun act(action: String, line: JsonValue.Obj): JsonValue = try {
        when (action) {
            "read" -> read(keychain.read())
            "store" -> store(keychain.store(Credentials((line["account"] as JsonValue.Str).value,
                Secret((line["secret"] as JsonValue.Str).value)), protectionOf(line["protection"])))
            "delete" -> when (keychain.delete()) {
                is DeleteResult.Deleted -> result("deleted")
                is DeleteResult.Unavailable -> result("unavailable")
                is DeleteResult.Failed -> result("failed")
            }
            else -> {
                device(action, line)
                result("done")
            }
        }
    } catch (refused: IllegalArgumentException) {
        result("refused") // the phone cannot do that now, or the adapter refuses the class
    }

    private fun device(action: String, line: JsonValue.Obj) {
        when (action) {
            "boot" -> phone.boot()
            "unlock" -> phone.unlock()
            "lock" -> phone.lock()
            "authenticate" -> phone.authenticate()
            "advance" -> clock.advance((line["seconds"] as JsonValue.Num).value)
            "remove_lock_screen" -> phone.removeLockScreen()
            "set_lock_screen" -> phone.setLockScreen()
            "change_biometrics" -> phone.changeBiometrics()
            "restore_here" -> phone.restore(phone.backup())
            "restore_new_phone" -> moveTo(phone.backup(), phone.lockScreenSecure)
            "fail_next_commit" -> phone.failNextCommits()
            "fail_next_keystore" -> phone.failNextKeystoreOperations()
            else -> throw IllegalStateException("unknown action")
        }
    }

    private fun read(found: ReadResult): JsonValue = when (found) {
        is ReadResult.Found -> jsonObject("result" to JsonValue.Str("found"), "account" to JsonValue.Str(found.credentials.account),
            "secret" to JsonValue.Str(found.credentials.secret.reveal()))
        is ReadResult.NotFound -> result("not_found")
        is ReadResult.Unavailable -> result("unavailable")
        is ReadResult.Failed -> result("failed")
        is ReadResult.SecretLost -> jsonObject("result" to JsonValue.Str("secret_lost"), "cause" to JsonValue.Str(found.cause.wire))
    }

    private fun store(stored: StoreResult): JsonValue = when (stored) {
        is StoreResult.Stored -> result("stored")
        is StoreResult.Unavailable -> result("unavailable")
        is StoreResult.Failed -> result("failed")
    }

    private fun result(name: String): JsonValue = jsonObject("result" to JsonValue.Str(name))
}

private fun protectionOf(value: JsonValue?): ProtectionClass =
    ProtectionClass.values().first { it.wire == (value as JsonValue.Str).value }

fun main() {
    var run: Run? = null
    var number = 0
    while (true) {
        val text = readLine() ?: break
        number++
        try {
            val line = JsonValue.parse(text) as JsonValue.Obj
            val phone = line["phone"]
            if (phone != null) {
                run = Run(phone as JsonValue.Obj)
                continue
            }
            println(run!!.act((line["action"] as JsonValue.Str).value, line).compactText)
        } catch (error: Exception) {
            System.err.println("android-script: stdin:$number: ${error.javaClass.simpleName}")
            exitProcess(2)
        }
    }
}
