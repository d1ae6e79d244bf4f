// Mirrors FrameScannerTest.kt.
import Foundation
import VneidCore
import XCTest
@testable import VNeIDPresentation

final class FrameScannerTests: XCTestCase {
    private final class Recorder: FrameScannerListener {
        private let lock = NSLock()
        private(set) var verdicts: [Verdict] = []
        private(set) var errors: [ApiError] = []
        func onVerdict(_ verdict: Verdict) { lock.lock(); verdicts.append(verdict); lock.unlock() }
        func onError(_ error: ApiError) { lock.lock(); errors.append(error); lock.unlock() }
    }

    func testFramesAreDroppedWhileOneIsInFlightAndAfterAVerdict() throws {
        let w = try World()
        let exec = ManualExecutor()
        let rec = Recorder()
        let scanner = FrameScanner(scan: { try w.officer.scan($0) }, executor: exec, listener: rec)
        let blank = SyntheticFrames.blank()
        let qrFrame = try XCTUnwrap(SyntheticFrames.render(try w.citizen.makeIdentityQr().matrix()))
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
        XCTAssertTrue(rec.verdicts.isEmpty)

        XCTAssertTrue(scanner.offer { qrFrame })
        exec.runAll()
        XCTAssertEqual(scanner.currentPhase, .paused)
        XCTAssertEqual(rec.verdicts.count, 1)
        guard case .genuine = rec.verdicts[0] else { return XCTFail("not genuine") }

        // The verdict is on screen: frames are dropped until the officer asks for the next.
        XCTAssertFalse(scanner.offer { qrFrame })
        XCTAssertEqual(exec.pending, 0)
        scanner.resume()
        XCTAssertEqual(scanner.currentPhase, .scanning)
        XCTAssertTrue(scanner.offer { qrFrame })
        exec.runAll()
        guard case let .genuine(_, _, _, _, repeatScan, _, _)? = rec.verdicts.last else { return XCTFail("not genuine") }
        XCTAssertTrue(repeatScan)
        XCTAssertEqual(scanner.scannedFrames, 3)
        XCTAssertEqual(scanner.droppedFrames, 6)
    }

    func testNeverMoreThanOneFrameInFlightUnderLoad() throws {
        let w = try World()
        let pool = DispatchQueue(label: "pool", attributes: .concurrent)
        let lock = NSLock()
        var inFlight = 0, most = 0, scanned = 0
        let group = DispatchGroup()
        let rec = Recorder()
        let scanner = FrameScanner(scan: { frame in
            group.enter()
            defer { group.leave() }
            lock.lock(); inFlight += 1; most = max(most, inFlight); lock.unlock()
            defer { lock.lock(); inFlight -= 1; lock.unlock() }
            let v = try w.officer.scan(frame)
            lock.lock(); scanned += 1; lock.unlock()
            return v
        }, executor: pool, listener: rec)
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

    func testMissingTrustListPausesWithTheError() throws {
        let clock = ManualClock(now: START)
        let w = try World(clock: clock)
        let bare = try OfficerApp(account: OfficerAccount(fullName: "x", level: .level2),
                                  rootPublicKey: w.authority.rootPublicKey(), clock: clock)
        let exec = ManualExecutor()
        let rec = Recorder()
        let scanner = FrameScanner(scan: { try bare.scan($0) }, executor: exec, listener: rec)
        let f = try XCTUnwrap(SyntheticFrames.render(try w.citizen.makeIdentityQr().matrix()))
        _ = scanner.offer { f }
        exec.runAll()
        XCTAssertEqual(rec.errors, [.NoTrustList])
        XCTAssertEqual(scanner.currentPhase, .paused)
        XCTAssertEqual(errorKey(rec.errors[0]), Keys.errorNoTrustList)
    }

    /// What the UI test does in the simulator: fixture token → frame → GENUINE; 60 s later → FAKE, expired.
    func testInjectedFixtureFrameGenuineThenExpired() throws {
        let clock = ManualClock(now: Fixtures.genuineAt)
        let officer = try Fixtures.officer(clock)
        let queue = DispatchQueue(label: "scan")
        var states: [ScanState] = []
        let lock = NSLock()
        let done = expectation(description: "genuine")
        let controller = ScanController(officer: officer, executor: queue, zone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!) { s in
            lock.lock(); states.append(s); lock.unlock()
            if case .result = s { done.fulfill() }
        }
        let camera = InjectedFrameSource()
        controller.start(camera)
        XCTAssertTrue(camera.started)
        let f = try XCTUnwrap(SyntheticFrames.render(try encodeQr(text: Fixtures.text("token-genuine.txt"))))
        XCTAssertTrue(camera.push(f))
        wait(for: [done], timeout: 10)
        guard case let .result(_, genuine)? = states.last else { return XCTFail("no result") }
        XCTAssertTrue(genuine.genuine)
        XCTAssertEqual(genuine.headline.vi(), "Ứng dụng thật / GENUINE")

        clock.advance(seconds: 60)
        let expired = expectation(description: "expired")
        let controller2 = ScanController(officer: officer, executor: queue, zone: TimeZone(identifier: "UTC")!) { s in
            if case .result = s { lock.lock(); states.append(s); lock.unlock(); expired.fulfill() }
        }
        controller2.start(camera)
        XCTAssertTrue(camera.push(f))
        wait(for: [expired], timeout: 10)
        guard case let .result(_, fake)? = states.last else { return XCTFail("no result") }
        XCTAssertFalse(fake.genuine)
        XCTAssertEqual(fake.reasonCode, "token_expired")
        XCTAssertEqual(fake.headline.vi(), "Ứng dụng giả / FAKE")
        controller.stop()
        controller2.stop()
    }
}
