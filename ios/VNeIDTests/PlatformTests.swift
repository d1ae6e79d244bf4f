// The platform implementations of the core's foreign traits, on the simulator against the real
// core: the device key (a Keychain key on the simulator, the Secure Enclave on a device) signs
// what the core verifies; the wallet's data key in the Keychain opens the wallet again.
import XCTest
import VneidCore
import VNeIDPresentation
@testable import VNeID

final class PlatformTests: XCTestCase {
    private let start: Int64 = 1_795_000_000
    private let account = CitizenAccount(fullName: "Nguyễn Văn An", dateOfBirth: "1990-01-02",
                                         personalId: "001090012345", level: .level2)

    func testSecureEnclaveKeystoreSignaturesVerifyInTheCore() throws {
        let clock = ManualClock(now: start)
        let authority = try LocalAuthority(clock: clock)
        let keystore = EcDeviceKeystore(source: SecureEnclaveKeySource())
        let alias = "test-\(UUID().uuidString)"
        let pub = try keystore.getOrCreateKey(alias: alias)
        XCTAssertEqual(pub.count, 65)
        XCTAssertEqual(pub.first, 0x04)
        XCTAssertEqual(try keystore.getOrCreateKey(alias: alias), pub, "the same key comes back")
        // The core checks each signature against the public key (KeystoreSigner): enrolment and
        // a QR an officer finds genuine prove the DER → raw conversion on real platform output.
        let citizen = try CitizenApp(account: account, keystore: keystore, keyAlias: alias, clock: clock)
        try citizen.enrol(service: authority)
        try citizen.setQrVerification(on: true)
        let officer = try OfficerApp(account: OfficerAccount(fullName: "Trần Thị Bình", level: .level2),
                                     rootPublicKey: authority.rootPublicKey(), clock: clock)
        let lists = try authority.publish()
        try officer.updateTrust(trustList: lists.trustList, revocationList: lists.revocationList)
        for _ in 0..<20 {
            guard case .genuine = try officer.verifyText(text: citizen.makeIdentityQr().text) else {
                return XCTFail("not genuine")
            }
        }
        XCTAssertThrowsError(try keystore.sign(alias: "no-such-\(UUID().uuidString)", message: Data([1]))) { error in
            guard case ApiError.Keystore = error else { return XCTFail("\(error)") }
        }
    }

    func testKeychainSecretStorageOpensTheWalletAgain() throws {
        let clock = ManualClock(now: start)
        let secrets = KeychainSecretStorage(service: "vn.gov.vneid.tests.\(UUID().uuidString)")
        XCTAssertNil(try secrets.get(name: "wallet-data-key"))
        try secrets.put(name: "k", secret: Data([1, 2, 3]))
        try secrets.put(name: "k", secret: Data([4]))
        XCTAssertEqual(try secrets.get(name: "k"), Data([4]))

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("wallet.bin").path
        let authority = try LocalAuthority(clock: clock)
        let wallet = try Wallet.openOrCreate(path: path, secrets: secrets, clock: clock)
        // Papers are issued to an enrolled device (bound to its key).
        let citizen = try CitizenApp(account: account, keystore: softwareKeystore(), keyAlias: "wallet-test", clock: clock)
        try citizen.enrol(service: authority)
        for paper in try authority.issueSamplePapers(citizen: citizen) { _ = try wallet.add(paper: paper) }
        XCTAssertEqual(try Wallet.open(path: path, secrets: secrets, clock: clock).paperCount(), 4)
        // Another Keychain (another device) does not open it.
        let other = KeychainSecretStorage(service: "vn.gov.vneid.tests.\(UUID().uuidString)")
        XCTAssertThrowsError(try Wallet.open(path: path, secrets: other, clock: clock))
    }

    func testDeviceClockIsTheSystemClock() {
        let now = Int64(Date().timeIntervalSince1970)
        XCTAssertLessThanOrEqual(abs(DeviceClock().nowUnixSeconds() - now), 1)
    }

    func testQrImageHasOnePixelPerModuleAndTheQuietZone() throws {
        let matrix = try encodeQr(text: "VN2:0123")
        let image = try XCTUnwrap(QrCodeView.image(matrix))
        XCTAssertEqual(image.width, Int(matrix.size) + 8)
    }
}
