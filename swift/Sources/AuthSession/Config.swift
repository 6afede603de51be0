// `SessionConfig`: the host's settings, as the Python runtime's `SessionConfig` (same names,
// same defaults). Owns their validation: security is never lowered unless explicitly allowed
// (invariant 7). Must not depend on the host or any adapter.

import AuthSessionCore

public struct SessionConfig: Sendable {
    /// The class credentials are stored with.
    public var protection: ProtectionClass
    public var allowInsecureProtection: Bool
    /// Classes an earlier app version may have stored the item under: a NotFound is
    /// authoritative only while every one of them (and `protection`) is readable.
    public var earlierProtections: [ProtectionClass]
    /// Seconds before expiry a token counts as expired.
    public var tokenLeeway: Double
    public var retryBase: Double
    public var retryCap: Double
    /// Fraction of a delay that is randomly shaved off.
    public var retryJitter: Double
    /// Seeds the jitter (tests, replays); nil: the system's randomness.
    public var seed: UInt64?
    /// Entries kept in the bounded logs (completed work, notifications).
    public var historyLimit: Int

    public init(
        protection: ProtectionClass = .whenUnlocked, allowInsecureProtection: Bool = false,
        earlierProtections: [ProtectionClass] = [],
        tokenLeeway: Double = HostRules.tokenLeewaySeconds,
        retryBase: Double = HostRules.retryBaseSeconds,
        retryCap: Double = HostRules.retryCapSeconds, retryJitter: Double = HostRules.retryJitter,
        seed: UInt64? = nil, historyLimit: Int = 10_000
    ) {
        self.protection = protection
        self.allowInsecureProtection = allowInsecureProtection
        self.earlierProtections = earlierProtections
        self.tokenLeeway = tokenLeeway
        self.retryBase = retryBase
        self.retryCap = retryCap
        self.retryJitter = retryJitter
        self.seed = seed
        self.historyLimit = historyLimit
    }

    /// The first problem of these settings, else nil.
    public var problem: String? {
        if protection.lowersSecurity && !allowInsecureProtection {
            return
                "protection '\(protection.rawValue)' keeps credentials readable before the first "
                + "unlock; set allowInsecureProtection to accept that"
        }
        if !(tokenLeeway >= 0) { return "tokenLeeway must be >= 0" }
        if !(retryBase > 0) || !(retryCap > 0) { return "retryBase and retryCap must be > 0" }
        if retryCap < retryBase { return "retryCap must be >= retryBase" }
        if !(0...1).contains(retryJitter) { return "retryJitter must be within 0...1" }
        if historyLimit < 1 { return "historyLimit must be >= 1" }
        return nil
    }
}

/// Settings the session refuses (`SessionConfig.problem`).
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
}
