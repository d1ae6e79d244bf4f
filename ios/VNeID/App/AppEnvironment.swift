// What the app is made of: the platform (keystore, secrets, clock, data directory), the
// authority endpoint, where camera frames come from. Production or UI-test doubles.
import Foundation
import VneidCore
import VNeIDPresentation

struct AppEnvironment {
    let platform: Platform
    let authority: AuthorityEndpoint
    /// The officer's camera: the real one, or injected frames in UI tests.
    let makeFrameSource: () -> FrameSource
    let usesCamera: Bool
    let zone: TimeZone
    /// UI tests: sign in with this at launch.
    let autoSignIn: SignInForm?
    /// UI tests: what to do right after that sign-in (turn the setting on, …).
    var afterSignIn: ((Session) -> Void)? = nil

    static func make(_ options: LaunchOptions) -> AppEnvironment {
        #if DEBUG
        // UI tests only; a release build has no scenarios (see LaunchOptions).
        if let scenario = options.scenario {
            return UITestEnvironment.make(scenario: scenario, environment: options.environment)
        }
        #endif
        return production()
    }

    /// The real platform: the Secure Enclave, the Keychain, the system clock, the camera.
    static func production() -> AppEnvironment {
        let support = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
        let dataDir = support.appendingPathComponent("VNeID", isDirectory: true)
        let clock = DeviceClock()
        let platform = Platform(
            keystore: EcDeviceKeystore(source: SecureEnclaveKeySource()),
            secrets: KeychainSecretStorage(service: "vn.gov.vneid.secrets"),
            clock: clock,
            dataDir: dataDir
        )
        return AppEnvironment(
            platform: platform,
            authority: DemoAuthority.endpoint(dataDir: dataDir, clock: clock),
            makeFrameSource: { CameraFrameSource.shared },
            usesCamera: true,
            zone: .current,
            autoSignIn: nil
        )
    }
}

/// The authority until a server client replaces it: the demo authority bundled with the app
/// (made by `ios/scripts/build-xcframework.sh` with `vneid authority init`), so that every phone
/// running this build trusts the same keys; without one, a fresh authority in memory (one
/// phone only, and only until the app restarts). A server client would implement
/// `AuthorityEndpoint` instead; no screen changes.
enum DemoAuthority {
    static func endpoint(dataDir: URL, clock: VneidCore.Clock) -> AuthorityEndpoint {
        if let bundled = Bundle.main.url(forResource: "demo-authority", withExtension: nil),
           let authority = try? LocalAuthority.load(directory: bundled.path, clock: clock) {
            return LocalAuthorityEndpoint(authority: authority)
        }
        // swiftlint:disable:next force_try
        return LocalAuthorityEndpoint(authority: try! LocalAuthority(clock: clock))
    }
}

/// The system clock, as the core reads it.
final class DeviceClock: VneidCore.Clock, @unchecked Sendable {
    func nowUnixSeconds() -> Int64 { Int64(Date().timeIntervalSince1970.rounded(.down)) }
}
