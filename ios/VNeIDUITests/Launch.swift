// Launching the app in a UI-test scenario (see the app's LaunchOptions), in Vietnamese, against
// the DEVELOPMENT authority server scripts/dev-authority.sh serves. The authority comes from this
// runner's environment when it is set there (`xcodebuild test … TEST_RUNNER_VNEID_SERVER_URL=…`
// reaches the runner as VNEID_SERVER_URL), else from this bundle's Info.plist (the Debug build's
// Config/DevAuthority.xcconfig), and goes to the app in its launch environment.
import XCTest

enum DevAuthority {
    /// The accounts dev-authority.sh registers.
    static let citizen = "001090012345"
    static let citizenLevel1 = "001095067890"
    static let officer = "001085012345"

    private static func setting(_ env: String, _ plist: String) -> String? {
        if let v = ProcessInfo.processInfo.environment[env], !v.isEmpty { return v }
        let v = Bundle(for: BundleToken.self).object(forInfoDictionaryKey: plist) as? String
        return v?.isEmpty == false ? v : nil
    }

    static var password: String { setting("VNEID_DEV_PASSWORD", "VNeIDDevPassword") ?? "vneid-dev-password" }

    /// What the app is told, in its launch environment.
    static var launchEnvironment: [String: String] {
        var env = ["VNEID_UITEST_PASSWORD": password]
        if let url = setting("VNEID_SERVER_URL", "VNeIDServerURL") {
            env["VNEID_UITEST_SERVER_URL"] = url
            env["VNEID_UITEST_SERVER_SPKI"] = setting("VNEID_SERVER_SPKI", "VNeIDServerSPKI") ?? ""
            env["VNEID_UITEST_ROOT_KEY"] = setting("VNEID_ROOT_KEY", "VNeIDRootKey") ?? ""
        }
        return env
    }

    private final class BundleToken {}
}

extension XCUIApplication {
    static func launch(_ scenario: String, environment: [String: String] = [:]) -> XCUIApplication {
        let app = XCUIApplication()
        app.launchArguments = ["-UITest", scenario, "-AppleLanguages", "(vi)", "-AppleLocale", "vi_VN"]
        app.launchEnvironment = DevAuthority.launchEnvironment.merging(environment) { _, given in given }
        app.launch()
        return app
    }

    /// Opens a tab by its Vietnamese title.
    func openTab(_ title: String) {
        let button = tabBars.buttons[title]
        XCTAssertTrue(button.waitForExistence(timeout: 60), "tab \(title)")
        button.tap()
    }
}

/// Flips a SwiftUI Toggle: the inner switch where iOS exposes one (iOS 17+), else the cell.
func tapSwitch(_ toggle: XCUIElement) {
    let inner = toggle.switches.firstMatch
    if inner.exists { inner.tap() } else { toggle.tap() }
}

/// Waits until `element`'s value is `value`.
func waitForValue(_ element: XCUIElement, _ value: String, timeout: TimeInterval = 10) -> Bool {
    let expectation = XCTNSPredicateExpectation(predicate: NSPredicate(format: "value == %@", value), object: element)
    return XCTWaiter().wait(for: [expectation], timeout: timeout) == .completed
}
