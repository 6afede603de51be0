// The few CoreFoundation names the Security binding spells — `OSStatus`, `CFString`,
// `CFTypeRef`, `CFDictionary`, `CFAllocator`, `CFError`, `CFOptionFlags`, `CFEqual` — with
// Apple's names and signatures, for platforms without CoreFoundation's public types (Linux).
// Not CoreFoundation: a `CFString` here is an immutable string constant compared by value, a
// `CFDictionary` a Swift dictionary keyed by it. Only where Apple's Security framework cannot be
// imported; on Apple platforms this file compiles to nothing. Owns those names only.

#if !canImport(Security)
    /// `SecBase.h`: every Security call answers one.
    public typealias OSStatus = Int32
    public typealias CFOptionFlags = UInt
    /// Any CoreFoundation object.
    public typealias CFTypeRef = AnyObject
    /// An attribute dictionary, as the binding builds it (`[CFString: Any] as CFDictionary`).
    public typealias CFDictionary = [CFString: Any]

    /// An immutable string constant (`kSecAttrService`, `kSecAttrAccessibleWhenUnlocked`...).
    public final class CFString: Hashable, Sendable, CustomStringConvertible {
        let value: String

        init(_ value: String) { self.value = value }

        public static func == (lhs: CFString, rhs: CFString) -> Bool { lhs.value == rhs.value }
        public func hash(into hasher: inout Hasher) { hasher.combine(value) }
        public var description: String { value }
    }

    /// Only ever passed as nil (the default allocator).
    public final class CFAllocator: Sendable {
        private init() {}
    }

    /// What a failed `SecAccessControlCreateWithFlags` reports.
    public final class CFError: Sendable {
        init() {}
    }

    /// `CFEqual`: string constants by value, access controls by class and flags, anything else
    /// by identity.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    // Apple's name.
    public func CFEqual(_ cf1: CFTypeRef!, _ cf2: CFTypeRef!) -> Bool {
        switch (cf1, cf2) {
        case (nil, nil): return true
        case (let lhs as CFString, let rhs as CFString): return lhs == rhs
        case (let lhs as SecAccessControl, let rhs as SecAccessControl): return lhs == rhs
        case (let lhs?, let rhs?): return lhs === rhs
        default: return false
        }
    }
#endif
