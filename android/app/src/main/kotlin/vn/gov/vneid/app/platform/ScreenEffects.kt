// What a screen showing a QR asks of the window: FLAG_SECURE (no screenshot, no recording, a
// blank thumbnail in recents) and full brightness. Both are undone when the QR goes. And the
// vibration of a verdict (the core decides which).
package vn.gov.vneid.app.platform

import android.app.Activity
import android.content.Context
import android.content.ContextWrapper
import android.os.Build
import android.os.VibrationEffect
import android.os.Vibrator
import android.os.VibratorManager
import android.view.WindowManager
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.ui.platform.LocalContext
import vn.gov.vneid.core.Haptic

fun Context.findActivity(): Activity? {
    var c: Context? = this
    while (c is ContextWrapper) {
        if (c is Activity) return c
        c = c.baseContext
    }
    return null
}

@Composable
fun QrScreenEffects(secure: Boolean, fullBrightness: Boolean) {
    val activity = LocalContext.current.findActivity() ?: return
    DisposableEffect(secure, fullBrightness) {
        val window = activity.window
        if (secure) window.addFlags(WindowManager.LayoutParams.FLAG_SECURE) else window.clearFlags(WindowManager.LayoutParams.FLAG_SECURE)
        window.attributes = window.attributes.apply {
            screenBrightness = if (fullBrightness) {
                WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_FULL
            } else {
                WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_NONE
            }
        }
        onDispose {
            window.clearFlags(WindowManager.LayoutParams.FLAG_SECURE)
            window.attributes = window.attributes.apply { screenBrightness = WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_NONE }
        }
    }
}

/** Vibrates for a verdict: one short pulse for genuine, two for a warning, two long for fake. */
fun Context.vibrate(haptic: Haptic) {
    val vibrator: Vibrator? = if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.S) {
        (getSystemService(Context.VIBRATOR_MANAGER_SERVICE) as? VibratorManager)?.defaultVibrator
    } else {
        @Suppress("DEPRECATION")
        getSystemService(Context.VIBRATOR_SERVICE) as? Vibrator
    }
    if (vibrator == null || !vibrator.hasVibrator()) return
    val effect = when (haptic) {
        Haptic.CONFIRM -> VibrationEffect.createOneShot(60, VibrationEffect.DEFAULT_AMPLITUDE)
        Haptic.WARN -> VibrationEffect.createWaveform(longArrayOf(0, 60, 80, 60), -1)
        Haptic.REJECT -> VibrationEffect.createWaveform(longArrayOf(0, 250, 120, 250), -1)
    }
    vibrator.vibrate(effect)
}
