// The app as the UI tests run it (`-UITest <scenario>`, see LaunchOptions): the production
// platform adapters and the core's SessionManager, against a DEVELOPMENT authority server
// (scripts/dev-authority.sh), with a fresh data directory, Keychain items of its own, no App
// Attest evidence (the development authority accepts that; the Debug build's officer accepts
// such devices), and a camera replaced by injected frames: the QRs of a second phone in the
// process. No authority runs in the app. Debug builds only: none of this is compiled into a
// Release build.
#if DEBUG
import Foundation
import VneidCore
import VNeIDPresentation

enum UITestEnvironment {
    /// The accounts scripts/dev-authority.sh registers.
    static let citizen = "001090012345"
    static let citizenLevel1 = "001095067890"
    static let officer = "001085012345"

    static func make(_ options: LaunchOptions) -> AppEnvironment {
        let env = options.environment
        let run = UUID().uuidString
        let work = AppEnvironment.workQueue()
        let camera = RepeatingFrameSource()
        let password = env["VNEID_UITEST_PASSWORD"] ?? "vneid-dev-password"
        let offset = env["VNEID_UITEST_CLOCK_OFFSET"].flatMap { Int64($0) } ?? 0
        let config: AuthorityConfig
        do {
            config = try authority(env)
        } catch {
            return AppEnvironment(manager: .failure(error), work: work, makeFrameSource: { camera }, usesCamera: false)
        }
        let made = Result<SessionManagerProtocol, Error> {
            try AppEnvironment.manager(
                dataDir: AppEnvironment.dataDirectory("VNeID-uitest-\(run)"),
                keystore: SecureEnclaveKeystore(tagPrefix: "vn.gov.vneid.uitest.\(run)."),
                secrets: KeychainSecretStorage(service: "vn.gov.vneid.uitest.\(run)"),
                clock: OffsetClock(offset: offset),
                attestation: NoAttestation(),
                config: config
            )
        }
        var environment = AppEnvironment(manager: made, work: work, makeFrameSource: { camera }, usesCamera: false)
        guard case let .success(manager) = made else { return environment }

        // Signed in before the saved session is restored, as if the user had signed in earlier.
        func signIn(_ id: String, settingOn: Bool) {
            guard let session = try? manager.signIn(personalId: id, password: password) else { return }
            if settingOn { try? session.setQrVerification(on: true) }
        }
        switch options.scenario {
        case "citizen-level2": environment.prepare = { signIn(citizen, settingOn: false) }
        case "citizen-level1": environment.prepare = { signIn(citizenLevel1, settingOn: false) }
        case "citizen-wallet": environment.prepare = { signIn(citizen, settingOn: true) }
        case "officer-identity", "officer-presentation":
            let presentation = options.scenario == "officer-presentation"
            environment.prepare = {
                signIn(officer, settingOn: false)
                camera.frame = otherPhoneFrame(config: config, password: password, run: run, presentation: presentation)
            }
        default: // "sign-in"
            break
        }
        return environment
    }

    /// The development authority: from the test's launch environment, else the Debug build's own.
    private static func authority(_ env: [String: String]) throws -> AuthorityConfig {
        guard let url = env["VNEID_UITEST_SERVER_URL"] else { return try AppEnvironment.authority() }
        return try AuthorityConfig.of(url: url, pins: env["VNEID_UITEST_SERVER_SPKI"] ?? "",
                                      rootHex: env["VNEID_UITEST_ROOT_KEY"] ?? "", acceptDevelopmentDevices: true)
    }

    /// A second phone, signed in as the level-2 citizen with the setting on (its own files and
    /// Keychain items, the real clock): its identity QR, or its driving licence disclosing the
    /// name and the classes, as a camera frame.
    private static func otherPhoneFrame(config: AuthorityConfig, password: String, run: String,
                                        presentation: Bool) -> LumaFrame? {
        do {
            let manager = try AppEnvironment.manager(
                dataDir: AppEnvironment.dataDirectory("VNeID-uitest-other-\(run)"),
                keystore: SecureEnclaveKeystore(tagPrefix: "vn.gov.vneid.uitest-other.\(run)."),
                secrets: KeychainSecretStorage(service: "vn.gov.vneid.uitest-other.\(run)"),
                attestation: NoAttestation(),
                config: config
            )
            let session = try manager.signIn(personalId: citizen, password: password)
            try session.setQrVerification(on: true)
            let locale = screenLocale(languageCode: "vi")
            let model = presentation
                ? QrScreenModel.presentation(citizen: session.citizen(), wallet: session.wallet(), paper: "gplx",
                                             fields: ["full_name", "classes"])
                : QrScreenModel.identity(citizen: session.citizen())
            guard case let .showing(_, matrix, _, _) = model.tick(locale: locale) else { return nil }
            return SyntheticFrames.render(matrix, scale: presentation ? 2 : 3)
        } catch {
            return nil
        }
    }
}

/// The system clock moved by a fixed offset: the officer scanning a QR "60 seconds later".
final class OffsetClock: VneidCore.Clock, @unchecked Sendable {
    private let offset: Int64

    init(offset: Int64) {
        self.offset = offset
    }

    func nowUnixSeconds() -> Int64 { Int64(Date().timeIntervalSince1970.rounded(.down)) + offset }
}

/// No evidence: what the simulator can give. Only a development authority accepts it.
final class NoAttestation: PlatformAttestation, @unchecked Sendable {
    func attest(challenge: Data, keyAlias: String) throws -> AttestationEvidence { AttestationEvidence.none }
}
#endif
