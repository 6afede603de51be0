// The small table of SecItem functions the iOS adapter is written over — copy-matching, add,
// update, delete with attribute dictionaries, OSStatus answers — so that all of the adapter's
// logic builds and is tested anywhere: against `AuthSessionTesting`'s in-memory table, in the
// world over `authsession.app/1`, and on a device through `SecurityFramework.swift`, the binding
// to Apple's Security API (on Linux, to the shim that stands in for it). Owns the attribute
// dictionary (`SecItemAttributes`: the keys the adapter uses, named as the world's iOS simulator
// names them), which never prints its data. Must not depend on the adapter or the host.

/// `kSecClassGenericPassword`, as the table names it.
public let genericPasswordClass = "genp"

/// A SecItem attribute dictionary (a query, or attributes to write / read back). A key left nil
/// is not named: a match query names only what it filters on.
public struct SecItemAttributes: Equatable, Sendable, CustomStringConvertible,
    CustomDebugStringConvertible, CustomReflectable
{
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

    /// The named keys, `data` as its length only: the data is the secret.
    public var description: String {
        var named: [String] = []
        if let value = itemClass { named.append("class: \(value)") }
        if let value = service { named.append("service: \(value)") }
        if let value = account { named.append("account: \(value)") }
        if let value = accessGroup { named.append("access_group: \(value)") }
        if let value = synchronizable { named.append("synchronizable: \(value)") }
        if let value = accessible { named.append("accessible: \(value)") }
        if let value = accessControl { named.append("access_control: \(value)") }
        if let value = data { named.append("data: \(value.count) bytes") }
        return "SecItemAttributes(\(named.joined(separator: ", ")))"
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

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
