// `SessionConfig`: the host's settings, as the Python runtime's `SessionConfig` (same names,
// same defaults). Owns their validation: security is never lowered unless explicitly allowed
// (invariant 7). Must not depend on the host or any adapter.
package authsession.host

data class SessionConfig(
    /** The class credentials are stored with (Android: `CREDENTIAL_ENCRYPTED`). */
    val protection: ProtectionClass = ProtectionClass.WHEN_UNLOCKED,
    val allowInsecureProtection: Boolean = false,
    /** Classes an earlier app version may have stored the item under: a NotFound is
     *  authoritative only while every one of them (and `protection`) is readable. */
    val earlierProtections: List<ProtectionClass> = emptyList(),
    /** Seconds before expiry a token counts as expired. */
    val tokenLeeway: Double = authsession.core.HostRules.TOKEN_LEEWAY_SECONDS,
    val retryBase: Double = authsession.core.HostRules.RETRY_BASE_SECONDS,
    val retryCap: Double = authsession.core.HostRules.RETRY_CAP_SECONDS,
    /** Fraction of a delay that is randomly shaved off. */
    val retryJitter: Double = authsession.core.HostRules.RETRY_JITTER,
    /** Seeds the jitter (tests, replays); null: the system's randomness. */
    val seed: Long? = null,
    /** Entries kept in the bounded logs (completed work, notifications). */
    val historyLimit: Int = 10000
) {
    /** The first problem of these settings, else null. */
    val problem: String?
        get() {
            if (protection.lowersSecurity && !allowInsecureProtection) {
                return "protection '${protection.wire}' keeps credentials readable before the first " +
                    "unlock; set allowInsecureProtection to accept that"
            }
            if (!(tokenLeeway >= 0)) return "tokenLeeway must be >= 0"
            if (!(retryBase > 0) || !(retryCap > 0)) return "retryBase and retryCap must be > 0"
            if (retryCap < retryBase) return "retryCap must be >= retryBase"
            if (!(retryJitter >= 0 && retryJitter <= 1)) return "retryJitter must be within 0..1"
            if (historyLimit < 1) return "historyLimit must be >= 1"
            return null
        }
}

/** Settings the session refuses (`SessionConfig.problem`). */
class ConfigurationError(message: String) : IllegalArgumentException(message)
