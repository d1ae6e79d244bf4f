// The officer's scan screen: camera frames in, one screen state out.
package vn.gov.vneid.presentation.officer

import java.time.ZoneId
import java.util.concurrent.Executor
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.OfficerAppInterface
import vn.gov.vneid.core.Verdict
import vn.gov.vneid.presentation.UiText
import vn.gov.vneid.presentation.errorText

sealed interface ScanState {
    /** The camera preview with the frame guide. */
    data object Scanning : ScanState

    /** The verdict screen. */
    data class Result(val verdict: Verdict, val model: VerdictModel) : ScanState

    /** The core could not scan (no trust list …). */
    data class Failed(val message: UiText) : ScanState
}

/**
 * Connects a [FrameSource] to the core through a [FrameScanner]. [onState] is called on the
 * scan thread: post it to the main thread.
 */
class ScanController(
    officer: OfficerAppInterface,
    executor: Executor,
    private val zone: ZoneId,
    private val onState: (ScanState) -> Unit,
) {
    val scanner = FrameScanner({ officer.scan(it) }, executor, object : FrameScanner.Listener {
        override fun onVerdict(verdict: Verdict) = onState(ScanState.Result(verdict, VerdictModel.of(verdict, zone)))
        override fun onError(error: ApiException) = onState(ScanState.Failed(errorText(error)))
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
