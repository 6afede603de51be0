// `SecAccessControl` (`SecAccessControl.h`): an access control is a protection class and the
// flags that gate every use of the item — `SecAccessControlCreateFlags`,
// `SecAccessControlCreateWithFlags`, with Apple's names, signatures and flag values — and which
// access-control name of the SecItem table (`SecItemAttributes.accessControl`) each modelled
// flag set stands for. Only where Apple's Security framework cannot be imported.

#if !canImport(Security)
    public struct SecAccessControlCreateFlags: OptionSet, Hashable, Sendable {
        public let rawValue: CFOptionFlags

        public init(rawValue: CFOptionFlags) { self.rawValue = rawValue }

        /// Biometrics or the device passcode.
        public static let userPresence = SecAccessControlCreateFlags(rawValue: 1 << 0)
        /// The biometrics enrolled when the item was written: a new enrollment kills the item.
        public static let biometryCurrentSet = SecAccessControlCreateFlags(rawValue: 1 << 3)
    }

    /// The protection class inside, and the flags.
    public final class SecAccessControl: Hashable, Sendable {
        let protection: CFString
        let flags: SecAccessControlCreateFlags

        init(protection: CFString, flags: SecAccessControlCreateFlags) {
            self.protection = protection
            self.flags = flags
        }

        public static func == (lhs: SecAccessControl, rhs: SecAccessControl) -> Bool {
            lhs.protection == rhs.protection && lhs.flags == rhs.flags
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(protection)
            hasher.combine(flags.rawValue)
        }
    }

    /// Nil (and an error, if asked for) when `protection` is not a protection-class constant.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    // Apple's name.
    public func SecAccessControlCreateWithFlags(
        _ allocator: CFAllocator?, _ protection: CFTypeRef, _ flags: SecAccessControlCreateFlags,
        _ error: UnsafeMutablePointer<Unmanaged<CFError>?>?
    ) -> SecAccessControl? {
        guard let constant = protection as? CFString, protectionName(constant) != nil else {
            error?.pointee = Unmanaged.passRetained(CFError())
            return nil
        }
        return SecAccessControl(protection: constant, flags: flags)
    }

    /// The flag sets the SecItem table models, by its names for them.
    let accessControls: [(flags: SecAccessControlCreateFlags, name: String)] = [
        (.userPresence, "user_presence"),
        (.biometryCurrentSet, "biometry_current_set"),
    ]
#endif
