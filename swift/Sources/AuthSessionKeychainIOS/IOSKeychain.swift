// The iOS `Keychain` adapter: one generic-password item (service, fixed account, optional access
// group) over a table of SecItem functions, with docs/porting.md's rules, as the Python
// reference's `IOSKeychain`:
// - every match query names only the primary key (class, service, account, group), never
//   `kSecAttrAccessible`: a query naming a class hides an item stored under another (-25300);
// - a store adds, and on errSecDuplicateItem updates data *and* class in one call (the class
//   migration: it needs the old class readable, else -25308 is `unavailable` and the next store
//   tries again) — never delete-then-add, a lock between the two would lose the item;
// - OSStatus → result: -25308 unavailable (never not-found), -25300 not-found (whether it is
//   authoritative is the host's question), errSecDecode secret lost (`item_undecryptable`), a
//   `WhenPasscodeSet` item with no passcode set secret lost (`passcode_removed`), -25293 on a
//   `biometry_current_set` item whose enrollment changed secret lost (`biometry_changed`),
//   anything else failed.
// Must not depend on the host's loop; it only speaks the adapter contract.

import AuthSession
import AuthSessionCore

/// `kSecClassGenericPassword`, as the table names it.
public let genericPasswordClass = "genp"
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
    private let passcodeSet: (() throws -> Bool)?
    private let accessControl: String?
    private let biometryChanged: (() throws -> Bool)?

    /// `protection`: the class the app stores with. With `whenPasscodeSetThisDeviceOnly`,
    /// `passcodeSet` (`LAContext.canEvaluatePolicy(.deviceOwnerAuthentication)`) tells a class
    /// that can never be read again from a locked one. `accessControl` is written with every add
    /// and update; with `biometry_current_set`, `biometryChanged` (the app's comparison of
    /// `evaluatedPolicyDomainState` with the one saved at write time) tells a changed enrollment
    /// from a declined prompt (both -25293).
    public init(
        secItem: any SecItemFunctions, service: String, accessGroup: String? = nil,
        account: String = credentialsItemAccount, allowInsecureProtection: Bool = false,
        protection: ProtectionClass? = nil, passcodeSet: (() throws -> Bool)? = nil,
        accessControl: String? = nil, biometryChanged: (() throws -> Bool)? = nil
    ) {
        self.secItem = secItem
        self.service = service
        self.accessGroup = accessGroup
        self.account = account
        self.allowInsecureProtection = allowInsecureProtection
        self.protection = protection
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
        if status == OSStatusCode.success.rawValue, let item { return decode(item.data) }
        if try biometryDead(status) {
            return .secretLost(
                cause: .biometryChanged,
                detail: "\(detail(status)); the biometric enrollment changed since the item was "
                    + "written: it can never be read again")
        }
        let category = OSStatusCode.classify(status)
        if category == .absent || category == .unavailable, try classGone() {
            return .secretLost(
                cause: .passcodeRemoved,
                detail: "\(detail(status)); no passcode is set, so this class can never be read")
        }
        switch category {
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
            data: encode(credentials))
        var status = try secItem.add(query.merging(written))
        if status == OSStatusCode.duplicateItem.rawValue {
            // Accessibility is not part of the primary key, so an item in any class collides:
            // update it in place, data and class in one call.
            status = try secItem.update(query, written)
            if try biometryDead(status) {
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

    private func classGone() throws -> Bool {
        guard protection == .whenPasscodeSetThisDeviceOnly, let passcodeSet else { return false }
        return !(try passcodeSet())
    }

    private func biometryDead(_ status: Int32) throws -> Bool {
        guard status == OSStatusCode.authFailed.rawValue,
            accessControl == "biometry_current_set", let biometryChanged
        else { return false }
        return try biometryChanged()
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
            case .unavailable: "protection class key not available (locked)"
            case .absent: "no matching item (authoritative only while protected data is available)"
            default: nil
            }
        let text = OSStatusCode.describe(status)
        return note.map { "\(text): \($0)" } ?? text
    }
}

/// The payload: JSON `{"account": ..., "secret": ...}`, as the Python reference writes it (an
/// item written by either reads in the other).
func encode(_ credentials: Credentials) -> [UInt8] {
    let payload: JSONObject = [
        "account": .string(credentials.account), "secret": .string(credentials.secret.reveal()),
    ]
    return Array(JSONValue.object(payload).text.utf8)
}

/// A payload that does not parse is `failed`, never `notFound`: an item is there, and reading it
/// as "no user" would be a silent logout. The parser's message is dropped (it could quote it).
func decode(_ data: [UInt8]?) -> ReadResult {
    guard let data, let text = String(validating: data, as: UTF8.self),
        let value = try? JSONValue(parsing: text), case .object(let payload) = value,
        case .string(let account)? = payload["account"],
        case .string(let secret)? = payload["secret"]
    else { return .failed(detail: "stored item is not an authsession credentials payload") }
    return .found(Credentials(account: account, secret: Secret(secret)))
}
