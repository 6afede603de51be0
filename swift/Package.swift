// swift-tools-version:6.0
// The Swift side of authsession: a package with no dependency beyond the toolchain.
//
//   AuthSessionCore          the session core: `Spec.generated.swift` (rendered from the Python
//                            spec by `authsession spec --format swift`, checked in, drift-tested)
//                            read by a small hand-written interpreter, plus the JSON wire codec.
//   AuthSession              the thin host: adapter protocols (keychain, authenticator, clock,
//                            protected-data signal, snapshot storage) and `AuthSession`, which runs
//                            the core's commands and turns adapter failures into failure events.
//   AuthSessionSecItem       the table of four SecItem functions the iOS adapter is written over,
//                            its attribute dictionary and the `errSec*` codes.
//   AuthSessionKeychainIOS   the iOS keychain adapter over that table, and the binding of the
//                            table to Apple's Security API (`SecurityFramework.swift`).
//   AuthSessionSecurityShim  Linux only: the part of Apple's Security API (and LocalAuthentication)
//                            the binding uses, with Apple's names, over a SecItem table — so the
//                            binding compiles and runs here, unchanged.
//   AuthSessionTesting       for iOS teams' XCTest: an in-memory SecItem table with the iOS rules,
//                            a simulated device, a manual clock, a scripted server, fakes.
//   authsession-port         the core speaking `authsession.port/1`, for `vectors verify --port`
//                            and `difftest --port`.
//   authsession-app          host + iOS adapter + binding speaking `authsession.app/1`, for
//                            `authsession replay|simulate|explore --app`.
import PackageDescription

/// Where Apple's Security framework cannot be imported, the shim stands in for it.
let withoutSecurity = TargetDependencyCondition.when(
    platforms: [Platform.linux, Platform.android, Platform.windows])

let package = Package(
    name: "AuthSession",
    // kSecUseDataProtectionKeychain needs iOS 13 / macOS 10.15.
    platforms: [.iOS(.v13), .macOS(.v10_15), .macCatalyst(.v13)],
    products: [
        .library(name: "AuthSessionCore", targets: ["AuthSessionCore"]),
        .library(name: "AuthSession", targets: ["AuthSession"]),
        .library(name: "AuthSessionKeychainIOS", targets: ["AuthSessionKeychainIOS"]),
        .library(name: "AuthSessionTesting", targets: ["AuthSessionTesting"]),
        .executable(name: "authsession-port", targets: ["AuthSessionPort"]),
        .executable(name: "authsession-app", targets: ["AuthSessionApp"]),
    ],
    targets: [
        .target(name: "AuthSessionCore"),
        .target(name: "AuthSession", dependencies: ["AuthSessionCore"]),
        .target(name: "AuthSessionSecItem"),
        .target(name: "AuthSessionSecurityShim", dependencies: ["AuthSessionSecItem"]),
        .target(
            name: "AuthSessionKeychainIOS",
            dependencies: [
                "AuthSession", "AuthSessionCore", "AuthSessionSecItem",
                .target(name: "AuthSessionSecurityShim", condition: withoutSecurity),
            ]
        ),
        .target(
            name: "AuthSessionTesting",
            dependencies: ["AuthSession", "AuthSessionCore", "AuthSessionSecItem"]
        ),
        .executableTarget(name: "AuthSessionPort", dependencies: ["AuthSessionCore"]),
        .executableTarget(
            name: "AuthSessionApp",
            dependencies: [
                "AuthSession", "AuthSessionCore", "AuthSessionKeychainIOS",
                .target(name: "AuthSessionSecurityShim", condition: withoutSecurity),
            ]
        ),
        .testTarget(
            name: "AuthSessionCoreTests",
            // The port executable is a dependency only so that `swift test` builds it: one test
            // runs it as a process to check how it ends on a malformed line.
            dependencies: ["AuthSessionCore", "AuthSessionPort"]
        ),
        .testTarget(
            name: "AuthSessionTests",
            dependencies: [
                "AuthSession", "AuthSessionCore", "AuthSessionKeychainIOS", "AuthSessionTesting",
                .target(name: "AuthSessionSecurityShim", condition: withoutSecurity),
            ]
        ),
    ]
)
