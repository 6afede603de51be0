// swift-tools-version:6.0
// The Swift side of authsession: a package with no dependency beyond the toolchain.
//
// Built now:
//   AuthSessionCore   the session core: `Spec.generated.swift` (rendered from the Python spec by
//                     `authsession spec --format swift`, checked in, drift-tested) read by a small
//                     hand-written interpreter, plus the JSON wire codec.
//   authsession-port  the core speaking `authsession.port/1` (JSON lines on stdin/stdout), for
//                     `authsession vectors verify --port` and `authsession difftest --port`.
// Planned by issue 13 (names reserved, not built yet): the `AuthSession` host library, the iOS
// keychain adapter `AuthSessionKeychainIOS`, and the `authsession-app` executable (authsession.app/1).
import PackageDescription

let package = Package(
    name: "AuthSession",
    products: [
        .library(name: "AuthSessionCore", targets: ["AuthSessionCore"]),
        .executable(name: "authsession-port", targets: ["AuthSessionPort"]),
    ],
    targets: [
        .target(name: "AuthSessionCore"),
        .executableTarget(name: "AuthSessionPort", dependencies: ["AuthSessionCore"]),
        .testTarget(
            name: "AuthSessionCoreTests",
            // The port executable is a dependency only so that `swift test` builds it: one test
            // runs it as a process to check how it ends on a malformed line.
            dependencies: ["AuthSessionCore", "AuthSessionPort"]
        ),
    ]
)
