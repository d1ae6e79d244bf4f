// Camera frames as the officer's scanner sees them, where they come from, and synthetic ones
// made from a QR (for tests that feed frames instead of a camera).
package vn.gov.vneid.presentation.officer

import vn.gov.vneid.core.OfficerAppInterface
import vn.gov.vneid.core.QrMatrix
import vn.gov.vneid.core.qrFrame
import vn.gov.vneid.core.Verdict

/**
 * One grey frame: the Y (luma) plane of a camera image, [width] × [height] pixels, row `y`
 * starting at `y * rowStride` (camera buffers pad their rows).
 */
class LumaFrame(val luma: ByteArray, val width: Int, val height: Int, val rowStride: Int) {
    init {
        require(width > 0 && height > 0 && rowStride >= width) { "bad frame geometry" }
        require(luma.size >= rowStride.toLong() * (height - 1) + width) { "frame buffer too small" }
    }
}

/**
 * Where frames go. [offer] takes a *supplier* so that a frame is copied out of the camera
 * buffer only when it will be scanned: returns false when it was dropped.
 */
fun interface FrameSink {
    fun offer(frame: () -> LumaFrame): Boolean
}

/**
 * Where frames come from: the camera (CameraX `ImageAnalysis`) in the app, a list of
 * prepared frames in tests.
 */
interface FrameSource {
    fun start(sink: FrameSink)
    fun stop()
}

/** Scans one frame with the core: a verdict, or null when the frame holds no readable QR. */
fun OfficerAppInterface.scan(frame: LumaFrame): Verdict? =
    scanFrame(frame.luma, frame.width.toUInt(), frame.height.toUInt(), frame.rowStride.toUInt())

object SyntheticFrames {
    /**
     * A camera-like frame showing [matrix]: [width] × [height] pixels with [pad] bytes of row
     * padding, a mid-grey background, the code at [scale] pixels per module with its 4-module
     * quiet zone, centred.
     */
    fun render(matrix: QrMatrix, scale: Int = 3, width: Int = 640, height: Int = 480, pad: Int = 64): LumaFrame {
        val stride = width + pad
        return LumaFrame(qrFrame(matrix, scale.toUInt(), width.toUInt(), height.toUInt(), stride.toUInt()), width, height, stride)
    }

    /** A frame with nothing in it. */
    fun blank(width: Int = 320, height: Int = 240): LumaFrame = LumaFrame(ByteArray(width * height) { 128.toByte() }, width, height, width)
}

/** A [FrameSource] that hands over given frames when told to: the UI tests' camera. */
class InjectedFrameSource : FrameSource {
    @Volatile private var sink: FrameSink? = null

    override fun start(sink: FrameSink) {
        this.sink = sink
    }

    override fun stop() {
        sink = null
    }

    val started: Boolean get() = sink != null

    /** Offers [frame] as the camera would; false when dropped or not started. */
    fun push(frame: LumaFrame): Boolean = sink?.offer { frame } ?: false
}
