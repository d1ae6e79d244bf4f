// The app's colours: Material 3 light and dark schemes, following the system setting; the
// colours the core decides (a verdict, a status, the countdown) come as a Tone, painted in the
// core's ARGB: as a block under white text, or as text on the theme's background (≥ 4.5:1).
package vn.gov.vneid.app.ui

import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.staticCompositionLocalOf
import androidx.compose.ui.graphics.Color
import vn.gov.vneid.core.Tone
import vn.gov.vneid.core.toneArgb
import vn.gov.vneid.core.toneOnBackgroundArgb

private val light = lightColorScheme(
    primary = Color(0xFFC62828),
    onPrimary = Color.White,
    secondary = Color(0xFF1565C0),
    tertiary = Color(0xFFFFD600),
)

private val dark = darkColorScheme(
    primary = Color(0xFFFFB4AB),
    onPrimary = Color(0xFF690005),
    secondary = Color(0xFFA8C7FA),
    onSecondary = Color(0xFF062E6F),
    tertiary = Color(0xFFFFD600),
    onTertiary = Color(0xFF3A3000),
    background = Color(0xFF121316),
    surface = Color(0xFF121316),
)

/** Whether the dark scheme is on (the system's dark theme, unless a caller says otherwise). */
val LocalDarkTheme = staticCompositionLocalOf { false }

@Composable
fun VneidTheme(darkTheme: Boolean = isSystemInDarkTheme(), content: @Composable () -> Unit) {
    CompositionLocalProvider(LocalDarkTheme provides darkTheme) {
        MaterialTheme(colorScheme = if (darkTheme) dark else light, content = content)
    }
}

/** The tone as a block (a verdict's), the same in both themes, under white text. */
fun Tone.block() = Color(toneArgb(this).toInt())

/** The tone as text or a stroke on the theme's background. */
@Composable
fun Tone.ink() = Color(toneOnBackgroundArgb(this, LocalDarkTheme.current).toInt())
