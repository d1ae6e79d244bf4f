// Mirrors android/presentation's FrameScannerTest.kt: the scan loop between the camera and the
// core's scanFrameForScreen, against the fixture vectors.
import Foundation
import VneidCore
import XCTest
@testable import VNeIDPresentation

final class FrameScannerTests: XCTestCase {
    private final class Recorder: FrameScannerListener {
        private let lock = NSLock()
        private(set) var scans: [Scan] = []
        private(set) var errors: [ApiError] = []
        func onScan(_ scan: Scan) { lock.lock(); scans.append(scan); lock.unlock() }
        func onError(_ error: ApiError) { lock.lock(); errors.append(error); lock.unlock() }
    }

    func testFramesAreDroppedWhileOneIsInFlightAndAfterAVerdict() throws {
        let officer = try Fixtures.officer(TestClock(Fixtures.genuineAt))
        let exec = ManualExecutor()
        let rec = Recorder()
        let scanner = FrameScanner(scan: { try officer.scanForScreen($0, locale: VN) }, executor: exec, listener: rec)
        let blank = SyntheticFrames.blank()
        let qrFrame = try Fixtures.genuineFrame()
        var copies = 0

        XCTAssertTrue(scanner.offer { copies += 1; return blank })
        XCTAssertEqual(scanner.currentPhase, .inFlight)
        // Camera frames keep coming while the first is scanned: dropped, not even copied.
        for _ in 0..<4 { XCTAssertFalse(scanner.offer { copies += 1; return qrFrame }) }
        XCTAssertEqual(copies, 1)
        XCTAssertEqual(scanner.droppedFrames, 4)
        XCTAssertEqual(exec.pending, 1)

        exec.runAll() // no QR in it: back to scanning
        XCTAssertEqual(scanner.currentPhase, .scanning)
        XCTAssertTrue(rec.scans.isEmpty)

        XCTAssertTrue(scanner.offer { qrFrame })
        exec.runAll()
        XCTAssertEqual(scanner.currentPhase, .paused)
        XCTAssertEqual(rec.scans.map(\.view.kind), [.genuine])

        // The verdict is on screen: frames are dropped until the officer asks for the next.
        XCTAssertFalse(scanner.offer { qrFrame })
        XCTAssertEqual(exec.pending, 0)
        scanner.resume()
        XCTAssertEqual(scanner.currentPhase, .scanning)
        XCTAssertTrue(scanner.offer { qrFrame })
        exec.runAll()
        XCTAssertNotNil(rec.scans.last?.view.`repeat`, "the second scan of the same QR is a repeat")
        XCTAssertEqual(scanner.scannedFrames, 3)
        XCTAssertEqual(scanner.droppedFrames, 5)
    }

    func testNeverMoreThanOneFrameInFlightUnderLoad() throws {
        let officer = try Fixtures.officer(TestClock(Fixtures.genuineAt))
        let pool = DispatchQueue(label: "pool", attributes: .concurrent)
        let lock = NSLock()
        var inFlight = 0, most = 0, scanned = 0
        let group = DispatchGroup()
        let scanner = FrameScanner(scan: { frame in
            group.enter()
            defer { group.leave() }
            lock.lock(); inFlight += 1; most = max(most, inFlight); lock.unlock()
            defer { lock.lock(); inFlight -= 1; lock.unlock() }
            let found = try officer.scanForScreen(frame, locale: VN)
            lock.lock(); scanned += 1; lock.unlock()
            return found
        }, executor: pool, listener: Recorder())
        let blank = SyntheticFrames.blank()
        var accepted = 0
        for _ in 0..<300 {
            if scanner.offer({ blank }) { accepted += 1 }
            usleep(200)
        }
        XCTAssertEqual(group.wait(timeout: .now() + 30), .success)
        // The last scan's phase change may trail its group.leave(): wait for it.
        let deadline = Date().addingTimeInterval(5)
        while scanner.currentPhase == .inFlight && Date() < deadline { usleep(1000) }
        lock.lock(); defer { lock.unlock() }
        XCTAssertEqual(most, 1)
        XCTAssertEqual(accepted, scanned)
        XCTAssertEqual(scanner.scannedFrames + scanner.droppedFrames, 300)
        XCTAssertGreaterThan(scanner.droppedFrames, 0, "some frames dropped")
    }

    func testNoTrustListPausesWithTheCoresWords() throws {
        let bare = try Fixtures.bareOfficer(TestClock(Fixtures.genuineAt))
        var states: [ScanState] = []
        let exec = ManualExecutor()
        let controller = ScanController(officer: bare, executor: exec, locale: { VN }) { states.append($0) }
        let camera = InjectedFrameSource()
        controller.start(camera)
        let frame = try Fixtures.genuineFrame()
        XCTAssertTrue(camera.push(frame))
        exec.runAll()
        XCTAssertEqual(states, [.failed(message: errorText(error: .NoTrustList, lang: .vi))])
        XCTAssertEqual(controller.scanner.currentPhase, .paused)
        XCTAssertFalse(camera.push(frame))
        controller.scanAgain()
        XCTAssertEqual(states.last, .scanning)
        XCTAssertEqual(controller.scanner.currentPhase, .scanning)
        controller.stop()
        XCTAssertFalse(camera.started)
    }

    /// What the UI tests do in the simulator: a frame of a QR → GENUINE; 60 s later the same
    /// frame → FAKE, expired.
    func testInjectedFrameGenuineThenExpired() throws {
        let clock = TestClock(Fixtures.genuineAt)
        let officer = try Fixtures.officer(clock)
        let queue = DispatchQueue(label: "scan")
        let lock = NSLock()
        var results: [Scan] = []
        var expectation = self.expectation(description: "genuine")
        let controller = ScanController(officer: officer, executor: queue, locale: { VN }) { s in
            guard case let .result(scan) = s else { return }
            lock.lock(); results.append(scan); lock.unlock()
            expectation.fulfill()
        }
        let camera = InjectedFrameSource()
        controller.start(camera)
        XCTAssertTrue(camera.started)
        let frame = try Fixtures.genuineFrame()
        XCTAssertTrue(camera.push(frame))
        wait(for: [expectation], timeout: 10)
        let genuine = try XCTUnwrap(results.last).view
        XCTAssertEqual(genuine.headline, "Ứng dụng thật / GENUINE")
        XCTAssertTrue(genuine.rows.contains { $0.value.range(of: "^\\*{11}\\d$", options: .regularExpression) != nil })

        clock.advance(60)
        expectation = self.expectation(description: "expired")
        controller.scanAgain()
        XCTAssertTrue(camera.push(frame))
        wait(for: [expectation], timeout: 10)
        let fake = try XCTUnwrap(results.last).view
        XCTAssertEqual(fake.kind, .fake)
        XCTAssertEqual(fake.reasonCode, "token_expired")
        XCTAssertEqual(fake.headline, "Ứng dụng giả / FAKE")
        controller.stop()
    }

    func testSyntheticFramesHoldTheCodeTheCoreReads() throws {
        let matrix = try encodeQr(text: Fixtures.text("token-genuine.txt"))
        let frame = try XCTUnwrap(SyntheticFrames.render(matrix, pad: 13))
        XCTAssertEqual(frame.rowStride, frame.width + 13)
        XCTAssertNil(SyntheticFrames.render(matrix, scale: 40), "does not fit")
        XCTAssertNil(LumaFrame(luma: Data(count: 10), width: 4, height: 4, rowStride: 4), "buffer too small")
    }
}
