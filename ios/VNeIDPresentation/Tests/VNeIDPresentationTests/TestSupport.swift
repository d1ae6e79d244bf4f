// What the presentation tests share: the fixture vectors (an officer pinning their root with
// their lists, their genuine token), a clock moved by hand, a hand-run executor, CryptoKit keys
// and secrets in memory, and fakes of the core's session objects (uniffi's NoHandle
// initialisers) for the state holder. Only the API the app ships is used (no `testing`
// feature), as android/presentation's tests do.
import CryptoKit
import Foundation
import VneidCore
import XCTest
@testable import VNeIDPresentation

let START: Int64 = 1_795_000_000 // 2026-11-18
let VN = ScreenLocale(lang: .vi, utcOffsetSecs: 7 * 3600)

func account(_ level: AssuranceLevel = .level2) -> CitizenAccount {
    CitizenAccount(fullName: "Nguyễn Văn An", dateOfBirth: "1990-01-02", personalId: "001090012345", level: level)
}

func tempDir(_ prefix: String) -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// A clock the test moves.
final class TestClock: VneidCore.Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64

    init(_ start: Int64) { now = start }

    func nowUnixSeconds() -> Int64 {
        lock.lock(); defer { lock.unlock() }
        return now
    }

    func advance(_ seconds: Int64) {
        lock.lock(); now += seconds; lock.unlock()
    }
}

/// P-256 keys in memory (CryptoKit), handing the core what the Security framework would: the
/// X9.62 public key and DER signatures.
final class CryptoKitKeystore: DeviceKeystore, @unchecked Sendable {
    private let lock = NSLock()
    private var keys: [String: P256.Signing.PrivateKey] = [:]

    func getOrCreateKey(alias: String) throws -> Data {
        lock.lock(); defer { lock.unlock() }
        let key = keys[alias] ?? P256.Signing.PrivateKey()
        keys[alias] = key
        return key.publicKey.x963Representation
    }

    func sign(alias: String, message: Data) throws -> Data {
        lock.lock(); let key = keys[alias]; lock.unlock()
        guard let k = key else { throw ApiError.Keystore(detail: "no key under this alias") }
        return try k.signature(for: message).derRepresentation
    }
}

/// Secrets in memory.
final class MemorySecretStorage: SecretStorage, @unchecked Sendable {
    private let lock = NSLock()
    private var secrets: [String: Data] = [:]

    func get(name: String) throws -> Data? {
        lock.lock(); defer { lock.unlock() }
        return secrets[name]
    }

    func put(name: String, secret: Data) throws {
        lock.lock(); secrets[name] = secret; lock.unlock()
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
        return try AuthorityConfig.hex(hex, bytes: 65, what: "root")
    }

    /// When the genuine token was made.
    static let genuineAt: Int64 = 1_767_259_800

    /// An officer app pinning the fixtures' root, without lists.
    static func bareOfficer(_ clock: VneidCore.Clock) throws -> OfficerApp {
        try OfficerApp(account: OfficerAccount(fullName: "Trần Thị Bình", level: .level2),
                       rootPublicKey: rootPublicKey(), clock: clock)
    }

    /// An officer app as the fixtures describe it: pinned root and the fixture lists.
    static func officer(_ clock: VneidCore.Clock) throws -> OfficerApp {
        let o = try bareOfficer(clock)
        try o.updateTrust(trustList: bytes("trust-list.cose"), revocationList: bytes("revocation-list.cose"))
        return o
    }

    static func genuineFrame() throws -> LumaFrame {
        try XCTUnwrap(SyntheticFrames.render(try encodeQr(text: text("token-genuine.txt"))))
    }
}

/// An executor that runs what it is given only when the test says so.
final class ManualExecutor: WorkExecutor {
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

/// Real core objects of a phone that has not enrolled: the citizen app and an empty wallet.
final class Phone {
    let clock = TestClock(START)
    let citizen: CitizenApp
    let wallet: Wallet

    init() throws {
        citizen = try CitizenApp(account: account(), keystore: CryptoKitKeystore(), keyAlias: "vneid-device-key", clock: clock)
        wallet = try Wallet.openOrCreate(path: tempDir("wallet").appendingPathComponent("wallet.bin").path,
                                         secrets: MemorySecretStorage(), clock: clock)
    }
}

/// A session as the core hands it out, over a `Phone`'s real objects; records what it is asked.
final class FakeSession: Session {
    let phone: Phone
    private let fakeRole: Role
    private let fakeOfficer: OfficerApp?
    var signedOut = 0
    var due = true
    var refreshes = 0
    var refreshError: ApiError?
    var settingError: ApiError?

    init(phone: Phone, role: Role = .citizen, officer: OfficerApp? = nil) {
        self.phone = phone
        fakeRole = role
        fakeOfficer = officer
        super.init(noHandle: Session.NoHandle())
    }

    required init(unsafeFromHandle handle: UInt64) { fatalError("a fake") }

    override func role() -> Role { fakeRole }
    override func citizen() -> CitizenApp { phone.citizen }
    override func wallet() -> Wallet { phone.wallet }
    override func officer() -> OfficerApp? { fakeOfficer }
    override func auditIntegrity() -> AuditIntegrity? { fakeOfficer == nil ? nil : .intact }
    override func signOut() throws { signedOut += 1 }
    override func setQrVerification(on: Bool) throws {
        if let e = settingError { throw e }
    }
    override func refreshDue() -> Bool { due }
    override func refreshLists() throws -> SessionRefresh {
        if let e = refreshError { throw e }
        refreshes += 1
        due = false
        return SessionRefresh(officer: nil, walletStatusesChanged: false)
    }
}

/// The core's SessionManager as the state holder sees it: restore and sign-in answered by the test.
final class FakeManager: SessionManager {
    var restored: () -> Restored = { .signedOut }
    var onSignIn: (String, String) throws -> Session = { _, _ in throw ApiError.SignInFailed(retryAfterSecs: nil) }

    init() { super.init(noHandle: SessionManager.NoHandle()) }

    required init(unsafeFromHandle handle: UInt64) { fatalError("a fake") }

    override func restore(lang: Lang) -> Restored { restored() }
    override func signIn(personalId: String, password: String) throws -> Session { try onSignIn(personalId, password) }
}
