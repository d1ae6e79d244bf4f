// Mirrors android/presentation's AppSessionTest.kt: the state holder around the core's
// SessionManager (which screen, on which queue) and the build's authority configuration.
import Foundation
import VneidCore
import XCTest
@testable import VNeIDPresentation

final class AppSessionTests: XCTestCase {
    private let work = ManualExecutor()
    private var states: [AppState] = []

    private func app(_ manager: FakeManager) -> AppSession {
        AppSession(manager: manager, work: work, lang: { .vi }) { [weak self] in self?.states.append($0) }
    }

    func testRestoreShowsSignInTheSessionOrWhyItFailed() throws {
        let signedOut = FakeManager()
        let a = app(signedOut)
        XCTAssertEqual(a.state, .loading)
        a.restore()
        XCTAssertEqual(a.state, .loading, "nothing runs on the caller's queue")
        work.runAll()
        XCTAssertEqual(a.state, .signInScreen)

        let session = FakeSession(phone: try Phone())
        let restored = FakeManager()
        restored.restored = { .session(session: session) }
        let b = app(restored)
        b.restore()
        work.runAll()
        let s = try XCTUnwrap(b.state.session)
        XCTAssertEqual(s.role, .citizen)
        XCTAssertNil(s.officer)

        let failed = FakeManager()
        failed.restored = { .failed(message: "Không khôi phục được phiên trước, hãy đăng nhập lại", error: .Keystore(detail: "gone")) }
        let c = app(failed)
        c.restore()
        work.runAll()
        XCTAssertEqual(c.state, .signedOut(message: "Không khôi phục được phiên trước, hãy đăng nhập lại", busy: false))
    }

    func testSignInSaysWhyItWasRefusedAndIsNotRunTwice() throws {
        var asked: [String] = []
        let manager = FakeManager()
        manager.onSignIn = { id, _ in asked.append(id); throw ApiError.SignInFailed(retryAfterSecs: nil) }
        let a = app(manager)
        a.restore()
        work.runAll()
        a.signIn(personalId: "001090012345", password: "wrong")
        a.signIn(personalId: "001090012345", password: "wrong") // a second tap while the first runs
        XCTAssertEqual(a.state, .signedOut(message: nil, busy: true))
        work.runAll()
        XCTAssertEqual(asked, ["001090012345"])
        XCTAssertEqual(a.state, .signedOut(message: errorText(error: .SignInFailed(retryAfterSecs: nil), lang: .vi), busy: false))

        manager.onSignIn = { _, _ in throw ApiError.Network(detail: "unreachable") }
        a.signIn(personalId: "001090012345", password: "x")
        work.runAll()
        XCTAssertEqual(a.state, .signedOut(message: errorText(error: .Network(detail: "unreachable"), lang: .vi), busy: false))

        // An officer account: the role, the officer side and the scan log's state come from the session.
        let officer = try Fixtures.officer(TestClock(START))
        manager.onSignIn = { _, _ in FakeSession(phone: try Phone(), role: .officer, officer: officer) }
        a.signIn(personalId: "001085012345", password: "right")
        work.runAll()
        let s = try XCTUnwrap(a.state.session)
        XCTAssertEqual(s.role, .officer)
        XCTAssertTrue(s.officer === officer)
        XCTAssertEqual(s.auditIntegrity, .intact)
        XCTAssertEqual(Array(states.suffix(2)), [.signedOut(message: nil, busy: true), a.state])
    }

    func testSignOutEndsTheSessionThenClosesIt() throws {
        let fake = FakeSession(phone: try Phone())
        let manager = FakeManager()
        manager.restored = { .session(session: fake) }
        let a = app(manager)
        a.restore()
        work.runAll()
        let s = try XCTUnwrap(a.state.session)
        a.signOut()
        XCTAssertEqual(a.state, .signInScreen)
        XCTAssertFalse(s.isClosed, "closed on the work queue, after the server is told")
        work.runAll()
        XCTAssertEqual(fake.signedOut, 1)
        XCTAssertTrue(s.isClosed)
        XCTAssertNil(s.ifOpen { 1 }, "no core call after sign-out")
        a.signOut() // nobody signed in: nothing happens
        work.runAll()
        XCTAssertEqual(fake.signedOut, 1)
    }

    func testTheSettingAndTheListsGoThroughTheSession() throws {
        let fake = FakeSession(phone: try Phone())
        let manager = FakeManager()
        manager.restored = { .session(session: fake) }
        let a = app(manager)
        a.restore()
        work.runAll()
        var said: [String?] = []
        a.setQrVerification(true) { said.append($0) }
        work.runAll()
        fake.settingError = .LevelTooLow(level: 1)
        a.setQrVerification(true) { said.append($0) }
        work.runAll()
        XCTAssertEqual(said, [nil, "Cần tài khoản định danh điện tử mức 2"])

        var refreshed: [Bool] = []
        a.refreshIfDue { refreshed.append($0) }
        a.refreshIfDue { refreshed.append($0) } // no longer due
        work.runAll()
        fake.due = true
        fake.refreshError = .Network(detail: "offline")
        a.refreshIfDue { refreshed.append($0) } // offline: the held lists stay
        work.runAll()
        XCTAssertEqual(refreshed, [true, false, false])
        XCTAssertEqual(fake.refreshes, 1)
    }

    func testTheBuildConfigurationIsChecked() throws {
        let root = "04" + String(repeating: "11", count: 64)
        let pin = String(repeating: "ab", count: 32)
        let c = try AuthorityConfig.of(url: "https://127.0.0.1:8443", pins: "\(pin), \(String(repeating: "cd", count: 32))",
                                       rootHex: root, acceptDevelopmentDevices: true)
        XCTAssertEqual(c.spkiPins.count, 2)
        XCTAssertEqual(c.rootPublicKey.count, 65)
        XCTAssertTrue(c.policy().acceptDevelopmentDevices)
        let plain = try AuthorityConfig.of(url: "https://x", pins: "", rootHex: root, acceptDevelopmentDevices: false)
        XCTAssertFalse(plain.policy().acceptDevelopmentDevices)
        XCTAssertTrue(plain.spkiPins.isEmpty)
        XCTAssertEqual(plain.policy().requiredLevel, defaultPolicy().requiredLevel)
        for (url, pins, key) in [("", pin, root), ("https://x", "abc", root), ("https://x", pin, ""), ("https://x", pin, "zz")] {
            XCTAssertThrowsError(try AuthorityConfig.of(url: url, pins: pins, rootHex: key, acceptDevelopmentDevices: false)) {
                let said = "\($0)"
                XCTAssertTrue(said.hasPrefix("no authority") || said.contains("hex digits"), said)
            }
        }
        // From the Info.plist keys; an unset build setting arrives as an empty string.
        let info: [String: Any] = [AuthorityConfig.Key.serverUrl: "https://x", AuthorityConfig.Key.spkiPins: pin,
                                   AuthorityConfig.Key.rootKey: root, AuthorityConfig.Key.acceptDevelopmentDevices: "YES"]
        XCTAssertTrue(try AuthorityConfig.from(info: info).acceptDevelopmentDevices)
        XCTAssertThrowsError(try AuthorityConfig.from(info: [AuthorityConfig.Key.serverUrl: "", AuthorityConfig.Key.rootKey: root]))
        // A server the core refuses: plain HTTP.
        XCTAssertThrowsError(try AuthorityConfig.of(url: "http://x", pins: "", rootHex: root, acceptDevelopmentDevices: false).server())
    }
}
