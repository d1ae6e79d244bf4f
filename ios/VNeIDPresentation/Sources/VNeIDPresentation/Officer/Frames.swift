// Camera frames as the officer's scanner sees them, where they come from, and synthetic ones
// drawn from a QR matrix (tests and the UI tests feed those instead of a camera).
import Foundation
import VneidCore

/// Where work runs: a background queue, never the main one. Tests pass a hand-run executor.
public protocol WorkExecutor: AnyObject {
    func execute(_ work: @escaping () -> Void)
}

extension DispatchQueue: WorkExecutor {
    public func execute(_ work: @escaping () -> Void) { async(execute: work) }
}

/// One grey frame: the Y (luma) plane of a camera image, `width` × `height` pixels, row `y`
/// starting at `y * rowStride` (camera buffers pad their rows: iOS `bytesPerRow`).
public struct LumaFrame {
    public let luma: Data
    public let width: Int
    public let height: Int
    public let rowStride: Int

    /// Nil for an impossible geometry (the core would refuse it too).
    public init?(luma: Data, width: Int, height: Int, rowStride: Int) {
        guard width > 0, height > 0, rowStride >= width,
              luma.count >= rowStride * (height - 1) + width else { return nil }
        self.luma = luma
        self.width = width
        self.height = height
        self.rowStride = rowStride
    }
}

/// Where frames go. `offer` takes a *supplier* so that a frame is copied out of the camera
/// buffer only when it will be scanned: returns false when it was dropped.
public protocol FrameSink: AnyObject {
    func offer(_ frame: () -> LumaFrame?) -> Bool
}

/// Where frames come from: the camera (`AVCaptureVideoDataOutput`) in the app, injected frames
/// in tests.
public protocol FrameSource: AnyObject {
    func start(_ sink: FrameSink)
    func stop()
}

public extension OfficerAppProtocol {
    /// Scans one frame with the core: the verdict with its screen, or nil when no QR was read.
    func scanForScreen(_ frame: LumaFrame, locale: ScreenLocale) throws -> Scan? {
        try scanFrameForScreen(luma: frame.luma, width: UInt32(frame.width), height: UInt32(frame.height),
                               rowStride: UInt32(frame.rowStride), locale: locale)
    }
}

public enum SyntheticFrames {
    /// A camera-like frame of `matrix`: `width` × `height` pixels with `pad` bytes of row
    /// padding, mid-grey, the code black on white at `scale` pixels per module with its
    /// 4-module quiet zone, centred. Nil when the code does not fit.
    public static func render(_ matrix: QrMatrix, scale: Int = 3, width: Int = 640, height: Int = 480,
                              pad: Int = 64) -> LumaFrame? {
        let n = Int(matrix.size)
        let side = (n + 8) * scale
        guard side <= width, side <= height, matrix.modules.count >= n * n else { return nil }
        let stride = width + pad
        let modules = [UInt8](matrix.modules)
        var luma = [UInt8](repeating: 128, count: stride * height)
        let left = (width - side) / 2
        let top = (height - side) / 2
        for y in 0..<side {
            for x in 0..<side {
                let mx = x / scale - 4, my = y / scale - 4
                let dark = mx >= 0 && mx < n && my >= 0 && my < n && modules[my * n + mx] == 1
                luma[(top + y) * stride + left + x] = dark ? 0 : 255
            }
        }
        return LumaFrame(luma: Data(luma), width: width, height: height, rowStride: stride)
    }

    /// A frame with nothing in it.
    public static func blank(width: Int = 320, height: Int = 240) -> LumaFrame {
        LumaFrame(luma: Data(repeating: 128, count: width * height), width: width, height: height, rowStride: width)!
    }
}

/// A `FrameSource` that hands over given frames when told to: the tests' camera.
public final class InjectedFrameSource: FrameSource {
    private let lock = NSLock()
    private var sink: FrameSink?

    public init() {}

    public func start(_ sink: FrameSink) {
        lock.lock(); self.sink = sink; lock.unlock()
    }

    public func stop() {
        lock.lock(); sink = nil; lock.unlock()
    }

    public var started: Bool {
        lock.lock(); defer { lock.unlock() }
        return sink != nil
    }

    /// Offers `frame` as the camera would; false when dropped or not started.
    @discardableResult
    public func push(_ frame: LumaFrame) -> Bool {
        lock.lock(); let s = sink; lock.unlock()
        return s?.offer { frame } ?? false
    }
}
