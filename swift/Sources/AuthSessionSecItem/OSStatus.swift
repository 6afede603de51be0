// The Security framework's result codes that matter to a credentials item, and what each tells
// the session about the *item* — never directly about the user. One classification table, as
// the Python reference's `authsession/platforms/ios/status.py`; the adapter turns categories into
// read/store/delete results. Pure data: must not depend on the adapter or the host.

/// The `errSec*` values (`SecBase.h`).
public enum OSStatusCode: Int32, CaseIterable, Sendable {
    case success = 0
    case itemNotFound = -25300
    case duplicateItem = -25299
    case interactionNotAllowed = -25308
    case missingEntitlement = -34018
    case decode = -26275
    case notAvailable = -25291
    case authFailed = -25293
    case userCanceled = -128
    case param = -50

    /// Apple's constant name, e.g. `errSecItemNotFound`.
    public var symbol: String {
        switch self {
        case .success: "errSecSuccess"
        case .itemNotFound: "errSecItemNotFound"
        case .duplicateItem: "errSecDuplicateItem"
        case .interactionNotAllowed: "errSecInteractionNotAllowed"
        case .missingEntitlement: "errSecMissingEntitlement"
        case .decode: "errSecDecode"
        case .notAvailable: "errSecNotAvailable"
        case .authFailed: "errSecAuthFailed"
        case .userCanceled: "errSecUserCanceled"
        case .param: "errSecParam"
        }
    }
}

/// What a status says about the stored item.
public enum StatusCategory: String, Sendable {
    /// The call did what was asked.
    case ok
    /// A write collided with an item of the same primary key: update it.
    case duplicate
    /// The item may well exist but its class key is not in memory (locked, before first unlock).
    case unavailable
    /// The query matched nothing: authoritative only while protected data is available.
    case absent
    /// The keychain failed for now; retrying later may work.
    case transient
    /// Refused (entitlement, prompt denied, bad parameters): not a statement about the user.
    case rejected
    /// The item exists but can never be decrypted on this device (errSecDecode).
    case localSecretLost = "local_secret_lost"
}

extension OSStatusCode {
    /// The one classification table.
    public var category: StatusCategory {
        switch self {
        case .success: .ok
        case .duplicateItem: .duplicate
        // securityd maps "access attempted while keychain is locked" to -25308.
        case .interactionNotAllowed: .unavailable
        case .itemNotFound: .absent
        // securityd's catch-all for other AppleKeyStore failures: nothing is known.
        case .notAvailable: .transient
        case .missingEntitlement, .authFailed, .userCanceled, .param: .rejected
        // AppleKeyStore kIOReturnError: this device will never decrypt the row again.
        case .decode: .localSecretLost
        }
    }

    /// The category of any status; an unknown code says nothing about the item, so it is a
    /// transient keychain failure (never absence).
    public static func classify(_ status: Int32) -> StatusCategory {
        OSStatusCode(rawValue: status)?.category ?? .transient
    }

    /// Log-safe text for any status (there is never a secret in a status).
    public static func describe(_ status: Int32) -> String {
        guard let known = OSStatusCode(rawValue: status) else { return "OSStatus \(status)" }
        return "\(known.symbol) (\(status))"
    }
}
