// The officer's flows in the simulator: frames injected through the app's FrameSource (a
// RepeatingFrameSource instead of the camera), made from the fixture vectors or from an
// in-process citizen's presentation, as the Android UI tests do.
import XCTest

final class OfficerFlowUITests: XCTestCase {
    override func setUp() {
        continueAfterFailure = false
    }

    private func fixtureEnvironment(clock: Int64) throws -> [String: String] {
        [
            "VNEID_UITEST_CLOCK": String(clock),
            "VNEID_UITEST_QR": try Fixtures.text("token-genuine.txt"),
            "VNEID_UITEST_ROOT": try Fixtures.rootHex(),
            "VNEID_UITEST_TRUST_LIST": try Fixtures.base64("trust-list.cose"),
            "VNEID_UITEST_REVOCATION_LIST": try Fixtures.base64("revocation-list.cose"),
        ]
    }

    /// The officer's camera sees the genuine fixture token at the second it was made: GENUINE,
    /// with the name and the masked ID number; then it appears in the scan history.
    func testInjectedFrameIsGenuine() throws {
        let app = XCUIApplication.launch("officer-fixture", environment: try fixtureEnvironment(clock: Fixtures.genuineAt))
        let genuine = app.otherElements["verdictGenuine"]
        XCTAssertTrue(genuine.waitForExistence(timeout: 20))
        XCTAssertEqual(app.staticTexts["verdictHeadline"].label, "Ứng dụng thật / GENUINE")
        let subject = app.otherElements["verdictSubject"]
        XCTAssertTrue(subject.staticTexts.matching(NSPredicate(format: "label MATCHES %@", "\\*{11}\\d")).count == 1)
        XCTAssertFalse(app.staticTexts["verdictReason"].exists)

        app.openTab("Lịch sử quét")
        XCTAssertTrue(app.descendants(matching: .any)["history-1"].waitForExistence(timeout: 5))
    }

    /// The same token 60 seconds later (the test clock): FAKE, expired, with the reason in words.
    func testSameTokenAfterSixtySecondsIsFakeExpired() throws {
        let app = XCUIApplication.launch("officer-fixture", environment: try fixtureEnvironment(clock: Fixtures.genuineAt + 60))
        XCTAssertTrue(app.otherElements["verdictFake"].waitForExistence(timeout: 20))
        XCTAssertEqual(app.staticTexts["verdictHeadline"].label, "Ứng dụng giả / FAKE")
        XCTAssertEqual(app.staticTexts["verdictReason"].label, "Mã QR đã hết hạn — đề nghị công dân tạo mã mới")
    }

    /// A driving licence presented with the name and the classes: GENUINE, and only those
    /// fields shown.
    func testPresentationShowsTheDisclosedFields() {
        let app = XCUIApplication.launch("officer-presentation")
        XCTAssertTrue(app.otherElements["verdictGenuine"].waitForExistence(timeout: 20))
        let paper = app.otherElements["disclosedPaper"]
        XCTAssertTrue(paper.waitForExistence(timeout: 5))
        XCTAssertTrue(paper.staticTexts["Giấy phép lái xe"].exists)
        XCTAssertTrue(paper.staticTexts["Nguyễn Văn An"].exists)
        // A presentation carries no certificate: the name is the disclosed field, not a subject.
        XCTAssertFalse(app.otherElements["verdictSubject"].staticTexts["Nguyễn Văn An"].exists)
        XCTAssertFalse(paper.staticTexts["Ngày sinh"].exists, "date of birth was not disclosed")
    }
}
