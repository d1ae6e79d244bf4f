// The UI tests' camera: offers the same prepared frame ten times a second, as a camera would
// keep delivering frames of a QR held in front of it (the scanner drops those that arrive while
// one is in flight, and all of them while a verdict is on screen). Debug builds only.
#if DEBUG
import Foundation
import VNeIDPresentation

final class RepeatingFrameSource: FrameSource {
    private let lock = NSLock()
    private var current: LumaFrame?
    private let injected = InjectedFrameSource()
    private var timer: DispatchSourceTimer?
    private let queue = DispatchQueue(label: "vn.gov.vneid.injected-camera")

    /// The frame the "camera" sees; nil shows nothing (set from any queue).
    var frame: LumaFrame? {
        get { lock.lock(); defer { lock.unlock() }; return current }
        set { lock.lock(); current = newValue; lock.unlock() }
    }

    func start(_ sink: FrameSink) {
        injected.start(sink)
        let t = DispatchSource.makeTimerSource(queue: queue)
        t.schedule(deadline: .now() + .milliseconds(300), repeating: .milliseconds(100))
        t.setEventHandler { [weak self] in
            guard let self = self, let frame = self.frame else { return }
            self.injected.push(frame)
        }
        timer?.cancel()
        timer = t
        t.resume()
    }

    func stop() {
        timer?.cancel()
        timer = nil
        injected.stop()
    }
}
#endif
