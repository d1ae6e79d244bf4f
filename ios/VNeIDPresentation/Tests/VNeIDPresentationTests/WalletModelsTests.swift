// Mirrors WalletModelsTest.kt.
import VneidCore
import XCTest
@testable import VNeIDPresentation

final class WalletModelsTests: XCTestCase {
    private let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

    func testListShowsStatusesAndAnExpiredPaper() throws {
        let w = try World()
        let wallet = try w.wallet()
        // Issued to the citizen's enrolled device.
        _ = try wallet.add(paper: w.authority.issuePaper(paper: NewPaper(
            typeCode: "bhyt", validFrom: START - 400 * 86_400,
            validUntil: START - 30 * 86_400, fields: [FieldEntry(key: "full_name", value: "Nguyễn Văn An")]),
            citizen: w.citizen))
        let state = walletState(wallet, zone: zone)
        XCTAssertNil(state.empty)
        XCTAssertEqual(state.rows.count, 5)
        let expired = try XCTUnwrap(state.rows.first { $0.status == .key("paper.status.expired") })
        XCTAssertEqual(expired.statusColor, Palette.warning)
        XCTAssertFalse(expired.presentable)
        XCTAssertEqual(expired.status.vi(), "Hết hiệu lực")
        let valid = state.rows.filter(\.presentable)
        XCTAssertEqual(valid.count, 4)
        XCTAssertTrue(valid.allSatisfy { $0.status.vi() == "Còn hiệu lực" && $0.statusColor == Palette.genuine })
        XCTAssertTrue(state.rows.contains { $0.name == .bilingual(vi: "Giấy phép lái xe", en: "Driving licence") || $0.typeCode == "gplx" })
        for s in [PaperStatus.valid, .notYetValid, .expired, .revoked] {
            XCTAssertNotEqual(UiText.key(statusKey(s)).vi(), statusKey(s))
        }
        XCTAssertEqual(statusColor(.revoked), Palette.fake)
    }

    func testIdNumberIsMaskedUntilTapped() throws {
        let w = try World()
        let d0 = PaperDetailState(detail: try w.wallet().detail(paper: "cccd"), zone: zone)
        let number = try XCTUnwrap(d0.fields.first { $0.key == "number" })
        XCTAssertTrue(number.maskable)
        XCTAssertFalse(number.revealed)
        XCTAssertEqual(number.value, "***********5")
        XCTAssertEqual(number.hint, .key(Keys.walletTapToShow))
        // A paper is bound to the device, not to an ID number: no holder row, and the full
        // number nowhere in the header.
        XCTAssertFalse(d0.header.contains { $0.label == .key(Keys.labelHolder) })
        XCTAssertFalse(d0.header.contains { $0.value.vi().contains("001090012345") })

        let d1 = d0.toggle("number")
        let shown = try XCTUnwrap(d1.fields.first { $0.key == "number" })
        XCTAssertTrue(shown.revealed)
        XCTAssertEqual(shown.value, "001090012345")
        XCTAssertEqual(shown.hint, .key(Keys.walletTapToHide))
        XCTAssertEqual(d1.toggle("number").fields.first { $0.key == "number" }?.value, "***********5")

        // A field that is not an ID number has nothing to reveal.
        let name = try XCTUnwrap(d0.fields.first { $0.key == "full_name" })
        XCTAssertFalse(name.maskable)
        XCTAssertNil(name.hint)
        XCTAssertEqual(d0.toggle("full_name"), d0)
        XCTAssertEqual(d0.toggle("no_such_field"), d0)
    }

    func testPresentationDisclosesOnlyThePickedFields() throws {
        let w = try World()
        let gplx = try XCTUnwrap(paperTypes().first { $0.code == "gplx" })
        var picker = FieldPicker(type: gplx)
        XCTAssertTrue(picker.options.allSatisfy { !$0.checked })
        XCTAssertEqual(picker.hint, .key(Keys.walletNoFields))
        picker = picker.toggle("classes").toggle("full_name").toggle("nonsense")
        XCTAssertNil(picker.hint)
        let order = gplx.fields.map(\.key)
        XCTAssertEqual(picker.selectedKeys, ["full_name", "classes"].sorted { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! })

        let present = PresentController(wallet: try w.wallet(), citizen: w.citizen, paper: "gplx", fields: picker.selectedKeys)
        let state = present.tick()
        guard case let .showingQr(qr, matrix, countdown) = state else { return XCTFail("no QR") }
        XCTAssertTrue(state.secureScreen)
        XCTAssertTrue(qr.text.hasPrefix("VP2:"))
        XCTAssertEqual(countdown.secondsLeft, 60)

        let verdict = try XCTUnwrap(try w.officer.scan(try XCTUnwrap(SyntheticFrames.render(matrix, scale: 2))))
        guard case let .genuine(subject, serial, _, _, _, _, _) = verdict else { return XCTFail("not genuine") }
        // A presentation carries no certificate: no subject, and no subject rows on the screen;
        // what it shows of the holder is the disclosed fields (below).
        XCTAssertNil(subject)
        XCTAssertEqual(serial, w.citizen.certificateSerial())
        let m = VerdictModel.of(verdict, zone: zone)
        XCTAssertEqual(m.rows.map(\.label), [.key(Keys.labelSerial), .key(Keys.labelExpiresAt)])
        let paper = try XCTUnwrap(m.paper)
        XCTAssertEqual(paper.name, .bilingual(vi: "Giấy phép lái xe", en: "Driving licence"))
        let labels = paper.fields.compactMap { row -> String? in
            if case let .bilingual(_, en) = row.label { return en }
            return nil
        }
        XCTAssertEqual(labels, gplx.fields.filter { picker.selectedKeys.contains($0.key) }.map(\.labelEn))
        XCTAssertTrue(paper.fields.contains { $0.value == .plain("Nguyễn Văn An") })

        // 60 seconds later the screen makes a new one by itself.
        w.clock.advance(seconds: 60)
        guard case let .showingQr(again, _, _) = present.tick() else { return XCTFail("no QR") }
        XCTAssertNotEqual(again.text, qr.text)
    }

    func testPresentingWithTheSettingOffSaysWhere() throws {
        let w = try World(settingOn: false)
        let state = PresentController(wallet: try w.wallet(), citizen: w.citizen, paper: "cccd", fields: []).tick()
        XCTAssertEqual(state, .failed(message: .key(Keys.homeSettingOff)))
        XCTAssertFalse(state.secureScreen)
    }
}
