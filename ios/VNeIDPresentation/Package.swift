// swift-tools-version:5.9
// The iOS app's platform layer, as the Android app's pure-Kotlin `:presentation` module: the
// threading of the core's session (AppSession/OpenSession over the core's SessionManager), the
// build's authority configuration, the camera frame scanner (one frame in flight, the rest
// dropped) and its controller, the tabs per role, the screen locale. Foundation and Dispatch
// only: no UIKit, no SwiftUI. Every decision — sign-in, restore, files, verdicts, what each
// screen shows — is the Rust core's, through the generated Swift bindings (package ../VNeIDCore,
// module VneidCore, the API the app ships: no `testing` feature).
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
