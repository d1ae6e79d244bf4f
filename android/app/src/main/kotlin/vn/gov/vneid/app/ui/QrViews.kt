// Drawing a QR from the core's module matrix, the countdown ring around it, and the loop that
// keeps a QR screen (the core's QrScreenModel) current.
package vn.gov.vneid.app.ui

import androidx.compose.foundation.Canvas
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.aspectRatio
import androidx.compose.material3.MaterialTheme
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Rect
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.Path
import androidx.compose.ui.graphics.StrokeCap
import androidx.compose.ui.graphics.drawscope.Stroke
import androidx.compose.ui.graphics.drawscope.scale
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LocalLifecycleOwner
import androidx.lifecycle.repeatOnLifecycle
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import vn.gov.vneid.core.Countdown
import vn.gov.vneid.core.QrMatrix
import vn.gov.vneid.core.QrScreenModel
import vn.gov.vneid.core.QrScreenState
import vn.gov.vneid.presentation.session.OpenSession

/** The QR, black on white in both themes (scanners want dark modules on light), with its 4-module quiet zone. */
@Composable
fun QrCode(matrix: QrMatrix, modifier: Modifier = Modifier) {
    val n = matrix.size.toInt()
    val path = remember(matrix) {
        Path().apply {
            for (y in 0 until n) for (x in 0 until n) {
                if (matrix.modules[y * n + x] == 1.toByte()) addRect(Rect((x + 4).toFloat(), (y + 4).toFloat(), (x + 5).toFloat(), (y + 5).toFloat()))
            }
        }
    }
    Canvas(modifier.aspectRatio(1f).background(Color.White)) {
        val cell = size.minDimension / (n + 8)
        scale(cell, cell, pivot = Offset.Zero) { drawPath(path, Color.Black) }
    }
}

/** The 60-second ring: the part left, in the core's tone. */
@Composable
fun CountdownRing(countdown: Countdown, modifier: Modifier = Modifier) {
    val track = MaterialTheme.colorScheme.surfaceVariant
    val color = countdown.tone.ink()
    Canvas(modifier.aspectRatio(1f)) {
        val stroke = size.minDimension * 0.035f
        val inset = stroke / 2
        val arcSize = Size(size.width - stroke, size.height - stroke)
        drawArc(track, 0f, 360f, false, Offset(inset, inset), arcSize, style = Stroke(stroke))
        drawArc(
            color, -90f, 360f * countdown.fraction, false, Offset(inset, inset), arcSize,
            style = Stroke(stroke, cap = StrokeCap.Round),
        )
    }
}

/** A QR screen's state and its renew action. */
class QrScreenHandle(val state: QrScreenState?, val renew: () -> Unit)

/**
 * Ticks the core's QR screen four times a second while the app is on screen (no signing in the
 * background, nor while the phone is locked: the device key refuses then), off the main thread
 * (making a QR signs with the Keystore) and through the session (sign-out closes the core only
 * after a tick in flight, and no tick starts after). The model is dropped with the screen (a new
 * QR on return) and freed by uniffi's Cleaner: not closed here, so that a renew still in flight
 * never meets a closed object.
 */
@Composable
fun rememberQrScreen(session: OpenSession, vararg keys: Any, make: () -> QrScreenModel): QrScreenHandle {
    val model = remember(session, *keys) { make() }
    var state by remember(model) { mutableStateOf<QrScreenState?>(null) }
    val locale = rememberScreenLocale()
    val lifecycle = LocalLifecycleOwner.current.lifecycle
    val scope = rememberCoroutineScope()
    LaunchedEffect(model, locale) {
        lifecycle.repeatOnLifecycle(Lifecycle.State.STARTED) {
            while (isActive) {
                state = withContext(Dispatchers.Default) { session.ifOpen { model.tick(locale) } } ?: break
                delay(250)
            }
        }
    }
    return QrScreenHandle(state) {
        scope.launch { withContext(Dispatchers.Default) { session.ifOpen { model.renew(locale) } }?.let { state = it } }
    }
}
