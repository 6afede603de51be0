// swift-tools-version:6.0
// ShopApp: an iOS team's package using authsession, as docs/porting.md shows it — the session's
// wiring (Sources/ShopApp/Session.swift) and the team's first tests (Tests/ShopAppTests) — built
// and tested in CI against this checkout, so that every Swift snippet of the docs compiles.
import PackageDescription

let package = Package(
    name: "ShopApp",
    platforms: [.iOS(.v13), .macOS(.v10_15)],
    dependencies: [
        // Your checkout of authsession (a git submodule, say): the Swift package is its `swift`
        // folder, so SwiftPM names the package "swift".
        .package(path: "../..")
    ],
    targets: [
        .target(
            name: "ShopApp",
            dependencies: [
                .product(name: "AuthSessionCore", package: "swift"),
                .product(name: "AuthSession", package: "swift"),
                .product(name: "AuthSessionKeychainIOS", package: "swift"),
            ]
        ),
        .testTarget(
            name: "ShopAppTests",
            dependencies: [
                "ShopApp",
                .product(name: "AuthSessionCore", package: "swift"),
                .product(name: "AuthSession", package: "swift"),
                .product(name: "AuthSessionKeychainIOS", package: "swift"),
                .product(name: "AuthSessionTesting", package: "swift"),
            ]
        ),
    ]
)
