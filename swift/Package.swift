// swift-tools-version:6.0
// The Swift side of authsession: a package with no dependency beyond the toolchain.
//
//   AuthSessionCore         the session core: `Spec.generated.swift` (rendered from the Python
//                           spec by `authsession spec --format swift`, checked in, drift-tested)
//                           read by a small hand-written interpreter, plus the JSON wire codec.
//   AuthSession             the thin host: adapter protocols (keychain, authenticator, clock,
//                           protected-data signal, snapshot storage) and `AuthSession`, which runs
//                           the core's commands and turns adapter failures into failure events.
//   AuthSessionKeychainIOS  the iOS keychain adapter over a table of SecItem functions (bound to
//                           Security.framework behind `#if canImport(Security)`).
//   authsession-port        the core speaking `authsession.port/1`, for `vectors verify --port`
//                           and `difftest --port`.
//   authsession-app         host + iOS adapter speaking `authsession.app/1`, for
//                           `authsession replay|simulate|explore --app`.
import PackageDescription

let package = Package(
    name: "AuthSession",
    products: [
        .library(name: "AuthSessionCore", targets: ["AuthSessionCore"]),
        .library(name: "AuthSession", targets: ["AuthSession"]),
        .library(name: "AuthSessionKeychainIOS", targets: ["AuthSessionKeychainIOS"]),
        .executable(name: "authsession-port", targets: ["AuthSessionPort"]),
        .executable(name: "authsession-app", targets: ["AuthSessionApp"]),
    ],
    targets: [
        .target(name: "AuthSessionCore"),
        .target(name: "AuthSession", dependencies: ["AuthSessionCore"]),
        .target(name: "AuthSessionKeychainIOS", dependencies: ["AuthSession", "AuthSessionCore"]),
        .executableTarget(name: "AuthSessionPort", dependencies: ["AuthSessionCore"]),
        .executableTarget(
            name: "AuthSessionApp",
            dependencies: ["AuthSession", "AuthSessionCore", "AuthSessionKeychainIOS"]
        ),
        .testTarget(
            name: "AuthSessionCoreTests",
            // The port executable is a dependency only so that `swift test` builds it: one test
            // runs it as a process to check how it ends on a malformed line.
            dependencies: ["AuthSessionCore", "AuthSessionPort"]
        ),
        .testTarget(
            name: "AuthSessionTests",
            dependencies: ["AuthSession", "AuthSessionCore", "AuthSessionKeychainIOS"]
        ),
    ]
)
