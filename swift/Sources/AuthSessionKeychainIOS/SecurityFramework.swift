// The SecItem table bound to Security.framework: the only lines of the adapter not built or run
// here (there is no Security.framework on Linux), kept to a handful. Everything they call into —
// which keys a query names, what a status means — is the adapter's, tested on Linux.
#if canImport(Security)
    import Foundation
    import Security

    /// `SecItemFunctions` on the device's keychain.
    public struct SecurityFrameworkSecItem: SecItemFunctions {
        public init() {}

        private static let accessible: [String: CFString] = [
            "when_unlocked": kSecAttrAccessibleWhenUnlocked,
            "when_unlocked_this_device_only": kSecAttrAccessibleWhenUnlockedThisDeviceOnly,
            "when_passcode_set_this_device_only": kSecAttrAccessibleWhenPasscodeSetThisDeviceOnly,
            "after_first_unlock": kSecAttrAccessibleAfterFirstUnlock,
            "after_first_unlock_this_device_only": kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
        ]

        private func dictionary(_ item: SecItemAttributes) -> [CFString: Any] {
            var out: [CFString: Any] = [:]
            if item.itemClass != nil { out[kSecClass] = kSecClassGenericPassword }
            if let value = item.service { out[kSecAttrService] = value }
            if let value = item.account { out[kSecAttrAccount] = value }
            if let value = item.accessGroup { out[kSecAttrAccessGroup] = value }
            if let value = item.synchronizable { out[kSecAttrSynchronizable] = value }
            if let value = item.accessible { out[kSecAttrAccessible] = Self.accessible[value] }
            if let value = item.data { out[kSecValueData] = Data(value) }
            return out
        }

        public func copyMatching(_ query: SecItemAttributes) -> (
            status: Int32, item: SecItemAttributes?
        ) {
            var asked = dictionary(query)
            asked[kSecReturnAttributes] = true
            asked[kSecReturnData] = true
            asked[kSecMatchLimit] = kSecMatchLimitOne
            var result: CFTypeRef?
            let status = SecItemCopyMatching(asked as CFDictionary, &result)
            guard status == errSecSuccess, let found = result as? [CFString: Any] else {
                return (status, nil)
            }
            var item = query
            item.data = (found[kSecValueData] as? Data).map { Array($0) }
            return (status, item)
        }

        public func add(_ attributes: SecItemAttributes) -> Int32 {
            SecItemAdd(dictionary(attributes) as CFDictionary, nil)
        }

        public func update(_ query: SecItemAttributes, _ attributes: SecItemAttributes) -> Int32 {
            SecItemUpdate(dictionary(query) as CFDictionary, dictionary(attributes) as CFDictionary)
        }

        public func delete(_ query: SecItemAttributes) -> Int32 {
            SecItemDelete(dictionary(query) as CFDictionary)
        }
    }
#endif
