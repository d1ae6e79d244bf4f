// The app's state for Compose: the core's session through :presentation's AppSession (which runs
// every blocking call on the container's work thread), its states posted to the main thread.
package vn.gov.vneid.app.ui

import android.os.Handler
import android.os.Looper
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableIntStateOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.lifecycle.ViewModel
import vn.gov.vneid.app.AppContainer
import vn.gov.vneid.core.Lang
import vn.gov.vneid.presentation.session.AppSession
import vn.gov.vneid.presentation.session.AppState

class AppViewModel(val container: AppContainer, private val lang: () -> Lang) : ViewModel() {
    private val main = Handler(Looper.getMainLooper())

    var state by mutableStateOf<AppState>(AppState.Loading)
        private set

    /** Why the app cannot run at all (a build without its authority configured), or null. */
    val configurationError: String? = container.manager.exceptionOrNull()?.let { it.message ?: it.javaClass.simpleName }

    /** Bumped when what the screens read may have changed (the setting, the lists): they read it again. */
    var revision by mutableIntStateOf(0)
        private set

    private val app: AppSession? = container.manager.getOrNull()?.let { m ->
        AppSession(m, container.work, lang) { s -> main.post { state = s } }
    }

    init {
        app?.restore()
    }

    fun signIn(personalId: String, password: String) = app?.signIn(personalId.trim(), password)

    fun signOut() = app?.signOut()

    /** The switch in Cá nhân; [done] gets the core's refusal in words, on the main thread. */
    fun setQrVerification(on: Boolean, done: (String?) -> Unit) =
        app?.setQrVerification(on) { refusal -> main.post { revision++; done(refusal) } }

    /** On coming to the foreground and every minute while there: the lists when the core says they are due. */
    fun refreshIfDue() = app?.refreshIfDue { refreshed -> if (refreshed) main.post { revision++ } }

    override fun onCleared() {
        (state as? AppState.SignedIn)?.session?.close()
    }
}
