// The SecItem table bound to Apple's Security API: the lines that run on a phone. The same file
// compiles against Security.framework and LocalAuthentication on Apple platforms and against
// `AuthSessionSecurityShim` (Apple's names over a SecItem table) everywhere else, so CI builds
// and runs it: every example of the world goes binding → shim → world, and its tests run here.
// Owns the translation between the table's attribute dictionary and Security's:
// - a class and an access control are one `SecAccessControl` (`SecAccessControlCreateWithFlags`
//   with the class inside; naming `kSecAttrAccessible` beside it is errSecParam on a device);
// - a read asks for the stored item's own attributes with its data (`kSecReturnAttributes`,
//   `kSecReturnData`, one item) and hands back its class and access control *as stored*;
// - a read while the app cannot show a prompt carries an `LAContext` whose
//   `interactionNotAllowed` is true: an access-controlled item answers -25308, never a prompt;
// - every query and add names `kSecUseDataProtectionKeychain` (macOS and Mac Catalyst would
//   otherwise use the file-based keychain, which ignores protection classes; iOS ignores it).
// Which keys a query names and what a status means are the adapter's (IOSKeychain.swift).

import AuthSessionSecItem
import Foundation

#if canImport(Security)
    import LocalAuthentication
    import Security
#else
    import AuthSessionSecurityShim
#endif

/// `SecItemFunctions` on the device's keychain.
public struct SecurityFrameworkSecItem: SecItemFunctions {
    private let interactionAllowed: () -> Bool

    /// `interactionAllowed`: can the app show an authentication prompt now — is it on screen?
    /// (`UIApplication.shared.applicationState != .background` on the main actor.) When it
    /// cannot, reads pass an `LAContext` that forbids interaction.
    public init(interactionAllowed: @escaping () -> Bool) {
        self.interactionAllowed = interactionAllowed
    }

    /// The table's protection-class names the binding writes (the deprecated `Always` classes are
    /// not bound: a request for one is errSecParam).
    private static let protectionNames = [
        "when_unlocked", "when_unlocked_this_device_only", "when_passcode_set_this_device_only",
        "after_first_unlock", "after_first_unlock_this_device_only",
    ]

    private static func protection(_ name: String) -> CFString? {
        switch name {
        case "when_unlocked": kSecAttrAccessibleWhenUnlocked
        case "when_unlocked_this_device_only": kSecAttrAccessibleWhenUnlockedThisDeviceOnly
        case "when_passcode_set_this_device_only": kSecAttrAccessibleWhenPasscodeSetThisDeviceOnly
        case "after_first_unlock": kSecAttrAccessibleAfterFirstUnlock
        case "after_first_unlock_this_device_only": kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
        default: nil
        }
    }

    /// The table's access-control names the binding writes.
    private static let controlNames = ["user_presence", "biometry_current_set"]

    private static func flags(_ name: String) -> SecAccessControlCreateFlags? {
        switch name {
        case "user_presence": .userPresence
        case "biometry_current_set": .biometryCurrentSet
        default: nil
        }
    }

    /// The class constant a read returned, by the table's name for it.
    private static func protectionName(_ value: Any?) -> String? {
        guard let value else { return nil }
        let returned = value as CFTypeRef
        return protectionNames.first { CFEqual(returned, protection($0)) }
    }

    /// The access control a read returned, by the table's name for it: the one of the modelled
    /// flag sets with the item's class inside that it equals (nil: none of them).
    private static func controlName(_ value: Any?, protection: String?) -> String? {
        guard let value, let protection = protection.flatMap(Self.protection) else { return nil }
        let returned = value as CFTypeRef
        return controlNames.first { name in
            guard let flags = flags(name),
                let candidate = SecAccessControlCreateWithFlags(nil, protection, flags, nil)
            else { return false }
            return CFEqual(returned, candidate)
        }
    }

    private enum Role {
        /// A match query or an add: it names the data-protection keychain.
        case query
        /// The attributes an update writes.
        case changes
    }

    /// Security's dictionary for `item`; nil when it names a class or access control this
    /// binding does not write (answered errSecParam, as the framework would).
    private func dictionary(_ item: SecItemAttributes, _ role: Role) -> [CFString: Any]? {
        var out: [CFString: Any] = [:]
        if role == .query { out[kSecUseDataProtectionKeychain] = true }
        if let value = item.itemClass {
            guard value == genericPasswordClass else { return nil }
            out[kSecClass] = kSecClassGenericPassword
        }
        if let value = item.service { out[kSecAttrService] = value }
        if let value = item.account { out[kSecAttrAccount] = value }
        if let value = item.accessGroup { out[kSecAttrAccessGroup] = value }
        if let value = item.synchronizable { out[kSecAttrSynchronizable] = value }
        if let name = item.accessControl {
            // The class goes inside the access control, never beside it.
            guard let flags = Self.flags(name),
                let protection = item.accessible.flatMap(Self.protection),
                let control = SecAccessControlCreateWithFlags(nil, protection, flags, nil)
            else { return nil }
            out[kSecAttrAccessControl] = control
        } else if let name = item.accessible {
            guard let protection = Self.protection(name) else { return nil }
            out[kSecAttrAccessible] = protection
        }
        if let value = item.data { out[kSecValueData] = Data(value) }
        return out
    }

    public func copyMatching(_ query: SecItemAttributes) -> (
        status: Int32, item: SecItemAttributes?
    ) {
        guard var asked = dictionary(query, .query) else { return (errSecParam, nil) }
        asked[kSecReturnAttributes] = true
        asked[kSecReturnData] = true
        asked[kSecMatchLimit] = kSecMatchLimitOne
        if !interactionAllowed() {
            let context = LAContext()
            context.interactionNotAllowed = true
            asked[kSecUseAuthenticationContext] = context
        }
        var result: CFTypeRef?
        let status = SecItemCopyMatching(asked as CFDictionary, &result)
        guard status == errSecSuccess, let found = result as? [CFString: Any] else {
            return (status, nil)
        }
        let protection = Self.protectionName(found[kSecAttrAccessible])
        let item = SecItemAttributes(
            itemClass: genericPasswordClass, service: found[kSecAttrService] as? String,
            account: found[kSecAttrAccount] as? String,
            accessGroup: found[kSecAttrAccessGroup] as? String,
            synchronizable: found[kSecAttrSynchronizable] as? Bool, accessible: protection,
            accessControl: Self.controlName(found[kSecAttrAccessControl], protection: protection),
            data: (found[kSecValueData] as? Data).map { Array($0) })
        return (status, item)
    }

    public func add(_ attributes: SecItemAttributes) -> Int32 {
        guard let written = dictionary(attributes, .query) else { return errSecParam }
        return SecItemAdd(written as CFDictionary, nil)
    }

    public func update(_ query: SecItemAttributes, _ attributes: SecItemAttributes) -> Int32 {
        guard let matched = dictionary(query, .query),
            let written = dictionary(attributes, .changes)
        else { return errSecParam }
        return SecItemUpdate(matched as CFDictionary, written as CFDictionary)
    }

    public func delete(_ query: SecItemAttributes) -> Int32 {
        guard let matched = dictionary(query, .query) else { return errSecParam }
        return SecItemDelete(matched as CFDictionary)
    }
}
