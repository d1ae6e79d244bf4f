package vn.gov.vneid.app

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.lifecycle.viewmodel.compose.viewModel
import vn.gov.vneid.app.ui.AppViewModel
import vn.gov.vneid.app.ui.VneidApp
import vn.gov.vneid.app.ui.VneidTheme

class MainActivity : ComponentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        val container = VneidApplication.container(this)
        setContent {
            VneidTheme {
                VneidApp(viewModel { AppViewModel(container) })
            }
        }
    }
}
