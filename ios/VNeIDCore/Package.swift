// swift-tools-version:5.9
// VNeIDCore: the Rust core (crate vneid-bindings, library vneid_ffi) for Swift.
//
// - `vneid_ffiFFI`: the xcframework of static libraries (iOS device arm64, iOS simulator arm64 +
//   x86_64, and the Mac for `swift test`) with the C header and module map uniffi generates.
// - `VneidCore`: the Swift bindings uniffi generates from the library.
//
// Neither is committed: `ios/scripts/build-xcframework.sh` builds both (it runs
// `bindings/scripts/generate.sh`, the script that also generates the Kotlin bindings), and the
// Xcode scheme runs it again before every build (a pre-build action) so that a change to the
// Rust code is rebuilt and its Swift bindings regenerated.
import PackageDescription

let package = Package(
    name: "VNeIDCore",
    platforms: [.iOS(.v16), .macOS(.v13)],
    products: [
        .library(name: "VneidCore", targets: ["VneidCore"]),
    ],
    targets: [
        .binaryTarget(name: "vneid_ffiFFI", path: "vneid_ffiFFI.xcframework"),
        .target(name: "VneidCore", dependencies: ["vneid_ffiFFI"], path: "Sources/VneidCore"),
    ]
)
