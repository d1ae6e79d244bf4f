package vn.gov.vneid.app

import android.os.Build
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.lifecycle.viewmodel.compose.viewModel
import vn.gov.vneid.app.ui.AppViewModel
import vn.gov.vneid.app.ui.VneidApp
import vn.gov.vneid.app.ui.VneidTheme
import vn.gov.vneid.app.ui.screenLocale

class MainActivity : ComponentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        // No snapshot of any screen (papers, a verdict's name and ID) in the recents list: Android
        // 13+. Screens showing a QR also set FLAG_SECURE (QrScreenEffects), which blanks the
        // recents thumbnail on every version and blocks screenshots and recording.
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) setRecentsScreenshotEnabled(false)
        val container = VneidApplication.container(this)
        val app = applicationContext
        setContent {
            VneidTheme {
                VneidApp(viewModel { AppViewModel(container) { app.screenLocale().lang } })
            }
        }
    }
}
