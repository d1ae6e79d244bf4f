// swift-tools-version:5.9
// The iOS app's presentation logic, mirroring the Android app's pure-Kotlin `:presentation`
// module (same names, same behaviour, same tests): screen states, the 60-second countdown,
// verdict → colours, texts and haptics, field masking and picking, the camera's frame dropping,
// sign-in and restore, DER → raw signatures. Foundation, Dispatch and (for tests) CryptoKit
// only: no UIKit, no SwiftUI. Every decision it does not make, the Rust core makes, through the
// generated Swift bindings (package ../VNeIDCore, module VneidCore).
//
//   ios/scripts/build-xcframework.sh                      # the core, once (and after Rust changes)
//   swift test --package-path ios/VNeIDPresentation       # on a Mac: tests against the real core
import PackageDescription

let package = Package(
    name: "VNeIDPresentation",
    platforms: [.iOS(.v16), .macOS(.v13)],
    products: [
        .library(name: "VNeIDPresentation", targets: ["VNeIDPresentation"]),
    ],
    dependencies: [
        .package(name: "VNeIDCore", path: "../VNeIDCore"),
    ],
    targets: [
        .target(
            name: "VNeIDPresentation",
            dependencies: [.product(name: "VneidCore", package: "VNeIDCore")]
        ),
        .testTarget(
            name: "VNeIDPresentationTests",
            dependencies: ["VNeIDPresentation", .product(name: "VneidCore", package: "VNeIDCore")]
        ),
    ]
)
