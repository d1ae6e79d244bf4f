// The officer's scan screen: camera frames in, one screen state out. What the verdict screen
// shows (rows, tone, haptic, words) is the core's VerdictView.
import Foundation
import VneidCore

public enum ScanState: Equatable {
    /// The camera preview with the frame guide.
    case scanning
    /// The verdict screen.
    case result(Scan)
    /// The core could not scan (no trust list, the scan log could not be written …), in words.
    case failed(message: String)
}

/// Connects a `FrameSource` to the core through a `FrameScanner`. `onState` is called on the
/// scan queue: post it to the main queue. `locale` is read for each scan.
public final class ScanController: FrameScannerListener {
    public private(set) var scanner: FrameScanner!
    private let locale: () -> ScreenLocale
    private let onState: (ScanState) -> Void
    private var source: FrameSource?

    public init(officer: OfficerAppProtocol, executor: WorkExecutor, locale: @escaping () -> ScreenLocale,
                onState: @escaping (ScanState) -> Void) {
        self.locale = locale
        self.onState = onState
        scanner = FrameScanner(scan: { try officer.scanForScreen($0, locale: locale()) }, executor: executor, listener: self)
    }

    public func onScan(_ scan: Scan) {
        onState(.result(scan))
    }

    public func onError(_ error: ApiError) {
        onState(.failed(message: errorText(error: error, lang: locale().lang)))
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
