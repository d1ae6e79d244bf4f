// Drawing a QR from the core's module matrix, and the countdown ring around it.
package vn.gov.vneid.app.ui

import androidx.compose.foundation.Canvas
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.aspectRatio
import androidx.compose.material3.MaterialTheme
import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Rect
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.Path
import androidx.compose.ui.graphics.StrokeCap
import androidx.compose.ui.graphics.drawscope.Stroke
import androidx.compose.ui.graphics.drawscope.scale
import vn.gov.vneid.core.QrMatrix
import vn.gov.vneid.presentation.citizen.Countdown

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

/** The 60-second ring: the part left, in the colour :presentation chose. */
@Composable
fun CountdownRing(countdown: Countdown, modifier: Modifier = Modifier) {
    val track = MaterialTheme.colorScheme.surfaceVariant
    val color = ink(countdown.ringColor)
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
