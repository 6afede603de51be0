// The adapters of the Kotlin app, each answered by the world over the pipe: the item-level
// keychain of Android and memory scenarios (the world's Android simulator answers as a
// Keystore-sealed item in CE or DE storage would), the server, the clock, the protected-data
// signal, the snapshot storage and the app's shared refresh lease. A `raised` answer is thrown as
// `AdapterRaised` (the host turns it into the call's failure event). Must not decide anything:
// the host does.
package authsession.tools.app

import authsession.core.JsonValue
import authsession.core.SecretLossCause
import authsession.core.jsonObject
import authsession.core.wireValue
import authsession.host.AuthResult
import authsession.host.Authenticator
import authsession.host.Credentials
import authsession.host.DeleteResult
import authsession.host.Keychain
import authsession.host.ProtectedDataSignal
import authsession.host.ProtectionClass
import authsession.host.RefreshLease
import authsession.host.OutboxRead
import authsession.host.ReadResult
import authsession.host.RevocationEntry
import authsession.host.RevocationOutbox
import authsession.host.RevocationRequest
import authsession.host.RevokeResult
import authsession.host.Revoker
import authsession.host.Secret
import authsession.host.SessionClock
import authsession.host.SnapshotStore
import authsession.host.StoreResult

/** The item-level keychain (Android, memory) the world answers. */
class ForwardedKeychain(private val channel: Channel) : Keychain {
    override fun read(): ReadResult {
        val answer = channel.call("keychain", "read")
        return when (answer.string("result")) {
            "found" -> ReadResult.Found(Credentials(answer.string("account"), Secret(answer.string("secret"))))
            "not_found" -> ReadResult.NotFound()
            "unavailable" -> ReadResult.Unavailable()
            "secret_lost" -> ReadResult.SecretLost(wireValue<SecretLossCause>(answer.string("cause")) ?: throw answer.fail("cause", "unknown value"))
            else -> ReadResult.Failed()
        }
    }

    override fun store(credentials: Credentials, protection: ProtectionClass): StoreResult {
        val answer = channel.call("keychain", "store", "account" to JsonValue.Str(credentials.account),
            "secret" to JsonValue.Str(credentials.secret.reveal()), "protection" to JsonValue.Str(protection.wire))
        return when (answer.string("result")) {
            "stored" -> StoreResult.Stored
            "unavailable" -> StoreResult.Unavailable()
            else -> StoreResult.Failed()
        }
    }

    override fun delete(): DeleteResult = when (channel.call("keychain", "delete").string("result")) {
        "deleted" -> DeleteResult.Deleted
        "unavailable" -> DeleteResult.Unavailable()
        else -> DeleteResult.Failed()
    }
}

class ForwardedAuthenticator(private val channel: Channel) : Authenticator {
    override fun authenticate(credentials: Credentials): AuthResult {
        val answer = channel.call("server", "authenticate", "account" to JsonValue.Str(credentials.account),
            "secret" to JsonValue.Str(credentials.secret.reveal()))
        return when (answer.string("result")) {
            "accepted" -> {
                // `expires_at` (the server's own clock) is informational: `expires_in` decides.
                answer.optionalNumber("expires_at")
                val refresh = answer.optionalString("refresh_token")
                AuthResult.Accepted(Secret(answer.string("token")), answer.number("expires_in"), if (refresh == null) null else Secret(refresh))
            }
            "rejected" -> AuthResult.Rejected(answer.optionalString("detail"))
            "transient" -> {
                val retryAfter = answer.optionalNumber("retry_after")
                if (retryAfter != null && retryAfter < 0) throw answer.fail("retry_after", "negative")
                AuthResult.Transient(answer.optionalString("detail"), retryAfter)
            }
            else -> throw answer.fail("result", "unknown value")
        }
    }
}

class ForwardedClock(private val channel: Channel) : SessionClock {
    override fun monotonic(): Double = channel.call("clock", "monotonic").number("value")

    override fun wall(): Double = channel.call("clock", "wall").number("value")
}

class ForwardedSignal(private val channel: Channel) : ProtectedDataSignal {
    override fun available(): Boolean = channel.call("protected_data", "available", "protection" to JsonValue.Null).bool("value")

    override fun availableFor(protection: ProtectionClass): Boolean =
        channel.call("protected_data", "available", "protection" to JsonValue.Str(protection.wire)).bool("value")
}

/** The app's storage for the session snapshot (the world keeps it across processes). */
class ForwardedSnapshots(private val channel: Channel) : SnapshotStore {
    override fun load(): ByteArray? = channel.call("snapshots", "load").base64("data")

    override fun save(data: ByteArray) {
        channel.call("snapshots", "save", "data" to JsonValue.Str(java.util.Base64.getEncoder().encodeToString(data)))
    }
}

/** The app's shared refresh lease, kept by the world (`leaseGrants`' rules, the role the hello
 *  named). A `raised` answer throws: the host makes an acquire `lease_busy`, a release nothing. */
class ForwardedLease(private val channel: Channel) : RefreshLease {
    override fun acquire(): Boolean = channel.call("lease", "acquire").bool("value")

    override fun release() {
        channel.call("lease", "release")
    }
}

/** The revocation outbox: an item the world keeps under the credentials' class. */
class ForwardedOutbox(private val channel: Channel) : RevocationOutbox {
    override fun read(): OutboxRead {
        val answer = channel.call("outbox", "read")
        return when (answer.string("result")) {
            "pending" -> {
                val items = when (val listed = answer["entries"]) {
                    null -> emptyList()
                    is JsonValue.Arr -> listed.items
                    else -> throw answer.fail("entries", "not an array")
                }
                OutboxRead.Pending(items.map { item ->
                    val obj = item as? JsonValue.Obj ?: throw answer.fail("entries", "not an object")
                    val entry = Fields(obj, channel, "entries.")
                    RevocationEntry(entry.string("account"), Secret(entry.string("token")), entry.optionalString("scope") ?: "local")
                })
            }
            "unavailable" -> OutboxRead.Unavailable()
            else -> OutboxRead.Failed()
        }
    }

    override fun write(entries: List<RevocationEntry>, protection: ProtectionClass): StoreResult {
        val wired = JsonValue.Arr(entries.map {
            jsonObject("account" to JsonValue.Str(it.account), "token" to JsonValue.Str(it.token.reveal()),
                "scope" to JsonValue.Str(it.scope))
        })
        val answer = channel.call("outbox", "write", "entries" to wired, "protection" to JsonValue.Str(protection.wire))
        return when (answer.string("result")) {
            "stored" -> StoreResult.Stored
            "unavailable" -> StoreResult.Unavailable()
            else -> StoreResult.Failed()
        }
    }
}

/** The revocation endpoint (RFC 7009), reached through the world. */
class ForwardedRevoker(private val channel: Channel) : Revoker {
    override fun revoke(request: RevocationRequest): RevokeResult {
        val answer = channel.call("server", "revoke", "account" to JsonValue.Str(request.account),
            "token" to JsonValue.Str(request.token.reveal()), "scope" to JsonValue.Str(request.scope),
            "token_type_hint" to JsonValue.Str(request.tokenTypeHint))
        return when (answer.string("result")) {
            "revoked" -> RevokeResult.Revoked
            "refused" -> RevokeResult.Refused(answer.optionalString("detail"))
            "transient" -> {
                val retryAfter = answer.optionalNumber("retry_after")
                if (retryAfter != null && retryAfter < 0) throw answer.fail("retry_after", "negative")
                RevokeResult.Transient(answer.optionalString("detail"), retryAfter)
            }
            else -> throw answer.fail("result", "unknown value")
        }
    }
}
