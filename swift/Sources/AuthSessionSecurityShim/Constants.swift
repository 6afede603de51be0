// The Security framework's constants the binding and this shim use, with Apple's names and
// values (`SecItem.h`, `SecBase.h`): the attribute keys, the generic-password class, the five
// protection classes the binding writes, the return and match keys, the `kSecUse*` keys and the
// `errSec*` codes; and which protection-class name of the SecItem table each class constant
// stands for. Only where Apple's Security framework cannot be imported. Owns no behaviour.

#if !canImport(Security)
    public let kSecClass = CFString("class")
    public let kSecClassGenericPassword = CFString("genp")

    public let kSecAttrService = CFString("svce")
    public let kSecAttrAccount = CFString("acct")
    public let kSecAttrAccessGroup = CFString("agrp")
    public let kSecAttrSynchronizable = CFString("sync")
    public let kSecAttrAccessible = CFString("pdmn")
    public let kSecAttrAccessControl = CFString("accc")
    public let kSecValueData = CFString("v_Data")

    public let kSecAttrAccessibleWhenUnlocked = CFString("ak")
    public let kSecAttrAccessibleWhenUnlockedThisDeviceOnly = CFString("aku")
    public let kSecAttrAccessibleWhenPasscodeSetThisDeviceOnly = CFString("akpu")
    public let kSecAttrAccessibleAfterFirstUnlock = CFString("ck")
    public let kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly = CFString("cku")

    public let kSecReturnData = CFString("r_Data")
    public let kSecReturnAttributes = CFString("r_Attributes")
    public let kSecMatchLimit = CFString("m_Limit")
    public let kSecMatchLimitOne = CFString("m_LimitOne")

    public let kSecUseAuthenticationContext = CFString("u_AuthCtx")
    public let kSecUseDataProtectionKeychain = CFString("nleg")

    public let errSecSuccess: OSStatus = 0
    public let errSecParam: OSStatus = -50
    public let errSecNotAvailable: OSStatus = -25291
    public let errSecAuthFailed: OSStatus = -25293
    public let errSecDuplicateItem: OSStatus = -25299
    public let errSecItemNotFound: OSStatus = -25300
    public let errSecInteractionNotAllowed: OSStatus = -25308

    /// Each class constant and the SecItem table's name for it (`SecItemAttributes.accessible`).
    let protectionClasses: [(constant: CFString, name: String)] = [
        (kSecAttrAccessibleWhenUnlocked, "when_unlocked"),
        (kSecAttrAccessibleWhenUnlockedThisDeviceOnly, "when_unlocked_this_device_only"),
        (kSecAttrAccessibleWhenPasscodeSetThisDeviceOnly, "when_passcode_set_this_device_only"),
        (kSecAttrAccessibleAfterFirstUnlock, "after_first_unlock"),
        (kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly, "after_first_unlock_this_device_only"),
    ]

    func protectionName(_ constant: CFString) -> String? {
        protectionClasses.first { $0.constant == constant }?.name
    }

    func protectionConstant(_ name: String) -> CFString? {
        protectionClasses.first { $0.name == name }?.constant
    }
#endif
