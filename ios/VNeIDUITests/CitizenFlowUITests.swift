// The citizen's flows in the simulator against the development authority, as the Android UI
// tests run them on an emulator: sign-in with the ID number and password (level and role are the
// account's), tab Cá nhân, Trang chủ, Ví giấy tờ.
import XCTest

final class CitizenFlowUITests: XCTestCase {
    override func setUp() {
        continueAfterFailure = false
    }

    /// Đăng nhập: the ID number and the password; the server says level 2, citizen, and the
    /// phone enrols and gets its papers. Trang chủ first (the setting is off: no QR); Cá nhân
    /// turns it on; Trang chủ then shows the identity QR with its 60-second countdown.
    func testLevel2SignsInTurnsTheSettingOnAndGetsTheQr() {
        let app = XCUIApplication.launch("sign-in")
        let id = app.textFields["personalId"]
        XCTAssertTrue(id.waitForExistence(timeout: 15))
        XCTAssertFalse(app.segmentedControls["role"].exists, "the role is not chosen at sign-in")
        id.tap()
        id.typeText(DevAuthority.citizen)
        app.secureTextFields["password"].tap()
        app.secureTextFields["password"].typeText(DevAuthority.password)
        app.buttons["signIn"].tap()
        XCTAssertTrue(app.staticTexts["homeSettingOff"].waitForExistence(timeout: 60))
        XCTAssertFalse(app.tabBars.buttons["Quét mã QR"].exists, "no officer tabs for a citizen")

        app.openTab("Cá nhân")
        let toggle = app.switches["qrVerificationSwitch"]
        XCTAssertTrue(toggle.waitForExistence(timeout: 10))
        XCTAssertTrue(toggle.isEnabled)
        XCTAssertEqual(toggle.value as? String, "0")
        tapSwitch(toggle)
        XCTAssertTrue(waitForValue(toggle, "1"))

        app.openTab("Trang chủ")
        let qr = app.images["identityQr"]
        XCTAssertTrue(qr.waitForExistence(timeout: 15))
        // VoiceOver reads what it is and how long it is valid.
        XCTAssertEqual(qr.label, "Mã QR định danh điện tử")
        XCTAssertTrue((qr.value as? String)?.hasPrefix("Còn ") == true)
        XCTAssertTrue(app.staticTexts["countdown"].label.hasPrefix("Còn "))
    }

    /// A level-1 account: the switch is disabled and says why; Trang chủ has no QR.
    func testLevel1SwitchIsDisabledWithTheReason() {
        let app = XCUIApplication.launch("citizen-level1")
        app.openTab("Cá nhân")
        let toggle = app.switches["qrVerificationSwitch"]
        XCTAssertTrue(toggle.waitForExistence(timeout: 15))
        XCTAssertFalse(toggle.isEnabled)
        XCTAssertEqual(toggle.value as? String, "0")
        XCTAssertEqual(app.staticTexts["qrVerificationReason"].label, "Cần tài khoản định danh điện tử mức 2")
        app.openTab("Trang chủ")
        XCTAssertTrue(app.staticTexts["homeSettingOff"].waitForExistence(timeout: 10))
        XCTAssertFalse(app.images["identityQr"].exists)
    }

    /// A wrong password says so and signs nobody in.
    func testWrongPasswordSaysSo() {
        let app = XCUIApplication.launch("sign-in")
        let id = app.textFields["personalId"]
        XCTAssertTrue(id.waitForExistence(timeout: 15))
        id.tap()
        id.typeText(DevAuthority.citizen)
        app.secureTextFields["password"].tap()
        app.secureTextFields["password"].typeText("not-the-password")
        app.buttons["signIn"].tap()
        let error = app.staticTexts["signInError"]
        XCTAssertTrue(error.waitForExistence(timeout: 30))
        XCTAssertEqual(error.label, "Sai số định danh hoặc mật khẩu")
        XCTAssertFalse(app.tabBars.buttons["Trang chủ"].exists)
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
        XCTAssertTrue(number.waitForExistence(timeout: 10))
        XCTAssertEqual(number.label, "***********5")
        number.tap()
        let shown = XCTNSPredicateExpectation(predicate: NSPredicate(format: "label == %@", DevAuthority.citizen), object: number)
        XCTAssertEqual(XCTWaiter().wait(for: [shown], timeout: 10), .completed)

        app.buttons["present"].tap()
        let pickName = app.switches["pick-full_name"]
        XCTAssertTrue(pickName.waitForExistence(timeout: 5))
        tapSwitch(pickName)
        app.buttons["showPresentationQr"].tap()
        XCTAssertTrue(app.images["presentationQr"].waitForExistence(timeout: 15))
        XCTAssertEqual(app.images["presentationQr"].label, "Mã QR xuất trình giấy tờ")
        XCTAssertTrue(app.staticTexts["countdown"].label.hasPrefix("Còn "))
    }
}
