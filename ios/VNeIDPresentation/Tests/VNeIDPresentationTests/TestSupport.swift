// What the presentation tests share: a world of real core objects (authority, citizen with an
// in-memory CryptoKit keystore through EcDeviceKeystore, officer), the fixture vectors, and a
// hand-run executor. Mirrors android/presentation/src/test/.../TestSupport.kt.
import Foundation
import VneidCore
import XCTest
@testable import VNeIDPresentation

let START: Int64 = 1_795_000_000 // 2026-11-18

func account(_ level: AssuranceLevel = .level2) -> CitizenAccount {
    CitizenAccount(fullName: "Nguyễn Văn An", dateOfBirth: "1990-01-02", personalId: "001090012345", level: level)
}

func tempDir(_ prefix: String) -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// An authority, a citizen (CryptoKit keys through EcDeviceKeystore), an officer holding the lists.
final class World {
    let clock: ManualClock
    let keys = InMemoryEcKeySource()
    let keystore: EcDeviceKeystore
    let authority: LocalAuthority
    let citizen: CitizenApp
    let officer: OfficerApp
    private var walletOrNil: Wallet?

    init(level: AssuranceLevel = .level2, enrol: Bool = true, settingOn: Bool = true,
         clock: ManualClock = ManualClock(now: START)) throws {
        self.clock = clock
        keystore = EcDeviceKeystore(source: keys)
        authority = try LocalAuthority(clock: clock)
        citizen = try CitizenApp(account: account(level), keystore: keystore, keyAlias: "vneid-device-key", clock: clock)
        officer = try OfficerApp(account: OfficerAccount(fullName: "Trần Thị Bình", level: .level2),
                                 rootPublicKey: authority.rootPublicKey(), clock: clock)
        if enrol { try citizen.enrol(service: authority) }
        if enrol && settingOn && level == .level2 { try citizen.setQrVerification(on: true) }
        let lists = try authority.publish()
        try officer.updateTrust(trustList: lists.trustList, revocationList: lists.revocationList)
    }

    /// A wallet holding the four sample papers, issued to the enrolled citizen's device.
    func wallet() throws -> Wallet {
        if let w = walletOrNil { return w }
        let w = try Wallet.openOrCreate(path: tempDir("wallet").appendingPathComponent("wallet.bin").path,
                                        secrets: memorySecretStorage(), clock: clock)
        for paper in try authority.issueSamplePapers(citizen: citizen) { _ = try w.add(paper: paper) }
        walletOrNil = w
        return w
    }
}

/// The fixture vectors (fixtures/vectors): VNEID_FIXTURES, or found from this file's path.
enum Fixtures {
    static let dir: URL = {
        if let env = ProcessInfo.processInfo.environment["VNEID_FIXTURES"] { return URL(fileURLWithPath: env) }
        // ios/VNeIDPresentation/Tests/VNeIDPresentationTests/TestSupport.swift → repository root
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<5 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("fixtures/vectors")
    }()

    static func text(_ name: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func bytes(_ name: String) throws -> Data { try Data(contentsOf: dir.appendingPathComponent(name)) }

    /// The root key officer apps pin, SEC1, from keys.json.
    static func rootPublicKey() throws -> Data {
        let json = try JSONSerialization.jsonObject(with: bytes("keys.json")) as? [String: Any]
        let hex = try XCTUnwrap((json?["root"] as? [String: Any])?["public_key"] as? String)
        return Data(EcdsaSignatures.hex(hex))
    }

    /// When the genuine token was made.
    static let genuineAt: Int64 = 1_767_259_800

    struct Case {
        let name: String
        let qrFile: String
        let verifyAt: Int64
        let verdict: String
        let reason: String?
    }

    /// Every case of cases.json.
    static func cases() throws -> [Case] {
        let json = try JSONSerialization.jsonObject(with: bytes("cases.json")) as? [String: Any]
        let list = try XCTUnwrap(json?["cases"] as? [[String: Any]])
        return try list.map { c in
            let expected = try XCTUnwrap(c["expected"] as? [String: Any])
            return Case(name: try XCTUnwrap(c["name"] as? String),
                        qrFile: try XCTUnwrap(c["qr_file"] as? String),
                        verifyAt: try XCTUnwrap((c["verify_at"] as? NSNumber)?.int64Value),
                        verdict: try XCTUnwrap(expected["verdict"] as? String),
                        reason: expected["reason"] as? String)
        }
    }

    /// An officer app as the fixtures describe it: pinned root, the fixture lists, its clock.
    static func officer(_ clock: ManualClock) throws -> OfficerApp {
        let o = try OfficerApp(account: OfficerAccount(fullName: "Trần Thị Bình", level: .level2),
                               rootPublicKey: rootPublicKey(), clock: clock)
        try o.updateTrust(trustList: bytes("trust-list.cose"), revocationList: bytes("revocation-list.cose"))
        return o
    }
}

/// An executor that runs what it is given only when the test says so.
final class ManualExecutor: ScanExecutor {
    private let lock = NSLock()
    private var queue: [() -> Void] = []

    func execute(_ work: @escaping () -> Void) {
        lock.lock(); queue.append(work); lock.unlock()
    }

    var pending: Int {
        lock.lock(); defer { lock.unlock() }
        return queue.count
    }

    func runAll() {
        while true {
            lock.lock()
            guard !queue.isEmpty else { lock.unlock(); return }
            let next = queue.removeFirst()
            lock.unlock()
            next()
        }
    }
}

/// Resolves in Vietnamese / English against the core's table.
extension UiText {
    func vi() -> String { resolve(.vi) }
    func en() -> String { resolve(.en) }
}
