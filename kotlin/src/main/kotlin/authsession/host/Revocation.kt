// The revocation adapters, as the Python host's `authsession/adapters/revocation.py` states
// them: the durable outbox of refresh tokens owed a revocation (one item under the credentials'
// own protection class) and the revocation endpoint (RFC 7009) they are sent to — the only place
// an outbox token ever goes. A revoker is its own adapter, not a method of the authenticator, for
// that reason. Owns `RevocationEntry`, the outbox and revoker interfaces and their results,
// `KeychainOutbox` (the entries as JSON in a second keychain item), `MemoryOutbox` (the default:
// not durable) and `NoRevocationEndpoint` (every request refused for good).
// Must not depend on the host or the session.
package authsession.host

import authsession.core.JsonParseError
import authsession.core.JsonValue
import authsession.core.jsonObject

/** One token owed a revocation: whose, the token, the scope (`local` or `global`). */
class RevocationEntry(val account: String, val token: Secret, val scope: String = "local") {
    override fun equals(other: Any?): Boolean =
        other is RevocationEntry && other.account == account && other.token == token && other.scope == scope

    override fun hashCode(): Int = listOf(account, token, scope).hashCode()

    override fun toString(): String = "RevocationEntry(account=$account, scope=$scope)"
}

/** What the outbox holds (oldest first), or why it cannot be read now. */
sealed class OutboxRead {
    class Pending(val items: List<RevocationEntry>) : OutboxRead()
    class Unavailable(val detail: String? = null) : OutboxRead()
    class Failed(val detail: String? = null) : OutboxRead()
}

/** The durable list of tokens owed a revocation, under the credentials' protection class. */
interface RevocationOutbox {
    fun read(): OutboxRead

    /** Replace the entries (none removes the item); add-or-update, never delete-then-add. */
    fun write(entries: List<RevocationEntry>, protection: ProtectionClass): StoreResult
}

/** What the revocation endpoint answered. */
sealed class RevokeResult {
    /** 200: revoked (RFC 7009 answers 200 for a token it does not know, too). */
    object Revoked : RevokeResult()

    /** Refused for good: retrying would not help. */
    class Refused(val detail: String? = null) : RevokeResult()

    /** No verdict (offline, 503, 429): try again later. */
    class Transient(val detail: String? = null, val retryAfter: Double? = null) : RevokeResult()
}

/** What is sent to the revocation endpoint. */
class RevocationRequest(
    val account: String,
    val token: Secret,
    val scope: String = "local",
    val tokenTypeHint: String = "refresh_token"
)

/** The revocation endpoint. */
interface Revoker {
    fun revoke(request: RevocationRequest): RevokeResult
}

/** The account name of `KeychainOutbox`'s item (not a secret: the entries are its secret). */
const val REVOCATION_OUTBOX_ACCOUNT = "authsession.revocation-outbox"

/** Entries an outbox keeps; a full outbox drops the oldest. */
const val MAX_OUTBOX_ENTRIES = authsession.core.HostRules.OUTBOX_MAX_ENTRIES

/** The entries as `KeychainOutbox` stores them: compact JSON, keys sorted (the Python package's
 *  `encode_entries`). */
fun encodeEntries(entries: List<RevocationEntry>): String =
    JsonValue.Arr(entries.map {
        jsonObject(
            "account" to JsonValue.Str(it.account),
            "scope" to JsonValue.Str(it.scope),
            "token" to JsonValue.Str(it.token.reveal())
        )
    }).compactText

/** `encodeEntries` reversed; null for anything else. */
fun decodeEntries(text: String): List<RevocationEntry>? {
    val value = try {
        JsonValue.parse(text)
    } catch (error: JsonParseError) {
        return null
    }
    val items = (value as? JsonValue.Arr)?.items ?: return null
    return items.map { item ->
        val obj = item as? JsonValue.Obj ?: return null
        val account = (obj["account"] as? JsonValue.Str)?.value ?: return null
        val token = (obj["token"] as? JsonValue.Str)?.value ?: return null
        val scope = when (val named = obj["scope"]) {
            null -> "local"
            is JsonValue.Str -> if (named.value == "local" || named.value == "global") named.value else return null
            else -> return null
        }
        RevocationEntry(account, Secret(token), scope)
    }
}

/** An outbox in a second item of a `Keychain`. An item that can never be read again holds tokens
 *  nobody can read: empty. */
class KeychainOutbox(val keychain: Keychain) : RevocationOutbox {
    override fun read(): OutboxRead = when (val result = keychain.read()) {
        is ReadResult.Found -> OutboxRead.Pending(decodeEntries(result.credentials.secret.reveal()) ?: emptyList())
        is ReadResult.NotFound, is ReadResult.SecretLost -> OutboxRead.Pending(emptyList())
        is ReadResult.Unavailable -> OutboxRead.Unavailable()
        is ReadResult.Failed -> OutboxRead.Failed("outbox read failed")
    }

    override fun write(entries: List<RevocationEntry>, protection: ProtectionClass): StoreResult {
        if (entries.isEmpty()) {
            return when (val deleted = keychain.delete()) {
                is DeleteResult.Deleted -> StoreResult.Stored
                is DeleteResult.Unavailable -> StoreResult.Unavailable(deleted.detail)
                is DeleteResult.Failed -> StoreResult.Failed(deleted.detail)
            }
        }
        return keychain.store(Credentials(REVOCATION_OUTBOX_ACCOUNT, Secret(encodeEntries(entries))), protection)
    }
}

/** An outbox in memory: tests, and the session's default (not durable: pass a `KeychainOutbox`
 *  to keep revocations owed across a kill). */
class MemoryOutbox(private val available: () -> Boolean = { true }) : RevocationOutbox {
    var items: List<RevocationEntry> = emptyList()
        private set

    override fun read(): OutboxRead = if (available()) OutboxRead.Pending(items) else OutboxRead.Unavailable()

    override fun write(entries: List<RevocationEntry>, protection: ProtectionClass): StoreResult {
        if (!available()) return StoreResult.Unavailable()
        this.items = ArrayList(entries)
        return StoreResult.Stored
    }
}

/** For an app whose server offers no revocation endpoint: every request refused, for good. */
class NoRevocationEndpoint : Revoker {
    override fun revoke(request: RevocationRequest): RevokeResult =
        RevokeResult.Refused("no revocation endpoint configured")
}
