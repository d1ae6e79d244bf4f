// Launching the app with the test doubles of a scenario (see the app's LaunchOptions), in
// Vietnamese, and reading the fixture vectors (fixtures/vectors, bundled with this target).
import XCTest

enum Fixtures {
    /// When token-genuine.txt was made (cases.json: genuine-at-iat).
    static let genuineAt: Int64 = 1_767_259_800

    static var dir: URL {
        Bundle(for: BundleToken.self).url(forResource: "vectors", withExtension: nil)!
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func base64(_ name: String) throws -> String {
        try Data(contentsOf: dir.appendingPathComponent(name)).base64EncodedString()
    }

    /// The root key officer apps pin, hex SEC1, from keys.json.
    static func rootHex() throws -> String {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("keys.json")))
        let root = (json as? [String: Any])?["root"] as? [String: Any]
        return try XCTUnwrap(root?["public_key"] as? String)
    }

    private final class BundleToken {}
}

extension XCUIApplication {
    static func launch(_ scenario: String, environment: [String: String] = [:]) -> XCUIApplication {
        let app = XCUIApplication()
        app.launchArguments = ["-UITest", scenario, "-AppleLanguages", "(vi)", "-AppleLocale", "vi_VN"]
        app.launchEnvironment = environment
        app.launch()
        return app
    }

    /// Opens a tab by its Vietnamese title.
    func openTab(_ title: String) {
        let button = tabBars.buttons[title]
        XCTAssertTrue(button.waitForExistence(timeout: 10), "tab \(title)")
        button.tap()
    }
}

/// Flips a SwiftUI Toggle: the inner switch where iOS exposes one (iOS 17+), else the cell.
func tapSwitch(_ toggle: XCUIElement) {
    let inner = toggle.switches.firstMatch
    if inner.exists { inner.tap() } else { toggle.tap() }
}
