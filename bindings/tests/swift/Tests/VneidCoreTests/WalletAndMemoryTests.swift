// Mirrors bindings/tests/kotlin/WalletAndMemoryTest.kt.
import Darwin
import Foundation
import VneidCore
import XCTest

final class WalletTests: XCTestCase {
    func testPresentationFromTheWalletIsVerifiedByTheOfficer() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = try World()
        let storage = MapStorage()
        let path = dir.appendingPathComponent("wallet.bin").path
        let wallet = try Wallet.openOrCreate(path: path, secrets: storage, clock: w.clock)
        XCTAssertEqual(wallet.paperCount(), 0)
        // Issued to the enrolled device (bound to its key).
        for paper in try w.authority.issueSamplePapers(citizen: w.citizen) {
            _ = try wallet.add(paper: paper)
        }
        let list = wallet.list()
        XCTAssertEqual(list.map(\.typeCode), ["cccd", "gplx", "bhyt", "dkx"])
        XCTAssertTrue(list.allSatisfy { $0.status == .valid })
        XCTAssertEqual(storage.secrets["wallet-data-key"]?.count, 32)

        let id = try wallet.detail(paper: "cccd")
        // A paper is bound to the device, not to an ID number: the holder is its fields.
        XCTAssertEqual(id.fields.first { $0.key == "full_name" }?.text, "Nguyễn Văn An")
        let number = id.fields.first { $0.key == "number" }!
        XCTAssertEqual(number.text, "***********5")
        XCTAssertEqual(number.revealedText, "001090012345")

        XCTAssertTrue(paperTypes().first { $0.code == "gplx" }!.fields.contains { $0.key == "classes" })
        let qr = try wallet.present(citizen: w.citizen, paper: "gplx", fields: ["full_name", "classes"])
        XCTAssertTrue(qr.text.hasPrefix("VP2:"))
        XCTAssertEqual(qr.secondsLeft(now: w.citizen.now()), 60)

        guard case let .genuine(subject, serial, _, _, _, _, paper?)? = try w.officer.scan(render(try qr.matrix(), scale: 3)) else {
            return XCTFail("not a genuine presentation")
        }
        XCTAssertEqual(paper.typeCode, "gplx")
        XCTAssertEqual(paper.agency, "C08")
        XCTAssertEqual(paper.fields.map(\.key), ["full_name", "classes"])
        XCTAssertEqual(paper.fields.first?.text, "Nguyễn Văn An")
        // A presentation carries no certificate: no subject, only what was disclosed, from the
        // paper issued to this device.
        XCTAssertNil(subject)
        XCTAssertEqual(serial, w.citizen.certificateSerial())

        w.clock.advance(60)
        XCTAssertEqual(try w.officer.verifyText(text: qr.text), .fake(reason: .tokenExpired))

        XCTAssertEqual(try Wallet.open(path: path, secrets: storage, clock: w.clock).paperCount(), 4)
        let other = MapStorage()
        try other.put(name: "wallet-data-key", secret: Data(repeating: 7, count: 32))
        XCTAssertThrowsError(try Wallet.open(path: path, secrets: other, clock: w.clock)) {
            guard case .Corrupt? = $0 as? ApiError else { return XCTFail("\($0)") }
        }
    }
}

final class MemoryTests: XCTestCase {
    private func residentBytes() -> Int64 {
        var info = mach_task_basic_info()
        var count = mach_msg_type_number_t(MemoryLayout<mach_task_basic_info>.size) / 4
        let kr = withUnsafeMutablePointer(to: &info) {
            $0.withMemoryRebound(to: integer_t.self, capacity: Int(count)) {
                task_info(mach_task_self_, task_flavor_t(MACH_TASK_BASIC_INFO), $0, &count)
            }
        }
        return kr == KERN_SUCCESS ? Int64(info.resident_size) : 0
    }

    func testTenThousandObjectsCreatedAndReleasedWithoutGrowth() throws {
        let w = try World()
        let root = try w.authority.rootPublicKey()
        let keystore = CryptoKitKeystore()
        func cycle(_ i: Int) throws {
            try autoreleasepool {
                let clock = ManualClock(now: start + Int64(i))
                _ = try CitizenApp(account: citizenAccount, keystore: keystore, keyAlias: "leak-check", clock: clock).qrSetting()
                _ = try OfficerApp(account: officerAccount, rootPublicKey: root, clock: clock).trustSequences()
            }
        }
        for i in 0..<5_000 { try cycle(i) } // warm up
        let liveBefore = liveObjects()
        let rssBefore = residentBytes()
        for i in 0..<10_000 { try cycle(i) } // 3 Rust objects per cycle, freed by ARC
        let rssAfter = residentBytes()
        print("memory after 10000 cycles: RSS \(rssAfter - rssBefore) bytes, live objects \(liveBefore) -> \(liveObjects())")
        XCTAssertEqual(liveObjects(), liveBefore)
        XCTAssertLessThan(rssAfter - rssBefore, 8 * 1024 * 1024)
    }
}
