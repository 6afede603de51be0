// The small table of SecItem functions the iOS adapter is written over — copy-matching, add,
// update, delete with attribute dictionaries, OSStatus answers — so that all of the adapter's
// logic builds and is tested anywhere (on Linux against a fake, in the world over
// `authsession.app/1`); on Apple platforms `SecurityFramework.swift` binds it to
// Security.framework. Owns the attribute dictionary (`SecItemAttributes`: the keys the adapter
// uses, named as the world's iOS simulator names them). Must not depend on the adapter.

/// A SecItem attribute dictionary (a query, or attributes to write / read back). A key left nil
/// is not named: a match query names only what it filters on.
public struct SecItemAttributes: Equatable, Sendable {
    /// `kSecClass`: "genp" is `kSecClassGenericPassword`.
    public var itemClass: String?
    public var service: String?
    public var account: String?
    public var accessGroup: String?
    public var synchronizable: Bool?
    /// `kSecAttrAccessible`, as a protection class name (`when_unlocked`, ...).
    public var accessible: String?
    /// `kSecAttrAccessControl`, as the simulator names it (`biometry_current_set`, ...).
    public var accessControl: String?
    /// `kSecValueData`.
    public var data: [UInt8]?

    public init(
        itemClass: String? = nil, service: String? = nil, account: String? = nil,
        accessGroup: String? = nil, synchronizable: Bool? = nil, accessible: String? = nil,
        accessControl: String? = nil, data: [UInt8]? = nil
    ) {
        self.itemClass = itemClass
        self.service = service
        self.account = account
        self.accessGroup = accessGroup
        self.synchronizable = synchronizable
        self.accessible = accessible
        self.accessControl = accessControl
        self.data = data
    }

    /// `self` with every key `other` names set to `other`'s value (`{**query, **written}`).
    public func merging(_ other: SecItemAttributes) -> SecItemAttributes {
        var out = self
        if let value = other.itemClass { out.itemClass = value }
        if let value = other.service { out.service = value }
        if let value = other.account { out.account = value }
        if let value = other.accessGroup { out.accessGroup = value }
        if let value = other.synchronizable { out.synchronizable = value }
        if let value = other.accessible { out.accessible = value }
        if let value = other.accessControl { out.accessControl = value }
        if let value = other.data { out.data = value }
        return out
    }
}

/// The four `SecItem*` functions. A status may be a code `OSStatusCode` does not name. Throwing
/// is the caller's failure (the host makes it the call's failure event).
public protocol SecItemFunctions {
    /// One item, its attributes and data (`kSecReturnAttributes`, `kSecReturnData`,
    /// `kSecMatchLimitOne` are implied).
    func copyMatching(_ query: SecItemAttributes) throws -> (
        status: Int32, item: SecItemAttributes?
    )
    func add(_ attributes: SecItemAttributes) throws -> Int32
    func update(_ query: SecItemAttributes, _ attributes: SecItemAttributes) throws -> Int32
    func delete(_ query: SecItemAttributes) throws -> Int32
}
