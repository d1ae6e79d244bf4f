package vn.gov.vneid.app.ui

import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.ui.graphics.Color

private val colors = lightColorScheme(
    primary = Color(0xFFC62828),
    onPrimary = Color.White,
    secondary = Color(0xFF1565C0),
    tertiary = Color(0xFFFFD600),
)

@Composable
fun VneidTheme(content: @Composable () -> Unit) = MaterialTheme(colorScheme = colors, content = content)

/** An ARGB colour decided by :presentation. */
fun argb(value: Long) = Color(value)
