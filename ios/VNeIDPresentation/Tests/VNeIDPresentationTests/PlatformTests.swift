// Mirrors PlatformTest.kt: DER ↔ raw signatures (with CryptoKit in place of java.security), and
// the core accepting the keystore built on them.
import CryptoKit
import Foundation
import VneidCore
import XCTest
@testable import VNeIDPresentation

final class PlatformTests: XCTestCase {
    private let key = P256.Signing.PrivateKey()

    func testPlatformSignaturesConvertToRawAndBack() throws {
        var padded = 0
        for i in 0..<200 {
            let message = Data("message \(i)".utf8)
            let signature = try key.signature(for: message)
            let der = signature.derRepresentation
            if der[4] == 0 { padded += 1 } // r has a 0x00 sign byte
            let raw = try EcdsaSignatures.derToRaw(der)
            XCTAssertEqual(raw.count, 64)
            XCTAssertEqual(raw, signature.rawRepresentation)
            XCTAssertTrue(key.publicKey.isValidSignature(try P256.Signing.ECDSASignature(rawRepresentation: raw), for: message))
            XCTAssertEqual(try EcdsaSignatures.rawToDer(raw), der)
        }
        // Half of all r values have their top bit set (a 0x00 sign byte in DER).
        XCTAssertGreaterThan(padded, 50, "sign-byte cases seen: \(padded)")
    }

    func testShortIntegersAreLeftPadded() throws {
        let der = Data([0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x7F])
        let raw = try EcdsaSignatures.derToRaw(der)
        XCTAssertEqual(raw[31], 5)
        XCTAssertEqual(raw[63], 0x7F)
        XCTAssertTrue(raw[0..<31].allSatisfy { $0 == 0 })
        XCTAssertEqual(try EcdsaSignatures.rawToDer(raw), der)
    }

    func testMalformedDerIsRefused() throws {
        let good = try key.signature(for: Data("x".utf8)).derRepresentation
        let bad: [(Data, String)] = [
            (good + Data([0]), "trailing byte"),
            (good.dropLast(), "truncated"),
            (Data([0x31]) + good.dropFirst(), "not a sequence"),
            (Data([0x30, 0x06, 0x02, 0x01, 0x85, 0x02, 0x01, 0x01]), "negative"),
            (Data([0x30, 0x07, 0x02, 0x02, 0x00, 0x05, 0x02, 0x01, 0x01]), "not minimal"),
            (Data([0x30, 0x26, 0x02, 0x22] + [UInt8](repeating: 1, count: 34) + [0x02, 0x00]), "too long"),
            (Data(), "empty"),
        ]
        for (der, why) in bad {
            XCTAssertThrowsError(try EcdsaSignatures.derToRaw(Data(der)), "accepted: \(why)")
        }
    }

    func testSpkiToSec1GivesThePoint() throws {
        let sec1 = try EcdsaSignatures.spkiToSec1(key.publicKey.derRepresentation)
        XCTAssertEqual(sec1.count, 65)
        XCTAssertEqual(sec1.first, 4)
        XCTAssertEqual(sec1, key.publicKey.x963Representation)
        XCTAssertThrowsError(try EcdsaSignatures.checkSec1(sec1.dropFirst()))
        XCTAssertEqual(try EcdsaSignatures.checkSec1(sec1), sec1)
    }

    func testTheCoreAcceptsTheKeystoreAndItsSignaturesVerify() throws {
        let w = try World()
        guard case .genuine = try w.officer.verifyText(text: w.citizen.makeIdentityQr().text) else {
            return XCTFail("not genuine")
        }
        XCTAssertThrowsError(try w.keystore.sign(alias: "nope", message: Data([1]))) { error in
            guard case ApiError.Keystore = error else { return XCTFail("\(error)") }
        }
        // A key source that returns something that is not a point is refused, loudly.
        final class Broken: EcKeySource {
            func getOrCreatePublicKey(alias: String) throws -> Data { Data(repeating: 4, count: 33) }
            func signDer(alias: String, message: Data) throws -> Data? { nil }
        }
        XCTAssertThrowsError(try EcDeviceKeystore(source: Broken()).getOrCreateKey(alias: "k"))
    }
}
