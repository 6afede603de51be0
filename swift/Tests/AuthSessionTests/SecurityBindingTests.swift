// The Security binding (`SecurityFrameworkSecItem`, the lines that run on a phone), compiled
// and run here against the Security shim over `AuthSessionTesting`'s SecItem table: each thing
// it binds — the access control with the class inside, the `LAContext` that forbids a prompt
// off screen, the stored item's own attributes read back with its data, the data-protection
// keychain — has a test that fails if the binding drops it; and the shim answers as the
// framework does where the binding could get it wrong (errSecParam for a class beside an access
// control, a class in a match query filtering). Linux only: on Apple platforms the binding is
// bound to the real framework, which no test here may touch.

#if !canImport(Security)
    import AuthSession
    import AuthSessionKeychainIOS
    import AuthSessionSecurityShim
    import AuthSessionTesting
    import Foundation
    import XCTest

    final class SecurityBindingTests: XCTestCase {
        private let ada = Credentials(account: "ada", secret: Secret("correct horse"))
        private let device = SimulatedDevice()
        private lazy var table = MemorySecItemTable(device: device)
        /// What the app tells the binding: is it on screen?
        private var interactionAllowed = true
        private lazy var binding = SecurityFrameworkSecItem(interactionAllowed: {
            [unowned self] in self.interactionAllowed
        })

        override func setUp() {
            super.setUp()
            SecurityShim.install(table)
        }

        override func tearDown() {
            SecurityShim.uninstall()
            super.tearDown()
        }

        private func keychain(
            protection: ProtectionClass = .afterFirstUnlock, accessControl: String? = nil
        ) -> IOSKeychain {
            IOSKeychain(
                secItem: binding, service: "com.example.shop", protection: protection,
                passcodeSet: device.passcodeSet, accessControl: accessControl,
                biometryChanged: table.biometryChanged)
        }

        private func storeAnItem(accessControl: String?) throws {
            guard
                case .stored = try keychain(accessControl: accessControl).store(
                    ada, protection: .afterFirstUnlock)
            else { return XCTFail("not stored") }
        }

        // What the binding binds ----------------------------------------------------------------

        func testTheAccessControlIsBoundWithTheClassInside() throws {
            for control in ["user_presence", "biometry_current_set"] {
                try storeAnItem(accessControl: control)
                let stored = try XCTUnwrap(table.items.first)
                XCTAssertEqual(stored.accessible, "after_first_unlock")
                XCTAssertEqual(stored.accessControl, control)
                // The update of an existing item carries it too.
                try storeAnItem(accessControl: control)
                XCTAssertEqual(table.items.first?.accessControl, control)
                XCTAssertEqual(table.delete(keychain().query), 0)
            }
        }

        func testABackgroundReadCarriesAContextThatForbidsThePrompt() throws {
            try storeAnItem(accessControl: "user_presence")
            // The table would show the prompt (the device thinks the app is on screen), but the
            // app knows it is not: the read must not prompt.
            interactionAllowed = false
            guard case .unavailable = try keychain(accessControl: "user_presence").read() else {
                return XCTFail("a background read of an access-controlled item prompted")
            }
            interactionAllowed = true
            guard case .found = try keychain(accessControl: "user_presence").read() else {
                return XCTFail()
            }
        }

        func testABackgroundReadOfADeadBiometryItemIsUnavailableNotLost() throws {
            try storeAnItem(accessControl: "biometry_current_set")
            try device.enrollBiometry()
            interactionAllowed = false
            guard case .unavailable = try keychain(accessControl: "biometry_current_set").read()
            else { return XCTFail("no prompt: nothing is known yet") }
            interactionAllowed = true
            guard
                case .secretLost(.biometryChanged, _) =
                    try keychain(accessControl: "biometry_current_set").read()
            else { return XCTFail() }
        }

        func testAReadReturnsTheStoredItemsOwnClassAndAccessControl() throws {
            table.insert(
                SecItemAttributes(
                    service: "com.example.shop", account: credentialsItemAccount,
                    accessible: "when_unlocked_this_device_only", accessControl: "user_presence",
                    data: CredentialsPayload.encode(ada)))
            let (status, item) = binding.copyMatching(keychain().query)
            XCTAssertEqual(status, errSecSuccess)
            XCTAssertEqual(item?.accessible, "when_unlocked_this_device_only")
            XCTAssertEqual(item?.accessControl, "user_presence")
            XCTAssertEqual(item?.service, "com.example.shop")
            XCTAssertEqual(item?.data, CredentialsPayload.encode(ada))
        }

        func testEveryCallNamesTheDataProtectionKeychain() throws {
            SecurityShim.install(table, platform: .macOS)
            let adapter = keychain()
            guard case .stored = try adapter.store(ada, protection: .afterFirstUnlock) else {
                return XCTFail()
            }
            XCTAssertEqual(table.items.map(\.accessible), ["after_first_unlock"])
            XCTAssertTrue(SecurityShim.fileBasedItems.isEmpty, "stored in the file-based keychain")
            guard case .found = try adapter.read() else { return XCTFail() }
            guard case .stored = try adapter.store(ada, protection: .whenUnlocked) else {
                return XCTFail()
            }
            XCTAssertEqual(table.items.map(\.accessible), ["when_unlocked"])
            guard case .deleted = try adapter.delete() else { return XCTFail() }
            XCTAssertTrue(table.items.isEmpty)
        }

        func testADeprecatedClassIsNotBound() {
            let always = SecItemAttributes(
                itemClass: genericPasswordClass, service: "s", account: "a", accessible: "always",
                data: [1])
            XCTAssertEqual(binding.add(always), errSecParam)
            XCTAssertTrue(table.calls.isEmpty)
        }

        func testTheSeedsBugReproducesThroughTheBinding() throws {
            try storeAnItem(accessControl: nil)
            var query = keychain().query
            query.accessible = "when_unlocked"  // what the forum post's helper did
            XCTAssertEqual(binding.copyMatching(query).status, errSecItemNotFound)
            XCTAssertEqual(binding.copyMatching(keychain().query).status, errSecSuccess)
        }

        func testAWholeSessionRunsThroughTheBinding() throws {
            // stytch-ios#528: a user-presence item, a background fetch off screen.
            let clock = ManualClock()
            let session = try AuthSession(
                keychain: keychain(accessControl: "user_presence"), clock: clock,
                authenticator: ScriptedAuthenticator(),
                protectedData: device.signal(for: .afterFirstUnlock),
                config: SessionConfig(protection: .afterFirstUnlock, seed: 0))
            try session.launch()
            try session.login(account: "ada", password: Secret("correct horse"))
            XCTAssertEqual(session.state, .loggedIn)
            interactionAllowed = false
            device.onScreen = false
            clock.advance(3700)
            try session.requestWork("background_fetch")
            XCTAssertEqual(session.state, .deferredAuth)
            XCTAssertEqual(session.userPresent, .unknown)
            interactionAllowed = true
            device.onScreen = true
            try session.foreground()
            XCTAssertEqual(session.state, .loggedIn)
            XCTAssertEqual(session.completedWork, ["background_fetch"])
        }

        // What the shim answers as the framework does --------------------------------------------

        private func attributes(_ extra: [CFString: Any] = [:]) -> [CFString: Any] {
            var out: [CFString: Any] = [
                kSecClass: kSecClassGenericPassword, kSecAttrService: "com.example.shop",
                kSecAttrAccount: credentialsItemAccount, kSecValueData: Data([1, 2, 3]),
            ]
            out.merge(extra) { $1 }
            return out
        }

        private func control(_ flags: SecAccessControlCreateFlags) throws -> SecAccessControl {
            try XCTUnwrap(
                SecAccessControlCreateWithFlags(nil, kSecAttrAccessibleAfterFirstUnlock, flags, nil)
            )
        }

        func testAClassBesideAnAccessControlIsErrSecParam() throws {
            let both = attributes([
                kSecAttrAccessible: kSecAttrAccessibleAfterFirstUnlock,
                kSecAttrAccessControl: try control(.userPresence),
            ])
            XCTAssertEqual(SecItemAdd(both as CFDictionary, nil), errSecParam)
            XCTAssertTrue(table.calls.isEmpty)
            let inside = attributes([kSecAttrAccessControl: try control(.userPresence)])
            XCTAssertEqual(SecItemAdd(inside as CFDictionary, nil), errSecSuccess)
            XCTAssertEqual(table.items.first?.accessible, "after_first_unlock")
        }

        func testAClassInAMatchQueryFilters() {
            let added = attributes([kSecAttrAccessible: kSecAttrAccessibleWhenUnlocked])
            XCTAssertEqual(SecItemAdd(added as CFDictionary, nil), errSecSuccess)
            let asked: [CFString: Any] = [
                kSecClass: kSecClassGenericPassword, kSecAttrService: "com.example.shop",
                kSecAttrAccessible: kSecAttrAccessibleAfterFirstUnlock, kSecReturnData: true,
            ]
            var result: CFTypeRef?
            XCTAssertEqual(SecItemCopyMatching(asked as CFDictionary, &result), errSecItemNotFound)
            XCTAssertNil(result)
        }

        func testAReadReturnsWhatItAsksFor() {
            XCTAssertEqual(SecItemAdd(attributes() as CFDictionary, nil), errSecSuccess)
            let query: [CFString: Any] = [
                kSecClass: kSecClassGenericPassword, kSecAttrService: "com.example.shop",
            ]
            var result: CFTypeRef?
            var dataOnly = query
            dataOnly[kSecReturnData] = true
            XCTAssertEqual(SecItemCopyMatching(dataOnly as CFDictionary, &result), errSecSuccess)
            XCTAssertEqual(result as? Data, Data([1, 2, 3]))
            XCTAssertEqual(SecItemCopyMatching(query as CFDictionary, &result), errSecSuccess)
            XCTAssertNil(result)
            var both = query
            both[kSecReturnData] = true
            both[kSecReturnAttributes] = true
            XCTAssertEqual(SecItemCopyMatching(both as CFDictionary, &result), errSecSuccess)
            let found = result as? [CFString: Any]
            XCTAssertEqual(found?[kSecValueData] as? Data, Data([1, 2, 3]))
            XCTAssertTrue(
                CFEqual(found?[kSecAttrAccessible] as CFTypeRef?, kSecAttrAccessibleWhenUnlocked))
        }

        func testAKeyTheCallDoesNotTakeIsErrSecParam() {
            let query: [CFString: Any] = [kSecClass: kSecClassGenericPassword]
            XCTAssertEqual(SecItemDelete(attributes() as CFDictionary), errSecParam)  // data
            XCTAssertEqual(
                SecItemAdd(query.merging([kSecReturnData: true]) { $1 } as CFDictionary, nil),
                errSecParam)
            XCTAssertEqual(SecItemUpdate(query as CFDictionary, [:] as CFDictionary), errSecParam)
            XCTAssertEqual(
                SecItemCopyMatching([kSecAttrService: "s"] as CFDictionary, nil), errSecParam)
            XCTAssertTrue(table.calls.isEmpty)
        }

        func testATableThatThrowsIsErrSecNotAvailable() {
            struct Throwing: SecItemFunctions {
                struct Broken: Error {}
                func copyMatching(_ query: SecItemAttributes) throws -> (
                    status: Int32, item: SecItemAttributes?
                ) { throw Broken() }
                func add(_ attributes: SecItemAttributes) throws -> Int32 { throw Broken() }
                func update(_ q: SecItemAttributes, _ a: SecItemAttributes) throws -> Int32 {
                    throw Broken()
                }
                func delete(_ query: SecItemAttributes) throws -> Int32 { throw Broken() }
            }
            SecurityShim.install(Throwing())
            XCTAssertEqual(binding.copyMatching(keychain().query).status, errSecNotAvailable)
            SecurityShim.uninstall()
            XCTAssertEqual(binding.delete(keychain().query), errSecNotAvailable)
        }
    }
#endif
