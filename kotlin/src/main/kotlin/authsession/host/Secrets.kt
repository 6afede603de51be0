// The one holder of a session's secrets, as the Python host's `CredentialHolder`: credentials
// just read (for the `authenticate` that follows), typed at sign-in, in hand and not stored yet
// (the table's `store_pending`), the session token — and the SHA-256 digests (never the values)
// of the secret last sent and of those rotated away, which is how a read learns that another
// process stored a token (`keychain_found.rotated_elsewhere`). Nothing else in the host keeps a
// secret; `forget()` drops them all when the table signs the user out.
// Must not depend on the host, the session or any adapter implementation.
package authsession.host

import java.security.MessageDigest

internal class CredentialHolder {
    private var read: Credentials? = null
    var typed: Credentials? = null
        private set

    /** Credentials not stored yet: what `store_credentials` writes. */
    var inHand: Credentials? = null
        private set
    var token: Secret? = null
        private set
    private var sent: String? = null
    private val retired = HashSet<String>()

    /** Credentials a sign-out took out of the hand, kept only until they are in the revocation
     *  outbox (never sent anywhere but there). */
    private var revocable: Credentials? = null

    /** What `authenticate` sends: the credentials just read (then forgotten: a stored secret
     *  lives in memory for one request), else those in hand. */
    fun forAuthentication(): Credentials? {
        val justRead = read
        read = null
        return justRead ?: inHand
    }

    /** The user's typed credentials, kept only if the table chose to sign in with them. */
    fun typedIn(credentials: Credentials?) {
        typed = credentials
    }

    /** Keep what a read found; return whether another process stored it (it is neither the
     *  secret last sent nor one this process saw rotated away). */
    fun found(credentials: Credentials): Boolean {
        read = credentials
        val last = sent ?: return false
        val digest = digest(credentials.secret)
        return digest != last && digest !in retired
    }

    fun sending(credentials: Credentials) {
        sent = digest(credentials.secret)
    }

    /** The server accepted `sent`; return whether it rotated the refresh token. A rotated token
     *  is in hand until stored, and the one it replaces is retired. */
    fun accepted(sent: Credentials, token: Secret, refresh: Secret?): Boolean {
        this.token = token
        if (sent === typed) {
            typed = null
            inHand = sent // a sign-in's credentials are in hand until stored
        }
        if (refresh == null) return false
        val old = digest(sent.secret)
        if (digest(refresh) == old) return false
        retired.add(old)
        inHand = Credentials(sent.account, refresh)
        return true
    }

    fun refused(sent: Credentials) {
        if (sent === typed) typed = null
    }

    /** `credentials` reached the keychain: no longer only in hand (unless replaced since). */
    fun stored(credentials: Credentials) {
        if (inHand === credentials) inHand = null
    }

    /** What a sign-out's `queue_revocation` moves into the outbox: the credentials a read just
     *  found, and those the sign-out took out of the hand (each once). */
    fun toRevoke(): List<Credentials> {
        val found = listOfNotNull(read, revocable)
        if (found.size == 2 && digest(found[0].secret) == digest(found[1].secret)) return listOf(found[0])
        return found
    }

    /** What `toRevoke` returned is in the outbox: this process no longer holds it. */
    fun queued() {
        read = null
        revocable = null
    }

    /** The user is gone: drop every secret and every digest — but, while a sign-out's wipe runs
     *  (`wiping`), the credentials that still have to reach the revocation outbox. */
    fun forget(wiping: Boolean = false) {
        if (wiping) {
            val held = inHand
            if (held != null) revocable = held
        } else {
            read = null
            revocable = null
        }
        typed = null
        inHand = null
        token = null
        sent = null
        retired.clear()
    }

    /** Which slots are filled (never what is in them): read, typed, in hand, token, a secret
     *  sent, secrets retired, credentials owed a revocation. */
    val fingerprint: List<Boolean>
        get() = listOf(
            read != null, typed != null, inHand != null, token != null, sent != null, retired.size > 0,
            revocable != null
        )

    override fun toString(): String {
        val filled = ArrayList<String>()
        if (read != null) filled.add("read")
        if (typed != null) filled.add("typed")
        if (inHand != null) filled.add("in_hand")
        if (token != null) filled.add("token")
        if (revocable != null) filled.add("revocable")
        return "CredentialHolder(holding=$filled)"
    }

    private companion object {
        fun digest(secret: Secret): String {
            val bytes = MessageDigest.getInstance("SHA-256").digest(secret.reveal().toByteArray(Charsets.UTF_8))
            val out = StringBuilder()
            for (byte in bytes) out.append(String.format("%02x", byte))
            return out.toString()
        }
    }
}
