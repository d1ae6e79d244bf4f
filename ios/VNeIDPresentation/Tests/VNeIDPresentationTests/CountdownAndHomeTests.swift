// Mirrors CountdownAndHomeTest.kt.
import VneidCore
import XCTest
@testable import VNeIDPresentation

final class CountdownAndHomeTests: XCTestCase {
    func testCountdownFromARealIdentityQr() throws {
        let w = try World()
        let qr = try w.citizen.makeIdentityQr()
        let fresh = Countdown.of(qr, now: w.citizen.now())
        XCTAssertEqual(fresh.secondsLeft, 60)
        XCTAssertEqual(fresh.totalSeconds, 60)
        XCTAssertEqual(fresh.fraction, 1.0)
        XCTAssertFalse(fresh.expired)
        XCTAssertEqual(fresh.label, .key(Keys.homeSecondsLeft, args: [60]))
        XCTAssertEqual(fresh.label.vi(), "Còn 60 giây")
        XCTAssertEqual(fresh.label.en(), "60 seconds left")
        XCTAssertEqual(fresh.ringColor, Palette.ring)

        w.clock.advance(seconds: 50)
        let late = Countdown.of(qr, now: w.citizen.now())
        XCTAssertEqual(late.secondsLeft, 10)
        XCTAssertEqual(late.fraction, 10.0 / 60.0, accuracy: 1e-9)
        XCTAssertEqual(late.ringColor, Palette.warning)

        w.clock.advance(seconds: 10)
        let over = Countdown.of(qr, now: w.citizen.now())
        XCTAssertTrue(over.expired)
        XCTAssertEqual(over.secondsLeft, 0)
        XCTAssertEqual(over.fraction, 0)
        XCTAssertEqual(over.label, .key(Keys.homeExpired))
        XCTAssertEqual(over.label.vi(), "Mã QR đã hết hạn, hãy tạo mã mới")
        XCTAssertEqual(over.ringColor, Palette.fake)
    }

    func testHomeShowsTheQrAndRemakesItWhenItExpires() throws {
        let w = try World()
        let home = HomeController(citizen: w.citizen)
        guard case let .showingQr(firstQr, firstMatrix, _) = home.tick() else { return XCTFail("no QR") }
        XCTAssertTrue(home.tick().secureScreen)
        XCTAssertTrue(home.tick().fullBrightness)
        XCTAssertTrue(firstQr.text.hasPrefix("VN2:"))
        XCTAssertTrue((1...14).contains(firstMatrix.version), "version \(firstMatrix.version)")
        XCTAssertEqual(Int(firstMatrix.size) * Int(firstMatrix.size), firstMatrix.modules.count)
        XCTAssertEqual(home.made, 1)

        w.clock.advance(seconds: 30)
        guard case let .showingQr(sameQr, _, sameCountdown) = home.tick() else { return XCTFail("no QR") }
        XCTAssertEqual(sameQr, firstQr)
        XCTAssertEqual(sameCountdown.secondsLeft, 30)
        XCTAssertEqual(home.made, 1)

        // The 60 seconds are over: a new QR, made automatically.
        w.clock.advance(seconds: 30)
        guard case let .showingQr(secondQr, _, secondCountdown) = home.tick() else { return XCTFail("no QR") }
        XCTAssertNotEqual(secondQr.text, firstQr.text)
        XCTAssertEqual(secondCountdown.secondsLeft, 60)
        XCTAssertEqual(home.made, 2)
        guard case .genuine = try w.officer.verifyText(text: secondQr.text) else { return XCTFail("not genuine") }
        XCTAssertEqual(try w.officer.verifyText(text: firstQr.text), .fake(reason: .tokenExpired))

        // A tap remakes it at once.
        w.clock.advance(seconds: 5)
        guard case let .showingQr(tapped, _, _) = home.renew() else { return XCTFail("no QR") }
        XCTAssertNotEqual(tapped.text, secondQr.text)
        XCTAssertEqual(home.made, 3)
    }

    func testHomeWithTheSettingOffSendsToPersonalAndIsNotSecure() throws {
        let w = try World(settingOn: false)
        let home = HomeController(citizen: w.citizen)
        let off = home.tick()
        XCTAssertEqual(off, .settingOff(message: .key(Keys.homeSettingOff), goTo: .personal))
        XCTAssertFalse(off.secureScreen)
        XCTAssertFalse(off.fullBrightness)
        XCTAssertEqual(home.made, 0)

        try w.citizen.setQrVerification(on: true)
        guard case .showingQr = home.tick() else { return XCTFail("no QR") }
        // Turned off again: the QR goes away at the next tick.
        try w.citizen.setQrVerification(on: false)
        guard case .settingOff = home.tick() else { return XCTFail("still showing") }
    }

    /// iOS: the QR is hidden while the screen is captured, and says why.
    func testTheQrIsHiddenWhileTheScreenIsCaptured() throws {
        let w = try World()
        let showing = HomeController(citizen: w.citizen).tick()
        XCTAssertTrue(showing.qrVisible(screenCaptured: false))
        XCTAssertFalse(showing.qrVisible(screenCaptured: true))
        XCTAssertNil(showing.capturedNotice(screenCaptured: false))
        XCTAssertEqual(showing.capturedNotice(screenCaptured: true), .key(Keys.homeHiddenCapture))
        XCTAssertEqual(UiText.key(Keys.homeHiddenCapture).vi(), "Mã QR được ẩn khi màn hình đang bị ghi hoặc chiếu")
        let off = HomeState.settingOff(message: .key(Keys.homeSettingOff), goTo: .personal)
        XCTAssertFalse(off.qrVisible(screenCaptured: false))
        XCTAssertNil(off.capturedNotice(screenCaptured: true))
    }
}
