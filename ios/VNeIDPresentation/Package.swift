// swift-tools-version:5.9
// The iOS app's presentation logic: screen states, the QR countdown, verdict → colours, texts
// and haptics, field masking and picking, the camera's frame dropping, DER → raw signatures.
// Foundation only (no UIKit, no SwiftUI, no bindings), so `swift test` runs it on any Mac.
// It mirrors the Android app's pure-Kotlin `:presentation` module, names and tests included.
import PackageDescription

let package = Package(
    name: "VNeIDPresentation",
    platforms: [.iOS(.v16), .macOS(.v13)],
    products: [
        .library(name: "VNeIDPresentation", targets: ["VNeIDPresentation"]),
    ],
    targets: [
        .target(name: "VNeIDPresentation"),
        .testTarget(name: "VNeIDPresentationTests", dependencies: ["VNeIDPresentation"]),
    ]
)
