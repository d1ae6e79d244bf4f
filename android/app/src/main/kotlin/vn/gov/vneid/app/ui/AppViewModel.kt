package vn.gov.vneid.app.ui

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import vn.gov.vneid.app.AppContainer
import vn.gov.vneid.presentation.UiText
import vn.gov.vneid.presentation.session.Session
import vn.gov.vneid.presentation.session.SignInForm
import vn.gov.vneid.presentation.session.SignInResult

/** The signed-in session, kept across configuration changes. Core calls run off the main thread. */
class AppViewModel(val container: AppContainer) : ViewModel() {
    var session by mutableStateOf<Session?>(null)
        private set
    var loading by mutableStateOf(true)
        private set
    var busy by mutableStateOf(false)
        private set
    var signInError by mutableStateOf<UiText?>(null)
        private set

    init {
        viewModelScope.launch {
            session = withContext(Dispatchers.IO) { runCatching { container.sessions.restore() }.getOrNull() }
            loading = false
        }
    }

    fun signIn(form: SignInForm) {
        if (busy) return
        busy = true
        signInError = null
        viewModelScope.launch {
            when (val r = withContext(Dispatchers.IO) { container.sessions.signIn(form) }) {
                is SignInResult.SignedIn -> session = r.session
                is SignInResult.Refused -> signInError = r.message
            }
            busy = false
        }
    }

    /**
     * Saves and sign-out's file deletions, one at a time in the order asked: a save still running
     * cannot write the session back after sign-out deleted it.
     */
    private val files = Dispatchers.IO.limitedParallelism(1)

    /** Saves the citizen state after the QR setting changed. */
    fun saveCitizen() {
        val s = session ?: return
        viewModelScope.launch(files) { s.ifOpen { container.sessions.save(s.role, s.citizen) } }
    }

    /**
     * Sign-out. The session's core objects are closed once no screen's background call (the
     * Trang chủ tick, a scan, a save) is in flight, and none starts after ([Session.ifOpen]).
     */
    fun signOut() {
        val s = session
        session = null
        viewModelScope.launch(files) { container.sessions.signOut(s) }
    }

    override fun onCleared() {
        session?.close()
    }
}
