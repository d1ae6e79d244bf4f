// Mirrors PersonalTest.kt.
import VneidCore
import XCTest
@testable import VNeIDPresentation

final class PersonalTests: XCTestCase {
    func testLevelOneSwitchIsDisabledWithTheReason() throws {
        let w = try World(level: .level1)
        var saved = 0
        let personal = PersonalController(citizen: w.citizen) { saved += 1 }
        let s = personal.state().qrSwitch
        XCTAssertFalse(s.checked)
        XCTAssertFalse(s.enabled)
        XCTAssertEqual(s.reason, .key("setting.qr_verification.level1"))
        XCTAssertEqual(s.reason?.vi(), "Cần tài khoản định danh điện tử mức 2")
        XCTAssertEqual(s.reason?.en(), "Needs a level-2 electronic identity account")
        XCTAssertEqual(s.label.vi(), "Xác minh ứng dụng qua QR code")

        // Even if the switch were flipped, the core refuses and says why.
        let after = personal.setQrVerification(true)
        XCTAssertFalse(after.qrSwitch.checked)
        XCTAssertEqual(after.error, .key(Keys.settingQrLevel1))
        XCTAssertEqual(saved, 0)
        XCTAssertEqual(w.citizen.qrSetting(), .needsLevel2)
        XCTAssertEqual(after.rows.first { $0.label == .key(Keys.labelLevel) }?.value, .key(Keys.level1))
    }

    func testLevelTwoTurnsTheSettingOnAndOff() throws {
        let w = try World(settingOn: false)
        var saved = 0
        let personal = PersonalController(citizen: w.citizen) { saved += 1 }
        XCTAssertEqual(personal.state().qrSwitch, QrSwitchState(checked: false, enabled: true, reason: nil))
        let on = personal.setQrVerification(true)
        XCTAssertEqual(on.qrSwitch, QrSwitchState(checked: true, enabled: true, reason: nil))
        XCTAssertNil(on.error)
        XCTAssertEqual(saved, 1)
        XCTAssertEqual(personal.setQrVerification(false).qrSwitch, QrSwitchState(checked: false, enabled: true, reason: nil))
    }

    func testBeforeEnrolmentTheSwitchSaysSo() throws {
        let w = try World(enrol: false)
        let s = PersonalController(citizen: w.citizen).state().qrSwitch
        XCTAssertFalse(s.enabled)
        XCTAssertEqual(s.reason, .key(Keys.settingQrNeedsEnrolment))
    }

    func testTheAccountShowsTheIdMaskedAsTheCoreMasksIt() throws {
        let w = try World()
        let rows = PersonalController(citizen: w.citizen).state().rows
        let id = rows.first { $0.label == .key(Keys.labelPersonalId) }?.value
        guard case let .genuine(subject?, _, _, _, _, _, _) = try w.officer.verifyText(text: w.citizen.makeIdentityQr().text) else {
            return XCTFail("not genuine, or no subject")
        }
        XCTAssertEqual(id, .plain(subject.maskedPersonalId))
        // The ID card's number field, as the wallet masks it, is the same.
        XCTAssertEqual(try w.wallet().detail(paper: "cccd").fields.first { $0.key == "number" }?.text,
                       maskPersonalId(w.citizen.account().personalId))
        XCTAssertTrue(rows.contains { $0.value == .plain("02/01/1990") })
        XCTAssertEqual(maskPersonalId("not-an-id-xx"), "************")
    }
}
