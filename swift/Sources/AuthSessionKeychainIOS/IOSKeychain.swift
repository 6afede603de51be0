// The iOS `Keychain` adapter: one generic-password item (service, fixed account, optional access
// group) over a table of SecItem functions, with docs/porting.md's rules, as the Python
// reference's `IOSKeychain`:
// - every match query names only the primary key (class, service, account, group), never
//   `kSecAttrAccessible`: a query naming a class hides an item stored under another (-25300);
// - a store adds, and on errSecDuplicateItem updates data *and* class in one call (the class
//   migration: it needs the old class readable, else -25308 is `unavailable` and the next store
//   tries again) — never delete-then-add, a lock between the two would lose the item;
// - OSStatus → result: -25308 unavailable, always (never not-found, never a lost secret: an
//   access-controlled item read off screen answers it whatever the passcode), -25300 not-found
//   (whether it is authoritative is the host's question), errSecDecode secret lost
//   (`item_undecryptable`), anything else failed — except two losses judged by what the stored
//   item *is*, never by the configuration: -25300 with no passcode set is `passcode_removed`
//   when the item may be stored `WhenPasscodeSetThisDeviceOnly`, and -25293 after a biometric
//   enrollment change is `biometry_changed` (the app's comparison of the enrollment it saved
//   when it wrote a `biometry_current_set` item: false when it never wrote one). "May be": any
//   class the item may be stored under, the configured one and the earlier versions' — judged
//   the way the host judges a -25300 (no memory of the item across calls: what one process
//   remembered, the next one could not, and the model checker could not see it).
// Must not depend on the host's loop; it only speaks the adapter contract.

import AuthSession
import AuthSessionCore
@_exported import AuthSessionSecItem

/// The item's account attribute. The user's own account name lives in the payload, so a rename
/// never creates a second item.
public let credentialsItemAccount = "authsession.credentials"

/// A store asked for a class that lowers security without being allowed to, or one iOS lacks.
public struct ProtectionRefused: Error, CustomStringConvertible, Sendable {
    public let description: String
}

public final class IOSKeychain: Keychain {
    public let service: String
    public let accessGroup: String?
    private let secItem: any SecItemFunctions
    private let account: String
    private let allowInsecureProtection: Bool
    private let protection: ProtectionClass?
    private let earlierProtections: [ProtectionClass]
    private let passcodeSet: (() throws -> Bool)?
    private let accessControl: String?
    private let biometryChanged: (() throws -> Bool)?

    /// `protection`: the class the app stores with; `earlierProtections`: the classes earlier
    /// versions of the app may have stored the item under (the session's
    /// `SessionConfig.earlierProtections`). `passcodeSet`
    /// (`LAContext.canEvaluatePolicy(.deviceOwnerAuthentication)`) tells an item that died with
    /// the passcode (-25300, a `WhenPasscodeSetThisDeviceOnly` item) from a missing one.
    /// `accessControl` is written with every add and update; `biometryChanged` (the app's
    /// comparison of `evaluatedPolicyDomainState` with the one saved at write time) tells a
    /// `biometry_current_set` item whose enrollment changed from a declined prompt (both -25293).
    public init(
        secItem: any SecItemFunctions, service: String, accessGroup: String? = nil,
        account: String = credentialsItemAccount, allowInsecureProtection: Bool = false,
        protection: ProtectionClass? = nil, earlierProtections: [ProtectionClass] = [],
        passcodeSet: (() throws -> Bool)? = nil, accessControl: String? = nil,
        biometryChanged: (() throws -> Bool)? = nil
    ) {
        self.secItem = secItem
        self.service = service
        self.accessGroup = accessGroup
        self.account = account
        self.allowInsecureProtection = allowInsecureProtection
        self.protection = protection
        self.earlierProtections = earlierProtections
        self.passcodeSet = passcodeSet
        self.accessControl = accessControl
        self.biometryChanged = biometryChanged
    }

    /// The primary key, and nothing else.
    public var query: SecItemAttributes {
        SecItemAttributes(
            itemClass: genericPasswordClass, service: service, account: account,
            accessGroup: accessGroup)
    }

    // Keychain ---------------------------------------------------------------------------------

    public func read() throws -> ReadResult {
        let (status, item) = try secItem.copyMatching(query)
        if status == OSStatusCode.success.rawValue, let item {
            return CredentialsPayload.read(item.data)
        }
        if status == OSStatusCode.authFailed.rawValue, let biometryChanged, try biometryChanged() {
            return .secretLost(
                cause: .biometryChanged,
                detail: "\(detail(status)); the biometric enrollment changed since the item was "
                    + "written: it can never be read again")
        }
        if status == OSStatusCode.itemNotFound.rawValue,
            mayBeStored(as: .whenPasscodeSetThisDeviceOnly), let passcodeSet, !(try passcodeSet())
        {
            return .secretLost(
                cause: .passcodeRemoved,
                detail: "\(detail(status)); no passcode is set, and the item died with it")
        }
        switch OSStatusCode.classify(status) {
        case .absent: return .notFound(detail: detail(status))
        case .unavailable: return .unavailable(detail: detail(status))
        case .localSecretLost: return .secretLost(cause: .itemUndecryptable, detail: detail(status))
        // A read cannot answer ok or duplicate here; if a broken API did, it says nothing about
        // the user.
        case .transient, .rejected, .ok, .duplicate: return .failed(detail: detail(status))
        }
    }

    public func store(_ credentials: Credentials, protection: ProtectionClass) throws
        -> StoreResult
    {
        try check(protection)
        if protection == .whenPasscodeSetThisDeviceOnly, try classGone() {
            // The class key exists only while a passcode is set: retrying cannot help until one
            // is, and the read will tell the user.
            return .failed(detail: "no passcode is set: when_passcode_set items cannot be stored")
        }
        let written = SecItemAttributes(
            accessible: protection.rawValue, accessControl: accessControl,
            data: CredentialsPayload.encode(credentials))
        var status = try secItem.add(query.merging(written))
        if status == OSStatusCode.duplicateItem.rawValue {
            // Accessibility is not part of the primary key, so an item in any class collides:
            // update it in place, data and class in one call.
            status = try secItem.update(query, written)
            if status == OSStatusCode.authFailed.rawValue, let biometryChanged,
                try biometryChanged()
            {
                // The one exception to "never delete-then-add": an item bound to a biometric set
                // that no longer exists can never be read again, so nothing is lost.
                _ = try secItem.delete(query)
                status = try secItem.add(query.merging(written))
            }
        }
        return writeResult(status, success: .stored)
    }

    public func delete() throws -> DeleteResult {
        let status = try secItem.delete(query)
        // The contract: deleting nothing is still "gone".
        if status == OSStatusCode.itemNotFound.rawValue { return .deleted }
        return writeResult(status, success: .deleted)
    }

    // Rules ------------------------------------------------------------------------------------

    /// No passcode is set: a `WhenPasscodeSetThisDeviceOnly` item cannot be written.
    private func classGone() throws -> Bool {
        guard let passcodeSet else { return false }
        return !(try passcodeSet())
    }

    /// May the stored item be of `candidate`? Any class it may be stored under.
    private func mayBeStored(as candidate: ProtectionClass) -> Bool {
        protection == candidate || earlierProtections.contains(candidate)
    }

    private func check(_ protection: ProtectionClass) throws {
        if protection == .credentialEncrypted || protection == .deviceEncrypted {
            throw ProtectionRefused(
                description: "'\(protection.rawValue)' is not an iOS keychain protection class")
        }
        if protection.lowersSecurity && !allowInsecureProtection {
            throw ProtectionRefused(
                description: "refusing to store credentials as '\(protection.rawValue)' (readable "
                    + "before first unlock); pass allowInsecureProtection to accept that")
        }
    }

    private func writeResult<Done>(
        _ status: Int32, success: Done, unavailable: (String) -> Done, failed: (String) -> Done
    ) -> Done {
        if status == OSStatusCode.success.rawValue { return success }
        // Only a locked class key is `unavailable`.
        if OSStatusCode.classify(status) == .unavailable { return unavailable(detail(status)) }
        return failed(detail(status))
    }

    private func writeResult(_ status: Int32, success: StoreResult) -> StoreResult {
        writeResult(
            status, success: success, unavailable: { .unavailable(detail: $0) },
            failed: { .failed(detail: $0) })
    }

    private func writeResult(_ status: Int32, success: DeleteResult) -> DeleteResult {
        writeResult(
            status, success: success, unavailable: { .unavailable(detail: $0) },
            failed: { .failed(detail: $0) })
    }

    private func detail(_ status: Int32) -> String {
        let note: String? =
            switch OSStatusCode.classify(status) {
            case .localSecretLost: "item exists but can never be decrypted on this device"
            case .unavailable: "class key not available (locked), or no prompt can be shown"
            case .absent: "no matching item (authoritative only while protected data is available)"
            default: nil
            }
        let text = OSStatusCode.describe(status)
        return note.map { "\(text): \($0)" } ?? text
    }
}
