// Launch arguments that put the app into a UI-test scenario (XCUITest runs the app in another
// process, so it cannot hand objects over; it names a scenario instead), against a DEVELOPMENT
// authority server (scripts/dev-authority.sh):
//
//   -UITest <scenario>          a fresh data directory, its own Keychain items, no App Attest
//                               evidence, injected camera frames
//   environment VNEID_UITEST_SERVER_URL, VNEID_UITEST_SERVER_SPKI, VNEID_UITEST_ROOT_KEY
//                               the development authority (default: the Debug build's own
//                               configuration, Config/DevAuthority.xcconfig)
//   environment VNEID_UITEST_PASSWORD    the development accounts' password
//   environment VNEID_UITEST_CLOCK_OFFSET seconds the officer's clock runs ahead
//
// Scenarios (the accounts dev-authority.sh registers):
//   sign-in                 nobody signed in: the sign-in screen
//   citizen-level2          001090012345 signed in, setting off
//   citizen-level1          001095067890 (level 1) signed in
//   citizen-wallet          001090012345 signed in, setting on (the papers come with enrolment)
//   officer-identity        001085012345 (officer) signed in; the camera shows the identity QR
//                           of a second phone in the process, signed in as 001090012345
//   officer-presentation    the same, the camera showing that phone's driving licence with the
//                           name and the classes disclosed
//
// Debug builds only: in a Release build none of this is compiled (`#if DEBUG`), so launch
// arguments cannot point a shipped app at another authority or root key.
// ios/scripts/check-swift-syntax.py fails if a UI-test hook appears outside `#if DEBUG`.
#if DEBUG
import Foundation

struct LaunchOptions {
    let scenario: String
    let environment: [String: String]

    /// The UI-test scenario of this launch, nil in a normal launch.
    static var current: LaunchOptions? {
        let args = ProcessInfo.processInfo.arguments
        guard let i = args.firstIndex(of: "-UITest"), i + 1 < args.count else { return nil }
        return LaunchOptions(scenario: args[i + 1], environment: ProcessInfo.processInfo.environment)
    }
}
#endif
