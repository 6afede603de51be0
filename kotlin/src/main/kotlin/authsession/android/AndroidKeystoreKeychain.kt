// The Android `Keychain` adapter: one credentials item, a Keystore-sealed JSON payload
// `{"account", "secret"}` in a SharedPreferences file (credential-encrypted by default), written
// over the table of `KeystoreFunctions`, with docs/porting.md's Android rules, as the Python
// reference's `AndroidKeychain` (authsession/platforms/android/adapter.py):
// - an Android error never deletes anything: CE storage before the first unlock (Direct Boot) and
//   `UserNotAuthenticatedException` are `unavailable`; `KeyPermanentlyInvalidatedException` and
//   `AEADBadTagException` are a lost secret with their cause, key and blob left in place — the
//   session decides what a loss means;
// - a blob whose key is not on this phone (restored from a backup, moved to a new device) is a
//   lost secret (`aead_bad_tag`) on the first read, never a failure retried for ever;
// - protection is never lowered: device-encrypted storage is refused unless explicitly allowed,
//   a store writes the new item before removing a copy in the other area, a dead key is never
//   deleted (a new sign-in gets a fresh alias), a key is never remade weaker, and StrongBox falls
//   back to a TEE key only when a key is created.
// Must not depend on the host's loop; it only speaks the adapter contract.
package authsession.android

import authsession.core.JsonParseError
import authsession.core.JsonValue
import authsession.core.SecretLossCause
import authsession.core.jsonObject
import authsession.host.Credentials
import authsession.host.DeleteResult
import authsession.host.Keychain
import authsession.host.ProtectionClass
import authsession.host.ReadResult
import authsession.host.Secret
import authsession.host.StoreResult

/** A store asked for a class Android lacks, or one that lowers security without being allowed. */
class ProtectionRefused(message: String) : IllegalArgumentException(message)

class AndroidKeystoreKeychain(
    private val platform: KeystoreFunctions,
    protection: ProtectionClass = ProtectionClass.CREDENTIAL_ENCRYPTED,
    private val allowInsecureProtection: Boolean = false,
    private val keyParameters: KeyParameters = KeyParameters(),
    private val preferencesName: String = "authsession",
    private val itemKey: String = "credentials",
    private val keyAlias: String = "authsession.credentials"
) : Keychain {
    /** The class the item is (or will be) kept in; follows the last successful store. */
    var protection: ProtectionClass = check(protection)
        private set

    // Keychain ---------------------------------------------------------------------------------

    override fun read(): ReadResult {
        val primary = area(protection)
        val record = try {
            // An interrupted migration or a changed configuration can leave the item in the
            // other area; absence is proven only once both areas have been looked at.
            platform.getBlob(primary, preferencesName, itemKey) ?: platform.getBlob(other(primary), preferencesName, itemKey)
        } catch (error: Exception) {
            return if (kind(error) == AndroidError.USER_LOCKED) ReadResult.Unavailable(CE_LOCKED) else ReadResult.Failed(describe("reading the item", error))
        } ?: return ReadResult.NotFound("no credentials item in either storage area")
        return open(record)
    }

    override fun store(credentials: Credentials, protection: ProtectionClass): StoreResult {
        check(protection)
        val target = area(protection)
        val payload = jsonObject("account" to JsonValue.Str(credentials.account), "secret" to JsonValue.Str(credentials.secret.reveal()))
        try {
            val record = seal(payload.text.toByteArray(Charsets.UTF_8))
            // One commit of one key replaces the old item atomically: it is never missing.
            if (!platform.putBlob(target, preferencesName, itemKey, record)) {
                return StoreResult.Failed("SharedPreferences commit failed; the old item is unchanged")
            }
        } catch (error: Exception) {
            return when (kind(error)) {
                AndroidError.USER_LOCKED -> StoreResult.Unavailable(CE_LOCKED)
                AndroidError.USER_NOT_AUTHENTICATED -> StoreResult.Unavailable(NEEDS_AUTHENTICATION)
                else -> StoreResult.Failed(describe("storing the item", error))
            }
        }
        this.protection = protection
        return removeCopy(other(target))
    }

    override fun delete(): DeleteResult {
        var locked = false
        for (area in listOf(StorageArea.DEVICE_ENCRYPTED, StorageArea.CREDENTIAL_ENCRYPTED)) {
            try {
                if (platform.containsBlob(area, preferencesName, itemKey) && !platform.removeBlob(area, preferencesName, itemKey)) {
                    return DeleteResult.Failed("SharedPreferences commit failed in $area")
                }
            } catch (error: Exception) {
                // The CE copy, if any, is unreachable while locked: not provably gone.
                if (kind(error) != AndroidError.USER_LOCKED) return DeleteResult.Failed(describe("deleting the item", error))
                locked = true
            }
        }
        // Keystore keys are left alone: without the item they protect nothing.
        return if (locked) DeleteResult.Unavailable(CE_LOCKED) else DeleteResult.Deleted
    }

    override fun toString(): String = "AndroidKeystoreKeychain(protection=${protection.wire}, preferences=$preferencesName, item=$itemKey)"

    // Internals --------------------------------------------------------------------------------

    private fun check(protection: ProtectionClass): ProtectionClass {
        if (protection != ProtectionClass.CREDENTIAL_ENCRYPTED && protection != ProtectionClass.DEVICE_ENCRYPTED) {
            throw ProtectionRefused("protection '${protection.wire}' does not exist on Android; use 'credential_encrypted'")
        }
        if (protection.lowersSecurity && !allowInsecureProtection) {
            throw ProtectionRefused("protection '${protection.wire}' is readable before the first unlock after boot; " +
                "pass allowInsecureProtection = true to accept that")
        }
        return protection
    }

    private fun open(record: String): ReadResult {
        val parsed = parseRecord(record) ?: return ReadResult.Failed("stored record is malformed")
        val alias = parsed.first
        val payload = try {
            if (!platform.containsAlias(alias)) {
                // Keystore keys never leave the device that made them: a blob whose key is not
                // here (restored from a backup) can never be opened. Creating a key to try would
                // fail on the tag — or fail to be created at all (an auth-bound key without a
                // lock screen), which must not read as a transient failure retried for ever.
                return ReadResult.SecretLost(SecretLossCause.AEAD_BAD_TAG, "the Keystore key that sealed the stored " +
                    "item is not on this device (restored from a backup?); the stored item was left in place")
            }
            platform.decrypt(alias, parsed.second)
        } catch (error: Exception) {
            return when (kind(error)) {
                AndroidError.USER_NOT_AUTHENTICATED -> ReadResult.Unavailable(NEEDS_AUTHENTICATION)
                AndroidError.USER_LOCKED -> ReadResult.Unavailable(CE_LOCKED)
                AndroidError.KEY_PERMANENTLY_INVALIDATED -> ReadResult.SecretLost(SecretLossCause.KEY_PERMANENTLY_INVALIDATED,
                    "the Keystore key was permanently invalidated (lock screen removed or biometrics changed); " +
                        "the stored item and key were left in place")
                AndroidError.AEAD_BAD_TAG -> ReadResult.SecretLost(SecretLossCause.AEAD_BAD_TAG, "the stored item does not " +
                    "open with this device's Keystore key (restored from a backup?); the stored item and key were left in place")
                else -> ReadResult.Failed(describe("decrypting the item", error))
            }
        }
        val credentials = parsePayload(payload) ?: return ReadResult.Failed("decrypted payload is malformed")
        return ReadResult.Found(credentials)
    }

    private fun seal(payload: ByteArray): String {
        var alias = alias(currentGeneration())
        if (!platform.containsAlias(alias)) generate(alias)
        val sealed = try {
            platform.encrypt(alias, payload)
        } catch (error: Exception) {
            if (kind(error) != AndroidError.KEY_PERMANENTLY_INVALIDATED) throw error
            // A new sign-in after a loss needs a fresh key. A new alias, because the dead key is
            // not ours to delete: a still-unread item may name it, and its loss must be reported.
            alias = alias(currentGeneration() + 1)
            generate(alias)
            platform.encrypt(alias, payload)
        }
        val record = jsonObject(
            "format" to JsonValue.Num(RECORD_FORMAT.toDouble()),
            "key_alias" to JsonValue.Str(alias),
            "sealed" to JsonValue.Str(java.util.Base64.getEncoder().encodeToString(sealed))
        )
        return record.text
    }

    /** Make a key with the configured parameters; StrongBox is asked for first and given up
     *  only here, when the key is created (a key once made is never remade weaker). */
    private fun generate(alias: String) {
        if (!keyParameters.strongBox) {
            platform.generateKey(alias, keyParameters, false)
            return
        }
        try {
            platform.generateKey(alias, keyParameters, true)
        } catch (error: Exception) {
            if (kind(error) != AndroidError.STRONGBOX_UNAVAILABLE) throw error
            platform.generateKey(alias, keyParameters, false)
        }
    }

    private fun alias(generation: Int): String = if (generation == 0) keyAlias else "$keyAlias.$generation"

    private fun currentGeneration(): Int {
        var generation = 0
        while (platform.containsAlias(alias(generation + 1))) generation++
        return generation
    }

    /** After a class change, drop the copy in the old area — only once the new one is committed,
     *  so there is no moment without an item. */
    private fun removeCopy(area: StorageArea): StoreResult {
        try {
            if (platform.containsBlob(area, preferencesName, itemKey) && !platform.removeBlob(area, preferencesName, itemKey)) {
                return StoreResult.Failed("stored, but the old copy in $area remains")
            }
        } catch (error: Exception) {
            // An old CE copy while locked: reads prefer the new area; safe to leave.
            if (kind(error) != AndroidError.USER_LOCKED) return StoreResult.Failed(describe("removing the old copy", error))
        }
        return StoreResult.Stored
    }

    private companion object {
        /** Version of the record kept in SharedPreferences (not of the payload inside it). */
        const val RECORD_FORMAT = 1
        const val CE_LOCKED = "credential-encrypted storage is locked until the first unlock after boot"
        const val NEEDS_AUTHENTICATION = "the Keystore key needs a recent unlock or authentication"

        fun area(protection: ProtectionClass): StorageArea =
            if (protection == ProtectionClass.DEVICE_ENCRYPTED) StorageArea.DEVICE_ENCRYPTED else StorageArea.CREDENTIAL_ENCRYPTED

        fun other(area: StorageArea): StorageArea =
            if (area == StorageArea.CREDENTIAL_ENCRYPTED) StorageArea.DEVICE_ENCRYPTED else StorageArea.CREDENTIAL_ENCRYPTED

        fun kind(error: Exception): AndroidError = (error as? AndroidPlatformException)?.error ?: AndroidError.OTHER

        /** The exception's type only: messages of foreign exceptions can quote data. */
        fun describe(action: String, error: Exception): String {
            val name = if (error is AndroidPlatformException) error.error.name else error.javaClass.simpleName
            return "$name while $action"
        }

        fun parseRecord(record: String): Pair<String, ByteArray>? {
            val value = try {
                JsonValue.parse(record)
            } catch (error: JsonParseError) {
                return null
            } as? JsonValue.Obj ?: return null
            if (value["format"] != JsonValue.Num(RECORD_FORMAT.toDouble())) return null
            val alias = (value["key_alias"] as? JsonValue.Str)?.value ?: return null
            val sealed = (value["sealed"] as? JsonValue.Str)?.value ?: return null
            return try {
                Pair(alias, java.util.Base64.getDecoder().decode(sealed))
            } catch (error: IllegalArgumentException) {
                null
            }
        }

        /** Checked by hand: exactly `account` and `secret`, both strings. */
        fun parsePayload(payload: ByteArray): Credentials? {
            val decoder = Charsets.UTF_8.newDecoder()
            val value = try {
                JsonValue.parse(decoder.decode(java.nio.ByteBuffer.wrap(payload)).toString())
            } catch (error: Exception) {
                return null
            } as? JsonValue.Obj ?: return null
            if (value.keys.toSet() != setOf("account", "secret")) return null
            val account = (value["account"] as? JsonValue.Str)?.value ?: return null
            val secret = (value["secret"] as? JsonValue.Str)?.value ?: return null
            return Credentials(account, Secret(secret))
        }
    }
}
