// `SecItemAdd`, `SecItemCopyMatching`, `SecItemUpdate`, `SecItemDelete` (`SecItem.h`), with
// Apple's names and signatures, over the installed SecItem table (Backend.swift). Owns what the
// Security API itself decides before and after the keychain's rules, which are the table's:
// - a dictionary is checked as the framework checks it: a key this shim does not know, a value
//   of the wrong type, a key the call does not take (data in a match query, a return key in an
//   add, an access control in a match query), and an add or update naming both
//   `kSecAttrAccessible` and `kSecAttrAccessControl` (the class goes inside the access control)
//   answer errSecParam;
// - the access control's class and flags become the table's `accessible` and `accessControl`;
//   every other attribute a query names is passed on as a filter (an item of another class is
//   not found: the table filters as a device does);
// - `kSecUseAuthenticationContext` with an `LAContext` whose `interactionNotAllowed` is true:
//   a read of an access-controlled item answers errSecInteractionNotAllowed, never a prompt;
// - a read returns what it asks for: the item's attributes (its class as stored, its access
//   control) with `kSecReturnAttributes`, its data with `kSecReturnData` (alone: a `Data`);
// - a table that throws (the world's `raised` answer, a kill) answers errSecNotAvailable: the
//   Security API cannot throw; a harness that must end the process makes its next call fail.
// Only where Apple's Security framework cannot be imported.

#if !canImport(Security)
    import AuthSessionSecItem
    import Foundation

    // swift-format-ignore: AlwaysUseLowerCamelCase
    // Apple's name.
    public func SecItemAdd(
        _ attributes: CFDictionary, _ result: UnsafeMutablePointer<CFTypeRef?>?
    ) -> OSStatus {
        result?.pointee = nil
        guard let request = Request(attributes, .add) else { return errSecParam }
        return perform(request) { try $0.add(request.item) }
    }

    // swift-format-ignore: AlwaysUseLowerCamelCase
    // Apple's name.
    public func SecItemCopyMatching(
        _ query: CFDictionary, _ result: UnsafeMutablePointer<CFTypeRef?>?
    ) -> OSStatus {
        result?.pointee = nil
        guard let request = Request(query, .copy) else { return errSecParam }
        guard let table = state.target(dataProtection: request.dataProtection) else {
            return errSecNotAvailable
        }
        let answer: (status: Int32, item: SecItemAttributes?)
        do {
            answer = try table.copyMatching(request.item)
        } catch {
            return errSecNotAvailable
        }
        // No prompt may be shown: an item that needs one (its access control's evaluation,
        // biometry included) cannot be read.
        let noPrompt = request.context?.interactionNotAllowed == true
        if noPrompt && answer.status == errSecAuthFailed { return errSecInteractionNotAllowed }
        guard answer.status == errSecSuccess, let item = answer.item else { return answer.status }
        if noPrompt && item.accessControl != nil { return errSecInteractionNotAllowed }
        result?.pointee = request.returned(item)
        return errSecSuccess
    }

    // swift-format-ignore: AlwaysUseLowerCamelCase
    // Apple's name.
    public func SecItemUpdate(_ query: CFDictionary, _ attributesToUpdate: CFDictionary) -> OSStatus
    {
        guard let request = Request(query, .match), !attributesToUpdate.isEmpty,
            let changes = Request(attributesToUpdate, .changes)
        else { return errSecParam }
        return perform(request) { try $0.update(request.item, changes.item) }
    }

    // swift-format-ignore: AlwaysUseLowerCamelCase
    // Apple's name.
    public func SecItemDelete(_ query: CFDictionary) -> OSStatus {
        guard let request = Request(query, .match) else { return errSecParam }
        return perform(request) { try $0.delete(request.item) }
    }

    private func perform(
        _ request: Request, _ call: (any SecItemFunctions) throws -> Int32
    ) -> OSStatus {
        guard let table = state.target(dataProtection: request.dataProtection) else {
            return errSecNotAvailable
        }
        do {
            return try call(table)
        } catch {
            return errSecNotAvailable
        }
    }

    /// One dictionary, checked and read as the call it is given to takes it.
    struct Request {
        enum Role {
            /// `SecItemAdd`'s attributes.
            case add
            /// `SecItemCopyMatching`'s query.
            case copy
            /// The query of `SecItemUpdate` or `SecItemDelete`.
            case match
            /// `SecItemUpdate`'s attributes to update.
            case changes
        }

        var item = SecItemAttributes()
        var returnData = false
        var returnAttributes = false
        var context: LAContext?
        var dataProtection = false

        /// Nil: errSecParam.
        init?(_ dictionary: CFDictionary, _ role: Role) {
            var control: SecAccessControl?
            for (key, value) in dictionary {
                switch key {
                case kSecClass:
                    guard role != .changes, value as? CFString == kSecClassGenericPassword else {
                        return nil
                    }
                    item.itemClass = genericPasswordClass
                case kSecAttrService:
                    guard let text = value as? String else { return nil }
                    item.service = text
                case kSecAttrAccount:
                    guard let text = value as? String else { return nil }
                    item.account = text
                case kSecAttrAccessGroup:
                    guard let text = value as? String else { return nil }
                    item.accessGroup = text
                case kSecAttrSynchronizable:
                    guard let flag = value as? Bool else { return nil }
                    item.synchronizable = flag
                case kSecAttrAccessible:
                    guard let constant = value as? CFString, let name = protectionName(constant)
                    else { return nil }
                    item.accessible = name
                case kSecAttrAccessControl:
                    guard role == .add || role == .changes, let given = value as? SecAccessControl,
                        let name = accessControls.first(where: { $0.flags == given.flags })?.name
                    else { return nil }
                    control = given
                    item.accessControl = name
                case kSecValueData:
                    guard role == .add || role == .changes, let data = value as? Data else {
                        return nil
                    }
                    item.data = Array(data)
                case kSecReturnData:
                    guard role == .copy, let flag = value as? Bool else { return nil }
                    returnData = flag
                case kSecReturnAttributes:
                    guard role == .copy, let flag = value as? Bool else { return nil }
                    returnAttributes = flag
                case kSecMatchLimit:
                    // One item: the table has no "all".
                    guard role == .copy, value as? CFString == kSecMatchLimitOne else { return nil }
                case kSecUseAuthenticationContext:
                    // Honoured by a read; any other call takes it and goes on.
                    guard role != .changes, let given = value as? LAContext else { return nil }
                    context = given
                case kSecUseDataProtectionKeychain:
                    guard role != .changes, let flag = value as? Bool else { return nil }
                    dataProtection = flag
                default:
                    return nil
                }
            }
            if role != .changes && item.itemClass == nil { return nil }
            if let control {
                // The class is inside the access control: naming it beside is a bad request.
                guard item.accessible == nil else { return nil }
                item.accessible = protectionName(control.protection)
            }
        }

        /// What a successful read hands back: the attributes as stored and the data, a `Data`
        /// alone, or nothing — as asked.
        func returned(_ found: SecItemAttributes) -> CFTypeRef? {
            let data = Data(found.data ?? [])
            guard returnAttributes else { return returnData ? data as AnyObject : nil }
            var out: [CFString: Any] = [kSecClass: kSecClassGenericPassword]
            if let value = found.service { out[kSecAttrService] = value }
            if let value = found.account { out[kSecAttrAccount] = value }
            if let value = found.accessGroup { out[kSecAttrAccessGroup] = value }
            if let value = found.synchronizable { out[kSecAttrSynchronizable] = value }
            if let name = found.accessible, let constant = protectionConstant(name) {
                out[kSecAttrAccessible] = constant
                if let control = found.accessControl,
                    let flags = accessControls.first(where: { $0.name == control })?.flags
                {
                    out[kSecAttrAccessControl] = SecAccessControl(
                        protection: constant, flags: flags)
                }
            }
            if returnData { out[kSecValueData] = data }
            return out as AnyObject
        }
    }
#endif
