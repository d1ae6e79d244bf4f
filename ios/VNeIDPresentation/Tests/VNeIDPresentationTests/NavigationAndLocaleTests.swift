// Mirrors android/presentation's NavigationAndStringsTest.kt: officer tabs for officer
// accounts only, each tab's title in the core's table, the screen locale.
import Foundation
import VneidCore
import XCTest
@testable import VNeIDPresentation

final class NavigationAndLocaleTests: XCTestCase {
    func testOfficerTabsAreForOfficersOnly() {
        XCTAssertEqual(Navigation.tabs(.citizen), [.home, .wallet, .personal])
        XCTAssertEqual(Navigation.tabs(.officer), [.home, .wallet, .scan, .history, .personal])
        XCTAssertEqual(Navigation.start(.citizen), .home)
        XCTAssertEqual(Navigation.start(.officer), .scan)
    }

    func testEveryTabTitleHasWordsInBothLanguages() {
        let table = Set(stringKeys())
        for key in Destination.allCases.map(\.titleKey) {
            XCTAssertTrue(table.contains(key), "\(key) is not in core/src/strings.tsv")
            XCTAssertNotEqual(VneidCore.text(key: key, lang: .vi), key)
            XCTAssertNotEqual(VneidCore.text(key: key, lang: .en), key)
        }
    }

    func testScreenLocaleIsTheAppsLanguageAndOffset() {
        XCTAssertEqual(langOf("en"), .en)
        XCTAssertEqual(langOf("en-GB"), .en)
        XCTAssertEqual(langOf("vi"), .vi)
        XCTAssertEqual(langOf(nil), .vi)
        let hanoi = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        XCTAssertEqual(screenLocale(languageCode: "vi", zone: hanoi), VN)
        let paris = TimeZone(identifier: "Europe/Paris")!
        let summer = Date(timeIntervalSince1970: 1_782_000_000) // 2026-06-21
        XCTAssertEqual(screenLocale(languageCode: "en", zone: paris, now: summer).utcOffsetSecs, 7200)
    }
}
