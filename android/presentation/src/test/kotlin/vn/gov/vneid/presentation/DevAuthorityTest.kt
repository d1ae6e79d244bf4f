package vn.gov.vneid.presentation

import java.io.File
import java.util.Properties
import java.util.concurrent.Executors
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Assume.assumeTrue
import org.junit.Test
import vn.gov.vneid.core.Lang
import vn.gov.vneid.core.QrScreenModel
import vn.gov.vneid.core.QrScreenState
import vn.gov.vneid.core.Restored
import vn.gov.vneid.core.Role
import vn.gov.vneid.core.SessionManager
import vn.gov.vneid.core.VerdictKind
import vn.gov.vneid.core.defaultPolicy
import vn.gov.vneid.core.systemClock
import vn.gov.vneid.presentation.officer.InjectedFrameSource
import vn.gov.vneid.presentation.officer.ScanController
import vn.gov.vneid.presentation.officer.ScanState
import vn.gov.vneid.presentation.officer.SyntheticFrames
import vn.gov.vneid.presentation.platform.InMemoryEcKeySource
import vn.gov.vneid.presentation.platform.JcaDeviceKeystore
import vn.gov.vneid.presentation.platform.MemorySecretStorage
import vn.gov.vneid.presentation.platform.NoAttestation
import vn.gov.vneid.presentation.session.AppSession
import vn.gov.vneid.presentation.session.AppState
import vn.gov.vneid.presentation.session.AuthorityConfig

/**
 * The app's path against a running development authority (scripts/dev-authority.sh), on the
 * JVM: the debug build's configuration as the script wrote it, AppSession's sign-in, the
 * Trang chủ QR scanned by an officer through ScanController, a presentation, sign-out.
 * Skipped unless `VNEID_DEV_AUTHORITY=android/dev-authority.properties android/scripts/test-jvm.sh`.
 */
class DevAuthorityTest {
    private val file = System.getProperty("vneid.devAuthority")?.takeIf { it.isNotEmpty() }?.let(::File)

    @Test
    fun signInShowTheQrScanItSignOut() {
        assumeTrue("no development authority given", file?.isFile == true)
        val p = Properties().apply { file!!.inputStream().use { load(it) } }
        // The emulator reaches the host as 10.0.2.2; this JVM runs on the host.
        val config = AuthorityConfig.of(p.getProperty("vneid.server.url").replace("10.0.2.2", "127.0.0.1"),
            p.getProperty("vneid.server.spki"), p.getProperty("vneid.root.key"), acceptDevelopmentDevices = true)
        val password = System.getenv("VNEID_DEV_PASSWORD") ?: "vneid-dev-password"
        fun manager(policy: vn.gov.vneid.core.Policy = config.policy()) = SessionManager(tempDir("dev").path, JcaDeviceKeystore(InMemoryEcKeySource()),
            MemorySecretStorage(), systemClock(), NoAttestation, config.server(), config.rootPublicKey, policy)

        val states = LinkedBlockingQueue<AppState>()
        val work = Executors.newSingleThreadExecutor()
        val app = AppSession(manager(), work, { Lang.VI }) { states.add(it) }
        app.restore()
        assertEquals(AppState.SignedOut(), states.poll(30, TimeUnit.SECONDS))
        app.signIn("001090012345", "not-the-password")
        states.poll(30, TimeUnit.SECONDS)
        assertEquals(AppState.SignedOut("Sai số định danh hoặc mật khẩu"), states.poll(30, TimeUnit.SECONDS))
        app.signIn("001090012345", password)
        states.poll(30, TimeUnit.SECONDS)
        val citizen = (states.poll(60, TimeUnit.SECONDS) as AppState.SignedIn).session
        assertEquals(Role.CITIZEN, citizen.role)
        assertTrue(citizen.wallet.rows(VN).all { it.presentable })
        val set = LinkedBlockingQueue<String>()
        app.setQrVerification(true) { set.add(it ?: "") }
        assertEquals("", set.poll(30, TimeUnit.SECONDS))
        val qr = QrScreenModel.identity(citizen.citizen).use { it.tick(VN) } as QrScreenState.Showing

        manager().signIn("001085012345", password).use { officer ->
            assertEquals(Role.OFFICER, officer.role())
            val results = LinkedBlockingQueue<ScanState>()
            val scans = Executors.newSingleThreadExecutor()
            val controller = ScanController(officer.officer()!!, scans, { VN }) { results.add(it) }
            val camera = InjectedFrameSource()
            controller.start(camera)
            assertTrue(camera.push(SyntheticFrames.render(qr.matrix)))
            val view = (results.poll(30, TimeUnit.SECONDS) as ScanState.Result).scan.view
            assertEquals(VerdictKind.GENUINE, view.kind)
            assertTrue(view.rows.any { it.value == "***********5" })
            scans.shutdown()
        }
        // An officer's app with the production policy calls this development device fake.
        manager(defaultPolicy()).signIn("001085012345", password).use { officer ->
            val v = officer.officer()!!.verifyTextForScreen(qr.text, VN).view
            assertEquals(VerdictKind.FAKE, v.kind)
            assertEquals("development_device", v.reasonCode)
        }
        app.signOut()
        assertEquals(AppState.SignedOut(), states.poll(30, TimeUnit.SECONDS))
        work.shutdown()
        assertTrue(work.awaitTermination(30, TimeUnit.SECONDS))
    }
}
