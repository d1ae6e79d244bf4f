// Every key the presentation layer hands out is a row of core/src/strings.tsv in both
// languages; navigation shows officer screens to officers only.
import VneidCore
import XCTest
@testable import VNeIDPresentation

final class KeysAndNavigationTests: XCTestCase {
    func testEveryKeyHasWordsInBothLanguages() {
        let table = Set(stringKeys())
        for key in Keys.all + Destination.allCases.map(\.titleKey) {
            XCTAssertTrue(table.contains(key), "\(key) is not in core/src/strings.tsv")
            XCTAssertNotEqual(VneidCore.text(key: key, lang: .vi), key)
            XCTAssertNotEqual(VneidCore.text(key: key, lang: .en), key)
        }
    }

    func testBothLanguagesAndFormats() {
        XCTAssertEqual(UiText.bothLanguages(Keys.verdictGenuine).vi(), "Ứng dụng thật / GENUINE")
        XCTAssertEqual(UiText.key(Keys.officerHistoryBroken, args: [7]).en(), "The scan log was altered (line 7)")
        XCTAssertEqual(UiText.bilingual(vi: "Giấy phép lái xe", en: "Driving licence").en(), "Driving licence")
        XCTAssertEqual(Dates.isoDate("1990-01-02"), "02/01/1990")
        XCTAssertEqual(Dates.day(START, zone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!), "18/11/2026")
    }

    func testOfficerScreensAreForOfficersOnly() {
        XCTAssertEqual(Navigation.tabs(nil), [])
        XCTAssertEqual(Navigation.tabs(.citizen), [.home, .wallet, .personal])
        XCTAssertEqual(Navigation.tabs(.officer), [.home, .wallet, .scan, .history, .personal])
        XCTAssertEqual(Navigation.start(nil), .login)
        XCTAssertEqual(Navigation.start(.citizen), .home)
        XCTAssertEqual(Navigation.start(.officer), .scan)
        XCTAssertFalse(Navigation.allowed(.citizen, .scan))
        XCTAssertTrue(Navigation.allowed(.officer, .verdict))
        XCTAssertFalse(Navigation.allowed(nil, .home))
        XCTAssertTrue(Navigation.allowed(nil, .login))
        XCTAssertEqual(Navigation.afterVerdict(), .scan)
    }

    func testSignInRefusesWhatTheCoreRefuses() throws {
        let clock = ManualClock(now: START)
        let authority = LocalAuthorityEndpoint(authority: try LocalAuthority(clock: clock))
        let platform = Platform(keystore: EcDeviceKeystore(source: InMemoryEcKeySource()),
                                secrets: memorySecretStorage(), clock: clock, dataDir: tempDir("session"))
        let manager = SessionManager(platform: platform, authority: authority)
        guard case let .refused(missing) = manager.signIn(SignInForm()) else { return XCTFail("signed in") }
        XCTAssertEqual(missing, .key(Keys.loginErrorMissing))
        guard case let .refused(invalid) = manager.signIn(SignInForm(fullName: "A", dateOfBirth: "1990-01-02", personalId: "123"))
        else { return XCTFail("signed in") }
        XCTAssertEqual(invalid, .key(Keys.loginErrorInvalid))
        guard case let .refused(level) = manager.signIn(SignInForm(fullName: "A", dateOfBirth: "1990-01-02",
                                                                     personalId: "001090012345", level: .level1, role: .officer))
        else { return XCTFail("signed in") }
        XCTAssertEqual(level, .key(Keys.loginErrorOfficerLevel))

        // An officer signs in, and the session comes back after a restart.
        guard case let .signedIn(session) = manager.signIn(SignInForm(fullName: "Trần Thị Bình", dateOfBirth: "1985-05-05",
                                                                      personalId: "001085012345", role: .officer))
        else { return XCTFail("refused") }
        XCTAssertEqual(session.role, .officer)
        XCTAssertEqual(session.wallet.paperCount(), 4)
        XCTAssertEqual(session.auditIntegrity, .intact)
        let restored = try XCTUnwrap(try manager.restore())
        XCTAssertEqual(restored.role, .officer)
        XCTAssertNotNil(restored.officer)
        manager.signOut()
        XCTAssertNil(try manager.restore())
    }
}
