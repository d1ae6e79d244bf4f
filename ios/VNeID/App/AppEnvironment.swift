// What the app is made of: the core's SessionManager over the platform (the Secure Enclave key,
// App Attest, the Keychain, the system clock, the app's data directory) against the authority's
// server from the build configuration (Info.plist keys fed from the xcconfig files), the queue
// the session's calls run on, and where camera frames come from. The app holds no key of the
// authority's: only the server's key pins and the root PUBLIC key (ios/README.md).
import Foundation
import VneidCore
import VNeIDPresentation

struct AppEnvironment {
    /// The core's session manager, or why there is none (a build without its authority).
    let manager: Result<SessionManagerProtocol, Error>
    /// Sign-in, restore, saves, list refreshes and sign-out run here, in order.
    let work: DispatchQueue
    /// The officer's camera, or injected frames.
    let makeFrameSource: () -> FrameSource
    let usesCamera: Bool
    /// Runs on `work` before the saved session is restored (the UI tests sign in there).
    var prepare: (() -> Void)?

    static func make() -> AppEnvironment {
        #if DEBUG
        // UI tests only: the launch arguments are not read in a Release build (LaunchOptions).
        if let options = LaunchOptions.current {
            return UITestEnvironment.make(options)
        }
        #endif
        return production()
    }

    static func workQueue() -> DispatchQueue { DispatchQueue(label: "vn.gov.vneid.session", qos: .userInitiated) }

    /// The app's files: Application Support/VNeID, excluded from backups (a restored backup
    /// holds no device key to go with them).
    static func dataDirectory(_ name: String = "VNeID") -> URL {
        let support = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
        var dir = support.appendingPathComponent(name, isDirectory: true)
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try? dir.setResourceValues(values)
        return dir
    }

    /// The authority the build names (Info.plist: VNeIDServerURL, VNeIDServerSPKI, VNeIDRootKey).
    static func authority() throws -> AuthorityConfig {
        try AuthorityConfig.from(info: Bundle.main.infoDictionary ?? [:])
    }

    /// The session manager over the platform; `dataDir` holds the core's files.
    static func manager(
        dataDir: URL,
        keystore: DeviceKeystore = SecureEnclaveKeystore(),
        secrets: SecretStorage = KeychainSecretStorage(service: "vn.gov.vneid.secrets"),
        clock: VneidCore.Clock = systemClock(),
        attestation: PlatformAttestation? = nil,
        config: AuthorityConfig
    ) throws -> SessionManager {
        try SessionManager(
            dataDir: dataDir.path,
            keystore: keystore,
            secrets: secrets,
            clock: clock,
            attestation: attestation ?? AppAttestation(keystore: keystore),
            server: config.server(),
            rootPublicKey: config.rootPublicKey,
            policy: config.policy()
        )
    }

    /// The real platform and the authority the build names.
    static func production() -> AppEnvironment {
        let made = Result<SessionManagerProtocol, Error> {
            try manager(dataDir: dataDirectory(), config: authority())
        }
        return AppEnvironment(manager: made, work: workQueue(), makeFrameSource: { CameraFrameSource.shared },
                              usesCamera: true)
    }
}
