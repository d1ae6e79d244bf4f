// The officer's camera: CameraX preview plus ImageAnalysis. Each analysed image's Y plane
// (luma bytes, width, height, row stride) is offered to the FrameScanner, which copies it only
// when no frame is in flight and scans it with the core on its own thread.
package vn.gov.vneid.app.platform

import android.content.Context
import android.util.Size
import androidx.camera.core.CameraSelector
import androidx.camera.core.CameraState
import androidx.camera.core.ImageAnalysis
import androidx.camera.core.ImageProxy
import androidx.camera.core.Preview
import androidx.camera.core.resolutionselector.ResolutionSelector
import androidx.camera.core.resolutionselector.ResolutionStrategy
import androidx.camera.lifecycle.ProcessCameraProvider
import androidx.camera.view.PreviewView
import androidx.core.content.ContextCompat
import androidx.lifecycle.LifecycleOwner
import androidx.lifecycle.LiveData
import androidx.lifecycle.Observer
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import vn.gov.vneid.presentation.officer.FrameSink
import vn.gov.vneid.presentation.officer.FrameSource
import vn.gov.vneid.presentation.officer.LumaFrame

class CameraFrameSource(
    private val context: Context,
    private val owner: LifecycleOwner,
    private val previewView: PreviewView,
    /**
     * The camera cannot be used (CameraX did not initialise, no back camera, the camera is
     * disabled or failed): called on the main thread, once; the screen shows it with a retry.
     */
    private val onError: (Throwable) -> Unit,
) : FrameSource {
    private var provider: ProcessCameraProvider? = null
    private var analysisExecutor: ExecutorService? = null
    private var cameraState: LiveData<CameraState>? = null
    private val stateObserver = Observer<CameraState> { state ->
        // In use by another app, too many cameras open: recoverable, CameraX opens it when it is
        // free. Disabled by policy, a fatal error, Do Not Disturb: it will not open by itself.
        val error = state.error
        if (error != null && error.type == CameraState.ErrorType.CRITICAL) fail(IllegalStateException("camera error ${error.code}"))
    }
    @Volatile private var stopped = false

    override fun start(sink: FrameSink) {
        stopped = false
        val executor = Executors.newSingleThreadExecutor { r -> Thread(r, "vneid-camera") }
        analysisExecutor = executor
        val future = ProcessCameraProvider.getInstance(context)
        future.addListener({
            if (stopped) return@addListener
            // On the main thread: an exception here would crash the app, so every failure of
            // the provider (its future) or of binding becomes the screen's error state.
            try {
                val cameras = future.get()
                provider = cameras
                val preview = Preview.Builder().build().also { it.setSurfaceProvider(previewView.surfaceProvider) }
                val analysis = ImageAnalysis.Builder()
                    // Never queue frames: the newest replaces any the analyser has not taken.
                    .setBackpressureStrategy(ImageAnalysis.STRATEGY_KEEP_ONLY_LATEST)
                    .setOutputImageFormat(ImageAnalysis.OUTPUT_IMAGE_FORMAT_YUV_420_888)
                    .setResolutionSelector(
                        ResolutionSelector.Builder()
                            .setResolutionStrategy(
                                ResolutionStrategy(Size(1280, 720), ResolutionStrategy.FALLBACK_RULE_CLOSEST_HIGHER_THEN_LOWER),
                            )
                            .build(),
                    )
                    .build()
                analysis.setAnalyzer(executor) { image ->
                    // The frame is copied only if the scanner takes it (not while one is in
                    // flight or a verdict is on screen); the image is closed at once.
                    image.use { sink.offer { yPlane(it) } }
                }
                cameras.unbindAll()
                val camera = cameras.bindToLifecycle(owner, CameraSelector.DEFAULT_BACK_CAMERA, preview, analysis)
                cameraState = camera.cameraInfo.cameraState.also { it.observe(owner, stateObserver) }
            } catch (e: Exception) {
                // ExecutionException (CameraX could not initialise: no camera service, the camera
                // HAL busy), IllegalArgumentException (no back camera, use cases not supported),
                // IllegalStateException (lifecycle destroyed), CameraUnavailableException …
                fail(e)
            }
        }, ContextCompat.getMainExecutor(context))
    }

    private fun fail(e: Throwable) {
        if (stopped) return
        stop()
        onError(e)
    }

    override fun stop() {
        stopped = true
        cameraState?.removeObserver(stateObserver)
        cameraState = null
        provider?.unbindAll()
        provider = null
        analysisExecutor?.shutdown()
        analysisExecutor = null
    }

    companion object {
        /** The Y plane of a YUV_420_888 image: 8-bit luma, rows `rowStride` bytes apart. */
        fun yPlane(image: ImageProxy): LumaFrame {
            val plane = image.planes[0]
            val buffer = plane.buffer.duplicate().apply { rewind() }
            val bytes = ByteArray(buffer.remaining())
            buffer.get(bytes)
            return LumaFrame(bytes, image.width, image.height, plane.rowStride)
        }
    }
}
