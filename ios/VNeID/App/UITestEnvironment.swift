// The test doubles the UI tests select with `-UITest <scenario>` (see LaunchOptions). Debug
// builds only: none of this is compiled into a release build.
#if DEBUG
import Foundation
import VneidCore
import VNeIDPresentation

enum UITestEnvironment {
    /// 2026-11-18, the presentation tests' START.
    static let start: Int64 = 1_795_000_000

    static let citizen = SignInForm(fullName: "Nguyễn Văn An", dateOfBirth: "1990-01-02",
                                    personalId: "001090012345", level: .level2, role: .citizen)

    static func make(scenario: String, environment: [String: String]) -> AppEnvironment {
        let clockStart = environment["VNEID_UITEST_CLOCK"].flatMap { Int64($0) } ?? start
        let clock = ManualClock(now: clockStart)
        let dataDir = FileManager.default.temporaryDirectory
            .appendingPathComponent("vneid-uitest-\(UUID().uuidString)", isDirectory: true)
        let platform = Platform(keystore: EcDeviceKeystore(source: InMemoryEcKeySource()),
                                secrets: memorySecretStorage(), clock: clock, dataDir: dataDir)
        // swiftlint:disable:next force_try
        let authority = try! LocalAuthority(clock: clock)
        var endpoint: AuthorityEndpoint = LocalAuthorityEndpoint(authority: authority)
        let camera = RepeatingFrameSource()

        var form: SignInForm?
        switch scenario {
        case "citizen-level2", "citizen-wallet":
            form = citizen
        case "citizen-level1":
            form = citizen
            form?.level = .level1
        case "officer-fixture":
            form = SignInForm(fullName: "Trần Thị Bình", dateOfBirth: "1985-05-05", personalId: "001085012345",
                              level: .level2, role: .officer)
            endpoint = FixtureEndpoint(
                local: authority,
                root: hexData(environment["VNEID_UITEST_ROOT"] ?? ""),
                lists: TrustBundle(
                    trustList: Data(base64Encoded: environment["VNEID_UITEST_TRUST_LIST"] ?? "") ?? Data(),
                    revocationList: Data(base64Encoded: environment["VNEID_UITEST_REVOCATION_LIST"] ?? "") ?? Data()
                )
            )
            if let text = environment["VNEID_UITEST_QR"], let matrix = try? encodeQr(text: text) {
                camera.frame = SyntheticFrames.render(matrix)
            }
        case "officer-presentation":
            form = SignInForm(fullName: "Trần Thị Bình", dateOfBirth: "1985-05-05", personalId: "001085012345",
                              level: .level2, role: .officer)
            camera.frame = presentationFrame(authority: authority, clock: clock)
        default: // "sign-in"
            form = nil
        }
        return AppEnvironment(
            platform: platform,
            authority: endpoint,
            makeFrameSource: { camera },
            usesCamera: false,
            zone: TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? .current,
            autoSignIn: form,
            afterSignIn: scenario == "citizen-wallet" || scenario == "officer-presentation" ? { session in
                try? session.citizen.setQrVerification(on: true)
            } : nil
        )
    }

    /// A driving-licence presentation QR of another phone (a citizen of the same authority),
    /// disclosing the name and the classes, as a camera frame.
    private static func presentationFrame(authority: LocalAuthority, clock: ManualClock) -> LumaFrame? {
        do {
            let account = citizen.account()
            let app = try CitizenApp(account: account, keystore: softwareKeystore(), keyAlias: "other-phone", clock: clock)
            try app.enrol(service: authority)
            try app.setQrVerification(on: true)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vneid-uitest-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let wallet = try Wallet.openOrCreate(path: dir.appendingPathComponent("wallet.bin").path,
                                                 secrets: memorySecretStorage(), clock: clock)
            // Issued to that phone's enrolled device (bound to its key).
            for paper in try authority.issueSamplePapers(citizen: app) {
                _ = try wallet.add(paper: paper)
            }
            let qr = try wallet.present(citizen: app, paper: "gplx", fields: ["full_name", "classes"])
            return SyntheticFrames.render(try qr.matrix(), scale: 2)
        } catch {
            return nil
        }
    }

    static func hexData(_ hex: String) -> Data {
        var out = Data()
        var it = hex.makeIterator()
        while let a = it.next(), let b = it.next() {
            if let v = UInt8(String([a, b]), radix: 16) { out.append(v) }
        }
        return out
    }
}

/// The officer-fixture scenario's authority: devices enrol with an in-process authority, but
/// the officer pins the fixture vectors' root key and installs their lists (what the fixture
/// tokens were signed under).
final class FixtureEndpoint: AuthorityEndpoint {
    private let local: LocalAuthority
    private let root: Data
    private let lists: TrustBundle

    init(local: LocalAuthority, root: Data, lists: TrustBundle) {
        self.local = local
        self.root = root
        self.lists = lists
    }

    var enrolment: EnrolmentService { local }
    func rootPublicKey() throws -> Data { root }
    func trustBundle() throws -> TrustBundle { lists }
    func papersFor(_ citizen: CitizenApp) throws -> [Data] {
        try LocalAuthorityEndpoint(authority: local).papersFor(citizen)
    }
}
#endif
