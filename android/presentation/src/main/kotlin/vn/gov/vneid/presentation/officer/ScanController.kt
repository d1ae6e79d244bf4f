// The officer's scan screen: camera frames in, one screen state out. What the verdict screen
// shows (rows, tone, haptic, words) is the core's VerdictView.
package vn.gov.vneid.presentation.officer

import java.util.concurrent.Executor
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.OfficerAppInterface
import vn.gov.vneid.core.Scan
import vn.gov.vneid.core.ScreenLocale
import vn.gov.vneid.core.errorText

sealed interface ScanState {
    /** The camera preview with the frame guide. */
    data object Scanning : ScanState

    /** The verdict screen. */
    data class Result(val scan: Scan) : ScanState

    /** The core could not scan (no trust list, the scan log could not be written …). */
    data class Failed(val message: String) : ScanState
}

/**
 * Connects a [FrameSource] to the core through a [FrameScanner]. [onState] is called on the
 * scan thread: post it to the main thread. [locale] is read for each scan.
 */
class ScanController(
    officer: OfficerAppInterface,
    executor: Executor,
    private val locale: () -> ScreenLocale,
    private val onState: (ScanState) -> Unit,
) {
    val scanner = FrameScanner({ officer.scanForScreen(it, locale()) }, executor, object : FrameScanner.Listener {
        override fun onScan(scan: Scan) = onState(ScanState.Result(scan))
        override fun onError(error: ApiException) = onState(ScanState.Failed(errorText(error, locale().lang)))
    })

    private var source: FrameSource? = null

    fun start(source: FrameSource) {
        stop()
        this.source = source
        source.start(scanner)
    }

    fun stop() {
        source?.stop()
        source = null
    }

    /** "Quét mã khác": back to scanning. */
    fun scanAgain() {
        onState(ScanState.Scanning)
        scanner.resume()
    }
}
