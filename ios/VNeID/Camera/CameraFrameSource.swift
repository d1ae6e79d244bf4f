// The officer's camera: AVCaptureVideoDataOutput in bi-planar full-range YUV (420f). Each frame's
// Y plane (luma) is offered to the scanner with its bytes-per-row; the scanner copies it only if
// no other frame is in flight, and scans it on its own queue (never the main thread). Late
// frames are discarded by AVFoundation too (alwaysDiscardsLateVideoFrames).
import AVFoundation
import Foundation
import VNeIDPresentation

final class CameraFrameSource: NSObject, FrameSource, AVCaptureVideoDataOutputSampleBufferDelegate {
    static let shared = CameraFrameSource()

    let session = AVCaptureSession()
    private let cameraQueue = DispatchQueue(label: "vn.gov.vneid.camera", qos: .userInitiated)
    private let sinkLock = NSLock()
    private var sink: FrameSink?
    private var configured = false
    /// Called on the main queue when the camera cannot be used (no back camera, its input or
    /// output refused); the scan screen shows it with a retry.
    var onUnavailable: (() -> Void)?

    static var status: AVAuthorizationStatus { AVCaptureDevice.authorizationStatus(for: .video) }
    static var authorized: Bool { status == .authorized }

    static func requestAccess(_ done: @escaping (Bool) -> Void) {
        AVCaptureDevice.requestAccess(for: .video) { granted in DispatchQueue.main.async { done(granted) } }
    }

    func start(_ sink: FrameSink) {
        sinkLock.lock(); self.sink = sink; sinkLock.unlock()
        cameraQueue.async { [self] in
            if !configured { configured = configure() }
            if configured {
                if !session.isRunning { session.startRunning() }
            } else {
                // A half-made configuration is dropped, so that a retry starts clean.
                session.beginConfiguration()
                session.inputs.forEach(session.removeInput)
                session.outputs.forEach(session.removeOutput)
                session.commitConfiguration()
                DispatchQueue.main.async { self.onUnavailable?() }
            }
        }
    }

    func stop() {
        sinkLock.lock(); sink = nil; sinkLock.unlock()
        cameraQueue.async { [self] in
            if session.isRunning { session.stopRunning() }
        }
    }

    private func configure() -> Bool {
        guard let device = AVCaptureDevice.default(.builtInWideAngleCamera, for: .video, position: .back),
              let input = try? AVCaptureDeviceInput(device: device) else { return false }
        session.beginConfiguration()
        defer { session.commitConfiguration() }
        session.sessionPreset = .hd1280x720
        guard session.canAddInput(input) else { return false }
        session.addInput(input)
        let output = AVCaptureVideoDataOutput()
        output.videoSettings = [kCVPixelBufferPixelFormatTypeKey as String: kCVPixelFormatType_420YpCbCr8BiPlanarFullRange]
        output.alwaysDiscardsLateVideoFrames = true
        output.setSampleBufferDelegate(self, queue: cameraQueue)
        guard session.canAddOutput(output) else { return false }
        session.addOutput(output)
        if device.isFocusModeSupported(.continuousAutoFocus), (try? device.lockForConfiguration()) != nil {
            device.focusMode = .continuousAutoFocus
            device.unlockForConfiguration()
        }
        return true
    }

    func captureOutput(_ output: AVCaptureOutput, didOutput sampleBuffer: CMSampleBuffer, from connection: AVCaptureConnection) {
        sinkLock.lock(); let current = self.sink; sinkLock.unlock()
        guard let sink = current, let pixels = CMSampleBufferGetImageBuffer(sampleBuffer) else { return }
        _ = sink.offer { CameraFrameSource.lumaPlane(pixels) }
    }

    /// Plane 0 of a 420f pixel buffer: the Y (luma) bytes, with the buffer's own row length.
    static func lumaPlane(_ pixels: CVPixelBuffer) -> LumaFrame? {
        guard CVPixelBufferGetPlaneCount(pixels) >= 1 else { return nil }
        CVPixelBufferLockBaseAddress(pixels, .readOnly)
        defer { CVPixelBufferUnlockBaseAddress(pixels, .readOnly) }
        guard let base = CVPixelBufferGetBaseAddressOfPlane(pixels, 0) else { return nil }
        let width = CVPixelBufferGetWidthOfPlane(pixels, 0)
        let height = CVPixelBufferGetHeightOfPlane(pixels, 0)
        let bytesPerRow = CVPixelBufferGetBytesPerRowOfPlane(pixels, 0)
        let luma = Data(bytes: base, count: bytesPerRow * height)
        return LumaFrame(luma: luma, width: width, height: height, rowStride: bytesPerRow)
    }
}
