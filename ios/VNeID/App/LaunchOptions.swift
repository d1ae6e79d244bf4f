// Launch arguments that select test doubles for the UI tests (XCUITest runs the app in another
// process, so it cannot hand objects over; it names a scenario instead):
//
//   -UITest <scenario>      software keys, secrets in memory, a hand-set clock, a fresh data
//                           directory, an in-process authority, injected camera frames
//
// Scenarios (what the app signs in as, and what its "camera" sees):
//   citizen-level2          level-2 citizen, setting off
//   citizen-level1          level-1 citizen
//   citizen-wallet          level-2 citizen, setting on, the four sample papers
//   sign-in                 nobody signed in: the sign-in screen
//   officer-fixture         officer pinning fixtures/vectors' root key and lists; the camera
//                           shows the QR text in VNEID_UITEST_QR (environment), the clock is
//                           VNEID_UITEST_CLOCK; lists in VNEID_UITEST_TRUST_LIST /
//                           VNEID_UITEST_REVOCATION_LIST (base64), root in VNEID_UITEST_ROOT (hex)
//   officer-presentation    officer; the camera shows a driving licence presented by an
//                           in-process citizen of the same authority, name and classes disclosed
//
// Debug builds only: in a release build the argument and the environment are not read at all
// (the officer-fixture scenario pins whatever root key VNEID_UITEST_ROOT names), and the
// scenarios, their doubles and the injected camera are not compiled in (`#if DEBUG`).
// ios/scripts/check-swift-syntax.py fails if a UI-test hook appears outside `#if DEBUG`.
import Foundation

struct LaunchOptions {
    /// The UI-test scenario, nil in a normal launch (and always in a release build).
    let scenario: String?
    let environment: [String: String]

    static var current: LaunchOptions {
        #if DEBUG
        let args = ProcessInfo.processInfo.arguments
        var scenario: String?
        if let i = args.firstIndex(of: "-UITest"), i + 1 < args.count {
            scenario = args[i + 1]
        }
        return LaunchOptions(scenario: scenario, environment: ProcessInfo.processInfo.environment)
        #else
        return LaunchOptions(scenario: nil, environment: [:])
        #endif
    }
}
