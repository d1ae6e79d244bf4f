// The scan loop between the camera and the core: one frame in flight at a time, every other
// frame dropped (not queued) until it is done; a verdict stops scanning until the officer
// asks for the next one.
package vn.gov.vneid.presentation.officer

import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.atomic.AtomicReference
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.Scan

class FrameScanner(
    /** The core's frame scanner (`OfficerApp.scanFrameForScreen`). */
    private val scan: (LumaFrame) -> Scan?,
    /** Where scans run: a background thread, never the main one. */
    private val executor: Executor,
    private val listener: Listener,
) : FrameSink {
    interface Listener {
        /** A QR was found and verified: show its screen. Called on the scan thread. */
        fun onScan(scan: Scan)

        /** The core threw (no trust list, log write failed). Called on the scan thread. */
        fun onError(error: ApiException)
    }

    enum class Phase {
        /** Waiting for a frame. */
        SCANNING,
        /** A frame is being scanned: new frames are dropped. */
        IN_FLIGHT,
        /** A verdict or an error is on screen: frames are dropped until [resume]. */
        PAUSED,
    }

    private val phase = AtomicReference(Phase.SCANNING)
    private val dropped = AtomicLong()
    private val scanned = AtomicLong()

    val currentPhase: Phase get() = phase.get()

    /** Frames dropped because one was in flight or a result was showing. */
    val droppedFrames: Long get() = dropped.get()

    /** Frames handed to the core. */
    val scannedFrames: Long get() = scanned.get()

    override fun offer(frame: () -> LumaFrame): Boolean {
        if (!phase.compareAndSet(Phase.SCANNING, Phase.IN_FLIGHT)) {
            dropped.incrementAndGet()
            return false
        }
        val f = try {
            frame()
        } catch (t: Throwable) {
            phase.set(Phase.SCANNING)
            throw t
        }
        scanned.incrementAndGet()
        executor.execute { run(f) }
        return true
    }

    private fun run(frame: LumaFrame) {
        try {
            val found = scan(frame)
            if (found == null) {
                phase.set(Phase.SCANNING)
            } else {
                phase.set(Phase.PAUSED)
                listener.onScan(found)
            }
        } catch (e: ApiException) {
            phase.set(Phase.PAUSED)
            listener.onError(e)
        } catch (t: Throwable) {
            phase.set(Phase.SCANNING)
            throw t
        }
    }

    /** The officer wants the next scan. */
    fun resume() {
        phase.compareAndSet(Phase.PAUSED, Phase.SCANNING)
    }
}
