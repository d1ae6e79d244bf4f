// Mirrors bindings/tests/kotlin/AppFlowTest.kt: the whole procedure as the iOS apps run it.
import Foundation
import VneidCore
import XCTest

final class AppFlowTests: XCTestCase {
    func testCitizenShowsQrAndOfficerScansGenuine() throws {
        let clock = FakeClock(start)
        let keystore = CryptoKitKeystore()
        let authority = try LocalAuthority(clock: clock)
        let citizen = try CitizenApp(account: citizenAccount, keystore: keystore, keyAlias: "vneid-device-key", clock: clock)

        // Tab Cá nhân: the setting needs enrolment first.
        XCTAssertEqual(citizen.qrSetting(), .needsEnrolment)
        try citizen.enrol(service: authority)
        XCTAssertTrue(citizen.isEnrolled())
        XCTAssertEqual(citizen.qrSetting(), .off)
        try citizen.setQrVerification(on: true)
        XCTAssertEqual(citizen.qrSetting(), .on)

        // Tab Trang chủ: the QR and its countdown.
        let qr = try citizen.makeIdentityQr()
        XCTAssertTrue(qr.text.hasPrefix("VN2:"))
        XCTAssertEqual(qr.secondsLeft(now: citizen.now()), 60)
        let frame = render(try qr.matrix())

        let officer = try OfficerApp(account: officerAccount, rootPublicKey: try authority.rootPublicKey(), clock: clock)
        let lists = try authority.publish()
        try officer.updateTrust(trustList: lists.trustList, revocationList: lists.revocationList)
        // An identity QR names its subject (from the device certificate).
        guard case let .genuine(subject?, serial, _, _, repeatScan, warnings, paper)? = try officer.scan(frame) else {
            return XCTFail("not genuine, or no subject")
        }
        XCTAssertEqual(subject.fullName, "Nguyễn Văn An")
        XCTAssertEqual(subject.dateOfBirth, "1990-01-02")
        XCTAssertEqual(subject.maskedPersonalId, "***********5")
        XCTAssertEqual(subject.level, .level2)
        XCTAssertEqual(serial, citizen.certificateSerial())
        XCTAssertFalse(repeatScan)
        XCTAssertTrue(warnings.isEmpty)
        XCTAssertNil(paper)

        // The same QR again is a repeat, never a fresh scan.
        guard case let .genuine(_, _, _, _, again, _, _)? = try officer.scan(frame) else {
            return XCTFail("not genuine")
        }
        XCTAssertTrue(again)

        // A frame without a QR: keep scanning.
        let blank = LumaFrame(luma: Data(repeating: 128, count: 320 * 240), width: 320, height: 240, rowStride: 320)
        XCTAssertNil(try officer.scan(blank))
        XCTAssertGreaterThanOrEqual(keystore.signatures, 2)
    }

    func testQrExpiresAfterSixtySecondsOnTheSwiftClock() throws {
        let w = try World()
        let qr = try w.citizen.makeIdentityQr()
        let frame = render(try qr.matrix())
        w.clock.advance(59)
        XCTAssertEqual(qr.secondsLeft(now: w.citizen.now()), 1)
        guard case .genuine? = try w.officer.scan(frame) else { return XCTFail("not genuine") }
        w.clock.advance(2) // 61 s after it was made: a screenshot shown later
        XCTAssertTrue(qr.isExpired(now: w.citizen.now()))
        XCTAssertEqual(try w.officer.scan(frame), .fake(reason: .tokenExpired))
        XCTAssertEqual(reasonText(reason: .tokenExpired, lang: .en),
                       "QR code expired — ask the citizen to create a new one")
        guard case .genuine = try w.officer.verifyText(text: try w.citizen.makeIdentityQr().text) else {
            return XCTFail("a fresh QR is genuine")
        }
    }

    func testQrDatedInTheFutureIsRefusedBeyondTheTolerance() throws {
        let w = try World()
        let tolerance = defaultPolicy().clockToleranceSecs
        w.clock.advance(tolerance + 1)
        let future = try w.citizen.makeIdentityQr().text
        w.clock.advance(-(tolerance + 1))
        XCTAssertEqual(try w.officer.verifyText(text: future), .fake(reason: .notYetValid))
    }

    func testForgedAndRevokedAppsAreFake() throws {
        let w = try World()
        var chars = Array(try w.citizen.makeIdentityQr().text)
        let i = chars.count - 10
        chars[i] = chars[i] == "1" ? "2" : "1"
        guard case .fake = try w.officer.verifyText(text: String(chars)) else { return XCTFail("forged is genuine") }

        let other = try World(clock: w.clock)
        XCTAssertEqual(try w.officer.verifyText(text: try other.citizen.makeIdentityQr().text),
                       .fake(reason: .unknownIssuer))

        let lists = try w.authority.revoke(certificateSerial: w.citizen.certificateSerial()!)
        try w.officer.updateTrust(trustList: lists.trustList, revocationList: lists.revocationList)
        XCTAssertEqual(try w.officer.verifyText(text: try w.citizen.makeIdentityQr().text), .fake(reason: .revoked))
        XCTAssertEqual(try w.officer.verifyText(text: "https://example.com"), .fake(reason: .malformed))
    }

    func testSavedStateRestoresWithTheSameKey() throws {
        let w = try World()
        let back = try CitizenApp.restore(savedState: try w.citizen.savedState(), keystore: w.keystore,
                                          keyAlias: "vneid-device-key", clock: w.clock)
        XCTAssertTrue(back.isEnrolled())
        XCTAssertTrue(back.qrVerification())
        XCTAssertEqual(back.account(), citizenAccount)
        guard case .genuine = try w.officer.verifyText(text: try back.makeIdentityQr().text) else {
            return XCTFail("not genuine")
        }
    }

    func testAuditLogKeepsScansWithoutPersonalData() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = try World()
        let path = dir.appendingPathComponent("audit").path
        XCTAssertEqual(try w.officer.openAuditLog(directory: path, secrets: memorySecretStorage()), .intact)
        _ = try w.officer.verifyText(text: try w.citizen.makeIdentityQr().text)
        _ = try w.officer.verifyText(text: "VN2:0000")
        let entries = w.officer.auditEntries()
        XCTAssertEqual(entries.count, 2)
        XCTAssertTrue(entries[0].genuine)
        XCTAssertEqual(entries[0].maskedPersonalId, "***********5")
        XCTAssertFalse(entries[1].genuine)
        let log = try String(contentsOfFile: path + "/audit-000001.log", encoding: .utf8)
        XCTAssertFalse(log.contains("001090012345") || log.contains("Nguyễn"))
    }

    func testWordsOnScreenComeFromTheOneTable() {
        XCTAssertEqual(text(key: "tab.personal", lang: .vi), "Cá nhân")
        XCTAssertEqual(text(key: "setting.qr_verification", lang: .vi), "Xác minh ứng dụng qua QR code")
        XCTAssertEqual(text(key: "tab.wallet", lang: .vi), "Ví giấy tờ")
        XCTAssertEqual(text(key: "tab.home", lang: .vi), "Trang chủ")
    }
}

final class ErrorTests: XCTestCase {
    func testLevelOneCannotTurnTheSettingOn() throws {
        let clock = FakeClock(start)
        let authority = try LocalAuthority(clock: clock)
        let citizen = try CitizenApp(account: account(level: .level1), keystore: CryptoKitKeystore(), keyAlias: "k", clock: clock)
        XCTAssertEqual(citizen.qrSetting(), .needsLevel2)
        try citizen.enrol(service: authority)
        XCTAssertThrowsError(try citizen.setQrVerification(on: true)) { error in
            XCTAssertEqual(error as? ApiError, .LevelTooLow(level: 1))
            XCTAssertFalse(String(describing: error).contains("001090012345"))
        }
        XCTAssertThrowsError(try citizen.makeIdentityQr()) { XCTAssertEqual($0 as? ApiError, .QrSettingOff) }
        let l1 = OfficerAccount(fullName: "x", level: .level1)
        XCTAssertThrowsError(try OfficerApp(account: l1, rootPublicKey: try authority.rootPublicKey(), clock: clock)) {
            XCTAssertEqual($0 as? ApiError, .LevelTooLow(level: 1))
        }
    }

    func testAppStateErrorsAreTyped() throws {
        let clock = FakeClock(start)
        let authority = try LocalAuthority(clock: clock)
        let citizen = try CitizenApp(account: citizenAccount, keystore: CryptoKitKeystore(), keyAlias: "k", clock: clock)
        XCTAssertThrowsError(try citizen.setQrVerification(on: true)) { XCTAssertEqual($0 as? ApiError, .NotEnrolled) }
        let officer = try OfficerApp(account: officerAccount, rootPublicKey: try authority.rootPublicKey(), clock: clock)
        XCTAssertThrowsError(try officer.verifyText(text: "VN2:0")) { XCTAssertEqual($0 as? ApiError, .NoTrustList) }
        let old = try authority.publish()
        let new = try authority.publish()
        try officer.updateTrust(trustList: new.trustList, revocationList: new.revocationList)
        XCTAssertThrowsError(try officer.updateTrust(trustList: old.trustList, revocationList: old.revocationList)) {
            guard case .StaleTrustList? = $0 as? ApiError else { return XCTFail("\($0)") }
        }
        let rogue = try LocalAuthority(clock: clock).publish()
        XCTAssertThrowsError(try officer.updateTrust(trustList: rogue.trustList, revocationList: rogue.revocationList)) {
            guard case .UntrustedList? = $0 as? ApiError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try officer.scanFrame(luma: Data(count: 10), width: 64, height: 64, rowStride: 64)) {
            guard case .InvalidInput? = $0 as? ApiError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try CitizenApp(account: account(personalId: "12345"), keystore: CryptoKitKeystore(), keyAlias: "k", clock: clock)) {
            guard case .InvalidInput? = $0 as? ApiError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try CitizenApp.restore(savedState: "{not json", keystore: CryptoKitKeystore(), keyAlias: "k", clock: clock)) {
            guard case .Corrupt? = $0 as? ApiError else { return XCTFail("\($0)") }
        }
    }

    func testErrorsThrownByTheAppReachTheCallerUnchanged() throws {
        final class Offline: EnrolmentService, @unchecked Sendable {
            func enrol(request: EnrolmentRequest) throws -> Data {
                XCTAssertEqual(request.devicePublicKey.count, 65)
                XCTAssertEqual(request.proof.count, 64)
                throw ApiError.Network(detail: "no connection")
            }
        }
        let clock = FakeClock(start)
        let citizen = try CitizenApp(account: citizenAccount, keystore: CryptoKitKeystore(), keyAlias: "k", clock: clock)
        XCTAssertThrowsError(try citizen.enrol(service: Offline())) {
            XCTAssertEqual($0 as? ApiError, .Network(detail: "no connection"))
        }
        XCTAssertFalse(citizen.isEnrolled())

        let authority = try LocalAuthority(clock: clock)
        let keystore = CryptoKitKeystore()
        let gone = try CitizenApp(account: citizenAccount, keystore: keystore, keyAlias: "k", clock: clock)
        keystore.delete(alias: "k")
        XCTAssertThrowsError(try gone.enrol(service: authority)) {
            XCTAssertEqual($0 as? ApiError, .Keystore(detail: "no key under this alias"))
        }

        // Signatures by another key than the one shown: refused at enrolment, not in the field.
        let other = try CitizenApp(account: citizenAccount, keystore: OtherSignerKeystore(), keyAlias: "k", clock: clock)
        XCTAssertThrowsError(try other.enrol(service: authority)) {
            guard case let .Keystore(detail)? = $0 as? ApiError else { return XCTFail("\($0)") }
            XCTAssertTrue(detail.contains("does not verify"))
        }
    }
}

final class ConcurrencyTests: XCTestCase {
    func testTwoThreadsScanAtOnce() throws {
        let w = try World()
        let second = try CitizenApp(account: account(fullName: "Lê Thị Cúc", personalId: "079195001234"),
                                    keystore: CryptoKitKeystore(), keyAlias: "k2", clock: w.clock)
        try second.enrol(service: w.authority)
        try second.setQrVerification(on: true)
        let frames = [render(try w.citizen.makeIdentityQr().matrix()), render(try second.makeIdentityQr().matrix())]
        let rounds = 15
        var results = [[Verdict?]](repeating: [], count: 2)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let verdicts = (0..<rounds).map { _ in try? w.officer.scan(frames[i]) }
            lock.lock()
            results[i] = verdicts
            lock.unlock()
        }
        var names = Set<String>()
        for list in results {
            XCTAssertEqual(list.count, rounds)
            var fresh = 0
            for v in list {
                guard case let .genuine(subject?, _, _, _, repeatScan, _, _)? = v else { return XCTFail("\(String(describing: v))") }
                if !repeatScan { fresh += 1 }
                names.insert(subject.fullName)
            }
            XCTAssertEqual(fresh, 1)
        }
        XCTAssertEqual(names, ["Nguyễn Văn An", "Lê Thị Cúc"])
    }
}
