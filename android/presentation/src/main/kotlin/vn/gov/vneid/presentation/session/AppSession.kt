// The signed-in state of the app around the core's SessionManager (which does sign-in, enrolment,
// restore, the file layout and sign-out): which screen the app shows, and the threading — every
// call that may block (keystore, files, the network) on one background thread, in order, so that
// a save still running cannot write after sign-out removed the files.
package vn.gov.vneid.presentation.session

import java.util.concurrent.Executor
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.AuditIntegrity
import vn.gov.vneid.core.CitizenApp
import vn.gov.vneid.core.Lang
import vn.gov.vneid.core.OfficerApp
import vn.gov.vneid.core.Restored
import vn.gov.vneid.core.Role
import vn.gov.vneid.core.Session
import vn.gov.vneid.core.SessionManagerInterface
import vn.gov.vneid.core.Wallet
import vn.gov.vneid.core.errorText

/**
 * A signed-in session and the core objects the screens use, taken from it once. Screens call
 * them off the main thread through [ifOpen]; [close] waits for those calls (CloseGuard).
 */
class OpenSession(val session: Session) : AutoCloseable {
    /** From the device certificate: the officer screens only for [Role.OFFICER]. */
    val role: Role = session.role()
    val citizen: CitizenApp = session.citizen()
    val wallet: Wallet = session.wallet()
    val officer: OfficerApp? = session.officer()
    /** Whether the scan log was intact when opened (officers). */
    val auditIntegrity: AuditIntegrity? = session.auditIntegrity()

    private val guard = CloseGuard {
        officer?.close()
        wallet.close()
        citizen.close()
        session.close()
    }

    /** A core call off the main thread: runs [block] unless closed, and keeps the objects open until it returns. */
    fun <T : Any> ifOpen(block: () -> T): T? = guard.ifOpen(block)

    val isClosed: Boolean get() = guard.isClosed

    override fun close() = guard.close()
}

/** What the app shows at the top. */
sealed interface AppState {
    /** Restoring the saved session. */
    data object Loading : AppState

    /** The sign-in screen; [message] says why (a refused sign-in, a session that could not be restored). */
    data class SignedOut(val message: String? = null, val busy: Boolean = false) : AppState

    data class SignedIn(val session: OpenSession) : AppState
}

/**
 * [work] runs the core calls one at a time (a single background thread); [onState] is called
 * on it: post the state to the main thread. [lang] is the language of the words it hands out.
 */
class AppSession(
    private val manager: SessionManagerInterface,
    private val work: Executor,
    private val lang: () -> Lang,
    private val onState: (AppState) -> Unit,
) {
    @Volatile
    var state: AppState = AppState.Loading
        private set

    private fun publish(s: AppState) {
        state = s
        onState(s)
    }

    /** At start: the session the last sign-in saved, offline. */
    fun restore() = work.execute {
        publish(
            when (val r = manager.restore(lang())) {
                is Restored.Session -> AppState.SignedIn(OpenSession(r.session))
                is Restored.Failed -> AppState.SignedOut(r.message)
                is Restored.SignedOut -> AppState.SignedOut()
            },
        )
    }

    /** The personal ID number and password; the role comes from the account. Ignored while busy. */
    fun signIn(personalId: String, password: String) {
        val now = state
        if (now !is AppState.SignedOut || now.busy) return
        publish(AppState.SignedOut(busy = true))
        work.execute {
            publish(
                try {
                    AppState.SignedIn(OpenSession(manager.signIn(personalId, password)))
                } catch (e: ApiException) {
                    AppState.SignedOut(errorText(e, lang()))
                },
            )
        }
    }

    /** Ends the session at the server when reachable and removes it from the phone (the scan log stays). */
    fun signOut() {
        val s = (state as? AppState.SignedIn)?.session ?: return
        publish(AppState.SignedOut())
        work.execute {
            try {
                s.ifOpen { s.session.signOut() }
            } catch (e: ApiException) {
                // Removing the files failed: they are removed again by the next sign-in.
            } finally {
                s.close()
            }
        }
    }

    /** "Xác minh ứng dụng qua QR code" flipped: saved by the core; [done] gets the refusal's words, or null. */
    fun setQrVerification(on: Boolean, done: (String?) -> Unit) {
        val s = (state as? AppState.SignedIn)?.session ?: return
        work.execute {
            val refusal = try {
                s.ifOpen { s.session.setQrVerification(on) }
                null
            } catch (e: ApiException) {
                errorText(e, lang())
            }
            done(refusal)
        }
    }

    /**
     * The lists refreshed when the core says they are due (call it when the app comes to the
     * foreground and on a timer); offline, the held lists stay. [done] is told whether anything
     * was refreshed.
     */
    fun refreshIfDue(done: (Boolean) -> Unit = {}) {
        val s = (state as? AppState.SignedIn)?.session ?: return
        work.execute {
            val refreshed = try {
                s.ifOpen { if (s.session.refreshDue()) s.session.refreshLists().let { true } else false } ?: false
            } catch (e: ApiException) {
                false
            }
            done(refreshed)
        }
    }
}
