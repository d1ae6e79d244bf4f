// The platform implementations of the core's foreign traits, in the simulator against the real
// core (the library the app ships): the device key (a Keychain key in the simulator, the Secure
// Enclave on a device) hands the core its public key and DER signatures as the platform gives
// them; the Keychain secret storage opens the wallet again and another Keychain does not; the
// build's authority configuration; the QR image.
import CryptoKit
import XCTest
import VneidCore
import VNeIDPresentation
@testable import VNeID

final class PlatformTests: XCTestCase {
    func testSecureEnclaveKeystoreGivesX963KeysAndDerSignaturesTheCoreTakes() throws {
        let keystore = SecureEnclaveKeystore(tagPrefix: "vn.gov.vneid.tests.\(UUID().uuidString).")
        let alias = "device-key"
        let pub = try keystore.getOrCreateKey(alias: alias)
        XCTAssertEqual(pub.count, 65)
        XCTAssertEqual(pub.first, 0x04)
        XCTAssertEqual(try keystore.getOrCreateKey(alias: alias), pub, "the same key comes back")
        // What the platform gives is what the core takes: the App Attest hashes need the key parsed.
        let hashes = try appAttestClientDataHashes(challenge: Data(repeating: 7, count: 32), devicePublicKey: pub)
        XCTAssertEqual(hashes.attestation.count, 32)
        XCTAssertNotEqual(hashes.attestation, hashes.assertion)

        let key = try P256.Signing.PublicKey(x963Representation: pub)
        for i in 0..<20 {
            let message = Data("message \(i)".utf8)
            let der = try keystore.sign(alias: alias, message: message)
            XCTAssertEqual(der.first, 0x30, "DER, as SecKeyCreateSignature gives it")
            XCTAssertTrue(key.isValidSignature(try P256.Signing.ECDSASignature(derRepresentation: der), for: message))
        }
        XCTAssertThrowsError(try keystore.sign(alias: "no-such-key", message: Data([1]))) { error in
            guard case ApiError.Keystore = error else { return XCTFail("\(error)") }
        }
        keystore.delete(alias: alias)
        XCTAssertNotEqual(try keystore.getOrCreateKey(alias: alias), pub, "a new key after delete")
        keystore.delete(alias: alias)
    }

    func testKeychainSecretStorageOpensTheWalletAgain() throws {
        let secrets = KeychainSecretStorage(service: "vn.gov.vneid.tests.\(UUID().uuidString)")
        XCTAssertNil(try secrets.get(name: "k"))
        try secrets.put(name: "k", secret: Data([1, 2, 3]))
        try secrets.put(name: "k", secret: Data([4]))
        XCTAssertEqual(try secrets.get(name: "k"), Data([4]))

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("wallet.bin").path
        let clock = systemClock()
        XCTAssertEqual(try Wallet.openOrCreate(path: path, secrets: secrets, clock: clock).paperCount(), 0)
        XCTAssertEqual(try Wallet.open(path: path, secrets: secrets, clock: clock).paperCount(), 0)
        // Another Keychain (another device) does not open it.
        let other = KeychainSecretStorage(service: "vn.gov.vneid.tests.\(UUID().uuidString)")
        XCTAssertThrowsError(try Wallet.open(path: path, secrets: other, clock: clock))
    }

    func testAppAttestGivesNoEvidenceInTheSimulator() throws {
        #if targetEnvironment(simulator)
        let keystore = SecureEnclaveKeystore(tagPrefix: "vn.gov.vneid.tests.\(UUID().uuidString).")
        XCTAssertEqual(try AppAttestation(keystore: keystore).attest(challenge: Data(count: 32), keyAlias: "k"), AttestationEvidence.none)
        #endif
    }

    func testTheBuildNamesItsAuthorityOrSaysWhatIsMissing() {
        // The test host is the Debug app: its Info.plist holds what Config/*.xcconfig gave.
        let info = Bundle.main.infoDictionary ?? [:]
        XCTAssertNotNil(info[AuthorityConfig.Key.serverUrl], "Info.plist carries the key")
        do {
            let config = try AppEnvironment.authority()
            XCTAssertTrue(config.serverUrl.hasPrefix("https://"))
            XCTAssertEqual(config.rootPublicKey.count, 65)
            XCTAssertTrue(config.acceptDevelopmentDevices, "Debug accepts development devices")
        } catch {
            // No development authority written (scripts/dev-authority.sh not run): it says so.
            XCTAssertTrue("\(error)".contains("VNEID_"), "\(error)")
        }
    }

    func testQrImageHasOnePixelPerModuleAndTheQuietZone() throws {
        let matrix = try encodeQr(text: "VN2:0123")
        let image = try XCTUnwrap(QrCodeView.image(matrix))
        XCTAssertEqual(image.width, Int(matrix.size) + 8)
    }
}
