// GENERATED from the Python spec (authsession/spec) by `authsession spec --format kotlin`.
// Do not edit: `python -m authsession.docsync` regenerates it, and the test suite fails
// when it drifts. The hand-written interpreter that gives it meaning is SessionCore.kt.
// 12 states, 6 context flags, 37 events, 4 event guard fields, 16 commands,
// 282 rows, 327 ignore rows.

package authsession.core

/** Every state a session can be in (the names are a public contract). */
enum class State(override val wire: String) : WireName {
    /** A user is signed in; the session token may or may not still be valid. */
    LOGGED_IN("logged_in"),
    /** A user may exist but the keychain cannot be read now; nothing is waiting. */
    CREDENTIALS_UNAVAILABLE("credentials_unavailable"),
    /**
     * As credentials_unavailable, and work that needs authentication is waiting for protected data.
     */
    DEFERRED_AUTH("deferred_auth"),
    /**
     * No user. Reached only by sign-out, credentials proven absent or lost, or a failed sign-in.
     */
    LOGGED_OUT("logged_out"),
    /**
     * Process launched; nothing is known about the user until the launch event says whether
     * protected data is available.
     */
    STARTING("starting"),
    /** A read of the stored credentials is in flight to learn whether a user exists. */
    CHECKING_CREDENTIALS("checking_credentials"),
    /** Credentials the user just typed are being checked by the server; nothing is stored yet. */
    SIGNING_IN("signing_in"),
    /**
     * Credentials (just read, or held in hand) are being sent to the server (or re-read for a
     * retry).
     */
    AUTHENTICATING("authenticating"),
    /**
     * The server rejected what was sent; the keychain is being re-read: a token another process
     * stored meanwhile is tried, and only a rejection of the token still stored is final.
     */
    CONFIRMING_REJECTION("confirming_rejection"),
    /**
     * The user signed out; the refresh token is being moved into the revocation outbox and the
     * stored credentials deleted — never used meanwhile, even if either has to wait for protected
     * data.
     */
    LOGGING_OUT("logging_out"),
    /**
     * The server definitively rejected the stored credentials (a confirmed rejection): they are
     * being deleted — never used meanwhile. The account and the work owed for it are kept.
     */
    REAUTH_CLEARING("reauth_clearing"),
    /**
     * Re-authentication required: the server ended the session; the account is kept (not a secret)
     * and the work owed for it waits for that account to sign in again. Entered only from a
     * confirmed rejection (invariant 13).
     */
    REAUTH_REQUIRED("reauth_required");
}

/** What the app may show about the user in a state: `unknown` is never `no`. */
enum class UserPresence(override val wire: String) : WireName {
    YES("yes"),
    NO("no"),
    UNKNOWN("unknown");
}

/** The machine's only memory besides its state; every flag starts false. */
enum class Flag(override val wire: String) : WireName {
    /**
     * Last known answer to 'can the credentials' protection class be read now?'. Unknown counts as
     * no.
     */
    PROTECTED_DATA_AVAILABLE("protected_data_available"),
    /** Work that needs an authenticated session is waiting. */
    WORK_PENDING("work_pending"),
    /** The session token from the last successful authentication has not expired. */
    TOKEN_VALID("token_valid"),
    /**
     * Credentials are in hand but not stored yet: typed at sign-in, or a refresh token the server
     * rotated to. They prove a user: no read result ends the session while the host holds them
     * (invariant 9).
     */
    STORE_PENDING("store_pending"),
    /**
     * This process holds the app's shared refresh lease: it alone refreshes, or concludes that a
     * rejection is final, until it gives the lease back — once the credentials a refresh handed it
     * are stored, or the attempt ends (invariant 12).
     */
    LEASE_HELD("lease_held"),
    /**
     * The durable revocation outbox holds a refresh token not yet revoked for good: it is sent to
     * the revocation endpoint — and nowhere else — whenever the outbox's class is readable, across
     * kills and reboots, whoever is signed in meanwhile (invariant 14).
     */
    REVOCATION_PENDING("revocation_pending");
}

/**
 * A boolean field of an event that a row's guard may name besides the context flags
 * (`EventType.guardFields` says which event has which).
 */
enum class EventField(override val wire: String) : WireName {
    SAME_ACCOUNT("same_account"),
    ROTATED_ELSEWHERE("rotated_elsewhere"),
    ROTATED("rotated"),
    MORE_QUEUED("more_queued");
}

/** Why a local secret is provably gone while storage *is* available (never a silent wipe). */
enum class SecretLossCause(override val wire: String) : WireName {
    KEY_PERMANENTLY_INVALIDATED("key_permanently_invalidated"),
    AEAD_BAD_TAG("aead_bad_tag"),
    PASSCODE_REMOVED("passcode_removed"),
    ITEM_UNDECRYPTABLE("item_undecryptable"),
    BIOMETRY_CHANGED("biometry_changed");
}

/** The values this field takes. */
enum class NotifyUserMessage(override val wire: String) : WireName {
    SIGN_IN_AGAIN("sign_in_again"),
    SIGN_IN_FAILED("sign_in_failed");
}

/** The values this field takes. */
enum class FailWorkReason(override val wire: String) : WireName {
    ANOTHER_ACCOUNT("another_account"),
    SIGNED_OUT("signed_out"),
    SIGN_IN_FAILED("sign_in_failed");
}

/** The wire name of each machine event, and the boolean fields of the event a guard may name. */
enum class EventType(override val wire: String, val guardFields: List<EventField>) : WireName {
    APP_LAUNCHED("app_launched", listOf()),
    APP_FOREGROUNDED("app_foregrounded", listOf()),
    PROTECTED_DATA_BECAME_AVAILABLE("protected_data_became_available", listOf()),
    PROTECTED_DATA_WILL_BECOME_UNAVAILABLE("protected_data_will_become_unavailable", listOf()),
    LOGIN_REQUESTED("login_requested", listOf(EventField.SAME_ACCOUNT)),
    LOGOUT_REQUESTED("logout_requested", listOf()),
    WORK_REQUESTED("work_requested", listOf()),
    TOKEN_EXPIRED("token_expired", listOf()),
    RETRY_DUE("retry_due", listOf()),
    KEYCHAIN_FOUND("keychain_found", listOf(EventField.ROTATED_ELSEWHERE)),
    KEYCHAIN_NOT_FOUND("keychain_not_found", listOf()),
    KEYCHAIN_UNAVAILABLE("keychain_unavailable", listOf()),
    KEYCHAIN_FAILED("keychain_failed", listOf()),
    KEYCHAIN_SECRET_LOST("keychain_secret_lost", listOf()),
    STORE_COMPLETED("store_completed", listOf()),
    STORE_UNAVAILABLE("store_unavailable", listOf()),
    STORE_FAILED("store_failed", listOf()),
    DELETE_COMPLETED("delete_completed", listOf()),
    DELETE_UNAVAILABLE("delete_unavailable", listOf()),
    DELETE_FAILED("delete_failed", listOf()),
    AUTH_ACCEPTED("auth_accepted", listOf(EventField.ROTATED)),
    AUTH_REJECTED("auth_rejected", listOf()),
    AUTH_TRANSIENT("auth_transient", listOf()),
    LEASE_ACQUIRED("lease_acquired", listOf()),
    LEASE_BUSY("lease_busy", listOf()),
    SHARED_STORE_CHANGED("shared_store_changed", listOf()),
    LOGOUT_OTHERS_REQUESTED("logout_others_requested", listOf()),
    REVOCATION_HINT("revocation_hint", listOf()),
    REVOCATION_QUEUED("revocation_queued", listOf()),
    REVOCATION_QUEUE_UNAVAILABLE("revocation_queue_unavailable", listOf()),
    REVOCATION_QUEUE_FAILED("revocation_queue_failed", listOf()),
    REVOCATION_DUE("revocation_due", listOf()),
    REVOCATION_COMPLETED("revocation_completed", listOf(EventField.MORE_QUEUED)),
    REVOCATION_FAILED("revocation_failed", listOf()),
    REVOCATION_UNAVAILABLE("revocation_unavailable", listOf()),
    OTHERS_REVOKED("others_revoked", listOf()),
    OTHERS_REVOCATION_FAILED("others_revocation_failed", listOf());
}

/** Everything the core can be told. Events carry no secrets. */
sealed class MachineEvent {
    abstract val type: EventType
    /** The event's availability, for the events that copy it into the context first. */
    open val carriedAvailability: Boolean? get() = null
    /** The event's true guard fields, each as its bit above the context flags. */
    open val guardBits: Long get() = 0L
    /** What a step reports of the event besides the row (a lost secret's cause). */
    open val detail: String? get() = null
    /** The JSON object `model_dump(mode="json")` gives, in field order. */
    abstract val wire: JsonValue

    /** The process started (foreground, background fetch, push or prewarm). */
    data class AppLaunched(val protectedDataAvailable: Boolean) : MachineEvent() {
        override val type: EventType get() = EventType.APP_LAUNCHED
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("app_launched"),
            "protected_data_available" to jsonOf(protectedDataAvailable)
        )
    }

    /**
     * The app came to the foreground: the user is looking at it, so the device is unlocked. iOS may
     * never tell a suspended app that protected data became available, so this is the moment an
     * unknown session must resolve (invariant 10); the host reads the signal now.
     */
    data class AppForegrounded(val protectedDataAvailable: Boolean) : MachineEvent() {
        override val type: EventType get() = EventType.APP_FOREGROUNDED
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("app_foregrounded"),
            "protected_data_available" to jsonOf(protectedDataAvailable)
        )
    }

    /**
     * iOS `applicationProtectedDataDidBecomeAvailable`, Android `ACTION_USER_UNLOCKED`, or a
     * re-check on launch/foreground that found protected data readable.
     */
    object ProtectedDataBecameAvailable : MachineEvent() {
        override fun toString(): String = "ProtectedDataBecameAvailable"
        override val type: EventType get() = EventType.PROTECTED_DATA_BECAME_AVAILABLE
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("protected_data_became_available")
        )
    }

    /** iOS `applicationProtectedDataWillBecomeUnavailable` (unreliable in background). */
    object ProtectedDataWillBecomeUnavailable : MachineEvent() {
        override fun toString(): String = "ProtectedDataWillBecomeUnavailable"
        override val type: EventType get() = EventType.PROTECTED_DATA_WILL_BECOME_UNAVAILABLE
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("protected_data_will_become_unavailable")
        )
    }

    /**
     * The user submitted credentials; the runtime holds them, the core never sees them.
     * `same_account`: the account typed is the one whose session the server ended (the session
     * keeps it in `reauth_required`): only then does the work owed for it resume.
     */
    data class LoginRequested(val sameAccount: Boolean = false) : MachineEvent() {
        override val type: EventType get() = EventType.LOGIN_REQUESTED
        override val guardBits: Long get() = EventField.SAME_ACCOUNT.bit(sameAccount)
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("login_requested"),
            "same_account" to jsonOf(sameAccount)
        )
    }

    /**
     * The user signed out (`logout(scope="local")`, or `"global"`: every session of the user; the
     * scope is the host's to send with the revocation, the table's rows are the same). Carries
     * availability: the wipe starts with a read (the refresh token goes to the revocation outbox
     * first).
     */
    data class LogoutRequested(val protectedDataAvailable: Boolean) : MachineEvent() {
        override val type: EventType get() = EventType.LOGOUT_REQUESTED
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("logout_requested"),
            "protected_data_available" to jsonOf(protectedDataAvailable)
        )
    }

    /** Something (background fetch, silent push, a screen) needs an authenticated server call. */
    data class WorkRequested(val protectedDataAvailable: Boolean) : MachineEvent() {
        override val type: EventType get() = EventType.WORK_REQUESTED
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("work_requested"),
            "protected_data_available" to jsonOf(protectedDataAvailable)
        )
    }

    /** The session token's *monotonic* deadline passed (wall-clock time is never used). */
    object TokenExpired : MachineEvent() {
        override fun toString(): String = "TokenExpired"
        override val type: EventType get() = EventType.TOKEN_EXPIRED
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("token_expired"))
    }

    /** A backoff timer scheduled by `schedule_retry` fired. */
    data class RetryDue(val protectedDataAvailable: Boolean) : MachineEvent() {
        override val type: EventType get() = EventType.RETRY_DUE
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("retry_due"),
            "protected_data_available" to jsonOf(protectedDataAvailable)
        )
    }

    /**
     * The item was read. `rotated_elsewhere`: the secret read is neither the one this session last
     * sent to the server nor one it saw rotated away — another process (an app extension, another
     * task) stored it, so a rejection of what this session sent says nothing about it.
     */
    data class KeychainFound(
        val protectedDataAvailable: Boolean,
        val rotatedElsewhere: Boolean = false
    ) : MachineEvent() {
        override val type: EventType get() = EventType.KEYCHAIN_FOUND
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val guardBits: Long get() = EventField.ROTATED_ELSEWHERE.bit(rotatedElsewhere)
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("keychain_found"),
            "protected_data_available" to jsonOf(protectedDataAvailable),
            "rotated_elsewhere" to jsonOf(rotatedElsewhere)
        )
    }

    /**
     * No item. `protected_data_available` is sampled for *every* class the item may be stored under
     * (the configured one and any stricter one an earlier app version used), before and after the
     * read: only then is the answer authoritative (iOS answers -25300 for locked items).
     */
    data class KeychainNotFound(val protectedDataAvailable: Boolean) : MachineEvent() {
        override val type: EventType get() = EventType.KEYCHAIN_NOT_FOUND
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("keychain_not_found"),
            "protected_data_available" to jsonOf(protectedDataAvailable)
        )
    }

    /**
     * The item may exist but cannot be decrypted now (locked, before first unlock): never 'no
     * user'.
     */
    data class KeychainUnavailable(val protectedDataAvailable: Boolean) : MachineEvent() {
        override val type: EventType get() = EventType.KEYCHAIN_UNAVAILABLE
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("keychain_unavailable"),
            "protected_data_available" to jsonOf(protectedDataAvailable)
        )
    }

    /**
     * The read failed for a reason that says nothing about the item (an unexpected status): neither
     * found nor absent.
     */
    data class KeychainFailed(val protectedDataAvailable: Boolean) : MachineEvent() {
        override val type: EventType get() = EventType.KEYCHAIN_FAILED
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("keychain_failed"),
            "protected_data_available" to jsonOf(protectedDataAvailable)
        )
    }

    /**
     * The item provably can never be read again (`cause`): the user must be told and sign in again.
     */
    data class KeychainSecretLost(
        val protectedDataAvailable: Boolean,
        val cause: SecretLossCause
    ) : MachineEvent() {
        override val type: EventType get() = EventType.KEYCHAIN_SECRET_LOST
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val detail: String? get() = cause.wire
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("keychain_secret_lost"),
            "protected_data_available" to jsonOf(protectedDataAvailable),
            "cause" to jsonOf(cause)
        )
    }

    /** The credentials in hand reached the keychain. */
    object StoreCompleted : MachineEvent() {
        override fun toString(): String = "StoreCompleted"
        override val type: EventType get() = EventType.STORE_COMPLETED
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("store_completed"))
    }

    /**
     * The write was refused because the class is locked. `protected_data_available` says what the
     * signal said: if it claims "available" no notification will come (a locked desktop
     * collection), so the session polls instead of waiting.
     */
    data class StoreUnavailable(val protectedDataAvailable: Boolean) : MachineEvent() {
        override val type: EventType get() = EventType.STORE_UNAVAILABLE
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("store_unavailable"),
            "protected_data_available" to jsonOf(protectedDataAvailable)
        )
    }

    /**
     * The write failed for a reason other than a locked class; the credentials stay in hand and the
     * store is retried.
     */
    object StoreFailed : MachineEvent() {
        override fun toString(): String = "StoreFailed"
        override val type: EventType get() = EventType.STORE_FAILED
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("store_failed"))
    }

    /** The keychain item is gone (also when there was none). */
    object DeleteCompleted : MachineEvent() {
        override fun toString(): String = "DeleteCompleted"
        override val type: EventType get() = EventType.DELETE_COMPLETED
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("delete_completed"))
    }

    /** As `store_unavailable`, for the wipe of a logout. */
    data class DeleteUnavailable(val protectedDataAvailable: Boolean) : MachineEvent() {
        override val type: EventType get() = EventType.DELETE_UNAVAILABLE
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("delete_unavailable"),
            "protected_data_available" to jsonOf(protectedDataAvailable)
        )
    }

    /** The wipe failed for a reason other than a locked class; the host retries it. */
    object DeleteFailed : MachineEvent() {
        override fun toString(): String = "DeleteFailed"
        override val type: EventType get() = EventType.DELETE_FAILED
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("delete_failed"))
    }

    /**
     * The server accepted the credentials. `rotated`: it also issued a new refresh token, which the
     * host now holds in hand (the old one is worthless) until the table has it stored.
     */
    data class AuthAccepted(val rotated: Boolean = false) : MachineEvent() {
        override val type: EventType get() = EventType.AUTH_ACCEPTED
        override val guardBits: Long get() = EventField.ROTATED.bit(rotated)
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("auth_accepted"),
            "rotated" to jsonOf(rotated)
        )
    }

    /**
     * The server rejected the credentials sent (e.g. OAuth `invalid_grant`). Final only once the
     * keychain is checked: a sibling process may have rotated the token meanwhile (F6). Carries
     * availability because that check is a read.
     */
    data class AuthRejected(val protectedDataAvailable: Boolean) : MachineEvent() {
        override val type: EventType get() = EventType.AUTH_REJECTED
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("auth_rejected"),
            "protected_data_available" to jsonOf(protectedDataAvailable)
        )
    }

    /** Network down, timeout, 5xx: says nothing about the credentials. */
    object AuthTransient : MachineEvent() {
        override fun toString(): String = "AuthTransient"
        override val type: EventType get() = EventType.AUTH_TRANSIENT
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("auth_transient"))
    }

    /**
     * This process now holds the app's shared refresh lease: no other process of the app refreshes,
     * or concludes that a rejection is final, until it is released or expires. Carries availability
     * because a read or a request follows.
     */
    data class LeaseAcquired(val protectedDataAvailable: Boolean) : MachineEvent() {
        override val type: EventType get() = EventType.LEASE_ACQUIRED
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("lease_acquired"),
            "protected_data_available" to jsonOf(protectedDataAvailable)
        )
    }

    /**
     * Another process of the app holds the refresh lease (or the shared storage that keeps it
     * cannot be read now): the refresh waits; the stored token is not this process's to present.
     */
    object LeaseBusy : MachineEvent() {
        override fun toString(): String = "LeaseBusy"
        override val type: EventType get() = EventType.LEASE_BUSY
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("lease_busy"))
    }

    /**
     * Another process of the app wrote the shared credentials or gave the lease back (a Darwin
     * notification, a file observer on the app group): a process waiting for the lease tries now,
     * reading what the other one stored (hence availability).
     */
    data class SharedStoreChanged(val protectedDataAvailable: Boolean) : MachineEvent() {
        override val type: EventType get() = EventType.SHARED_STORE_CHANGED
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("shared_store_changed"),
            "protected_data_available" to jsonOf(protectedDataAvailable)
        )
    }

    /**
     * The user asked to sign out every *other* session (`logout(scope="others")`): never a change
     * here.
     */
    object LogoutOthersRequested : MachineEvent() {
        override fun toString(): String = "LogoutOthersRequested"
        override val type: EventType get() = EventType.LOGOUT_OTHERS_REQUESTED
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("logout_others_requested")
        )
    }

    /**
     * Something says the session may have been revoked — a silent push from the app's backend,
     * another device's global sign-out — without proof: the token in hand is no longer trusted and
     * a refresh confirms; the hint alone ends nothing. Carries availability because that refresh
     * starts with a read.
     */
    data class RevocationHint(val protectedDataAvailable: Boolean) : MachineEvent() {
        override val type: EventType get() = EventType.REVOCATION_HINT
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("revocation_hint"),
            "protected_data_available" to jsonOf(protectedDataAvailable)
        )
    }

    /**
     * The refresh credentials are in the durable revocation outbox (or there were none to queue):
     * the stored ones may be deleted now.
     */
    object RevocationQueued : MachineEvent() {
        override fun toString(): String = "RevocationQueued"
        override val type: EventType get() = EventType.REVOCATION_QUEUED
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("revocation_queued")
        )
    }

    /**
     * The outbox could not be written: its class is locked (the same class as the credentials').
     * Nothing is deleted before the token is queued.
     */
    data class RevocationQueueUnavailable(val protectedDataAvailable: Boolean) : MachineEvent() {
        override val type: EventType get() = EventType.REVOCATION_QUEUE_UNAVAILABLE
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("revocation_queue_unavailable"),
            "protected_data_available" to jsonOf(protectedDataAvailable)
        )
    }

    /** The outbox write failed for another reason; it is retried. */
    object RevocationQueueFailed : MachineEvent() {
        override fun toString(): String = "RevocationQueueFailed"
        override val type: EventType get() = EventType.REVOCATION_QUEUE_FAILED
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("revocation_queue_failed")
        )
    }

    /**
     * The revocation timer (`schedule_revocation`) fired. Carries availability: a revocation reads
     * the outbox, which is under the credentials' class.
     */
    data class RevocationDue(val protectedDataAvailable: Boolean) : MachineEvent() {
        override val type: EventType get() = EventType.REVOCATION_DUE
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("revocation_due"),
            "protected_data_available" to jsonOf(protectedDataAvailable)
        )
    }

    /**
     * The revocation endpoint gave a definitive answer for the outbox's first token (revoked, or
     * refused for good: RFC 7009 answers 200 for a token it does not know) and the token left the
     * outbox; or the outbox was empty. `more_queued`: other tokens still wait in it.
     */
    data class RevocationCompleted(
        val protectedDataAvailable: Boolean,
        val moreQueued: Boolean = false
    ) : MachineEvent() {
        override val type: EventType get() = EventType.REVOCATION_COMPLETED
        override val carriedAvailability: Boolean? get() = protectedDataAvailable
        override val guardBits: Long get() = EventField.MORE_QUEUED.bit(moreQueued)
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("revocation_completed"),
            "protected_data_available" to jsonOf(protectedDataAvailable),
            "more_queued" to jsonOf(moreQueued)
        )
    }

    /**
     * No verdict (offline, 5xx, 429, a timeout) or the token could not be taken out of the outbox:
     * the token stays queued and the revocation is retried.
     */
    object RevocationFailed : MachineEvent() {
        override fun toString(): String = "RevocationFailed"
        override val type: EventType get() = EventType.REVOCATION_FAILED
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("revocation_failed")
        )
    }

    /** The outbox cannot be read now (its class is locked): nothing was sent. */
    object RevocationUnavailable : MachineEvent() {
        override fun toString(): String = "RevocationUnavailable"
        override val type: EventType get() = EventType.REVOCATION_UNAVAILABLE
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("revocation_unavailable")
        )
    }

    /** The revocation endpoint ended the user's other sessions. */
    object OthersRevoked : MachineEvent() {
        override fun toString(): String = "OthersRevoked"
        override val type: EventType get() = EventType.OTHERS_REVOKED
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("others_revoked"))
    }

    /** The other sessions could not be ended (offline, refused): the app may ask again. */
    object OthersRevocationFailed : MachineEvent() {
        override fun toString(): String = "OthersRevocationFailed"
        override val type: EventType get() = EventType.OTHERS_REVOCATION_FAILED
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("others_revocation_failed")
        )
    }

}

/** What the core asks the host to do. Commands carry no secrets. */
sealed class Command {
    /** The JSON object `model_dump(mode="json")` gives, in field order. */
    abstract val wire: JsonValue

    /** Read the stored credentials; answer with one `keychain_*` event. */
    object ReadCredentials : Command() {
        override fun toString(): String = "ReadCredentials"
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("read_credentials"))
    }

    /**
     * Store the credentials the user just signed in with, under the configured protection class:
     * add, and on a duplicate update — never delete-then-add.
     */
    object StoreCredentials : Command() {
        override fun toString(): String = "StoreCredentials"
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("store_credentials")
        )
    }

    /** Delete the stored credentials; answer with one `delete_*` event. */
    object DeleteCredentials : Command() {
        override fun toString(): String = "DeleteCredentials"
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("delete_credentials")
        )
    }

    /** Send the credentials just read from the keychain to the server; answer with `auth_*`. */
    object Authenticate : Command() {
        override fun toString(): String = "Authenticate"
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("authenticate"))
    }

    /** Send the credentials the user typed to the server; answer with `auth_*`. */
    object SignIn : Command() {
        override fun toString(): String = "SignIn"
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("sign_in"))
    }

    /** Run every piece of work waiting for an authenticated session. */
    object PerformWork : Command() {
        override fun toString(): String = "PerformWork"
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("perform_work"))
    }

    /** Record that work waits for protected data (idempotent; durable in runtimes that persist). */
    object DeferWork : Command() {
        override fun toString(): String = "DeferWork"
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("defer_work"))
    }

    /** Arm a bounded, clock-driven backoff timer that answers with `retry_due`. */
    object ScheduleRetry : Command() {
        override fun toString(): String = "ScheduleRetry"
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("schedule_retry"))
    }

    /** Tell the user something they must act on. */
    data class NotifyUser(val message: NotifyUserMessage) : Command() {
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("notify_user"),
            "message" to jsonOf(message)
        )
    }

    /**
     * Take the app's shared refresh lease before refreshing (answer `lease_acquired` or
     * `lease_busy`): one process of the app refreshes at a time (F6, F8).
     */
    object AcquireLease : Command() {
        override fun toString(): String = "AcquireLease"
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("acquire_lease"))
    }

    /** Give the refresh lease back (no answer; a lease not held is not released). */
    object ReleaseLease : Command() {
        override fun toString(): String = "ReleaseLease"
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("release_lease"))
    }

    /**
     * Move the refresh credentials this session knows of — those a read just found, those it holds
     * unstored — into the durable revocation outbox (RFC 7009), under the configured protection
     * class, before the stored ones are deleted; answer with `revocation_queued`,
     * `revocation_queue_unavailable` or `revocation_queue_failed`. Nothing to queue is answered
     * `revocation_queued` at once.
     */
    object QueueRevocation : Command() {
        override fun toString(): String = "QueueRevocation"
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("queue_revocation"))
    }

    /**
     * Send the outbox's first token to the revocation endpoint — and nowhere else — then remove it
     * from the outbox; answer with `revocation_completed` (revoked, or refused for good),
     * `revocation_failed` (no verdict: retry) or `revocation_unavailable` (the outbox's class is
     * locked: nothing was read, nothing sent).
     */
    object Revoke : Command() {
        override fun toString(): String = "Revoke"
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("revoke"))
    }

    /**
     * Arm the revocation timer (its own bounded backoff; not cancelled by a change of state: a
     * revocation is owed whoever signs in next), answered by `revocation_due`.
     */
    object ScheduleRevocation : Command() {
        override fun toString(): String = "ScheduleRevocation"
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("schedule_revocation")
        )
    }

    /**
     * Ask the revocation endpoint to end every other session of the user, with this session's valid
     * access token (`logout(scope="others")`); answer `others_revoked` or
     * `others_revocation_failed`. Changes nothing here.
     */
    object RevokeOthers : Command() {
        override fun toString(): String = "RevokeOthers"
        override val wire: JsonValue get() = jsonObject("type" to JsonValue.Str("revoke_others"))
    }

    /**
     * Hand every unit of owed work back to the app as failed, with `reason` — it waited for its
     * account, and that account will not sign in now.
     */
    data class FailWork(val reason: FailWorkReason) : Command() {
        override val wire: JsonValue get() = jsonObject(
            "type" to JsonValue.Str("fail_work"),
            "reason" to jsonOf(reason)
        )
    }

}

/** The events' alphabet and their wire decoder (the reference's pydantic rules). */
object Events {
    /**
     * Every event with every value of its boolean and enum fields (optionals also
     * null), in the spec's order: what exhaustive checks step through.
     */
    val ALPHABET: List<MachineEvent> = alphabet0() + alphabet1()
    private fun alphabet0(): List<MachineEvent> = listOf(
        MachineEvent.AppLaunched(false),
        MachineEvent.AppLaunched(true),
        MachineEvent.AppForegrounded(false),
        MachineEvent.AppForegrounded(true),
        MachineEvent.ProtectedDataBecameAvailable,
        MachineEvent.ProtectedDataWillBecomeUnavailable,
        MachineEvent.LoginRequested(false),
        MachineEvent.LoginRequested(true),
        MachineEvent.LogoutRequested(false),
        MachineEvent.LogoutRequested(true),
        MachineEvent.WorkRequested(false),
        MachineEvent.WorkRequested(true),
        MachineEvent.TokenExpired,
        MachineEvent.RetryDue(false),
        MachineEvent.RetryDue(true),
        MachineEvent.KeychainFound(false, false),
        MachineEvent.KeychainFound(false, true),
        MachineEvent.KeychainFound(true, false),
        MachineEvent.KeychainFound(true, true),
        MachineEvent.KeychainNotFound(false),
        MachineEvent.KeychainNotFound(true),
        MachineEvent.KeychainUnavailable(false),
        MachineEvent.KeychainUnavailable(true),
        MachineEvent.KeychainFailed(false),
        MachineEvent.KeychainFailed(true),
        MachineEvent.KeychainSecretLost(false, SecretLossCause.KEY_PERMANENTLY_INVALIDATED),
        MachineEvent.KeychainSecretLost(false, SecretLossCause.AEAD_BAD_TAG),
        MachineEvent.KeychainSecretLost(false, SecretLossCause.PASSCODE_REMOVED),
        MachineEvent.KeychainSecretLost(false, SecretLossCause.ITEM_UNDECRYPTABLE),
        MachineEvent.KeychainSecretLost(false, SecretLossCause.BIOMETRY_CHANGED),
        MachineEvent.KeychainSecretLost(true, SecretLossCause.KEY_PERMANENTLY_INVALIDATED),
        MachineEvent.KeychainSecretLost(true, SecretLossCause.AEAD_BAD_TAG),
        MachineEvent.KeychainSecretLost(true, SecretLossCause.PASSCODE_REMOVED),
        MachineEvent.KeychainSecretLost(true, SecretLossCause.ITEM_UNDECRYPTABLE),
        MachineEvent.KeychainSecretLost(true, SecretLossCause.BIOMETRY_CHANGED),
        MachineEvent.StoreCompleted,
        MachineEvent.StoreUnavailable(false),
        MachineEvent.StoreUnavailable(true),
        MachineEvent.StoreFailed,
        MachineEvent.DeleteCompleted
    )
    private fun alphabet1(): List<MachineEvent> = listOf(
        MachineEvent.DeleteUnavailable(false),
        MachineEvent.DeleteUnavailable(true),
        MachineEvent.DeleteFailed,
        MachineEvent.AuthAccepted(false),
        MachineEvent.AuthAccepted(true),
        MachineEvent.AuthRejected(false),
        MachineEvent.AuthRejected(true),
        MachineEvent.AuthTransient,
        MachineEvent.LeaseAcquired(false),
        MachineEvent.LeaseAcquired(true),
        MachineEvent.LeaseBusy,
        MachineEvent.SharedStoreChanged(false),
        MachineEvent.SharedStoreChanged(true),
        MachineEvent.LogoutOthersRequested,
        MachineEvent.RevocationHint(false),
        MachineEvent.RevocationHint(true),
        MachineEvent.RevocationQueued,
        MachineEvent.RevocationQueueUnavailable(false),
        MachineEvent.RevocationQueueUnavailable(true),
        MachineEvent.RevocationQueueFailed,
        MachineEvent.RevocationDue(false),
        MachineEvent.RevocationDue(true),
        MachineEvent.RevocationCompleted(false, false),
        MachineEvent.RevocationCompleted(false, true),
        MachineEvent.RevocationCompleted(true, false),
        MachineEvent.RevocationCompleted(true, true),
        MachineEvent.RevocationFailed,
        MachineEvent.RevocationUnavailable,
        MachineEvent.OthersRevoked,
        MachineEvent.OthersRevocationFailed
    )

    /** Decode a machine event from its JSON object; a problem names the field. */
    fun decode(value: JsonValue): MachineEvent {
        val obj = WireObject.of(value, "")
        return when (obj.tag("type")) {
            "app_launched" -> {
                val fields = obj.scoped("app_launched")
                fields.only("type", "protected_data_available")
                MachineEvent.AppLaunched(
                    fields.required("protected_data_available", BoolCodec.STRICT)
                )
            }
            "app_foregrounded" -> {
                val fields = obj.scoped("app_foregrounded")
                fields.only("type", "protected_data_available")
                MachineEvent.AppForegrounded(
                    fields.required("protected_data_available", BoolCodec.STRICT)
                )
            }
            "protected_data_became_available" -> {
                val fields = obj.scoped("protected_data_became_available")
                fields.only("type")
                MachineEvent.ProtectedDataBecameAvailable
            }
            "protected_data_will_become_unavailable" -> {
                val fields = obj.scoped("protected_data_will_become_unavailable")
                fields.only("type")
                MachineEvent.ProtectedDataWillBecomeUnavailable
            }
            "login_requested" -> {
                val fields = obj.scoped("login_requested")
                fields.only("type", "same_account")
                MachineEvent.LoginRequested(
                    fields.optional("same_account", BoolCodec.STRICT, false)
                )
            }
            "logout_requested" -> {
                val fields = obj.scoped("logout_requested")
                fields.only("type", "protected_data_available")
                MachineEvent.LogoutRequested(
                    fields.required("protected_data_available", BoolCodec.STRICT)
                )
            }
            "work_requested" -> {
                val fields = obj.scoped("work_requested")
                fields.only("type", "protected_data_available")
                MachineEvent.WorkRequested(
                    fields.required("protected_data_available", BoolCodec.STRICT)
                )
            }
            "token_expired" -> {
                val fields = obj.scoped("token_expired")
                fields.only("type")
                MachineEvent.TokenExpired
            }
            "retry_due" -> {
                val fields = obj.scoped("retry_due")
                fields.only("type", "protected_data_available")
                MachineEvent.RetryDue(fields.required("protected_data_available", BoolCodec.STRICT))
            }
            "keychain_found" -> {
                val fields = obj.scoped("keychain_found")
                fields.only("type", "protected_data_available", "rotated_elsewhere")
                MachineEvent.KeychainFound(
                    fields.required("protected_data_available", BoolCodec.STRICT),
                    fields.optional("rotated_elsewhere", BoolCodec.STRICT, false)
                )
            }
            "keychain_not_found" -> {
                val fields = obj.scoped("keychain_not_found")
                fields.only("type", "protected_data_available")
                MachineEvent.KeychainNotFound(
                    fields.required("protected_data_available", BoolCodec.STRICT)
                )
            }
            "keychain_unavailable" -> {
                val fields = obj.scoped("keychain_unavailable")
                fields.only("type", "protected_data_available")
                MachineEvent.KeychainUnavailable(
                    fields.required("protected_data_available", BoolCodec.STRICT)
                )
            }
            "keychain_failed" -> {
                val fields = obj.scoped("keychain_failed")
                fields.only("type", "protected_data_available")
                MachineEvent.KeychainFailed(
                    fields.required("protected_data_available", BoolCodec.STRICT)
                )
            }
            "keychain_secret_lost" -> {
                val fields = obj.scoped("keychain_secret_lost")
                fields.only("type", "protected_data_available", "cause")
                MachineEvent.KeychainSecretLost(
                    fields.required("protected_data_available", BoolCodec.STRICT),
                    fields.required("cause", EnumCodec(SecretLossCause.values()))
                )
            }
            "store_completed" -> {
                val fields = obj.scoped("store_completed")
                fields.only("type")
                MachineEvent.StoreCompleted
            }
            "store_unavailable" -> {
                val fields = obj.scoped("store_unavailable")
                fields.only("type", "protected_data_available")
                MachineEvent.StoreUnavailable(
                    fields.required("protected_data_available", BoolCodec.STRICT)
                )
            }
            "store_failed" -> {
                val fields = obj.scoped("store_failed")
                fields.only("type")
                MachineEvent.StoreFailed
            }
            "delete_completed" -> {
                val fields = obj.scoped("delete_completed")
                fields.only("type")
                MachineEvent.DeleteCompleted
            }
            "delete_unavailable" -> {
                val fields = obj.scoped("delete_unavailable")
                fields.only("type", "protected_data_available")
                MachineEvent.DeleteUnavailable(
                    fields.required("protected_data_available", BoolCodec.STRICT)
                )
            }
            "delete_failed" -> {
                val fields = obj.scoped("delete_failed")
                fields.only("type")
                MachineEvent.DeleteFailed
            }
            "auth_accepted" -> {
                val fields = obj.scoped("auth_accepted")
                fields.only("type", "rotated")
                MachineEvent.AuthAccepted(fields.optional("rotated", BoolCodec.STRICT, false))
            }
            "auth_rejected" -> {
                val fields = obj.scoped("auth_rejected")
                fields.only("type", "protected_data_available")
                MachineEvent.AuthRejected(
                    fields.required("protected_data_available", BoolCodec.STRICT)
                )
            }
            "auth_transient" -> {
                val fields = obj.scoped("auth_transient")
                fields.only("type")
                MachineEvent.AuthTransient
            }
            "lease_acquired" -> {
                val fields = obj.scoped("lease_acquired")
                fields.only("type", "protected_data_available")
                MachineEvent.LeaseAcquired(
                    fields.required("protected_data_available", BoolCodec.STRICT)
                )
            }
            "lease_busy" -> {
                val fields = obj.scoped("lease_busy")
                fields.only("type")
                MachineEvent.LeaseBusy
            }
            "shared_store_changed" -> {
                val fields = obj.scoped("shared_store_changed")
                fields.only("type", "protected_data_available")
                MachineEvent.SharedStoreChanged(
                    fields.required("protected_data_available", BoolCodec.STRICT)
                )
            }
            "logout_others_requested" -> {
                val fields = obj.scoped("logout_others_requested")
                fields.only("type")
                MachineEvent.LogoutOthersRequested
            }
            "revocation_hint" -> {
                val fields = obj.scoped("revocation_hint")
                fields.only("type", "protected_data_available")
                MachineEvent.RevocationHint(
                    fields.required("protected_data_available", BoolCodec.STRICT)
                )
            }
            "revocation_queued" -> {
                val fields = obj.scoped("revocation_queued")
                fields.only("type")
                MachineEvent.RevocationQueued
            }
            "revocation_queue_unavailable" -> {
                val fields = obj.scoped("revocation_queue_unavailable")
                fields.only("type", "protected_data_available")
                MachineEvent.RevocationQueueUnavailable(
                    fields.required("protected_data_available", BoolCodec.STRICT)
                )
            }
            "revocation_queue_failed" -> {
                val fields = obj.scoped("revocation_queue_failed")
                fields.only("type")
                MachineEvent.RevocationQueueFailed
            }
            "revocation_due" -> {
                val fields = obj.scoped("revocation_due")
                fields.only("type", "protected_data_available")
                MachineEvent.RevocationDue(
                    fields.required("protected_data_available", BoolCodec.STRICT)
                )
            }
            "revocation_completed" -> {
                val fields = obj.scoped("revocation_completed")
                fields.only("type", "protected_data_available", "more_queued")
                MachineEvent.RevocationCompleted(
                    fields.required("protected_data_available", BoolCodec.STRICT),
                    fields.optional("more_queued", BoolCodec.STRICT, false)
                )
            }
            "revocation_failed" -> {
                val fields = obj.scoped("revocation_failed")
                fields.only("type")
                MachineEvent.RevocationFailed
            }
            "revocation_unavailable" -> {
                val fields = obj.scoped("revocation_unavailable")
                fields.only("type")
                MachineEvent.RevocationUnavailable
            }
            "others_revoked" -> {
                val fields = obj.scoped("others_revoked")
                fields.only("type")
                MachineEvent.OthersRevoked
            }
            "others_revocation_failed" -> {
                val fields = obj.scoped("others_revocation_failed")
                fields.only("type")
                MachineEvent.OthersRevocationFailed
            }
            else -> throw WireError("type", "unknown value")
        }
    }
}

/** The spec's data, read by `Table` and `SessionCore`. */
object Spec {
    val INITIAL_STATE: State = State.STARTING
    /** The flag the availability-carrying events copy their field into. */
    val AVAILABILITY_FLAG: Flag = Flag.PROTECTED_DATA_AVAILABLE
    val USER_PRESENT: Map<State, UserPresence> = mapOf(
        State.LOGGED_IN to UserPresence.YES,
        State.CREDENTIALS_UNAVAILABLE to UserPresence.UNKNOWN,
        State.DEFERRED_AUTH to UserPresence.UNKNOWN,
        State.LOGGED_OUT to UserPresence.NO,
        State.STARTING to UserPresence.UNKNOWN,
        State.CHECKING_CREDENTIALS to UserPresence.UNKNOWN,
        State.SIGNING_IN to UserPresence.NO,
        State.AUTHENTICATING to UserPresence.YES,
        State.CONFIRMING_REJECTION to UserPresence.YES,
        State.LOGGING_OUT to UserPresence.NO,
        State.REAUTH_CLEARING to UserPresence.NO,
        State.REAUTH_REQUIRED to UserPresence.NO
    )
    /** Entering one of these states (from another) clears these flags. */
    val ENTRY_CLEARS: Map<State, List<Flag>> = mapOf(
        State.LOGGED_OUT to listOf(Flag.WORK_PENDING, Flag.TOKEN_VALID, Flag.STORE_PENDING, Flag.LEASE_HELD),
        State.LOGGING_OUT to listOf(Flag.WORK_PENDING, Flag.TOKEN_VALID, Flag.STORE_PENDING, Flag.LEASE_HELD),
        State.REAUTH_CLEARING to listOf(Flag.TOKEN_VALID, Flag.STORE_PENDING, Flag.LEASE_HELD),
        State.REAUTH_REQUIRED to listOf(Flag.TOKEN_VALID, Flag.STORE_PENDING, Flag.LEASE_HELD)
    )
    /** Context effects of an event, in every state, before the guards. */
    val EVENT_EFFECTS: Map<EventType, List<FlagValue>> = mapOf(
        EventType.PROTECTED_DATA_BECAME_AVAILABLE to listOf(FlagValue(Flag.PROTECTED_DATA_AVAILABLE, true)),
        EventType.PROTECTED_DATA_WILL_BECOME_UNAVAILABLE to listOf(FlagValue(Flag.PROTECTED_DATA_AVAILABLE, false)),
        EventType.TOKEN_EXPIRED to listOf(FlagValue(Flag.TOKEN_VALID, false)),
        EventType.LEASE_ACQUIRED to listOf(FlagValue(Flag.LEASE_HELD, true)),
        EventType.REVOCATION_HINT to listOf(FlagValue(Flag.TOKEN_VALID, false))
    )
    /** The transition table, in the spec's order. */
    val ROWS: List<Row> = rows0() + rows1() + rows2() + rows3() + rows4() + rows5() + rows6() + rows7()
    private fun rows0(): List<Row> = listOf(
        Row(
            State.STARTING,
            EventType.APP_LAUNCHED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.CHECKING_CREDENTIALS,
            commands = listOf(Command.ReadCredentials),
            reason = "launched_reading_credentials"
        ),
        Row(
            State.STARTING,
            EventType.APP_LAUNCHED,
            guard = listOf(GuardLiteral.on(Flag.WORK_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork),
            reason = "launched_while_protected_data_unavailable"
        ),
        Row(
            State.STARTING,
            EventType.APP_LAUNCHED,
            guard = listOf(GuardLiteral.off(Flag.WORK_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.CREDENTIALS_UNAVAILABLE,
            reason = "launched_while_protected_data_unavailable"
        ),
        Row(
            State.STARTING,
            EventType.WORK_REQUESTED,
            sets = listOf(FlagValue(Flag.WORK_PENDING, true)),
            reason = "work_queued_until_launch"
        ),
        Row(
            State.STARTING,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.LOGGING_OUT,
            commands = listOf(Command.ReadCredentials),
            reason = "user_logout"
        ),
        Row(
            State.STARTING,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.LOGGING_OUT,
            reason = "user_logout"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.KEYCHAIN_FOUND,
            guard = listOf(GuardLiteral.off(Flag.WORK_PENDING)),
            dest = State.LOGGED_IN,
            reason = "credentials_found"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.KEYCHAIN_FOUND,
            guard = listOf(GuardLiteral.on(Flag.WORK_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.AUTHENTICATING,
            commands = listOf(Command.AcquireLease),
            reason = "authenticating_for_pending_work"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.KEYCHAIN_FOUND,
            guard = listOf(GuardLiteral.on(Flag.WORK_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork),
            reason = "protected_data_lost_before_authentication"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.KEYCHAIN_NOT_FOUND,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.LOGGED_OUT,
            reason = "credentials_absent"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.KEYCHAIN_NOT_FOUND,
            guard = listOf(GuardLiteral.on(Flag.WORK_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork),
            reason = "not_found_while_protected_data_unavailable"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.KEYCHAIN_NOT_FOUND,
            guard = listOf(GuardLiteral.off(Flag.WORK_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.CREDENTIALS_UNAVAILABLE,
            reason = "not_found_while_protected_data_unavailable"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.KEYCHAIN_UNAVAILABLE,
            guard = listOf(GuardLiteral.on(Flag.WORK_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork, Command.ScheduleRetry),
            reason = "keychain_unavailable"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.KEYCHAIN_UNAVAILABLE,
            guard = listOf(GuardLiteral.off(Flag.WORK_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.CREDENTIALS_UNAVAILABLE,
            commands = listOf(Command.ScheduleRetry),
            reason = "keychain_unavailable"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.KEYCHAIN_UNAVAILABLE,
            guard = listOf(GuardLiteral.on(Flag.WORK_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork),
            reason = "keychain_unavailable"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.KEYCHAIN_UNAVAILABLE,
            guard = listOf(GuardLiteral.off(Flag.WORK_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.CREDENTIALS_UNAVAILABLE,
            reason = "keychain_unavailable"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.KEYCHAIN_FAILED,
            commands = listOf(Command.ScheduleRetry),
            reason = "keychain_failed_retrying"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.KEYCHAIN_SECRET_LOST,
            dest = State.LOGGED_OUT,
            commands = listOf(Command.NotifyUser(NotifyUserMessage.SIGN_IN_AGAIN)),
            reason = "credentials_absent"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.RETRY_DUE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ReadCredentials),
            reason = "retrying_read"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.RETRY_DUE,
            guard = listOf(GuardLiteral.on(Flag.WORK_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork),
            reason = "protected_data_unavailable_deferring"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.RETRY_DUE,
            guard = listOf(GuardLiteral.off(Flag.WORK_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.CREDENTIALS_UNAVAILABLE,
            reason = "protected_data_unavailable_deferring"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.WORK_REQUESTED,
            sets = listOf(FlagValue(Flag.WORK_PENDING, true)),
            reason = "work_waits_for_credentials_check"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.APP_FOREGROUNDED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ReadCredentials),
            reason = "foreground_rechecking"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.PROTECTED_DATA_BECAME_AVAILABLE,
            commands = listOf(Command.ReadCredentials),
            reason = "protected_data_available_rechecking"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.LOGGING_OUT,
            commands = listOf(Command.ReadCredentials),
            reason = "user_logout"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.LOGGING_OUT,
            reason = "user_logout"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.PROTECTED_DATA_BECAME_AVAILABLE,
            dest = State.CHECKING_CREDENTIALS,
            commands = listOf(Command.ReadCredentials),
            reason = "protected_data_available_rechecking"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.APP_FOREGROUNDED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.CHECKING_CREDENTIALS,
            commands = listOf(Command.ReadCredentials),
            reason = "foreground_rechecking"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.RETRY_DUE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.CHECKING_CREDENTIALS,
            commands = listOf(Command.ReadCredentials),
            reason = "retrying_read"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.WORK_REQUESTED,
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork),
            sets = listOf(FlagValue(Flag.WORK_PENDING, true)),
            reason = "work_deferred_until_protected_data"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.LOGGING_OUT,
            commands = listOf(Command.ReadCredentials),
            reason = "user_logout"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.LOGGING_OUT,
            reason = "user_logout"
        ),
        Row(
            State.DEFERRED_AUTH,
            EventType.PROTECTED_DATA_BECAME_AVAILABLE,
            guard = listOf(GuardLiteral.off(Flag.STORE_PENDING)),
            dest = State.CHECKING_CREDENTIALS,
            commands = listOf(Command.ReadCredentials),
            reason = "protected_data_available_resuming"
        ),
        Row(
            State.DEFERRED_AUTH,
            EventType.PROTECTED_DATA_BECAME_AVAILABLE,
            guard = listOf(GuardLiteral.on(Flag.STORE_PENDING), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.AUTHENTICATING,
            commands = listOf(Command.Authenticate),
            reason = "protected_data_available_resuming"
        ),
        Row(
            State.DEFERRED_AUTH,
            EventType.PROTECTED_DATA_BECAME_AVAILABLE,
            guard = listOf(GuardLiteral.on(Flag.STORE_PENDING), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.AUTHENTICATING,
            commands = listOf(Command.AcquireLease),
            reason = "protected_data_available_resuming"
        ),
        Row(
            State.DEFERRED_AUTH,
            EventType.APP_FOREGROUNDED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.STORE_PENDING)),
            dest = State.CHECKING_CREDENTIALS,
            commands = listOf(Command.ReadCredentials),
            reason = "foreground_resuming"
        ),
        Row(
            State.DEFERRED_AUTH,
            EventType.APP_FOREGROUNDED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.STORE_PENDING), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.AUTHENTICATING,
            commands = listOf(Command.Authenticate),
            reason = "foreground_resuming"
        ),
        Row(
            State.DEFERRED_AUTH,
            EventType.APP_FOREGROUNDED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.STORE_PENDING), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.AUTHENTICATING,
            commands = listOf(Command.AcquireLease),
            reason = "foreground_resuming"
        ),
        Row(
            State.DEFERRED_AUTH,
            EventType.RETRY_DUE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.STORE_PENDING)),
            dest = State.CHECKING_CREDENTIALS,
            commands = listOf(Command.ReadCredentials),
            reason = "retrying_read"
        ),
        Row(
            State.DEFERRED_AUTH,
            EventType.RETRY_DUE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.STORE_PENDING), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.AUTHENTICATING,
            commands = listOf(Command.Authenticate),
            reason = "retrying_read"
        )
    )
    private fun rows1(): List<Row> = listOf(
        Row(
            State.DEFERRED_AUTH,
            EventType.RETRY_DUE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.STORE_PENDING), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.AUTHENTICATING,
            commands = listOf(Command.AcquireLease),
            reason = "retrying_read"
        ),
        Row(State.DEFERRED_AUTH, EventType.WORK_REQUESTED, reason = "work_already_deferred"),
        Row(
            State.DEFERRED_AUTH,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.LOGGING_OUT,
            commands = listOf(Command.ReadCredentials),
            reason = "user_logout"
        ),
        Row(
            State.DEFERRED_AUTH,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.LOGGING_OUT,
            reason = "user_logout"
        ),
        Row(
            State.LOGGED_IN,
            EventType.WORK_REQUESTED,
            guard = listOf(GuardLiteral.on(Flag.TOKEN_VALID)),
            commands = listOf(Command.PerformWork),
            reason = "session_valid"
        ),
        Row(
            State.LOGGED_IN,
            EventType.WORK_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.TOKEN_VALID), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.STORE_PENDING)),
            dest = State.AUTHENTICATING,
            commands = listOf(Command.ReadCredentials),
            sets = listOf(FlagValue(Flag.WORK_PENDING, true)),
            reason = "session_expired_reauthenticating"
        ),
        Row(
            State.LOGGED_IN,
            EventType.WORK_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.TOKEN_VALID), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.STORE_PENDING), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.AUTHENTICATING,
            commands = listOf(Command.Authenticate),
            sets = listOf(FlagValue(Flag.WORK_PENDING, true)),
            reason = "session_expired_reauthenticating"
        ),
        Row(
            State.LOGGED_IN,
            EventType.WORK_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.TOKEN_VALID), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.STORE_PENDING), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.AUTHENTICATING,
            commands = listOf(Command.AcquireLease),
            sets = listOf(FlagValue(Flag.WORK_PENDING, true)),
            reason = "session_expired_reauthenticating"
        ),
        Row(
            State.LOGGED_IN,
            EventType.WORK_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.TOKEN_VALID), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork),
            sets = listOf(FlagValue(Flag.WORK_PENDING, true)),
            reason = "session_expired_credentials_unavailable"
        ),
        Row(
            State.LOGGED_IN,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.LOGGING_OUT,
            commands = listOf(Command.ReadCredentials, Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "user_logout"
        ),
        Row(
            State.LOGGED_IN,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.LOGGING_OUT,
            commands = listOf(Command.ReadCredentials),
            reason = "user_logout"
        ),
        Row(
            State.LOGGED_IN,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.LOGGING_OUT,
            commands = listOf(Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "user_logout"
        ),
        Row(
            State.LOGGED_IN,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.LOGGING_OUT,
            reason = "user_logout"
        ),
        Row(
            State.LOGGED_IN,
            EventType.STORE_COMPLETED,
            guard = listOf(GuardLiteral.on(Flag.LEASE_HELD)),
            commands = listOf(Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.STORE_PENDING, false), FlagValue(Flag.LEASE_HELD, false)),
            reason = "credentials_stored"
        ),
        Row(
            State.LOGGED_IN,
            EventType.STORE_COMPLETED,
            guard = listOf(GuardLiteral.off(Flag.LEASE_HELD)),
            sets = listOf(FlagValue(Flag.STORE_PENDING, false)),
            reason = "credentials_stored"
        ),
        Row(
            State.LOGGED_IN,
            EventType.STORE_UNAVAILABLE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRetry),
            reason = "store_polling"
        ),
        Row(
            State.LOGGED_IN,
            EventType.STORE_UNAVAILABLE,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            reason = "store_waits_for_protected_data"
        ),
        Row(
            State.LOGGED_IN,
            EventType.STORE_FAILED,
            commands = listOf(Command.ScheduleRetry),
            reason = "store_failed_retrying"
        ),
        Row(
            State.LOGGED_IN,
            EventType.RETRY_DUE,
            guard = listOf(GuardLiteral.on(Flag.STORE_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.StoreCredentials),
            reason = "retrying_store"
        ),
        Row(
            State.LOGGED_IN,
            EventType.RETRY_DUE,
            guard = listOf(GuardLiteral.on(Flag.STORE_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            reason = "store_waits_for_protected_data"
        ),
        Row(
            State.LOGGED_IN,
            EventType.PROTECTED_DATA_BECAME_AVAILABLE,
            guard = listOf(GuardLiteral.on(Flag.STORE_PENDING)),
            commands = listOf(Command.StoreCredentials),
            reason = "retrying_store"
        ),
        Row(
            State.LOGGED_IN,
            EventType.APP_FOREGROUNDED,
            guard = listOf(GuardLiteral.on(Flag.STORE_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.StoreCredentials),
            reason = "retrying_store"
        ),
        Row(
            State.SIGNING_IN,
            EventType.AUTH_ACCEPTED,
            guard = listOf(GuardLiteral.off(Flag.WORK_PENDING)),
            dest = State.LOGGED_IN,
            commands = listOf(Command.StoreCredentials),
            sets = listOf(FlagValue(Flag.TOKEN_VALID, true), FlagValue(Flag.STORE_PENDING, true)),
            reason = "signed_in"
        ),
        Row(
            State.SIGNING_IN,
            EventType.AUTH_ACCEPTED,
            guard = listOf(GuardLiteral.on(Flag.WORK_PENDING)),
            dest = State.LOGGED_IN,
            commands = listOf(Command.StoreCredentials, Command.PerformWork),
            sets = listOf(FlagValue(Flag.TOKEN_VALID, true), FlagValue(Flag.WORK_PENDING, false), FlagValue(Flag.STORE_PENDING, true)),
            reason = "signed_in"
        ),
        Row(
            State.SIGNING_IN,
            EventType.AUTH_REJECTED,
            guard = listOf(GuardLiteral.on(Flag.WORK_PENDING)),
            dest = State.LOGGED_OUT,
            commands = listOf(Command.NotifyUser(NotifyUserMessage.SIGN_IN_FAILED), Command.FailWork(FailWorkReason.SIGN_IN_FAILED)),
            sets = listOf(FlagValue(Flag.WORK_PENDING, false)),
            reason = "server_rejected"
        ),
        Row(
            State.SIGNING_IN,
            EventType.AUTH_REJECTED,
            guard = listOf(GuardLiteral.off(Flag.WORK_PENDING)),
            dest = State.LOGGED_OUT,
            commands = listOf(Command.NotifyUser(NotifyUserMessage.SIGN_IN_FAILED)),
            reason = "server_rejected"
        ),
        Row(
            State.SIGNING_IN,
            EventType.AUTH_TRANSIENT,
            guard = listOf(GuardLiteral.on(Flag.WORK_PENDING)),
            dest = State.LOGGED_OUT,
            commands = listOf(Command.NotifyUser(NotifyUserMessage.SIGN_IN_FAILED), Command.FailWork(FailWorkReason.SIGN_IN_FAILED)),
            sets = listOf(FlagValue(Flag.WORK_PENDING, false)),
            reason = "sign_in_failed_transient"
        ),
        Row(
            State.SIGNING_IN,
            EventType.AUTH_TRANSIENT,
            guard = listOf(GuardLiteral.off(Flag.WORK_PENDING)),
            dest = State.LOGGED_OUT,
            commands = listOf(Command.NotifyUser(NotifyUserMessage.SIGN_IN_FAILED)),
            reason = "sign_in_failed_transient"
        ),
        Row(
            State.SIGNING_IN,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.on(Flag.WORK_PENDING)),
            dest = State.LOGGED_OUT,
            commands = listOf(Command.FailWork(FailWorkReason.SIGNED_OUT)),
            sets = listOf(FlagValue(Flag.WORK_PENDING, false)),
            reason = "user_logout"
        ),
        Row(
            State.SIGNING_IN,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.WORK_PENDING)),
            dest = State.LOGGED_OUT,
            reason = "user_logout"
        ),
        Row(
            State.SIGNING_IN,
            EventType.WORK_REQUESTED,
            sets = listOf(FlagValue(Flag.WORK_PENDING, true)),
            reason = "work_waits_for_sign_in"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.KEYCHAIN_FOUND,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.on(Flag.LEASE_HELD)),
            commands = listOf(Command.Authenticate),
            reason = "credentials_found_authenticating"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.KEYCHAIN_FOUND,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.off(Flag.LEASE_HELD)),
            commands = listOf(Command.AcquireLease),
            reason = "credentials_found_authenticating"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.KEYCHAIN_FOUND,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork, Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "protected_data_lost_before_authentication"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.KEYCHAIN_FOUND,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork),
            reason = "protected_data_lost_before_authentication"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.KEYCHAIN_NOT_FOUND,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.LOGGED_OUT,
            commands = listOf(Command.NotifyUser(NotifyUserMessage.SIGN_IN_AGAIN), Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "credentials_absent"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.KEYCHAIN_NOT_FOUND,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.LOGGED_OUT,
            commands = listOf(Command.NotifyUser(NotifyUserMessage.SIGN_IN_AGAIN)),
            reason = "credentials_absent"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.KEYCHAIN_NOT_FOUND,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork, Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "not_found_while_protected_data_unavailable"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.KEYCHAIN_NOT_FOUND,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork),
            reason = "not_found_while_protected_data_unavailable"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.KEYCHAIN_UNAVAILABLE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork, Command.ScheduleRetry, Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "keychain_unavailable"
        )
    )
    private fun rows2(): List<Row> = listOf(
        Row(
            State.AUTHENTICATING,
            EventType.KEYCHAIN_UNAVAILABLE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork, Command.ScheduleRetry),
            reason = "keychain_unavailable"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.KEYCHAIN_UNAVAILABLE,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork, Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "keychain_unavailable"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.KEYCHAIN_UNAVAILABLE,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork),
            reason = "keychain_unavailable"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.KEYCHAIN_FAILED,
            guard = listOf(GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.on(Flag.LEASE_HELD)),
            commands = listOf(Command.ScheduleRetry, Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "keychain_failed_retrying"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.KEYCHAIN_FAILED,
            guard = listOf(GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.off(Flag.LEASE_HELD)),
            commands = listOf(Command.ScheduleRetry),
            reason = "keychain_failed_retrying"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.KEYCHAIN_SECRET_LOST,
            guard = listOf(GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.LOGGED_OUT,
            commands = listOf(Command.NotifyUser(NotifyUserMessage.SIGN_IN_AGAIN), Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "credentials_absent"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.KEYCHAIN_SECRET_LOST,
            guard = listOf(GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.LOGGED_OUT,
            commands = listOf(Command.NotifyUser(NotifyUserMessage.SIGN_IN_AGAIN)),
            reason = "credentials_absent"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.LEASE_ACQUIRED,
            guard = listOf(GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ReadCredentials),
            reason = "lease_acquired_rereading"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.LEASE_ACQUIRED,
            guard = listOf(GuardLiteral.on(Flag.STORE_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Authenticate),
            reason = "lease_acquired_authenticating"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.LEASE_ACQUIRED,
            guard = listOf(GuardLiteral.on(Flag.STORE_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork),
            reason = "protected_data_lost_before_authentication"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.LEASE_ACQUIRED,
            guard = listOf(GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork, Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "protected_data_lost_before_authentication"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.LEASE_BUSY,
            commands = listOf(Command.ScheduleRetry),
            reason = "lease_held_elsewhere_waiting"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.SHARED_STORE_CHANGED,
            guard = listOf(GuardLiteral.off(Flag.LEASE_HELD), GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ReadCredentials),
            reason = "shared_store_changed_rereading"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.SHARED_STORE_CHANGED,
            guard = listOf(GuardLiteral.off(Flag.LEASE_HELD), GuardLiteral.on(Flag.STORE_PENDING)),
            commands = listOf(Command.AcquireLease),
            reason = "shared_store_changed_retrying"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.AUTH_ACCEPTED,
            guard = listOf(GuardLiteral.on(EventField.ROTATED)),
            dest = State.LOGGED_IN,
            commands = listOf(Command.StoreCredentials, Command.PerformWork),
            sets = listOf(FlagValue(Flag.TOKEN_VALID, true), FlagValue(Flag.WORK_PENDING, false), FlagValue(Flag.STORE_PENDING, true)),
            reason = "authenticated_token_rotated"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.AUTH_ACCEPTED,
            guard = listOf(GuardLiteral.off(EventField.ROTATED), GuardLiteral.on(Flag.STORE_PENDING)),
            dest = State.LOGGED_IN,
            commands = listOf(Command.StoreCredentials, Command.PerformWork),
            sets = listOf(FlagValue(Flag.TOKEN_VALID, true), FlagValue(Flag.WORK_PENDING, false)),
            reason = "authenticated"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.AUTH_ACCEPTED,
            guard = listOf(GuardLiteral.off(EventField.ROTATED), GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.LOGGED_IN,
            commands = listOf(Command.PerformWork, Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.TOKEN_VALID, true), FlagValue(Flag.WORK_PENDING, false), FlagValue(Flag.LEASE_HELD, false)),
            reason = "authenticated"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.AUTH_ACCEPTED,
            guard = listOf(GuardLiteral.off(EventField.ROTATED), GuardLiteral.off(Flag.STORE_PENDING), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.LOGGED_IN,
            commands = listOf(Command.PerformWork),
            sets = listOf(FlagValue(Flag.TOKEN_VALID, true), FlagValue(Flag.WORK_PENDING, false)),
            reason = "authenticated"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.AUTH_REJECTED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.CONFIRMING_REJECTION,
            commands = listOf(Command.ReadCredentials),
            reason = "rejection_rechecking_keychain"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.AUTH_REJECTED,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.CONFIRMING_REJECTION,
            reason = "rejection_check_waits_for_protected_data"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.AUTH_TRANSIENT,
            guard = listOf(GuardLiteral.on(Flag.LEASE_HELD)),
            commands = listOf(Command.ScheduleRetry, Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "server_unreachable_retrying"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.AUTH_TRANSIENT,
            guard = listOf(GuardLiteral.off(Flag.LEASE_HELD)),
            commands = listOf(Command.ScheduleRetry),
            reason = "server_unreachable_retrying"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.RETRY_DUE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.STORE_PENDING)),
            commands = listOf(Command.ReadCredentials),
            reason = "retrying_authentication"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.RETRY_DUE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.STORE_PENDING), GuardLiteral.on(Flag.LEASE_HELD)),
            commands = listOf(Command.Authenticate),
            reason = "retrying_authentication"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.RETRY_DUE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.STORE_PENDING), GuardLiteral.off(Flag.LEASE_HELD)),
            commands = listOf(Command.AcquireLease),
            reason = "retrying_authentication"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.RETRY_DUE,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork, Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "protected_data_unavailable_deferring"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.RETRY_DUE,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork),
            reason = "protected_data_unavailable_deferring"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.WORK_REQUESTED,
            sets = listOf(FlagValue(Flag.WORK_PENDING, true)),
            reason = "work_joins_authentication"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.LOGGING_OUT,
            commands = listOf(Command.ReadCredentials, Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "user_logout"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.LOGGING_OUT,
            commands = listOf(Command.ReadCredentials),
            reason = "user_logout"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.LOGGING_OUT,
            commands = listOf(Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "user_logout"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.LOGGING_OUT,
            reason = "user_logout"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.KEYCHAIN_FOUND,
            guard = listOf(GuardLiteral.on(EventField.ROTATED_ELSEWHERE), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.AUTHENTICATING,
            commands = listOf(Command.Authenticate),
            reason = "stored_credentials_changed_retrying"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.KEYCHAIN_FOUND,
            guard = listOf(GuardLiteral.on(EventField.ROTATED_ELSEWHERE), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.AUTHENTICATING,
            commands = listOf(Command.AcquireLease),
            reason = "stored_credentials_changed_retrying"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.KEYCHAIN_FOUND,
            guard = listOf(GuardLiteral.on(EventField.ROTATED_ELSEWHERE), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork, Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "protected_data_lost_before_authentication"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.KEYCHAIN_FOUND,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork),
            reason = "protected_data_lost_before_authentication"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.KEYCHAIN_NOT_FOUND,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.REAUTH_REQUIRED,
            commands = listOf(Command.NotifyUser(NotifyUserMessage.SIGN_IN_AGAIN), Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "server_rejected"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.KEYCHAIN_NOT_FOUND,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.REAUTH_REQUIRED,
            commands = listOf(Command.NotifyUser(NotifyUserMessage.SIGN_IN_AGAIN)),
            reason = "server_rejected"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.KEYCHAIN_NOT_FOUND,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork, Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "not_found_while_protected_data_unavailable"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.KEYCHAIN_NOT_FOUND,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork),
            reason = "not_found_while_protected_data_unavailable"
        )
    )
    private fun rows3(): List<Row> = listOf(
        Row(
            State.CONFIRMING_REJECTION,
            EventType.KEYCHAIN_UNAVAILABLE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork, Command.ScheduleRetry, Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "keychain_unavailable"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.KEYCHAIN_UNAVAILABLE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork, Command.ScheduleRetry),
            reason = "keychain_unavailable"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.KEYCHAIN_UNAVAILABLE,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork, Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "keychain_unavailable"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.KEYCHAIN_UNAVAILABLE,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.DEFERRED_AUTH,
            commands = listOf(Command.DeferWork),
            reason = "keychain_unavailable"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.KEYCHAIN_FAILED,
            guard = listOf(GuardLiteral.on(Flag.LEASE_HELD)),
            commands = listOf(Command.ScheduleRetry, Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "keychain_failed_retrying"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.KEYCHAIN_FAILED,
            guard = listOf(GuardLiteral.off(Flag.LEASE_HELD)),
            commands = listOf(Command.ScheduleRetry),
            reason = "keychain_failed_retrying"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.KEYCHAIN_SECRET_LOST,
            guard = listOf(GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.REAUTH_REQUIRED,
            commands = listOf(Command.NotifyUser(NotifyUserMessage.SIGN_IN_AGAIN), Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "server_rejected"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.KEYCHAIN_SECRET_LOST,
            guard = listOf(GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.REAUTH_REQUIRED,
            commands = listOf(Command.NotifyUser(NotifyUserMessage.SIGN_IN_AGAIN)),
            reason = "server_rejected"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.KEYCHAIN_FOUND,
            guard = listOf(GuardLiteral.off(EventField.ROTATED_ELSEWHERE), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.REAUTH_CLEARING,
            commands = listOf(Command.DeleteCredentials, Command.NotifyUser(NotifyUserMessage.SIGN_IN_AGAIN), Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "server_rejected"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.KEYCHAIN_FOUND,
            guard = listOf(GuardLiteral.off(EventField.ROTATED_ELSEWHERE), GuardLiteral.off(Flag.LEASE_HELD), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.AUTHENTICATING,
            commands = listOf(Command.AcquireLease),
            reason = "rejection_needs_the_lease"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.PROTECTED_DATA_BECAME_AVAILABLE,
            commands = listOf(Command.ReadCredentials),
            reason = "rejection_rechecking_keychain"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.APP_FOREGROUNDED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ReadCredentials),
            reason = "rejection_rechecking_keychain"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.RETRY_DUE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ReadCredentials),
            reason = "rejection_rechecking_keychain"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.WORK_REQUESTED,
            reason = "work_joins_authentication"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.LOGGING_OUT,
            commands = listOf(Command.ReadCredentials, Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "user_logout"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.LOGGING_OUT,
            commands = listOf(Command.ReadCredentials),
            reason = "user_logout"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.LOGGING_OUT,
            commands = listOf(Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "user_logout"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.LOGGING_OUT,
            reason = "user_logout"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.KEYCHAIN_FOUND,
            commands = listOf(Command.QueueRevocation),
            reason = "queueing_revocation"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.KEYCHAIN_NOT_FOUND,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.QueueRevocation),
            reason = "queueing_revocation"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.KEYCHAIN_NOT_FOUND,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            reason = "wipe_waits_for_protected_data"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.KEYCHAIN_SECRET_LOST,
            commands = listOf(Command.QueueRevocation),
            reason = "queueing_revocation"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.KEYCHAIN_UNAVAILABLE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRetry),
            reason = "wipe_polling"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.KEYCHAIN_UNAVAILABLE,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            reason = "wipe_waits_for_protected_data"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.KEYCHAIN_FAILED,
            commands = listOf(Command.ScheduleRetry),
            reason = "wipe_failed_retrying"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.REVOCATION_QUEUED,
            commands = listOf(Command.DeleteCredentials),
            sets = listOf(FlagValue(Flag.REVOCATION_PENDING, true)),
            reason = "revocation_queued_wiping"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.REVOCATION_QUEUE_UNAVAILABLE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRetry),
            reason = "wipe_polling"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.REVOCATION_QUEUE_UNAVAILABLE,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            reason = "wipe_waits_for_protected_data"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.REVOCATION_QUEUE_FAILED,
            commands = listOf(Command.ScheduleRetry),
            reason = "wipe_failed_retrying"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.DELETE_COMPLETED,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.LOGGED_OUT,
            commands = listOf(Command.Revoke),
            reason = "credentials_deleted"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.DELETE_COMPLETED,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            dest = State.LOGGED_OUT,
            commands = listOf(Command.ScheduleRevocation),
            reason = "credentials_deleted"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.DELETE_COMPLETED,
            guard = listOf(GuardLiteral.off(Flag.REVOCATION_PENDING)),
            dest = State.LOGGED_OUT,
            reason = "credentials_deleted"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.DELETE_UNAVAILABLE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRetry),
            reason = "wipe_polling"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.DELETE_UNAVAILABLE,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            reason = "wipe_waits_for_protected_data"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.DELETE_FAILED,
            commands = listOf(Command.ScheduleRetry),
            reason = "wipe_failed_retrying"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.PROTECTED_DATA_BECAME_AVAILABLE,
            commands = listOf(Command.ReadCredentials),
            reason = "completing_deferred_wipe"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.RETRY_DUE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ReadCredentials),
            reason = "completing_deferred_wipe"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.APP_LAUNCHED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ReadCredentials),
            reason = "completing_deferred_wipe"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.APP_FOREGROUNDED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ReadCredentials),
            reason = "completing_deferred_wipe"
        ),
        Row(State.LOGGING_OUT, EventType.WORK_REQUESTED, reason = "logout_in_progress")
    )
    private fun rows4(): List<Row> = listOf(
        Row(State.LOGGING_OUT, EventType.LOGIN_REQUESTED, reason = "logout_in_progress"),
        Row(
            State.REAUTH_CLEARING,
            EventType.DELETE_COMPLETED,
            dest = State.REAUTH_REQUIRED,
            reason = "rejected_credentials_deleted"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.DELETE_UNAVAILABLE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRetry),
            reason = "wipe_polling"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.DELETE_UNAVAILABLE,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            reason = "wipe_waits_for_protected_data"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.DELETE_FAILED,
            commands = listOf(Command.ScheduleRetry),
            reason = "wipe_failed_retrying"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.PROTECTED_DATA_BECAME_AVAILABLE,
            commands = listOf(Command.DeleteCredentials),
            reason = "completing_deferred_wipe"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.RETRY_DUE,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.DeleteCredentials),
            reason = "completing_deferred_wipe"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.APP_LAUNCHED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.DeleteCredentials),
            reason = "completing_deferred_wipe"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.APP_FOREGROUNDED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.DeleteCredentials),
            reason = "completing_deferred_wipe"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.WORK_REQUESTED,
            sets = listOf(FlagValue(Flag.WORK_PENDING, true)),
            reason = "work_waits_for_sign_in_again"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.WORK_PENDING)),
            dest = State.LOGGING_OUT,
            commands = listOf(Command.ReadCredentials, Command.FailWork(FailWorkReason.SIGNED_OUT)),
            sets = listOf(FlagValue(Flag.WORK_PENDING, false)),
            reason = "user_logout"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.WORK_PENDING)),
            dest = State.LOGGING_OUT,
            commands = listOf(Command.ReadCredentials),
            reason = "user_logout"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.WORK_PENDING)),
            dest = State.LOGGING_OUT,
            commands = listOf(Command.FailWork(FailWorkReason.SIGNED_OUT)),
            sets = listOf(FlagValue(Flag.WORK_PENDING, false)),
            reason = "user_logout"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.WORK_PENDING)),
            dest = State.LOGGING_OUT,
            reason = "user_logout"
        ),
        Row(
            State.REAUTH_REQUIRED,
            EventType.LOGIN_REQUESTED,
            guard = listOf(GuardLiteral.on(EventField.SAME_ACCOUNT)),
            dest = State.SIGNING_IN,
            commands = listOf(Command.SignIn),
            reason = "signing_in_again"
        ),
        Row(
            State.REAUTH_REQUIRED,
            EventType.LOGIN_REQUESTED,
            guard = listOf(GuardLiteral.off(EventField.SAME_ACCOUNT), GuardLiteral.on(Flag.WORK_PENDING)),
            dest = State.SIGNING_IN,
            commands = listOf(Command.SignIn, Command.FailWork(FailWorkReason.ANOTHER_ACCOUNT)),
            sets = listOf(FlagValue(Flag.WORK_PENDING, false)),
            reason = "signing_in_another_account"
        ),
        Row(
            State.REAUTH_REQUIRED,
            EventType.LOGIN_REQUESTED,
            guard = listOf(GuardLiteral.off(EventField.SAME_ACCOUNT), GuardLiteral.off(Flag.WORK_PENDING)),
            dest = State.SIGNING_IN,
            commands = listOf(Command.SignIn),
            reason = "signing_in_another_account"
        ),
        Row(
            State.REAUTH_REQUIRED,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.on(Flag.WORK_PENDING)),
            dest = State.LOGGED_OUT,
            commands = listOf(Command.FailWork(FailWorkReason.SIGNED_OUT)),
            sets = listOf(FlagValue(Flag.WORK_PENDING, false)),
            reason = "user_logout"
        ),
        Row(
            State.REAUTH_REQUIRED,
            EventType.LOGOUT_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.WORK_PENDING)),
            dest = State.LOGGED_OUT,
            reason = "user_logout"
        ),
        Row(
            State.REAUTH_REQUIRED,
            EventType.WORK_REQUESTED,
            sets = listOf(FlagValue(Flag.WORK_PENDING, true)),
            reason = "work_waits_for_sign_in_again"
        ),
        Row(
            State.LOGGED_OUT,
            EventType.LOGIN_REQUESTED,
            dest = State.SIGNING_IN,
            commands = listOf(Command.SignIn),
            reason = "signing_in"
        ),
        Row(
            State.LOGGED_IN,
            EventType.REVOCATION_HINT,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.off(Flag.STORE_PENDING)),
            dest = State.AUTHENTICATING,
            commands = listOf(Command.ReadCredentials),
            sets = listOf(FlagValue(Flag.WORK_PENDING, true)),
            reason = "revocation_hint_confirming"
        ),
        Row(
            State.LOGGED_IN,
            EventType.REVOCATION_HINT,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.STORE_PENDING), GuardLiteral.on(Flag.LEASE_HELD)),
            dest = State.AUTHENTICATING,
            commands = listOf(Command.Authenticate),
            sets = listOf(FlagValue(Flag.WORK_PENDING, true)),
            reason = "revocation_hint_confirming"
        ),
        Row(
            State.LOGGED_IN,
            EventType.REVOCATION_HINT,
            guard = listOf(GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE), GuardLiteral.on(Flag.STORE_PENDING), GuardLiteral.off(Flag.LEASE_HELD)),
            dest = State.AUTHENTICATING,
            commands = listOf(Command.AcquireLease),
            sets = listOf(FlagValue(Flag.WORK_PENDING, true)),
            reason = "revocation_hint_confirming"
        ),
        Row(
            State.LOGGED_IN,
            EventType.REVOCATION_HINT,
            guard = listOf(GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            reason = "revocation_hint_waits_for_protected_data"
        ),
        Row(
            State.LOGGED_IN,
            EventType.LOGOUT_OTHERS_REQUESTED,
            guard = listOf(GuardLiteral.on(Flag.TOKEN_VALID)),
            commands = listOf(Command.RevokeOthers),
            reason = "revoking_other_sessions"
        ),
        Row(
            State.LOGGED_IN,
            EventType.LOGOUT_OTHERS_REQUESTED,
            guard = listOf(GuardLiteral.off(Flag.TOKEN_VALID)),
            reason = "others_logout_needs_a_valid_token"
        ),
        Row(
            State.LOGGED_IN,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.LOGGED_IN,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.LOGGED_IN,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.off(EventField.MORE_QUEUED)),
            sets = listOf(FlagValue(Flag.REVOCATION_PENDING, false)),
            reason = "queued_tokens_revoked"
        ),
        Row(
            State.LOGGED_IN,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.LOGGED_IN,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.LOGGED_IN,
            EventType.REVOCATION_FAILED,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_failed_retrying"
        ),
        Row(
            State.LOGGED_IN,
            EventType.REVOCATION_UNAVAILABLE,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.off(EventField.MORE_QUEUED)),
            sets = listOf(FlagValue(Flag.REVOCATION_PENDING, false)),
            reason = "queued_tokens_revoked"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.REVOCATION_FAILED,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_failed_retrying"
        )
    )
    private fun rows5(): List<Row> = listOf(
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.REVOCATION_UNAVAILABLE,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.DEFERRED_AUTH,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.DEFERRED_AUTH,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.DEFERRED_AUTH,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.off(EventField.MORE_QUEUED)),
            sets = listOf(FlagValue(Flag.REVOCATION_PENDING, false)),
            reason = "queued_tokens_revoked"
        ),
        Row(
            State.DEFERRED_AUTH,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.DEFERRED_AUTH,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.DEFERRED_AUTH,
            EventType.REVOCATION_FAILED,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_failed_retrying"
        ),
        Row(
            State.DEFERRED_AUTH,
            EventType.REVOCATION_UNAVAILABLE,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.LOGGED_OUT,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.LOGGED_OUT,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.LOGGED_OUT,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.off(EventField.MORE_QUEUED)),
            sets = listOf(FlagValue(Flag.REVOCATION_PENDING, false)),
            reason = "queued_tokens_revoked"
        ),
        Row(
            State.LOGGED_OUT,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.LOGGED_OUT,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.LOGGED_OUT,
            EventType.REVOCATION_FAILED,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_failed_retrying"
        ),
        Row(
            State.LOGGED_OUT,
            EventType.REVOCATION_UNAVAILABLE,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.STARTING,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.STARTING,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.STARTING,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.off(EventField.MORE_QUEUED)),
            sets = listOf(FlagValue(Flag.REVOCATION_PENDING, false)),
            reason = "queued_tokens_revoked"
        ),
        Row(
            State.STARTING,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.STARTING,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.STARTING,
            EventType.REVOCATION_FAILED,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_failed_retrying"
        ),
        Row(
            State.STARTING,
            EventType.REVOCATION_UNAVAILABLE,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.off(EventField.MORE_QUEUED)),
            sets = listOf(FlagValue(Flag.REVOCATION_PENDING, false)),
            reason = "queued_tokens_revoked"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.REVOCATION_FAILED,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_failed_retrying"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.REVOCATION_UNAVAILABLE,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.SIGNING_IN,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.SIGNING_IN,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.SIGNING_IN,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.off(EventField.MORE_QUEUED)),
            sets = listOf(FlagValue(Flag.REVOCATION_PENDING, false)),
            reason = "queued_tokens_revoked"
        ),
        Row(
            State.SIGNING_IN,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.SIGNING_IN,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.SIGNING_IN,
            EventType.REVOCATION_FAILED,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_failed_retrying"
        ),
        Row(
            State.SIGNING_IN,
            EventType.REVOCATION_UNAVAILABLE,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.off(EventField.MORE_QUEUED)),
            sets = listOf(FlagValue(Flag.REVOCATION_PENDING, false)),
            reason = "queued_tokens_revoked"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        )
    )
    private fun rows6(): List<Row> = listOf(
        Row(
            State.AUTHENTICATING,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.REVOCATION_FAILED,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_failed_retrying"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.REVOCATION_UNAVAILABLE,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.off(EventField.MORE_QUEUED)),
            sets = listOf(FlagValue(Flag.REVOCATION_PENDING, false)),
            reason = "queued_tokens_revoked"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.REVOCATION_FAILED,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_failed_retrying"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.REVOCATION_UNAVAILABLE,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.off(EventField.MORE_QUEUED)),
            sets = listOf(FlagValue(Flag.REVOCATION_PENDING, false)),
            reason = "queued_tokens_revoked"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.REVOCATION_FAILED,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_failed_retrying"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.REVOCATION_UNAVAILABLE,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.off(EventField.MORE_QUEUED)),
            sets = listOf(FlagValue(Flag.REVOCATION_PENDING, false)),
            reason = "queued_tokens_revoked"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.REVOCATION_FAILED,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_failed_retrying"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.REVOCATION_UNAVAILABLE,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.REAUTH_REQUIRED,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.REAUTH_REQUIRED,
            EventType.REVOCATION_DUE,
            guard = listOf(GuardLiteral.on(Flag.REVOCATION_PENDING), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.REAUTH_REQUIRED,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.off(EventField.MORE_QUEUED)),
            sets = listOf(FlagValue(Flag.REVOCATION_PENDING, false)),
            reason = "queued_tokens_revoked"
        ),
        Row(
            State.REAUTH_REQUIRED,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.on(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.Revoke),
            reason = "revoking_queued_token"
        ),
        Row(
            State.REAUTH_REQUIRED,
            EventType.REVOCATION_COMPLETED,
            guard = listOf(GuardLiteral.on(EventField.MORE_QUEUED), GuardLiteral.off(Flag.PROTECTED_DATA_AVAILABLE)),
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.REAUTH_REQUIRED,
            EventType.REVOCATION_FAILED,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_failed_retrying"
        ),
        Row(
            State.REAUTH_REQUIRED,
            EventType.REVOCATION_UNAVAILABLE,
            commands = listOf(Command.ScheduleRevocation),
            reason = "revocation_waits_for_protected_data"
        ),
        Row(
            State.LOGGED_IN,
            EventType.LEASE_ACQUIRED,
            commands = listOf(Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "lease_not_needed"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.LEASE_ACQUIRED,
            commands = listOf(Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "lease_not_needed"
        ),
        Row(
            State.DEFERRED_AUTH,
            EventType.LEASE_ACQUIRED,
            commands = listOf(Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "lease_not_needed"
        ),
        Row(
            State.LOGGED_OUT,
            EventType.LEASE_ACQUIRED,
            commands = listOf(Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "lease_not_needed"
        ),
        Row(
            State.STARTING,
            EventType.LEASE_ACQUIRED,
            commands = listOf(Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "lease_not_needed"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.LEASE_ACQUIRED,
            commands = listOf(Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "lease_not_needed"
        ),
        Row(
            State.SIGNING_IN,
            EventType.LEASE_ACQUIRED,
            commands = listOf(Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "lease_not_needed"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.LEASE_ACQUIRED,
            commands = listOf(Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "lease_not_needed"
        ),
        Row(
            State.LOGGING_OUT,
            EventType.LEASE_ACQUIRED,
            commands = listOf(Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "lease_not_needed"
        )
    )
    private fun rows7(): List<Row> = listOf(
        Row(
            State.REAUTH_CLEARING,
            EventType.LEASE_ACQUIRED,
            commands = listOf(Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "lease_not_needed"
        ),
        Row(
            State.REAUTH_REQUIRED,
            EventType.LEASE_ACQUIRED,
            commands = listOf(Command.ReleaseLease),
            sets = listOf(FlagValue(Flag.LEASE_HELD, false)),
            reason = "lease_not_needed"
        )
    )
    /**
     * One row per (state, event) pair whose rows do not cover every context: it fires when none of
     * them does.
     */
    val IGNORED_ROWS: List<Row> = ignored_rows0() + ignored_rows1() + ignored_rows2() + ignored_rows3() + ignored_rows4() + ignored_rows5() + ignored_rows6() + ignored_rows7() + ignored_rows8()
    private fun ignored_rows0(): List<Row> = listOf(
        Row(State.LOGGED_IN, EventType.APP_LAUNCHED, reason = "already_launched"),
        Row(State.LOGGED_IN, EventType.APP_FOREGROUNDED, reason = "nothing_to_resolve"),
        Row(
            State.LOGGED_IN,
            EventType.PROTECTED_DATA_BECAME_AVAILABLE,
            reason = "nothing_waits_for_protected_data"
        ),
        Row(
            State.LOGGED_IN,
            EventType.PROTECTED_DATA_WILL_BECOME_UNAVAILABLE,
            reason = "availability_noted"
        ),
        Row(
            State.LOGGED_IN,
            EventType.LOGIN_REQUESTED,
            reason = "sign_in_not_offered_in_this_state"
        ),
        Row(State.LOGGED_IN, EventType.TOKEN_EXPIRED, reason = "token_expiry_noted"),
        Row(State.LOGGED_IN, EventType.RETRY_DUE, reason = "no_retry_pending"),
        Row(State.LOGGED_IN, EventType.KEYCHAIN_FOUND, reason = "stale_keychain_result"),
        Row(State.LOGGED_IN, EventType.KEYCHAIN_NOT_FOUND, reason = "stale_keychain_result"),
        Row(State.LOGGED_IN, EventType.KEYCHAIN_UNAVAILABLE, reason = "stale_keychain_result"),
        Row(State.LOGGED_IN, EventType.KEYCHAIN_FAILED, reason = "stale_keychain_result"),
        Row(State.LOGGED_IN, EventType.KEYCHAIN_SECRET_LOST, reason = "stale_keychain_result"),
        Row(State.LOGGED_IN, EventType.DELETE_COMPLETED, reason = "stale_delete_result"),
        Row(State.LOGGED_IN, EventType.DELETE_UNAVAILABLE, reason = "stale_delete_result"),
        Row(State.LOGGED_IN, EventType.DELETE_FAILED, reason = "stale_delete_result"),
        Row(State.LOGGED_IN, EventType.AUTH_ACCEPTED, reason = "stale_auth_result"),
        Row(State.LOGGED_IN, EventType.AUTH_REJECTED, reason = "stale_auth_result"),
        Row(State.LOGGED_IN, EventType.AUTH_TRANSIENT, reason = "stale_auth_result"),
        Row(State.LOGGED_IN, EventType.LEASE_BUSY, reason = "stale_lease_result"),
        Row(State.LOGGED_IN, EventType.SHARED_STORE_CHANGED, reason = "store_change_noted"),
        Row(State.LOGGED_IN, EventType.REVOCATION_QUEUED, reason = "stale_outbox_result"),
        Row(State.LOGGED_IN, EventType.REVOCATION_QUEUE_UNAVAILABLE, reason = "stale_outbox_result"),
        Row(State.LOGGED_IN, EventType.REVOCATION_QUEUE_FAILED, reason = "stale_outbox_result"),
        Row(State.LOGGED_IN, EventType.REVOCATION_DUE, reason = "no_revocation_pending"),
        Row(State.LOGGED_IN, EventType.OTHERS_REVOKED, reason = "other_sessions_revoked"),
        Row(
            State.LOGGED_IN,
            EventType.OTHERS_REVOCATION_FAILED,
            reason = "other_sessions_not_revoked"
        ),
        Row(State.CREDENTIALS_UNAVAILABLE, EventType.APP_LAUNCHED, reason = "already_launched"),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.APP_FOREGROUNDED,
            reason = "nothing_to_resolve"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.PROTECTED_DATA_WILL_BECOME_UNAVAILABLE,
            reason = "availability_noted"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.LOGIN_REQUESTED,
            reason = "sign_in_not_offered_in_this_state"
        ),
        Row(State.CREDENTIALS_UNAVAILABLE, EventType.TOKEN_EXPIRED, reason = "token_expiry_noted"),
        Row(State.CREDENTIALS_UNAVAILABLE, EventType.RETRY_DUE, reason = "no_retry_pending"),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.KEYCHAIN_FOUND,
            reason = "stale_keychain_result"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.KEYCHAIN_NOT_FOUND,
            reason = "stale_keychain_result"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.KEYCHAIN_UNAVAILABLE,
            reason = "stale_keychain_result"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.KEYCHAIN_FAILED,
            reason = "stale_keychain_result"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.KEYCHAIN_SECRET_LOST,
            reason = "stale_keychain_result"
        ),
        Row(State.CREDENTIALS_UNAVAILABLE, EventType.STORE_COMPLETED, reason = "stale_store_result"),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.STORE_UNAVAILABLE,
            reason = "stale_store_result"
        ),
        Row(State.CREDENTIALS_UNAVAILABLE, EventType.STORE_FAILED, reason = "stale_store_result")
    )
    private fun ignored_rows1(): List<Row> = listOf(
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.DELETE_COMPLETED,
            reason = "stale_delete_result"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.DELETE_UNAVAILABLE,
            reason = "stale_delete_result"
        ),
        Row(State.CREDENTIALS_UNAVAILABLE, EventType.DELETE_FAILED, reason = "stale_delete_result"),
        Row(State.CREDENTIALS_UNAVAILABLE, EventType.AUTH_ACCEPTED, reason = "stale_auth_result"),
        Row(State.CREDENTIALS_UNAVAILABLE, EventType.AUTH_REJECTED, reason = "stale_auth_result"),
        Row(State.CREDENTIALS_UNAVAILABLE, EventType.AUTH_TRANSIENT, reason = "stale_auth_result"),
        Row(State.CREDENTIALS_UNAVAILABLE, EventType.LEASE_BUSY, reason = "stale_lease_result"),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.SHARED_STORE_CHANGED,
            reason = "store_change_noted"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.LOGOUT_OTHERS_REQUESTED,
            reason = "others_logout_not_offered_in_this_state"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.REVOCATION_HINT,
            reason = "revocation_hint_noted"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.REVOCATION_QUEUED,
            reason = "stale_outbox_result"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.REVOCATION_QUEUE_UNAVAILABLE,
            reason = "stale_outbox_result"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.REVOCATION_QUEUE_FAILED,
            reason = "stale_outbox_result"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.REVOCATION_DUE,
            reason = "no_revocation_pending"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.OTHERS_REVOKED,
            reason = "other_sessions_revoked"
        ),
        Row(
            State.CREDENTIALS_UNAVAILABLE,
            EventType.OTHERS_REVOCATION_FAILED,
            reason = "other_sessions_not_revoked"
        ),
        Row(State.DEFERRED_AUTH, EventType.APP_LAUNCHED, reason = "already_launched"),
        Row(State.DEFERRED_AUTH, EventType.APP_FOREGROUNDED, reason = "nothing_to_resolve"),
        Row(
            State.DEFERRED_AUTH,
            EventType.PROTECTED_DATA_WILL_BECOME_UNAVAILABLE,
            reason = "availability_noted"
        ),
        Row(
            State.DEFERRED_AUTH,
            EventType.LOGIN_REQUESTED,
            reason = "sign_in_not_offered_in_this_state"
        ),
        Row(State.DEFERRED_AUTH, EventType.TOKEN_EXPIRED, reason = "token_expiry_noted"),
        Row(State.DEFERRED_AUTH, EventType.RETRY_DUE, reason = "no_retry_pending"),
        Row(State.DEFERRED_AUTH, EventType.KEYCHAIN_FOUND, reason = "stale_keychain_result"),
        Row(State.DEFERRED_AUTH, EventType.KEYCHAIN_NOT_FOUND, reason = "stale_keychain_result"),
        Row(State.DEFERRED_AUTH, EventType.KEYCHAIN_UNAVAILABLE, reason = "stale_keychain_result"),
        Row(State.DEFERRED_AUTH, EventType.KEYCHAIN_FAILED, reason = "stale_keychain_result"),
        Row(State.DEFERRED_AUTH, EventType.KEYCHAIN_SECRET_LOST, reason = "stale_keychain_result"),
        Row(State.DEFERRED_AUTH, EventType.STORE_COMPLETED, reason = "stale_store_result"),
        Row(State.DEFERRED_AUTH, EventType.STORE_UNAVAILABLE, reason = "stale_store_result"),
        Row(State.DEFERRED_AUTH, EventType.STORE_FAILED, reason = "stale_store_result"),
        Row(State.DEFERRED_AUTH, EventType.DELETE_COMPLETED, reason = "stale_delete_result"),
        Row(State.DEFERRED_AUTH, EventType.DELETE_UNAVAILABLE, reason = "stale_delete_result"),
        Row(State.DEFERRED_AUTH, EventType.DELETE_FAILED, reason = "stale_delete_result"),
        Row(State.DEFERRED_AUTH, EventType.AUTH_ACCEPTED, reason = "stale_auth_result"),
        Row(State.DEFERRED_AUTH, EventType.AUTH_REJECTED, reason = "stale_auth_result"),
        Row(State.DEFERRED_AUTH, EventType.AUTH_TRANSIENT, reason = "stale_auth_result"),
        Row(State.DEFERRED_AUTH, EventType.LEASE_BUSY, reason = "stale_lease_result"),
        Row(State.DEFERRED_AUTH, EventType.SHARED_STORE_CHANGED, reason = "store_change_noted"),
        Row(
            State.DEFERRED_AUTH,
            EventType.LOGOUT_OTHERS_REQUESTED,
            reason = "others_logout_not_offered_in_this_state"
        ),
        Row(State.DEFERRED_AUTH, EventType.REVOCATION_HINT, reason = "revocation_hint_noted")
    )
    private fun ignored_rows2(): List<Row> = listOf(
        Row(State.DEFERRED_AUTH, EventType.REVOCATION_QUEUED, reason = "stale_outbox_result"),
        Row(
            State.DEFERRED_AUTH,
            EventType.REVOCATION_QUEUE_UNAVAILABLE,
            reason = "stale_outbox_result"
        ),
        Row(State.DEFERRED_AUTH, EventType.REVOCATION_QUEUE_FAILED, reason = "stale_outbox_result"),
        Row(State.DEFERRED_AUTH, EventType.REVOCATION_DUE, reason = "no_revocation_pending"),
        Row(State.DEFERRED_AUTH, EventType.OTHERS_REVOKED, reason = "other_sessions_revoked"),
        Row(
            State.DEFERRED_AUTH,
            EventType.OTHERS_REVOCATION_FAILED,
            reason = "other_sessions_not_revoked"
        ),
        Row(State.LOGGED_OUT, EventType.APP_LAUNCHED, reason = "already_launched"),
        Row(State.LOGGED_OUT, EventType.APP_FOREGROUNDED, reason = "nothing_to_resolve"),
        Row(
            State.LOGGED_OUT,
            EventType.PROTECTED_DATA_BECAME_AVAILABLE,
            reason = "nothing_waits_for_protected_data"
        ),
        Row(
            State.LOGGED_OUT,
            EventType.PROTECTED_DATA_WILL_BECOME_UNAVAILABLE,
            reason = "availability_noted"
        ),
        Row(State.LOGGED_OUT, EventType.LOGOUT_REQUESTED, reason = "no_session_to_end"),
        Row(State.LOGGED_OUT, EventType.WORK_REQUESTED, reason = "no_user"),
        Row(State.LOGGED_OUT, EventType.TOKEN_EXPIRED, reason = "token_expiry_noted"),
        Row(State.LOGGED_OUT, EventType.RETRY_DUE, reason = "no_retry_pending"),
        Row(State.LOGGED_OUT, EventType.KEYCHAIN_FOUND, reason = "stale_keychain_result"),
        Row(State.LOGGED_OUT, EventType.KEYCHAIN_NOT_FOUND, reason = "stale_keychain_result"),
        Row(State.LOGGED_OUT, EventType.KEYCHAIN_UNAVAILABLE, reason = "stale_keychain_result"),
        Row(State.LOGGED_OUT, EventType.KEYCHAIN_FAILED, reason = "stale_keychain_result"),
        Row(State.LOGGED_OUT, EventType.KEYCHAIN_SECRET_LOST, reason = "stale_keychain_result"),
        Row(State.LOGGED_OUT, EventType.STORE_COMPLETED, reason = "stale_store_result"),
        Row(State.LOGGED_OUT, EventType.STORE_UNAVAILABLE, reason = "stale_store_result"),
        Row(State.LOGGED_OUT, EventType.STORE_FAILED, reason = "stale_store_result"),
        Row(State.LOGGED_OUT, EventType.DELETE_COMPLETED, reason = "stale_delete_result"),
        Row(State.LOGGED_OUT, EventType.DELETE_UNAVAILABLE, reason = "stale_delete_result"),
        Row(State.LOGGED_OUT, EventType.DELETE_FAILED, reason = "stale_delete_result"),
        Row(State.LOGGED_OUT, EventType.AUTH_ACCEPTED, reason = "stale_auth_result"),
        Row(State.LOGGED_OUT, EventType.AUTH_REJECTED, reason = "stale_auth_result"),
        Row(State.LOGGED_OUT, EventType.AUTH_TRANSIENT, reason = "stale_auth_result"),
        Row(State.LOGGED_OUT, EventType.LEASE_BUSY, reason = "stale_lease_result"),
        Row(State.LOGGED_OUT, EventType.SHARED_STORE_CHANGED, reason = "store_change_noted"),
        Row(
            State.LOGGED_OUT,
            EventType.LOGOUT_OTHERS_REQUESTED,
            reason = "others_logout_not_offered_in_this_state"
        ),
        Row(State.LOGGED_OUT, EventType.REVOCATION_HINT, reason = "revocation_hint_noted"),
        Row(State.LOGGED_OUT, EventType.REVOCATION_QUEUED, reason = "stale_outbox_result"),
        Row(
            State.LOGGED_OUT,
            EventType.REVOCATION_QUEUE_UNAVAILABLE,
            reason = "stale_outbox_result"
        ),
        Row(State.LOGGED_OUT, EventType.REVOCATION_QUEUE_FAILED, reason = "stale_outbox_result"),
        Row(State.LOGGED_OUT, EventType.REVOCATION_DUE, reason = "no_revocation_pending"),
        Row(State.LOGGED_OUT, EventType.OTHERS_REVOKED, reason = "other_sessions_revoked"),
        Row(
            State.LOGGED_OUT,
            EventType.OTHERS_REVOCATION_FAILED,
            reason = "other_sessions_not_revoked"
        ),
        Row(State.STARTING, EventType.APP_FOREGROUNDED, reason = "nothing_to_resolve"),
        Row(
            State.STARTING,
            EventType.PROTECTED_DATA_BECAME_AVAILABLE,
            reason = "nothing_waits_for_protected_data"
        )
    )
    private fun ignored_rows3(): List<Row> = listOf(
        Row(
            State.STARTING,
            EventType.PROTECTED_DATA_WILL_BECOME_UNAVAILABLE,
            reason = "availability_noted"
        ),
        Row(State.STARTING, EventType.LOGIN_REQUESTED, reason = "sign_in_not_offered_in_this_state"),
        Row(State.STARTING, EventType.TOKEN_EXPIRED, reason = "token_expiry_noted"),
        Row(State.STARTING, EventType.RETRY_DUE, reason = "no_retry_pending"),
        Row(State.STARTING, EventType.KEYCHAIN_FOUND, reason = "stale_keychain_result"),
        Row(State.STARTING, EventType.KEYCHAIN_NOT_FOUND, reason = "stale_keychain_result"),
        Row(State.STARTING, EventType.KEYCHAIN_UNAVAILABLE, reason = "stale_keychain_result"),
        Row(State.STARTING, EventType.KEYCHAIN_FAILED, reason = "stale_keychain_result"),
        Row(State.STARTING, EventType.KEYCHAIN_SECRET_LOST, reason = "stale_keychain_result"),
        Row(State.STARTING, EventType.STORE_COMPLETED, reason = "stale_store_result"),
        Row(State.STARTING, EventType.STORE_UNAVAILABLE, reason = "stale_store_result"),
        Row(State.STARTING, EventType.STORE_FAILED, reason = "stale_store_result"),
        Row(State.STARTING, EventType.DELETE_COMPLETED, reason = "stale_delete_result"),
        Row(State.STARTING, EventType.DELETE_UNAVAILABLE, reason = "stale_delete_result"),
        Row(State.STARTING, EventType.DELETE_FAILED, reason = "stale_delete_result"),
        Row(State.STARTING, EventType.AUTH_ACCEPTED, reason = "stale_auth_result"),
        Row(State.STARTING, EventType.AUTH_REJECTED, reason = "stale_auth_result"),
        Row(State.STARTING, EventType.AUTH_TRANSIENT, reason = "stale_auth_result"),
        Row(State.STARTING, EventType.LEASE_BUSY, reason = "stale_lease_result"),
        Row(State.STARTING, EventType.SHARED_STORE_CHANGED, reason = "store_change_noted"),
        Row(
            State.STARTING,
            EventType.LOGOUT_OTHERS_REQUESTED,
            reason = "others_logout_not_offered_in_this_state"
        ),
        Row(State.STARTING, EventType.REVOCATION_HINT, reason = "revocation_hint_noted"),
        Row(State.STARTING, EventType.REVOCATION_QUEUED, reason = "stale_outbox_result"),
        Row(State.STARTING, EventType.REVOCATION_QUEUE_UNAVAILABLE, reason = "stale_outbox_result"),
        Row(State.STARTING, EventType.REVOCATION_QUEUE_FAILED, reason = "stale_outbox_result"),
        Row(State.STARTING, EventType.REVOCATION_DUE, reason = "no_revocation_pending"),
        Row(State.STARTING, EventType.OTHERS_REVOKED, reason = "other_sessions_revoked"),
        Row(
            State.STARTING,
            EventType.OTHERS_REVOCATION_FAILED,
            reason = "other_sessions_not_revoked"
        ),
        Row(State.CHECKING_CREDENTIALS, EventType.APP_LAUNCHED, reason = "already_launched"),
        Row(State.CHECKING_CREDENTIALS, EventType.APP_FOREGROUNDED, reason = "nothing_to_resolve"),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.PROTECTED_DATA_WILL_BECOME_UNAVAILABLE,
            reason = "availability_noted"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.LOGIN_REQUESTED,
            reason = "sign_in_not_offered_in_this_state"
        ),
        Row(State.CHECKING_CREDENTIALS, EventType.TOKEN_EXPIRED, reason = "token_expiry_noted"),
        Row(State.CHECKING_CREDENTIALS, EventType.STORE_COMPLETED, reason = "stale_store_result"),
        Row(State.CHECKING_CREDENTIALS, EventType.STORE_UNAVAILABLE, reason = "stale_store_result"),
        Row(State.CHECKING_CREDENTIALS, EventType.STORE_FAILED, reason = "stale_store_result"),
        Row(State.CHECKING_CREDENTIALS, EventType.DELETE_COMPLETED, reason = "stale_delete_result"),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.DELETE_UNAVAILABLE,
            reason = "stale_delete_result"
        ),
        Row(State.CHECKING_CREDENTIALS, EventType.DELETE_FAILED, reason = "stale_delete_result"),
        Row(State.CHECKING_CREDENTIALS, EventType.AUTH_ACCEPTED, reason = "stale_auth_result")
    )
    private fun ignored_rows4(): List<Row> = listOf(
        Row(State.CHECKING_CREDENTIALS, EventType.AUTH_REJECTED, reason = "stale_auth_result"),
        Row(State.CHECKING_CREDENTIALS, EventType.AUTH_TRANSIENT, reason = "stale_auth_result"),
        Row(State.CHECKING_CREDENTIALS, EventType.LEASE_BUSY, reason = "stale_lease_result"),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.SHARED_STORE_CHANGED,
            reason = "store_change_noted"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.LOGOUT_OTHERS_REQUESTED,
            reason = "others_logout_not_offered_in_this_state"
        ),
        Row(State.CHECKING_CREDENTIALS, EventType.REVOCATION_HINT, reason = "revocation_hint_noted"),
        Row(State.CHECKING_CREDENTIALS, EventType.REVOCATION_QUEUED, reason = "stale_outbox_result"),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.REVOCATION_QUEUE_UNAVAILABLE,
            reason = "stale_outbox_result"
        ),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.REVOCATION_QUEUE_FAILED,
            reason = "stale_outbox_result"
        ),
        Row(State.CHECKING_CREDENTIALS, EventType.REVOCATION_DUE, reason = "no_revocation_pending"),
        Row(State.CHECKING_CREDENTIALS, EventType.OTHERS_REVOKED, reason = "other_sessions_revoked"),
        Row(
            State.CHECKING_CREDENTIALS,
            EventType.OTHERS_REVOCATION_FAILED,
            reason = "other_sessions_not_revoked"
        ),
        Row(State.SIGNING_IN, EventType.APP_LAUNCHED, reason = "already_launched"),
        Row(State.SIGNING_IN, EventType.APP_FOREGROUNDED, reason = "nothing_to_resolve"),
        Row(
            State.SIGNING_IN,
            EventType.PROTECTED_DATA_BECAME_AVAILABLE,
            reason = "nothing_waits_for_protected_data"
        ),
        Row(
            State.SIGNING_IN,
            EventType.PROTECTED_DATA_WILL_BECOME_UNAVAILABLE,
            reason = "availability_noted"
        ),
        Row(
            State.SIGNING_IN,
            EventType.LOGIN_REQUESTED,
            reason = "sign_in_not_offered_in_this_state"
        ),
        Row(State.SIGNING_IN, EventType.TOKEN_EXPIRED, reason = "token_expiry_noted"),
        Row(State.SIGNING_IN, EventType.RETRY_DUE, reason = "no_retry_pending"),
        Row(State.SIGNING_IN, EventType.KEYCHAIN_FOUND, reason = "stale_keychain_result"),
        Row(State.SIGNING_IN, EventType.KEYCHAIN_NOT_FOUND, reason = "stale_keychain_result"),
        Row(State.SIGNING_IN, EventType.KEYCHAIN_UNAVAILABLE, reason = "stale_keychain_result"),
        Row(State.SIGNING_IN, EventType.KEYCHAIN_FAILED, reason = "stale_keychain_result"),
        Row(State.SIGNING_IN, EventType.KEYCHAIN_SECRET_LOST, reason = "stale_keychain_result"),
        Row(State.SIGNING_IN, EventType.STORE_COMPLETED, reason = "stale_store_result"),
        Row(State.SIGNING_IN, EventType.STORE_UNAVAILABLE, reason = "stale_store_result"),
        Row(State.SIGNING_IN, EventType.STORE_FAILED, reason = "stale_store_result"),
        Row(State.SIGNING_IN, EventType.DELETE_COMPLETED, reason = "stale_delete_result"),
        Row(State.SIGNING_IN, EventType.DELETE_UNAVAILABLE, reason = "stale_delete_result"),
        Row(State.SIGNING_IN, EventType.DELETE_FAILED, reason = "stale_delete_result"),
        Row(State.SIGNING_IN, EventType.LEASE_BUSY, reason = "stale_lease_result"),
        Row(State.SIGNING_IN, EventType.SHARED_STORE_CHANGED, reason = "store_change_noted"),
        Row(
            State.SIGNING_IN,
            EventType.LOGOUT_OTHERS_REQUESTED,
            reason = "others_logout_not_offered_in_this_state"
        ),
        Row(State.SIGNING_IN, EventType.REVOCATION_HINT, reason = "revocation_hint_noted"),
        Row(State.SIGNING_IN, EventType.REVOCATION_QUEUED, reason = "stale_outbox_result"),
        Row(
            State.SIGNING_IN,
            EventType.REVOCATION_QUEUE_UNAVAILABLE,
            reason = "stale_outbox_result"
        ),
        Row(State.SIGNING_IN, EventType.REVOCATION_QUEUE_FAILED, reason = "stale_outbox_result"),
        Row(State.SIGNING_IN, EventType.REVOCATION_DUE, reason = "no_revocation_pending"),
        Row(State.SIGNING_IN, EventType.OTHERS_REVOKED, reason = "other_sessions_revoked"),
        Row(
            State.SIGNING_IN,
            EventType.OTHERS_REVOCATION_FAILED,
            reason = "other_sessions_not_revoked"
        )
    )
    private fun ignored_rows5(): List<Row> = listOf(
        Row(State.AUTHENTICATING, EventType.APP_LAUNCHED, reason = "already_launched"),
        Row(State.AUTHENTICATING, EventType.APP_FOREGROUNDED, reason = "nothing_to_resolve"),
        Row(
            State.AUTHENTICATING,
            EventType.PROTECTED_DATA_BECAME_AVAILABLE,
            reason = "nothing_waits_for_protected_data"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.PROTECTED_DATA_WILL_BECOME_UNAVAILABLE,
            reason = "availability_noted"
        ),
        Row(
            State.AUTHENTICATING,
            EventType.LOGIN_REQUESTED,
            reason = "sign_in_not_offered_in_this_state"
        ),
        Row(State.AUTHENTICATING, EventType.TOKEN_EXPIRED, reason = "token_expiry_noted"),
        Row(State.AUTHENTICATING, EventType.KEYCHAIN_FOUND, reason = "stale_keychain_result"),
        Row(State.AUTHENTICATING, EventType.KEYCHAIN_NOT_FOUND, reason = "stale_keychain_result"),
        Row(State.AUTHENTICATING, EventType.KEYCHAIN_UNAVAILABLE, reason = "stale_keychain_result"),
        Row(State.AUTHENTICATING, EventType.KEYCHAIN_FAILED, reason = "stale_keychain_result"),
        Row(State.AUTHENTICATING, EventType.KEYCHAIN_SECRET_LOST, reason = "stale_keychain_result"),
        Row(State.AUTHENTICATING, EventType.STORE_COMPLETED, reason = "stale_store_result"),
        Row(State.AUTHENTICATING, EventType.STORE_UNAVAILABLE, reason = "stale_store_result"),
        Row(State.AUTHENTICATING, EventType.STORE_FAILED, reason = "stale_store_result"),
        Row(State.AUTHENTICATING, EventType.DELETE_COMPLETED, reason = "stale_delete_result"),
        Row(State.AUTHENTICATING, EventType.DELETE_UNAVAILABLE, reason = "stale_delete_result"),
        Row(State.AUTHENTICATING, EventType.DELETE_FAILED, reason = "stale_delete_result"),
        Row(State.AUTHENTICATING, EventType.SHARED_STORE_CHANGED, reason = "store_change_noted"),
        Row(
            State.AUTHENTICATING,
            EventType.LOGOUT_OTHERS_REQUESTED,
            reason = "others_logout_not_offered_in_this_state"
        ),
        Row(State.AUTHENTICATING, EventType.REVOCATION_HINT, reason = "revocation_hint_noted"),
        Row(State.AUTHENTICATING, EventType.REVOCATION_QUEUED, reason = "stale_outbox_result"),
        Row(
            State.AUTHENTICATING,
            EventType.REVOCATION_QUEUE_UNAVAILABLE,
            reason = "stale_outbox_result"
        ),
        Row(State.AUTHENTICATING, EventType.REVOCATION_QUEUE_FAILED, reason = "stale_outbox_result"),
        Row(State.AUTHENTICATING, EventType.REVOCATION_DUE, reason = "no_revocation_pending"),
        Row(State.AUTHENTICATING, EventType.OTHERS_REVOKED, reason = "other_sessions_revoked"),
        Row(
            State.AUTHENTICATING,
            EventType.OTHERS_REVOCATION_FAILED,
            reason = "other_sessions_not_revoked"
        ),
        Row(State.CONFIRMING_REJECTION, EventType.APP_LAUNCHED, reason = "already_launched"),
        Row(State.CONFIRMING_REJECTION, EventType.APP_FOREGROUNDED, reason = "nothing_to_resolve"),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.PROTECTED_DATA_WILL_BECOME_UNAVAILABLE,
            reason = "availability_noted"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.LOGIN_REQUESTED,
            reason = "sign_in_not_offered_in_this_state"
        ),
        Row(State.CONFIRMING_REJECTION, EventType.TOKEN_EXPIRED, reason = "token_expiry_noted"),
        Row(State.CONFIRMING_REJECTION, EventType.RETRY_DUE, reason = "no_retry_pending"),
        Row(State.CONFIRMING_REJECTION, EventType.STORE_COMPLETED, reason = "stale_store_result"),
        Row(State.CONFIRMING_REJECTION, EventType.STORE_UNAVAILABLE, reason = "stale_store_result"),
        Row(State.CONFIRMING_REJECTION, EventType.STORE_FAILED, reason = "stale_store_result"),
        Row(State.CONFIRMING_REJECTION, EventType.DELETE_COMPLETED, reason = "stale_delete_result"),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.DELETE_UNAVAILABLE,
            reason = "stale_delete_result"
        ),
        Row(State.CONFIRMING_REJECTION, EventType.DELETE_FAILED, reason = "stale_delete_result"),
        Row(State.CONFIRMING_REJECTION, EventType.AUTH_ACCEPTED, reason = "stale_auth_result"),
        Row(State.CONFIRMING_REJECTION, EventType.AUTH_REJECTED, reason = "stale_auth_result")
    )
    private fun ignored_rows6(): List<Row> = listOf(
        Row(State.CONFIRMING_REJECTION, EventType.AUTH_TRANSIENT, reason = "stale_auth_result"),
        Row(State.CONFIRMING_REJECTION, EventType.LEASE_BUSY, reason = "stale_lease_result"),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.SHARED_STORE_CHANGED,
            reason = "store_change_noted"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.LOGOUT_OTHERS_REQUESTED,
            reason = "others_logout_not_offered_in_this_state"
        ),
        Row(State.CONFIRMING_REJECTION, EventType.REVOCATION_HINT, reason = "revocation_hint_noted"),
        Row(State.CONFIRMING_REJECTION, EventType.REVOCATION_QUEUED, reason = "stale_outbox_result"),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.REVOCATION_QUEUE_UNAVAILABLE,
            reason = "stale_outbox_result"
        ),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.REVOCATION_QUEUE_FAILED,
            reason = "stale_outbox_result"
        ),
        Row(State.CONFIRMING_REJECTION, EventType.REVOCATION_DUE, reason = "no_revocation_pending"),
        Row(State.CONFIRMING_REJECTION, EventType.OTHERS_REVOKED, reason = "other_sessions_revoked"),
        Row(
            State.CONFIRMING_REJECTION,
            EventType.OTHERS_REVOCATION_FAILED,
            reason = "other_sessions_not_revoked"
        ),
        Row(State.LOGGING_OUT, EventType.APP_LAUNCHED, reason = "already_launched"),
        Row(State.LOGGING_OUT, EventType.APP_FOREGROUNDED, reason = "nothing_to_resolve"),
        Row(
            State.LOGGING_OUT,
            EventType.PROTECTED_DATA_WILL_BECOME_UNAVAILABLE,
            reason = "availability_noted"
        ),
        Row(State.LOGGING_OUT, EventType.LOGOUT_REQUESTED, reason = "no_session_to_end"),
        Row(State.LOGGING_OUT, EventType.TOKEN_EXPIRED, reason = "token_expiry_noted"),
        Row(State.LOGGING_OUT, EventType.RETRY_DUE, reason = "no_retry_pending"),
        Row(State.LOGGING_OUT, EventType.STORE_COMPLETED, reason = "stale_store_result"),
        Row(State.LOGGING_OUT, EventType.STORE_UNAVAILABLE, reason = "stale_store_result"),
        Row(State.LOGGING_OUT, EventType.STORE_FAILED, reason = "stale_store_result"),
        Row(State.LOGGING_OUT, EventType.AUTH_ACCEPTED, reason = "stale_auth_result"),
        Row(State.LOGGING_OUT, EventType.AUTH_REJECTED, reason = "stale_auth_result"),
        Row(State.LOGGING_OUT, EventType.AUTH_TRANSIENT, reason = "stale_auth_result"),
        Row(State.LOGGING_OUT, EventType.LEASE_BUSY, reason = "stale_lease_result"),
        Row(State.LOGGING_OUT, EventType.SHARED_STORE_CHANGED, reason = "store_change_noted"),
        Row(
            State.LOGGING_OUT,
            EventType.LOGOUT_OTHERS_REQUESTED,
            reason = "others_logout_not_offered_in_this_state"
        ),
        Row(State.LOGGING_OUT, EventType.REVOCATION_HINT, reason = "revocation_hint_noted"),
        Row(State.LOGGING_OUT, EventType.REVOCATION_DUE, reason = "no_revocation_pending"),
        Row(State.LOGGING_OUT, EventType.OTHERS_REVOKED, reason = "other_sessions_revoked"),
        Row(
            State.LOGGING_OUT,
            EventType.OTHERS_REVOCATION_FAILED,
            reason = "other_sessions_not_revoked"
        ),
        Row(State.REAUTH_CLEARING, EventType.APP_LAUNCHED, reason = "already_launched"),
        Row(State.REAUTH_CLEARING, EventType.APP_FOREGROUNDED, reason = "nothing_to_resolve"),
        Row(
            State.REAUTH_CLEARING,
            EventType.PROTECTED_DATA_WILL_BECOME_UNAVAILABLE,
            reason = "availability_noted"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.LOGIN_REQUESTED,
            reason = "sign_in_not_offered_in_this_state"
        ),
        Row(State.REAUTH_CLEARING, EventType.TOKEN_EXPIRED, reason = "token_expiry_noted"),
        Row(State.REAUTH_CLEARING, EventType.RETRY_DUE, reason = "no_retry_pending"),
        Row(State.REAUTH_CLEARING, EventType.KEYCHAIN_FOUND, reason = "stale_keychain_result"),
        Row(State.REAUTH_CLEARING, EventType.KEYCHAIN_NOT_FOUND, reason = "stale_keychain_result"),
        Row(State.REAUTH_CLEARING, EventType.KEYCHAIN_UNAVAILABLE, reason = "stale_keychain_result"),
        Row(State.REAUTH_CLEARING, EventType.KEYCHAIN_FAILED, reason = "stale_keychain_result")
    )
    private fun ignored_rows7(): List<Row> = listOf(
        Row(State.REAUTH_CLEARING, EventType.KEYCHAIN_SECRET_LOST, reason = "stale_keychain_result"),
        Row(State.REAUTH_CLEARING, EventType.STORE_COMPLETED, reason = "stale_store_result"),
        Row(State.REAUTH_CLEARING, EventType.STORE_UNAVAILABLE, reason = "stale_store_result"),
        Row(State.REAUTH_CLEARING, EventType.STORE_FAILED, reason = "stale_store_result"),
        Row(State.REAUTH_CLEARING, EventType.AUTH_ACCEPTED, reason = "stale_auth_result"),
        Row(State.REAUTH_CLEARING, EventType.AUTH_REJECTED, reason = "stale_auth_result"),
        Row(State.REAUTH_CLEARING, EventType.AUTH_TRANSIENT, reason = "stale_auth_result"),
        Row(State.REAUTH_CLEARING, EventType.LEASE_BUSY, reason = "stale_lease_result"),
        Row(State.REAUTH_CLEARING, EventType.SHARED_STORE_CHANGED, reason = "store_change_noted"),
        Row(
            State.REAUTH_CLEARING,
            EventType.LOGOUT_OTHERS_REQUESTED,
            reason = "others_logout_not_offered_in_this_state"
        ),
        Row(State.REAUTH_CLEARING, EventType.REVOCATION_HINT, reason = "revocation_hint_noted"),
        Row(State.REAUTH_CLEARING, EventType.REVOCATION_QUEUED, reason = "stale_outbox_result"),
        Row(
            State.REAUTH_CLEARING,
            EventType.REVOCATION_QUEUE_UNAVAILABLE,
            reason = "stale_outbox_result"
        ),
        Row(
            State.REAUTH_CLEARING,
            EventType.REVOCATION_QUEUE_FAILED,
            reason = "stale_outbox_result"
        ),
        Row(State.REAUTH_CLEARING, EventType.REVOCATION_DUE, reason = "no_revocation_pending"),
        Row(State.REAUTH_CLEARING, EventType.OTHERS_REVOKED, reason = "other_sessions_revoked"),
        Row(
            State.REAUTH_CLEARING,
            EventType.OTHERS_REVOCATION_FAILED,
            reason = "other_sessions_not_revoked"
        ),
        Row(State.REAUTH_REQUIRED, EventType.APP_LAUNCHED, reason = "already_launched"),
        Row(State.REAUTH_REQUIRED, EventType.APP_FOREGROUNDED, reason = "nothing_to_resolve"),
        Row(
            State.REAUTH_REQUIRED,
            EventType.PROTECTED_DATA_BECAME_AVAILABLE,
            reason = "nothing_waits_for_protected_data"
        ),
        Row(
            State.REAUTH_REQUIRED,
            EventType.PROTECTED_DATA_WILL_BECOME_UNAVAILABLE,
            reason = "availability_noted"
        ),
        Row(State.REAUTH_REQUIRED, EventType.TOKEN_EXPIRED, reason = "token_expiry_noted"),
        Row(State.REAUTH_REQUIRED, EventType.RETRY_DUE, reason = "no_retry_pending"),
        Row(State.REAUTH_REQUIRED, EventType.KEYCHAIN_FOUND, reason = "stale_keychain_result"),
        Row(State.REAUTH_REQUIRED, EventType.KEYCHAIN_NOT_FOUND, reason = "stale_keychain_result"),
        Row(State.REAUTH_REQUIRED, EventType.KEYCHAIN_UNAVAILABLE, reason = "stale_keychain_result"),
        Row(State.REAUTH_REQUIRED, EventType.KEYCHAIN_FAILED, reason = "stale_keychain_result"),
        Row(State.REAUTH_REQUIRED, EventType.KEYCHAIN_SECRET_LOST, reason = "stale_keychain_result"),
        Row(State.REAUTH_REQUIRED, EventType.STORE_COMPLETED, reason = "stale_store_result"),
        Row(State.REAUTH_REQUIRED, EventType.STORE_UNAVAILABLE, reason = "stale_store_result"),
        Row(State.REAUTH_REQUIRED, EventType.STORE_FAILED, reason = "stale_store_result"),
        Row(State.REAUTH_REQUIRED, EventType.DELETE_COMPLETED, reason = "stale_delete_result"),
        Row(State.REAUTH_REQUIRED, EventType.DELETE_UNAVAILABLE, reason = "stale_delete_result"),
        Row(State.REAUTH_REQUIRED, EventType.DELETE_FAILED, reason = "stale_delete_result"),
        Row(State.REAUTH_REQUIRED, EventType.AUTH_ACCEPTED, reason = "stale_auth_result"),
        Row(State.REAUTH_REQUIRED, EventType.AUTH_REJECTED, reason = "stale_auth_result"),
        Row(State.REAUTH_REQUIRED, EventType.AUTH_TRANSIENT, reason = "stale_auth_result"),
        Row(State.REAUTH_REQUIRED, EventType.LEASE_BUSY, reason = "stale_lease_result"),
        Row(State.REAUTH_REQUIRED, EventType.SHARED_STORE_CHANGED, reason = "store_change_noted"),
        Row(
            State.REAUTH_REQUIRED,
            EventType.LOGOUT_OTHERS_REQUESTED,
            reason = "others_logout_not_offered_in_this_state"
        )
    )
    private fun ignored_rows8(): List<Row> = listOf(
        Row(State.REAUTH_REQUIRED, EventType.REVOCATION_HINT, reason = "revocation_hint_noted"),
        Row(State.REAUTH_REQUIRED, EventType.REVOCATION_QUEUED, reason = "stale_outbox_result"),
        Row(
            State.REAUTH_REQUIRED,
            EventType.REVOCATION_QUEUE_UNAVAILABLE,
            reason = "stale_outbox_result"
        ),
        Row(
            State.REAUTH_REQUIRED,
            EventType.REVOCATION_QUEUE_FAILED,
            reason = "stale_outbox_result"
        ),
        Row(State.REAUTH_REQUIRED, EventType.REVOCATION_DUE, reason = "no_revocation_pending"),
        Row(State.REAUTH_REQUIRED, EventType.OTHERS_REVOKED, reason = "other_sessions_revoked"),
        Row(
            State.REAUTH_REQUIRED,
            EventType.OTHERS_REVOCATION_FAILED,
            reason = "other_sessions_not_revoked"
        )
    )
}

/** The host's numbers (spec.json `host`): the retry backoff, the token leeway, the timers' names. */
object HostRules {
    const val RETRY_BASE_SECONDS: Double = 1.0
    const val RETRY_CAP_SECONDS: Double = 300.0
    const val RETRY_JITTER: Double = 0.2
    const val RETRY_MAX_EXPONENT: Int = 64
    const val TOKEN_LEEWAY_SECONDS: Double = 30.0
    const val TOKEN_LEEWAY_MAX_FRACTION: Double = 0.5
    const val RETRY_TIMER: String = "retry"
    const val TOKEN_TIMER: String = "token_expiry"
    const val REVOCATION_TIMER: String = "revocation"
    const val OUTBOX_MAX_ENTRIES: Int = 100
}
