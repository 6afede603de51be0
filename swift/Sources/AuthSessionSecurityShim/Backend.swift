// Where the shim's SecItem calls land: the SecItem table installed with `SecurityShim.install`
// (in the app executable, the world over `authsession.app/1`; in a test, `AuthSessionTesting`'s
// in-memory table), and which platform the shim plays — iOS, where every item is in the
// data-protection keychain, or macOS, where a call without `kSecUseDataProtectionKeychain` goes
// to the file-based keychain, which ignores protection classes (kept here, in memory, as the
// table's "legacy" rows). Owns that process-wide state, behind a lock. Only where Apple's
// Security framework cannot be imported.

#if !canImport(Security)
    import AuthSessionSecItem
    import Foundation

    public enum SecurityShim {
        /// Which keychain a call without `kSecUseDataProtectionKeychain` reaches.
        public enum Platform: Sendable {
            /// Every item is in the data-protection keychain (the key changes nothing).
            case iOS
            /// Without the key, the file-based keychain: protection classes are ignored, and an
            /// item in the data-protection keychain is not found.
            case macOS
        }

        /// Send every SecItem call to `table` from now on (the previous one is dropped).
        public static func install(_ table: any SecItemFunctions, platform: Platform = .iOS) {
            state.lock.withLock {
                state.table = table
                state.platform = platform
                state.legacy = []
            }
        }

        /// No table: every call answers errSecNotAvailable.
        public static func uninstall() {
            state.lock.withLock {
                state.table = nil
                state.platform = .iOS
                state.legacy = []
            }
        }

        /// The file-based keychain's items (macOS, without `kSecUseDataProtectionKeychain`).
        public static var fileBasedItems: [SecItemAttributes] {
            state.lock.withLock { state.legacy }
        }
    }

    /// The installed table and the file-based rows. `@unchecked`: every access holds `lock`.
    final class ShimState: @unchecked Sendable {
        let lock = NSLock()
        var table: (any SecItemFunctions)?
        var platform: SecurityShim.Platform = .iOS
        var legacy: [SecItemAttributes] = []

        /// The table a call goes to: the installed one, or the file-based keychain.
        func target(dataProtection: Bool) -> (any SecItemFunctions)? {
            lock.withLock {
                if platform == .macOS && !dataProtection { return FileBasedKeychain(state: self) }
                return table
            }
        }
    }

    let state = ShimState()

    /// macOS's file-based keychain, as far as it matters here: items by service, account and
    /// group; no protection class (a class named in a query matches nothing: none is stored),
    /// no lock, no access control.
    struct FileBasedKeychain: SecItemFunctions {
        let state: ShimState

        private func matches(_ query: SecItemAttributes, _ item: SecItemAttributes) -> Bool {
            query.accessible == nil
                && (query.service == nil || query.service == item.service)
                && (query.account == nil || query.account == item.account)
                && (query.accessGroup == nil || query.accessGroup == item.accessGroup)
        }

        func copyMatching(_ query: SecItemAttributes) -> (status: Int32, item: SecItemAttributes?) {
            state.lock.withLock {
                guard let item = state.legacy.first(where: { matches(query, $0) }) else {
                    return (errSecItemNotFound, nil)
                }
                return (errSecSuccess, item)
            }
        }

        func add(_ attributes: SecItemAttributes) -> Int32 {
            var item = attributes
            item.accessible = nil
            item.accessControl = nil
            return state.lock.withLock {
                var key = item
                key.data = nil
                if state.legacy.contains(where: { matches(key, $0) }) { return errSecDuplicateItem }
                state.legacy.append(item)
                return errSecSuccess
            }
        }

        func update(_ query: SecItemAttributes, _ attributes: SecItemAttributes) -> Int32 {
            state.lock.withLock {
                guard let index = state.legacy.firstIndex(where: { matches(query, $0) }) else {
                    return errSecItemNotFound
                }
                if let data = attributes.data { state.legacy[index].data = data }
                return errSecSuccess
            }
        }

        func delete(_ query: SecItemAttributes) -> Int32 {
            state.lock.withLock {
                let before = state.legacy.count
                state.legacy.removeAll { matches(query, $0) }
                return state.legacy.count < before ? errSecSuccess : errSecItemNotFound
            }
        }
    }
#endif
