// swift-tools-version:5.9
// The Swift package the XCTest tests run in. `bindings/scripts/test-swift.sh` (macOS) assembles
// it under bindings/generated/swift-package/: this manifest, the generated VneidCore.swift as
// Sources/VneidCore, these tests, and vneid_ffiFFI.xcframework from build-xcframework.sh.
// An iOS app uses the same layout as its local package (or the xcframework and the Swift file
// added to the Xcode project directly).
import PackageDescription

let package = Package(
    name: "VneidCore",
    platforms: [.macOS(.v13), .iOS(.v15)],
    products: [
        .library(name: "VneidCore", targets: ["VneidCore"]),
    ],
    targets: [
        // The Rust static library with its C header and module map (module vneid_ffiFFI).
        .binaryTarget(name: "vneid_ffiFFI", path: "vneid_ffiFFI.xcframework"),
        // The uniffi-generated Swift API.
        .target(name: "VneidCore", dependencies: ["vneid_ffiFFI"], path: "Sources/VneidCore"),
        .testTarget(name: "VneidCoreTests", dependencies: ["VneidCore"], path: "Tests/VneidCoreTests"),
    ]
)
