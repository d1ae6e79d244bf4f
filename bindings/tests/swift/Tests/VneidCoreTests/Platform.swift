// What an iOS app implements for the core, as it would write it. CryptoKit's software
// P256.Signing.PrivateKey stands in for the Secure Enclave key the app holds through
// Security.framework: it returns what `SecKeyCopyExternalRepresentation` (x963, 65 bytes) and
// `SecKeyCreateSignature(.ecdsaSignatureMessageX962SHA256)` (DER) give, unconverted: the core
// converts and checks.
import CryptoKit
import Foundation
import VneidCore

/// A device keystore over CryptoKit P-256. On a device: `SecureEnclave.P256.Signing.PrivateKey`,
/// its `dataRepresentation` kept in the Keychain under the alias.
final class CryptoKitKeystore: DeviceKeystore, @unchecked Sendable {
    private let lock = NSLock()
    private var keys: [String: P256.Signing.PrivateKey] = [:]
    private(set) var signatures = 0

    func getOrCreateKey(alias: String) throws -> Data {
        lock.lock()
        defer { lock.unlock() }
        let key = keys[alias] ?? P256.Signing.PrivateKey()
        keys[alias] = key
        return key.publicKey.x963Representation
    }

    func sign(alias: String, message: Data) throws -> Data {
        lock.lock()
        defer { lock.unlock() }
        guard let key = keys[alias] else {
            throw ApiError.Keystore(detail: "no key under this alias")
        }
        signatures += 1
        // ES256: SHA-256 of the message, then ECDSA, DER-encoded as the Security framework gives it.
        return try key.signature(for: message).derRepresentation
    }

    /// Forgets a key, as the Keychain does when the passcode is removed.
    func delete(alias: String) {
        lock.lock()
        defer { lock.unlock() }
        keys[alias] = nil
    }
}

/// A keystore whose signatures another key makes: the core's check refuses them at enrolment.
final class OtherSignerKeystore: DeviceKeystore, @unchecked Sendable {
    private let shown = P256.Signing.PrivateKey()
    private let signing = P256.Signing.PrivateKey()

    func getOrCreateKey(alias: String) throws -> Data { shown.publicKey.x963Representation }

    func sign(alias: String, message: Data) throws -> Data {
        try signing.signature(for: message).derRepresentation
    }
}

/// Secret storage in memory (an app uses the Keychain).
final class MapStorage: SecretStorage, @unchecked Sendable {
    private let lock = NSLock()
    var secrets: [String: Data] = [:]

    func get(name: String) throws -> Data? {
        lock.lock()
        defer { lock.unlock() }
        return secrets[name]
    }

    func put(name: String, secret: Data) throws {
        lock.lock()
        defer { lock.unlock() }
        secrets[name] = secret
    }
}

/// A clock the test moves by hand. (`VneidCore.Clock`, not the standard library's `Clock`.)
final class FakeClock: VneidCore.Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64

    init(_ start: Int64) { now = start }

    func nowUnixSeconds() -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        return now
    }

    func advance(_ seconds: Int64) {
        lock.lock()
        defer { lock.unlock() }
        now += seconds
    }
}

/// A grey camera frame showing the QR, as AVFoundation delivers plane 0 of a 420f buffer:
/// rows `rowStride` bytes apart (padded), mid-grey background, `scale` pixels per module.
struct LumaFrame {
    let luma: Data
    let width: Int
    let height: Int
    let rowStride: Int
}

func render(_ matrix: QrMatrix, scale: Int = 4, width: Int = 640, height: Int = 480, pad: Int = 64) -> LumaFrame {
    let stride = width + pad
    // The core draws it; a test's QR always fits its frame.
    let luma = try! qrFrame(matrix: matrix, scale: UInt32(scale), width: UInt32(width), height: UInt32(height),
                            rowStride: UInt32(stride))
    return LumaFrame(luma: luma, width: width, height: height, rowStride: stride)
}

extension OfficerApp {
    func scan(_ f: LumaFrame) throws -> Verdict? {
        try scanFrame(luma: f.luma, width: UInt32(f.width), height: UInt32(f.height), rowStride: UInt32(f.rowStride))
    }
}

let start: Int64 = 1_795_000_000 // 2026-11-18

let citizenAccount = CitizenAccount(
    fullName: "Nguyễn Văn An", dateOfBirth: "1990-01-02", personalId: "001090012345", level: .level2)

let officerAccount = OfficerAccount(fullName: "Trần Thị Bình", level: .level2)

func account(level: AssuranceLevel = .level2, fullName: String = "Nguyễn Văn An",
             personalId: String = "001090012345", dateOfBirth: String = "1990-01-02") -> CitizenAccount {
    CitizenAccount(fullName: fullName, dateOfBirth: dateOfBirth, personalId: personalId, level: level)
}

/// An authority, an enrolled citizen with the setting on, and an officer holding the lists.
final class World {
    let clock: FakeClock
    let keystore: CryptoKitKeystore
    let authority: LocalAuthority
    let citizen: CitizenApp
    let officer: OfficerApp

    init(clock: FakeClock = FakeClock(start), keystore: CryptoKitKeystore = CryptoKitKeystore()) throws {
        let authority = try LocalAuthority(clock: clock)
        let citizen = try CitizenApp(account: citizenAccount, keystore: keystore, keyAlias: "vneid-device-key", clock: clock)
        let officer = try OfficerApp(account: officerAccount, rootPublicKey: try authority.rootPublicKey(), clock: clock)
        try citizen.enrol(service: authority)
        try citizen.setQrVerification(on: true)
        let lists = try authority.publish()
        try officer.updateTrust(trustList: lists.trustList, revocationList: lists.revocationList)
        self.clock = clock
        self.keystore = keystore
        self.authority = authority
        self.citizen = citizen
        self.officer = officer
    }
}

