// What the screens show, decided in Rust, read through the generated Swift API as the iOS app
// reads it: the twins of the most important Kotlin tests (bindings/tests/kotlin/ScreensTest.kt).
import Foundation
import XCTest
import VneidCore

let vn = ScreenLocale(lang: .vi, utcOffsetSecs: 7 * 3600)
let en = ScreenLocale(lang: .en, utcOffsetSecs: 7 * 3600)

extension World {
    /// A wallet holding the four sample papers issued to the world's citizen.
    func wallet() throws -> Wallet {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let w = try Wallet.openOrCreate(path: dir.appendingPathComponent("wallet.bin").path, secrets: MapStorage(), clock: clock)
        for p in try authority.issueSamplePapers(citizen: citizen) { _ = try w.add(paper: p) }
        return w
    }
}

private func showing(_ s: QrScreenState, file: StaticString = #file, line: UInt = #line) throws
    -> (text: String, countdown: Countdown, fresh: Bool) {
    guard case let .showing(text, _, countdown, fresh) = s else {
        XCTFail("not showing a QR: \(s)", file: file, line: line)
        throw ApiError.Internal(detail: "no QR")
    }
    return (text, countdown, fresh)
}

private func value(_ v: VerdictView, _ label: String) -> String? { v.rows.first { $0.label == label }?.value }

final class QrScreenTests: XCTestCase {
    func testHomeKeepsTheQrThenRemakesItAndFollowsTheSetting() throws {
        let w = try World()
        try w.citizen.setQrVerification(on: false)
        let home = QrScreenModel.identity(citizen: w.citizen)
        guard case let .settingOff(message) = home.tick(locale: vn) else { return XCTFail("setting is off") }
        XCTAssertEqual(message, "Bật “Xác minh ứng dụng qua QR code” trong tab Cá nhân để tạo mã QR")

        try w.citizen.setQrVerification(on: true)
        let first = try showing(home.tick(locale: vn))
        XCTAssertTrue(first.fresh)
        XCTAssertEqual(first.countdown.label, "Còn 60 giây")
        XCTAssertEqual(first.countdown.tone, .accent)
        w.clock.advance(55)
        let kept = try showing(home.tick(locale: vn))
        XCTAssertFalse(kept.fresh)
        XCTAssertEqual(kept.text, first.text)
        XCTAssertEqual(kept.countdown.tone, .warning)
        w.clock.advance(5)
        let next = try showing(home.tick(locale: en))
        XCTAssertTrue(next.fresh)
        XCTAssertEqual(next.countdown.label, "60 seconds left")
        XCTAssertEqual(try w.officer.verifyTextForScreen(text: next.text, locale: vn).view.kind, .genuine)
        XCTAssertTrue(try showing(home.renew(locale: vn)).fresh)
        XCTAssertEqual(home.made(), 3)
    }

    func testAPresentationDisclosesOnlyThePickedFields() throws {
        let w = try World()
        let wallet = try w.wallet()
        let screen = QrScreenModel.presentation(citizen: w.citizen, wallet: wallet, paper: "gplx", fields: ["full_name", "classes"])
        let qr = try showing(screen.tick(locale: vn))
        XCTAssertTrue(qr.text.hasPrefix("VP2:"))
        let view = try w.officer.verifyTextForScreen(text: qr.text, locale: vn).view
        XCTAssertEqual(view.kind, .genuine)
        XCTAssertEqual(view.paper?.name, "Giấy phép lái xe")
        XCTAssertEqual(view.paper?.fields.count, 2)
        XCTAssertNil(value(view, "Họ và tên"), "a presentation names no subject")
        let missing = QrScreenModel.presentation(citizen: w.citizen, wallet: wallet, paper: "passport", fields: [])
        guard case let .failed(_, error) = missing.tick(locale: vn), case .NotFound = error else {
            return XCTFail("a paper the wallet does not hold")
        }
    }
}

final class VerdictViewTests: XCTestCase {
    func testGenuineMaskedThenRepeatThenExpired() throws {
        let w = try World()
        let text = try w.citizen.makeIdentityQr().text
        let v = try w.officer.verifyTextForScreen(text: text, locale: vn).view
        XCTAssertEqual(v.kind, .genuine)
        XCTAssertEqual(v.headline, "Ứng dụng thật / GENUINE")
        XCTAssertEqual(v.tone, .genuine)
        XCTAssertEqual(v.haptic, .confirm)
        XCTAssertEqual(value(v, "Số định danh cá nhân"), "***********5")
        XCTAssertFalse(v.rows.contains { $0.value.contains("001090012345") })
        let again = try w.officer.verifyTextForScreen(text: text, locale: vn).view
        XCTAssertEqual(again.repeat, "Mã này đã được quét trước đó")
        XCTAssertEqual(again.haptic, .warn)
        w.clock.advance(60)
        let expired = try w.officer.verifyTextForScreen(text: text, locale: vn).view
        XCTAssertEqual(expired.kind, .fake)
        XCTAssertEqual(expired.haptic, .reject)
        XCTAssertEqual(expired.reasonCode, "token_expired")
        XCTAssertEqual(expired.reason, "Mã QR đã hết hạn — đề nghị công dân tạo mã mới")
        // From a camera frame: nothing in a blank one.
        XCTAssertNil(try w.officer.scanFrameForScreen(luma: Data(repeating: 128, count: 320 * 240), width: 320,
                                                      height: 240, rowStride: 320, locale: vn))
    }
}

final class WalletAndTabViewsTests: XCTestCase {
    func testRowsDetailPickerAndPersonal() throws {
        let w = try World()
        let wallet = try w.wallet()
        let rows = wallet.rows(locale: vn)
        XCTAssertEqual(rows.map(\.typeCode), ["cccd", "gplx", "bhyt", "dkx"])
        XCTAssertTrue(rows.allSatisfy { $0.presentable && $0.status == "Còn hiệu lực" })
        let gplx = try XCTUnwrap(rows.first { $0.typeCode == "gplx" })
        let lists = try w.authority.revoke(certificateSerial: gplx.serial)
        try wallet.updateRevocationList(rootPublicKey: try w.authority.rootPublicKey(), revocationList: lists.revocationList)
        let revoked = try XCTUnwrap(wallet.rows(locale: vn).first { $0.typeCode == "gplx" })
        XCTAssertEqual(revoked.status, "Đã bị thu hồi")
        XCTAssertFalse(revoked.presentable, "a revoked paper is not offered for presentation")

        let masked = try wallet.detailView(paper: "cccd", revealed: [], locale: vn)
        XCTAssertEqual(masked.fields.first { $0.key == "number" }?.value, "***********5")
        XCTAssertEqual(masked.fields.first { $0.key == "number" }?.hint, "Chạm để hiện")
        let shown = try wallet.detailView(paper: "cccd", revealed: ["number"], locale: vn)
        XCTAssertEqual(shown.fields.first { $0.key == "number" }?.value, "001090012345")

        let none = fieldPicker(typeCode: "gplx", chosen: [], locale: vn)
        XCTAssertTrue(none.selected.isEmpty)
        XCTAssertNotNil(none.hint)
        let chosen = fieldPickerToggle(typeCode: "gplx", chosen: fieldPickerToggle(typeCode: "gplx", chosen: [], key: "classes"),
                                       key: "full_name")
        XCTAssertEqual(Set(fieldPicker(typeCode: "gplx", chosen: chosen, locale: vn).selected), ["full_name", "classes"])

        let personal = w.citizen.personalView(locale: vn)
        XCTAssertTrue(personal.qrSwitch.enabled)
        XCTAssertTrue(personal.rows.contains { $0.value == "***********5" })
        XCTAssertFalse(personal.rows.contains { $0.value == "001090012345" })
    }

    func testLevelOneSwitchIsDisabledWithTheReason() throws {
        let clock = FakeClock(start)
        let authority = try LocalAuthority(clock: clock)
        let c = try CitizenApp(account: account(level: .level1), keystore: CryptoKitKeystore(), keyAlias: "k", clock: clock)
        try c.enrol(service: authority)
        let s = c.personalView(locale: vn).qrSwitch
        XCTAssertFalse(s.enabled)
        XCTAssertEqual(s.reason, "Cần tài khoản định danh điện tử mức 2")
    }
}

final class TextsAndServerTests: XCTestCase {
    func testEveryErrorHasWords() {
        let all: [ApiError] = [
            .LevelTooLow(level: 1), .QrSettingOff, .NotEnrolled, .NoTrustList, .StaleTrustList(detail: "x"),
            .UntrustedList(detail: "x"), .Keystore(detail: "x"), .Storage(detail: "x"), .Corrupt(detail: "x"),
            .InvalidInput(detail: "x"), .NotFound(detail: "x"), .Network(detail: "x"), .SignInFailed(retryAfterSecs: nil),
            .SignInFailed(retryAfterSecs: 900), .SessionEnded, .RateLimited(retryAfterSecs: 30),
            .AttestationRefused(check: "DeviceUnlocked"), .ServerRefused(code: "x"), .NotAnOfficer, .Internal(detail: "x"),
        ]
        for lang in [Lang.vi, Lang.en] {
            for e in all {
                let t = errorText(error: e, lang: lang)
                XCTAssertTrue(t.contains(" ") && !t.contains("%d"), "\(e): \(t)")
            }
        }
        XCTAssertEqual(errorText(error: .SignInFailed(retryAfterSecs: nil), lang: .vi), "Sai số định danh hoặc mật khẩu")
        XCTAssertEqual(toneArgb(tone: .genuine), 0xFF1B_873F)
        XCTAssertEqual(screenText(key: "home.seconds_left", lang: .vi, n: 42), "Còn 42 giây")
    }

    func testTheKeystoresPlatformFormsAndTheAppAttestHashes() throws {
        // The World's keystore returns x963 keys and DER signatures; the core checks each one.
        let w = try World()
        for _ in 0..<10 {
            XCTAssertEqual(try w.officer.verifyTextForScreen(text: w.citizen.makeIdentityQr().text, locale: vn).view.kind, .genuine)
        }
        let key = try CryptoKitKeystore().getOrCreateKey(alias: "k")
        let hashes = try appAttestClientDataHashes(challenge: Data(repeating: 7, count: 32), devicePublicKey: key)
        XCTAssertEqual(hashes.attestation.count, 32)
        XCTAssertNotEqual(hashes.attestation, hashes.assertion)
    }

    func testAServerThatCannotBeTrustedOrReachedIsRefused() throws {
        XCTAssertThrowsError(try AuthorityServer(baseUrl: "http://127.0.0.1:8443", trust: .publicCas))
        // Port 9 (discard): nothing listens there on a development Mac.
        let server = try AuthorityServer(baseUrl: "https://127.0.0.1:9", trust: .pinnedKeys(spkiSha256: [Data(count: 32)]))
        final class NoEvidence: PlatformAttestation, @unchecked Sendable {
            func attest(challenge: Data, keyAlias: String) throws -> AttestationEvidence { .none }
        }
        let clock = FakeClock(start)
        let root = try LocalAuthority(clock: clock).rootPublicKey()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        let manager = try SessionManager(dataDir: dir, keystore: CryptoKitKeystore(), secrets: MapStorage(), clock: clock,
                                         attestation: NoEvidence(), server: server, rootPublicKey: root, policy: defaultPolicy())
        guard case .signedOut = manager.restore(lang: .vi) else { return XCTFail("nothing was saved") }
        XCTAssertThrowsError(try manager.signIn(personalId: "001090012345", password: "x")) {
            guard case .Network? = $0 as? ApiError else { return XCTFail("\($0)") }
        }
    }
}
