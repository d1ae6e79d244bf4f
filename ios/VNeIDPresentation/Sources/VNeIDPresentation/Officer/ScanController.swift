// The officer's scan screen: camera frames in, one screen state out.
import Foundation
import VneidCore

public enum ScanState: Equatable {
    /// The camera preview with the frame guide.
    case scanning
    /// The verdict screen.
    case result(verdict: Verdict, model: VerdictModel)
    /// The core could not scan (no trust list …).
    case failed(message: UiText)
}

/// Connects a `FrameSource` to the core through a `FrameScanner`. `onState` is called on the
/// scan queue: post it to the main queue.
public final class ScanController: FrameScannerListener {
    public private(set) var scanner: FrameScanner!
    private let zone: TimeZone
    private let onState: (ScanState) -> Void
    private var source: FrameSource?

    public init(officer: OfficerAppProtocol, executor: ScanExecutor, zone: TimeZone,
                onState: @escaping (ScanState) -> Void) {
        self.zone = zone
        self.onState = onState
        scanner = FrameScanner(scan: { try officer.scan($0) }, executor: executor, listener: self)
    }

    public func onVerdict(_ verdict: Verdict) {
        onState(.result(verdict: verdict, model: VerdictModel.of(verdict, zone: zone)))
    }

    public func onError(_ error: ApiError) {
        onState(.failed(message: errorText(error)))
    }

    public func start(_ source: FrameSource) {
        stop()
        self.source = source
        source.start(scanner)
    }

    public func stop() {
        source?.stop()
        source = nil
    }

    /// "Quét mã khác": back to scanning.
    public func scanAgain() {
        onState(.scanning)
        scanner.resume()
    }
}
