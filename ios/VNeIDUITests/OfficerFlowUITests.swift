// The officer's flows in the simulator against the development authority: the officer account
// signs in (the officer tabs come from its certificate), and the camera is replaced by frames of
// a second phone's QRs — a citizen signed in inside the app's process — as the Android UI tests do.
import XCTest

final class OfficerFlowUITests: XCTestCase {
    override func setUp() {
        continueAfterFailure = false
    }

    /// The other phone's identity QR: GENUINE, with the masked ID number; then it is in the
    /// scan history.
    func testAnotherPhonesQrIsGenuine() {
        let app = XCUIApplication.launch("officer-identity")
        let genuine = app.otherElements["verdictGenuine"]
        XCTAssertTrue(genuine.waitForExistence(timeout: 60))
        XCTAssertEqual(app.staticTexts["verdictHeadline"].label, "Ứng dụng thật / GENUINE")
        let subject = app.otherElements["verdictSubject"]
        XCTAssertEqual(subject.staticTexts.matching(NSPredicate(format: "label MATCHES %@", "\\*{11}\\d")).count, 1)
        XCTAssertFalse(app.staticTexts["verdictReason"].exists)

        app.openTab("Lịch sử quét")
        XCTAssertTrue(app.descendants(matching: .any)["history-1"].waitForExistence(timeout: 10))
    }

    /// The same kind of QR read by an officer whose clock is 60 seconds later (a screenshot, not
    /// the app): FAKE, expired, with the reason in words.
    func testAQrSixtySecondsOldIsFakeExpired() {
        let app = XCUIApplication.launch("officer-identity", environment: ["VNEID_UITEST_CLOCK_OFFSET": "61"])
        XCTAssertTrue(app.otherElements["verdictFake"].waitForExistence(timeout: 60))
        XCTAssertEqual(app.staticTexts["verdictHeadline"].label, "Ứng dụng giả / FAKE")
        XCTAssertEqual(app.staticTexts["verdictReason"].label, "Mã QR đã hết hạn — đề nghị công dân tạo mã mới")
    }

    /// A driving licence presented with the name and the classes: GENUINE, and only those
    /// fields shown.
    func testPresentationShowsTheDisclosedFields() {
        let app = XCUIApplication.launch("officer-presentation")
        XCTAssertTrue(app.otherElements["verdictGenuine"].waitForExistence(timeout: 60))
        let paper = app.otherElements["disclosedPaper"]
        XCTAssertTrue(paper.waitForExistence(timeout: 5))
        XCTAssertTrue(paper.staticTexts["Nguyễn Văn An"].exists)
        // A presentation carries no certificate subject: the name is the disclosed field.
        XCTAssertFalse(app.otherElements["verdictSubject"].staticTexts["Nguyễn Văn An"].exists)
        XCTAssertFalse(paper.staticTexts["Ngày sinh"].exists, "date of birth was not disclosed")
    }
}
