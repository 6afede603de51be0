// One app's SecItem functions over a `SimulatedDevice`'s rows, with the iOS keychain's rules as
// the world's simulator states them (docs/platforms/ios.md) — a `SecItemFunctions` to run
// `IOSKeychain` (or your own keychain code) against in XCTest:
// - a generic password's primary key is service, account, access group, synchronizable; the
//   class is not part of it: an add that differs only in class is errSecDuplicateItem;
// - every attribute a match query names filters, the class too: a query naming
//   `accessible` does not find an item stored under another class (-25300, the seed's bug);
// - an item whose class key is not available answers -25308 to a read, an add, an update (which
//   needs the old and the new class) and a delete; with `notFoundWhileLocked` (the field
//   reports' quirk) a read answers -25300 instead;
// - an access-controlled item needs a passcode to be written (errSecParam otherwise), and a
//   prompt to be read or updated: -25308 while the app is off screen or the phone locked;
//   -25293 for a `biometry_current_set` item after an enrollment change;
// - the entitlement's access groups: an add without a group goes to the first; a query without
//   one sees only that group; a group outside the entitlement is never found, never written
//   (-34018);
// - `failNext` answers a status without touching a row, for codes the rules never produce.
// Owns that view and the journal of calls (attributes print without their data).

import AuthSession
import AuthSessionSecItem

public final class MemorySecItemTable: SecItemFunctions {
    /// One call and its answer, in order.
    public struct Call: Equatable, Sendable {
        public enum Operation: Sendable { case copyMatching, add, update, delete }

        public let operation: Operation
        /// The match query (copy-matching, update, delete) or the added attributes.
        public let query: SecItemAttributes
        /// An update's attributes.
        public let attributes: SecItemAttributes?
        public let status: Int32
    }

    public let device: SimulatedDevice
    /// The app's keychain-access-groups entitlement; the first is its default group.
    public let accessGroups: [String]
    /// Reads of a locked item answer -25300 instead of -25308 (Firebase iOS SDK #16505).
    public var notFoundWhileLocked: Bool
    public private(set) var calls: [Call] = []
    private var injected: [Call.Operation: [Int32]] = [:]

    public init(
        device: SimulatedDevice, accessGroups: [String] = ["TEAMID.com.example.app"],
        notFoundWhileLocked: Bool = false
    ) {
        precondition(!accessGroups.isEmpty, "an app always has its default access group")
        self.device = device
        self.accessGroups = accessGroups
        self.notFoundWhileLocked = notFoundWhileLocked
    }

    /// The next `operation` answers `status` without touching a row.
    public func failNext(_ operation: Call.Operation, status: Int32) {
        injected[operation, default: []].append(status)
    }

    /// Every match query the journal holds (copy-matching, update, delete).
    public var matchQueries: [SecItemAttributes] {
        calls.filter { $0.operation != .add }.map(\.query)
    }

    /// The rows of this app's groups, as a read with attributes and data returns them.
    public var items: [SecItemAttributes] {
        device.rows.filter { accessGroups.contains($0.accessGroup) }.map(returned)
    }

    /// Put an item on the device as an earlier version of the app (or another process) left it,
    /// whatever the lock: `attributes` names at least service, account and data.
    public func insert(_ attributes: SecItemAttributes) {
        precondition(
            attributes.accessible.map { Self.protection($0) != nil } ?? true,
            "not an iOS protection class")
        device.rows.removeAll { matches(key(attributes), $0) }
        device.rows.append(
            SimulatedDevice.Row(
                service: attributes.service ?? "", account: attributes.account ?? "",
                accessGroup: attributes.accessGroup ?? accessGroups[0],
                synchronizable: attributes.synchronizable ?? false,
                accessible: attributes.accessible.flatMap(Self.protection) ?? .whenUnlocked,
                accessControl: attributes.accessControl, data: attributes.data ?? [],
                enrollment: device.biometryEnrollment))
    }

    /// What the app learns from `LAContext.evaluatedPolicyDomainState` against the value saved
    /// when it wrote its item: has the enrollment changed since a `biometry_current_set` item of
    /// this app was written?
    public func biometryChanged() -> Bool {
        device.rows.contains {
            accessGroups.contains($0.accessGroup) && $0.accessControl == "biometry_current_set"
                && $0.enrollment != device.biometryEnrollment
        }
    }

    // SecItemFunctions -------------------------------------------------------------------------

    public func copyMatching(_ query: SecItemAttributes) -> (
        status: Int32, item: SecItemAttributes?
    ) {
        var found: SecItemAttributes?
        let status = injectedStatus(.copyMatching) ?? read(query, &found)
        calls.append(Call(operation: .copyMatching, query: query, attributes: nil, status: status))
        return (status, status == OSStatusCode.success.rawValue ? found : nil)
    }

    public func add(_ attributes: SecItemAttributes) -> Int32 {
        let status = injectedStatus(.add) ?? insertChecked(attributes)
        calls.append(Call(operation: .add, query: attributes, attributes: nil, status: status))
        return status
    }

    public func update(_ query: SecItemAttributes, _ attributes: SecItemAttributes) -> Int32 {
        let status = injectedStatus(.update) ?? change(query, attributes)
        calls.append(Call(operation: .update, query: query, attributes: attributes, status: status))
        return status
    }

    public func delete(_ query: SecItemAttributes) -> Int32 {
        let status = injectedStatus(.delete) ?? remove(query)
        calls.append(Call(operation: .delete, query: query, attributes: nil, status: status))
        return status
    }

    // The rules --------------------------------------------------------------------------------

    private static let param = OSStatusCode.param.rawValue
    private static let controls: Set<String> = ["user_presence", "biometry_current_set"]

    /// The iOS class a name stands for (not Android's).
    private static func protection(_ name: String) -> ProtectionClass? {
        guard let known = ProtectionClass(rawValue: name),
            known != .credentialEncrypted && known != .deviceEncrypted
        else { return nil }
        return known
    }

    private func injectedStatus(_ operation: Call.Operation) -> Int32? {
        guard var queue = injected[operation], !queue.isEmpty else { return nil }
        let status = queue.removeFirst()
        injected[operation] = queue
        return status
    }

    private func returned(_ row: SimulatedDevice.Row) -> SecItemAttributes {
        SecItemAttributes(
            itemClass: genericPasswordClass, service: row.service, account: row.account,
            accessGroup: row.accessGroup, synchronizable: row.synchronizable,
            accessible: row.accessible.rawValue, accessControl: row.accessControl, data: row.data)
    }

    /// The primary key of `attributes` as a query.
    private func key(_ attributes: SecItemAttributes) -> SecItemAttributes {
        SecItemAttributes(
            itemClass: genericPasswordClass, service: attributes.service ?? "",
            account: attributes.account ?? "",
            accessGroup: attributes.accessGroup ?? accessGroups[0],
            synchronizable: attributes.synchronizable ?? false)
    }

    /// Does `row` match every attribute `query` names? (A query's group defaults to the app's
    /// first; synchronizable to device-local items.)
    private func matches(_ query: SecItemAttributes, _ row: SimulatedDevice.Row) -> Bool {
        row.accessGroup == (query.accessGroup ?? accessGroups[0])
            && (query.service == nil || query.service == row.service)
            && (query.account == nil || query.account == row.account)
            && (query.synchronizable ?? false) == row.synchronizable
            && (query.accessible == nil || query.accessible == row.accessible.rawValue)
    }

    /// The rows a match query finds; nil: the query itself is malformed (errSecParam).
    private func matching(_ query: SecItemAttributes) -> [Int]? {
        guard query.itemClass == genericPasswordClass, query.data == nil,
            query.accessControl == nil, query.accessible.map({ Self.protection($0) != nil }) ?? true
        else { return nil }
        if let group = query.accessGroup, !accessGroups.contains(group) { return [] }
        return device.rows.indices.filter { matches(query, device.rows[$0]) }
    }

    /// The access-control check of a read or update, after the class key's: a prompt needs the
    /// app on screen on an unlocked phone; a changed enrollment fails for good.
    private func gate(_ row: SimulatedDevice.Row) -> Int32? {
        guard row.accessControl != nil else { return nil }
        if !device.onScreen || device.phase != .unlocked {
            return OSStatusCode.interactionNotAllowed.rawValue
        }
        if row.accessControl == "biometry_current_set"
            && row.enrollment != device.biometryEnrollment
        {
            return OSStatusCode.authFailed.rawValue
        }
        return nil
    }

    private func read(_ query: SecItemAttributes, _ found: inout SecItemAttributes?) -> Int32 {
        guard let indices = matching(query) else { return Self.param }
        guard !indices.isEmpty else { return OSStatusCode.itemNotFound.rawValue }
        for index in indices
        where device.protectedDataAvailable(for: device.rows[index].accessible) {
            if let refused = gate(device.rows[index]) { return refused }
            found = returned(device.rows[index])
            return OSStatusCode.success.rawValue
        }
        // securityd keeps the locked row's -25308 (unless the quirk turns it into -25300).
        return notFoundWhileLocked
            ? OSStatusCode.itemNotFound.rawValue : OSStatusCode.interactionNotAllowed.rawValue
    }

    private func insertChecked(_ attributes: SecItemAttributes) -> Int32 {
        guard attributes.itemClass == genericPasswordClass else { return Self.param }
        let protection: ProtectionClass
        if let name = attributes.accessible {
            guard let known = Self.protection(name) else { return Self.param }
            protection = known
        } else {
            protection = .whenUnlocked  // SecItemAdd's default class
        }
        let group = attributes.accessGroup ?? accessGroups[0]
        guard accessGroups.contains(group) else { return OSStatusCode.missingEntitlement.rawValue }
        // The new row is encrypted under its class key (for WhenPasscodeSet without a passcode,
        // a key that does not exist).
        guard device.protectedDataAvailable(for: protection) else {
            return OSStatusCode.interactionNotAllowed.rawValue
        }
        if device.rows.contains(where: { matches(key(attributes), $0) }) {
            return OSStatusCode.duplicateItem.rawValue
        }
        if let control = attributes.accessControl {
            // Unknown flags, or no passcode to prompt for.
            guard Self.controls.contains(control), device.passcode else { return Self.param }
        }
        insert(attributes)
        return OSStatusCode.success.rawValue
    }

    private func change(_ query: SecItemAttributes, _ attributes: SecItemAttributes) -> Int32 {
        guard attributes != SecItemAttributes(), attributes.itemClass == nil,
            attributes.accessible.map({ Self.protection($0) != nil }) ?? true,
            attributes.accessControl.map(Self.controls.contains) ?? true
        else { return Self.param }
        if let group = attributes.accessGroup, !accessGroups.contains(group) {
            return OSStatusCode.missingEntitlement.rawValue
        }
        guard let indices = matching(query) else { return Self.param }
        guard !indices.isEmpty else { return OSStatusCode.itemNotFound.rawValue }
        var updated: [SimulatedDevice.Row] = []
        for index in indices {
            let old = device.rows[index]
            var new = old
            if let value = attributes.service { new.service = value }
            if let value = attributes.account { new.account = value }
            if let value = attributes.accessGroup { new.accessGroup = value }
            if let value = attributes.synchronizable { new.synchronizable = value }
            if let value = attributes.accessible.flatMap(Self.protection) { new.accessible = value }
            if let value = attributes.accessControl { new.accessControl = value }
            if let value = attributes.data { new.data = value }
            // Re-encrypting needs the old class key (to decrypt) and the new one (to encrypt).
            for protection in [old.accessible, new.accessible]
            where !device.protectedDataAvailable(for: protection) {
                return OSStatusCode.interactionNotAllowed.rawValue
            }
            if let refused = gate(old) { return refused }
            updated.append(new)
        }
        let others = device.rows.indices.filter { !indices.contains($0) }.map { device.rows[$0] }
        for (offset, new) in updated.enumerated() {
            let newKey = key(returned(new))
            if others.contains(where: { matches(newKey, $0) })
                || updated[..<offset].contains(where: { matches(newKey, $0) })
            {
                return OSStatusCode.duplicateItem.rawValue
            }
        }
        device.rows = others + updated
        return OSStatusCode.success.rawValue
    }

    private func remove(_ query: SecItemAttributes) -> Int32 {
        guard let indices = matching(query) else { return Self.param }
        guard !indices.isEmpty else { return OSStatusCode.itemNotFound.rawValue }
        // Deleting needs the rows decryptable, as the world's model assumes.
        guard indices.allSatisfy({ device.protectedDataAvailable(for: device.rows[$0].accessible) })
        else { return OSStatusCode.interactionNotAllowed.rawValue }
        device.rows = device.rows.indices.filter { !indices.contains($0) }.map { device.rows[$0] }
        return OSStatusCode.success.rawValue
    }
}
