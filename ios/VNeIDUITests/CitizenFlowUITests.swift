// The citizen's flows in the simulator, as the Android UI tests run them on an emulator.
import XCTest

final class CitizenFlowUITests: XCTestCase {
    override func setUp() {
        continueAfterFailure = false
    }

    /// A level-2 citizen turns "Xác minh ứng dụng qua QR code" on in Cá nhân; Trang chủ then shows
    /// the identity QR with its 60-second countdown (the test clock stands still: "Còn 60 giây").
    func testLevel2SettingOnShowsQrWithCountdown() {
        let app = XCUIApplication.launch("citizen-level2")
        // Setting off: Trang chủ says where to turn it on.
        XCTAssertTrue(app.staticTexts["homeSettingOff"].waitForExistence(timeout: 15))

        app.openTab("Cá nhân")
        let toggle = app.switches["qrVerificationSwitch"]
        XCTAssertTrue(toggle.waitForExistence(timeout: 5))
        XCTAssertTrue(toggle.isEnabled)
        XCTAssertEqual(toggle.value as? String, "0")
        tapSwitch(toggle)
        XCTAssertEqual(toggle.value as? String, "1")

        app.openTab("Trang chủ")
        let qr = app.images["identityQr"]
        XCTAssertTrue(qr.waitForExistence(timeout: 10))
        // VoiceOver reads what it is and how long it is valid.
        XCTAssertEqual(qr.label, "Mã QR định danh điện tử")
        XCTAssertEqual(qr.value as? String, "Còn 60 giây")
        let countdown = app.staticTexts["countdown"]
        XCTAssertTrue(countdown.waitForExistence(timeout: 5))
        XCTAssertEqual(countdown.label, "Còn 60 giây")
    }

    /// A level-1 citizen: the switch is disabled and says why.
    func testLevel1SwitchIsDisabledWithTheReason() {
        let app = XCUIApplication.launch("citizen-level1")
        app.openTab("Cá nhân")
        let toggle = app.switches["qrVerificationSwitch"]
        XCTAssertTrue(toggle.waitForExistence(timeout: 15))
        XCTAssertFalse(toggle.isEnabled)
        XCTAssertEqual(toggle.value as? String, "0")
        XCTAssertEqual(app.staticTexts["qrVerificationReason"].label, "Cần tài khoản định danh điện tử mức 2")
        app.openTab("Trang chủ")
        XCTAssertTrue(app.staticTexts["homeSettingOff"].waitForExistence(timeout: 5))
        XCTAssertFalse(app.images["identityQr"].exists)
    }

    /// Signing in through the form at level 1: enrolment runs, the switch is disabled.
    func testSignInFormAtLevel1() {
        let app = XCUIApplication.launch("sign-in")
        let name = app.textFields["fullName"]
        XCTAssertTrue(name.waitForExistence(timeout: 10))
        name.tap()
        name.typeText("Nguyễn Văn An")
        app.textFields["dateOfBirth"].tap()
        app.textFields["dateOfBirth"].typeText("1990-01-02")
        app.textFields["personalId"].tap()
        app.textFields["personalId"].typeText("001090012345")
        app.segmentedControls["level"].buttons["Mức 1"].tap()
        app.buttons["signIn"].tap()
        app.openTab("Cá nhân")
        let toggle = app.switches["qrVerificationSwitch"]
        XCTAssertTrue(toggle.waitForExistence(timeout: 15))
        XCTAssertFalse(toggle.isEnabled)
    }

    /// Ví giấy tờ: the ID number masked until tapped, then "present" with the field picker
    /// shows a presentation QR with its countdown.
    func testWalletMaskedIdAndPresentation() {
        let app = XCUIApplication.launch("citizen-wallet")
        app.openTab("Ví giấy tờ")
        let cccd = app.buttons["paper-cccd"]
        XCTAssertTrue(cccd.waitForExistence(timeout: 15))
        cccd.tap()
        let number = app.staticTexts["field-number"]
        XCTAssertTrue(number.waitForExistence(timeout: 5))
        XCTAssertEqual(number.label, "***********5")
        number.tap()
        XCTAssertEqual(app.staticTexts["field-number"].label, "001090012345")

        app.buttons["present"].tap()
        let pickName = app.switches["pick-full_name"]
        XCTAssertTrue(pickName.waitForExistence(timeout: 5))
        tapSwitch(pickName)
        app.buttons["showPresentationQr"].tap()
        XCTAssertTrue(app.images["presentationQr"].waitForExistence(timeout: 10))
        XCTAssertEqual(app.images["presentationQr"].label, "Mã QR xuất trình giấy tờ")
        XCTAssertEqual(app.staticTexts["countdown"].label, "Còn 60 giây")
    }
}
