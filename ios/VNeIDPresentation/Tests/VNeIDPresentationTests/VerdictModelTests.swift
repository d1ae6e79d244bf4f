// Mirrors VerdictModelTest.kt.
import VneidCore
import XCTest
@testable import VNeIDPresentation

final class VerdictModelTests: XCTestCase {
    private let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

    private func frame(_ qr: IdentityQr, scale: Int = 3) throws -> LumaFrame {
        try XCTUnwrap(SyntheticFrames.render(try qr.matrix(), scale: scale))
    }

    func testGenuineScanIsGreenWithNameAndMaskedId() throws {
        let w = try World()
        let f = try frame(try w.citizen.makeIdentityQr())
        let m = VerdictModel.of(try XCTUnwrap(try w.officer.scan(f)), zone: zone)
        XCTAssertTrue(m.genuine)
        XCTAssertEqual(m.color, Palette.genuine)
        XCTAssertEqual(m.headline.vi(), "Ứng dụng thật / GENUINE")
        XCTAssertNil(m.reason)
        XCTAssertEqual(m.haptic, .confirm)
        XCTAssertNil(m.repeatNotice)
        XCTAssertNil(m.paper)
        var values: [String: UiText] = [:]
        for row in m.rows { if case let .key(k, _) = row.label { values[k] = row.value } }
        XCTAssertEqual(values[Keys.labelFullName], .plain("Nguyễn Văn An"))
        XCTAssertEqual(values[Keys.labelPersonalId], .plain("***********5"))
        XCTAssertEqual(values[Keys.labelDateOfBirth], .plain("02/01/1990"))
        XCTAssertEqual(values[Keys.labelLevel], .key(Keys.level2))
        XCTAssertEqual(values[Keys.labelSerial], .plain(try XCTUnwrap(w.citizen.certificateSerial())))
        // Nothing on the screen shows the full number.
        XCTAssertFalse(m.rows.contains { $0.value.vi().contains("001090012345") })

        // The same QR again: a repeat, never a fresh scan.
        let again = VerdictModel.of(try XCTUnwrap(try w.officer.scan(f)), zone: zone)
        XCTAssertTrue(again.genuine)
        XCTAssertEqual(again.repeatNotice, .key(Keys.verdictRepeat))
        XCTAssertEqual(again.haptic, .warn)
    }

    func testExpiredScanIsRedWithTheReason() throws {
        let w = try World()
        let f = try frame(try w.citizen.makeIdentityQr())
        w.clock.advance(seconds: 60)
        let m = VerdictModel.of(try XCTUnwrap(try w.officer.scan(f)), zone: zone)
        XCTAssertFalse(m.genuine)
        XCTAssertEqual(m.color, Palette.fake)
        XCTAssertEqual(m.headline.vi(), "Ứng dụng giả / FAKE")
        XCTAssertEqual(m.reason, .key("reason.token_expired"))
        XCTAssertEqual(m.reasonCode, "token_expired")
        XCTAssertEqual(m.reason?.en(), reasonText(reason: .tokenExpired, lang: .en))
        XCTAssertEqual(m.reason?.en(), "QR code expired — ask the citizen to create a new one")
        XCTAssertEqual(m.reason?.vi(), reasonText(reason: .tokenExpired, lang: .vi))
        XCTAssertEqual(m.haptic, .reject)
        XCTAssertTrue(m.rows.isEmpty)
    }

    func testAppOfAnotherAuthorityIsFake() throws {
        let w = try World()
        let other = try World(clock: w.clock)
        let m = VerdictModel.of(try w.officer.verifyText(text: other.citizen.makeIdentityQr().text), zone: zone)
        XCTAssertFalse(m.genuine)
        XCTAssertEqual(m.reasonCode, "unknown_issuer")
        XCTAssertEqual(m.reason?.vi(), "Cơ quan cấp không có trong danh sách tin cậy")
    }

    func testEveryFixtureCaseMapsToItsColourAndReason() throws {
        let cases = try Fixtures.cases()
        XCTAssertGreaterThanOrEqual(cases.count, 15, "cases read: \(cases.count)")
        for c in cases {
            let officer = try Fixtures.officer(ManualClock(now: c.verifyAt))
            // Through a camera frame where the text fits a QR, else as text.
            let text = try Fixtures.text(c.qrFile)
            var verdict: Verdict?
            if let matrix = try? encodeQr(text: text), let f = SyntheticFrames.render(matrix, scale: 2) {
                verdict = try officer.scan(f)
            }
            let m = VerdictModel.of(try verdict ?? officer.verifyText(text: text), zone: zone)
            XCTAssertEqual(m.genuine, c.verdict == "genuine", c.name)
            XCTAssertEqual(m.color, m.genuine ? Palette.genuine : Palette.fake, c.name)
            XCTAssertEqual(m.reasonCode, c.reason, c.name)
            if !m.genuine, case let .key(key, _)? = m.reason {
                XCTAssertNotEqual(m.reason?.vi(), key, "\(key) has words")
                XCTAssertNotEqual(m.reason?.en(), key, "\(key) has words")
            }
        }
    }

    func testStaleListsShowWarnings() throws {
        let w = try World()
        w.clock.advance(seconds: 8 * 24 * 3600)
        let m = VerdictModel.of(try w.officer.verifyText(text: w.citizen.makeIdentityQr().text), zone: zone)
        XCTAssertTrue(m.genuine)
        XCTAssertEqual(m.warnings, [.key(Keys.verdictStaleTrust), .key(Keys.verdictStaleRevocation)])
        XCTAssertEqual(m.haptic, .warn)
    }

    func testEveryReasonHasAKeyWithWords() {
        let reasons: [Reason] = [.malformed, .unsupportedVersion, .badSignature, .unknownIssuer, .issuerKeyNotValid,
                                 .certificateExpired, .certificateNotYetValid, .tokenExpired, .notYetValid,
                                 .validityTooLong, .levelTooLow, .revoked, .badPaperSignature, .unknownPaperType,
                                 .wrongAgency, .badDigest, .wrongHolder, .paperRevoked, .paperExpired, .paperNotYetValid,
                                 .developmentDevice]
        for r in reasons {
            let key = VerdictModel.reasonKey(r)
            let m = VerdictModel.of(.fake(reason: r), zone: zone)
            XCTAssertEqual(m.reason, .key(key))
            XCTAssertNotNil(m.reasonCode)
            XCTAssertEqual(m.reason?.vi(), reasonText(reason: r, lang: .vi))
        }
    }
}
