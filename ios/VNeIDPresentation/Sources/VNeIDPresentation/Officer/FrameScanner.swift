// The scan loop between the camera and the core: one frame in flight at a time, every other
// frame dropped (not queued) until it is done; a verdict stops scanning until the officer
// asks for the next one.
import Foundation
import VneidCore

public protocol FrameScannerListener: AnyObject {
    /// A QR was found and verified: show its screen. Called on the scan queue.
    func onScan(_ scan: Scan)
    /// The core threw (no trust list, the log write failed). Called on the scan queue.
    func onError(_ error: ApiError)
}

public final class FrameScanner: FrameSink {
    public enum Phase: Hashable {
        /// Waiting for a frame.
        case scanning
        /// A frame is being scanned: new frames are dropped.
        case inFlight
        /// A verdict or an error is on screen: frames are dropped until `resume()`.
        case paused
    }

    private let scan: (LumaFrame) throws -> Scan?
    private let executor: WorkExecutor
    private weak var listener: FrameScannerListener?
    private let lock = NSLock()
    private var phase = Phase.scanning
    private var dropped: Int64 = 0
    private var scanned: Int64 = 0

    /// - Parameters:
    ///   - scan: the core's frame scanner (`OfficerApp.scanFrameForScreen`).
    ///   - executor: where scans run.
    ///   - listener: held weakly (the screen owns it).
    public init(scan: @escaping (LumaFrame) throws -> Scan?, executor: WorkExecutor, listener: FrameScannerListener) {
        self.scan = scan
        self.executor = executor
        self.listener = listener
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock(); defer { lock.unlock() }
        return body()
    }

    public var currentPhase: Phase { locked { phase } }

    /// Frames dropped because one was in flight or a result was showing.
    public var droppedFrames: Int64 { locked { dropped } }

    /// Frames handed to the core.
    public var scannedFrames: Int64 { locked { scanned } }

    public func offer(_ frame: () -> LumaFrame?) -> Bool {
        let taken: Bool = locked {
            if phase != .scanning {
                dropped += 1
                return false
            }
            phase = .inFlight
            return true
        }
        guard taken else { return false }
        guard let f = frame() else {
            // The camera buffer could not be read: nothing in flight after all.
            locked { phase = .scanning }
            return false
        }
        locked { scanned += 1 }
        executor.execute { [self] in run(f) }
        return true
    }

    private func run(_ frame: LumaFrame) {
        do {
            if let found = try scan(frame) {
                locked { phase = .paused }
                listener?.onScan(found)
            } else {
                locked { phase = .scanning }
            }
        } catch {
            locked { phase = .paused }
            listener?.onError(error as? ApiError ?? .Internal(detail: "frame scan failed"))
        }
    }

    /// The officer wants the next scan.
    public func resume() {
        locked {
            if phase == .paused { phase = .scanning }
        }
    }
}
