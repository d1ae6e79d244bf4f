package vn.gov.vneid.app

import android.app.Application
import android.content.Context

class VneidApplication : Application() {
    private val production by lazy { AppContainer.production(this) }

    /** What the app runs on: the production container, or the one a UI test put in [override]. */
    val container: AppContainer get() = override ?: production

    companion object {
        /** Set by UI tests before they launch the activity: a test clock and data folder, injected camera frames. */
        @Volatile
        var override: AppContainer? = null

        fun container(context: Context): AppContainer = (context.applicationContext as VneidApplication).container
    }
}
