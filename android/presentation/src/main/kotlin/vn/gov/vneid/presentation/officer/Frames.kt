// Camera frames as the officer's scanner sees them, where they come from, and synthetic ones
// drawn from a QR matrix (tests and UI tests feed those instead of a camera).
package vn.gov.vneid.presentation.officer

import vn.gov.vneid.core.OfficerAppInterface
import vn.gov.vneid.core.QrMatrix
import vn.gov.vneid.core.Scan
import vn.gov.vneid.core.ScreenLocale

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

/** Where frames come from: CameraX `ImageAnalysis` in the app, injected frames in tests. */
interface FrameSource {
    fun start(sink: FrameSink)
    fun stop()
}

/** Scans one frame with the core: the verdict with its screen, or null when no QR was read. */
fun OfficerAppInterface.scanForScreen(frame: LumaFrame, locale: ScreenLocale): Scan? =
    scanFrameForScreen(frame.luma, frame.width.toUInt(), frame.height.toUInt(), frame.rowStride.toUInt(), locale)

object SyntheticFrames {
    /**
     * A camera-like frame of [matrix]: [width] × [height] pixels with [pad] bytes of row padding,
     * mid-grey, the code black on white at [scale] pixels per module with its 4-module quiet
     * zone, centred.
     */
    fun render(matrix: QrMatrix, scale: Int = 3, width: Int = 640, height: Int = 480, pad: Int = 64): LumaFrame {
        val n = matrix.size.toInt()
        val side = (n + 8) * scale
        require(side <= width && side <= height) { "the code does not fit the frame" }
        val stride = width + pad
        val luma = ByteArray(stride * height) { 128.toByte() }
        val left = (width - side) / 2
        val top = (height - side) / 2
        for (y in 0 until side) for (x in 0 until side) {
            val (mx, my) = x / scale - 4 to y / scale - 4
            val dark = mx in 0 until n && my in 0 until n && matrix.modules[my * n + mx] == 1.toByte()
            luma[(top + y) * stride + left + x] = if (dark) 0 else 255.toByte()
        }
        return LumaFrame(luma, width, height, stride)
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
