package vn.gov.vneid.presentation

import java.util.concurrent.CopyOnWriteArrayList
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.Lang
import vn.gov.vneid.core.Restored
import vn.gov.vneid.core.Role
import vn.gov.vneid.presentation.session.AppSession
import vn.gov.vneid.presentation.session.AppState
import vn.gov.vneid.presentation.session.AuthorityConfig

/** The state holder around the core's SessionManager: which screen, on which thread. */
class AppSessionTest {
    private val work = ManualExecutor()
    private val states = CopyOnWriteArrayList<AppState>()

    private fun app(manager: FakeManager) = AppSession(manager, work, { Lang.VI }) { states += it }

    @Test
    fun restoreShowsSignInTheSessionOrWhyItFailed() {
        val a = app(FakeManager(restored = { Restored.SignedOut }))
        assertEquals(AppState.Loading, a.state)
        a.restore()
        assertEquals("nothing runs on the caller's thread", AppState.Loading, a.state)
        work.runAll()
        assertEquals(AppState.SignedOut(), a.state)

        val session = FakeSession()
        val b = app(FakeManager(restored = { Restored.Session(session) }))
        b.restore()
        work.runAll()
        val signedIn = b.state as AppState.SignedIn
        assertEquals(Role.CITIZEN, signedIn.session.role)
        assertNull(signedIn.session.officer)

        val c = app(FakeManager(restored = { Restored.Failed("Không khôi phục được phiên trước, hãy đăng nhập lại", ApiException.Keystore("gone")) }))
        c.restore()
        work.runAll()
        assertEquals(AppState.SignedOut("Không khôi phục được phiên trước, hãy đăng nhập lại"), c.state)
    }

    @Test
    fun signInSaysWhyItWasRefusedAndIsNotRunTwice() {
        val asked = CopyOnWriteArrayList<String>()
        val manager = FakeManager()
        manager.onSignIn = { id, _ -> asked += id; throw ApiException.SignInFailed(null) }
        val a = app(manager)
        a.restore()
        work.runAll()
        a.signIn("001090012345", "wrong")
        a.signIn("001090012345", "wrong") // a second tap while the first runs
        assertEquals(AppState.SignedOut(busy = true), a.state)
        work.runAll()
        assertEquals(listOf("001090012345"), asked)
        assertEquals(AppState.SignedOut("Sai số định danh hoặc mật khẩu"), a.state)

        manager.onSignIn = { _, _ -> throw ApiException.Network("unreachable") }
        a.signIn("001090012345", "x")
        work.runAll()
        assertEquals(AppState.SignedOut("Không kết nối được với cơ quan cấp, hãy thử lại"), a.state)

        // An officer account: the role, the officer side and the scan log's state come from the session.
        val officer = Fixtures.officer(TestClock(START))
        manager.onSignIn = { _, _ -> FakeSession(role = Role.OFFICER, officer = officer) }
        a.signIn("001085012345", "right")
        work.runAll()
        val s = (a.state as AppState.SignedIn).session
        assertEquals(Role.OFFICER, s.role)
        assertTrue(s.officer === officer)
        assertEquals(vn.gov.vneid.core.AuditIntegrity.Intact, s.auditIntegrity)
        assertEquals(listOf(AppState.SignedOut(busy = true), a.state), states.takeLast(2))
    }

    @Test
    fun signOutEndsTheSessionThenClosesItsObjects() {
        val fake = FakeSession()
        val a = app(FakeManager(restored = { Restored.Session(fake) }))
        a.restore()
        work.runAll()
        val s = (a.state as AppState.SignedIn).session
        a.signOut()
        assertEquals(AppState.SignedOut(), a.state)
        assertFalse("closed on the work thread, after the server is told", s.isClosed)
        work.runAll()
        assertEquals(1, fake.signedOut)
        assertTrue(s.isClosed)
        assertTrue(fake.phone.citizen.uniffiIsDestroyed)
        a.signOut() // nobody signed in: nothing happens
        work.runAll()
        assertEquals(1, fake.signedOut)
    }

    @Test
    fun theSettingAndTheListsGoThroughTheSession() {
        val fake = FakeSession()
        val a = app(FakeManager(restored = { Restored.Session(fake) }))
        a.restore()
        work.runAll()
        val said = CopyOnWriteArrayList<String?>()
        a.setQrVerification(true) { said += it }
        work.runAll()
        fake.settingError = ApiException.LevelTooLow(1u)
        a.setQrVerification(true) { said += it }
        work.runAll()
        assertEquals(listOf(null, "Cần tài khoản định danh điện tử mức 2"), said)

        val refreshed = CopyOnWriteArrayList<Boolean>()
        a.refreshIfDue { refreshed += it }
        a.refreshIfDue { refreshed += it } // no longer due
        work.runAll()
        fake.due = true
        fake.refreshError = ApiException.Network("offline")
        a.refreshIfDue { refreshed += it } // offline: the held lists stay
        work.runAll()
        assertEquals(listOf(true, false, false), refreshed)
        assertEquals(1, fake.refreshes)
    }

    @Test
    fun theBuildConfigurationIsCheckedAtStart() {
        val root = "04" + "11".repeat(64)
        val pin = "ab".repeat(32)
        val c = AuthorityConfig.of("https://10.0.2.2:8443", "$pin, ${"cd".repeat(32)}", root, acceptDevelopmentDevices = true)
        assertEquals(2, c.spkiPins.size)
        assertEquals(65, c.rootPublicKey.size)
        assertTrue(c.policy().acceptDevelopmentDevices)
        assertFalse(AuthorityConfig.of("https://x", "", root, false).policy().acceptDevelopmentDevices)
        assertTrue(AuthorityConfig.of("https://x", "", root, false).spkiPins.isEmpty())
        for ((url, pins, key) in listOf(Triple("", pin, root), Triple("https://x", "abc", root), Triple("https://x", pin, ""), Triple("https://x", pin, "zz"))) {
            try {
                AuthorityConfig.of(url, pins, key, false)
                throw AssertionError("accepted $url $pins $key")
            } catch (e: IllegalArgumentException) {
                assertTrue(e.message!!.startsWith("no authority") || e.message!!.contains("hex digits"))
            }
        }
    }
}
