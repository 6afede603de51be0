// LocalAuthentication's `LAContext`, as far as the Security binding uses it: a context whose
// `interactionNotAllowed` is true, passed as `kSecUseAuthenticationContext`, makes a read of an
// access-controlled item fail with errSecInteractionNotAllowed instead of showing a prompt.
// Only where Apple's frameworks cannot be imported. Owns that one property.

#if !canImport(Security)
    import Foundation

    open class LAContext: NSObject {
        /// True: never show an authentication prompt; an item that needs one answers -25308.
        open var interactionNotAllowed = false

        override public init() { super.init() }
    }
#endif
