package vn.gov.vneid.presentation

import java.io.File
import java.time.ZoneId
import javax.crypto.KeyGenerator
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.AssuranceLevel
import vn.gov.vneid.core.AuditIntegrity
import vn.gov.vneid.core.CitizenApp
import vn.gov.vneid.core.EnrolmentRequest
import vn.gov.vneid.core.EnrolmentService
import vn.gov.vneid.core.LocalAuthority
import vn.gov.vneid.core.ManualClock
import vn.gov.vneid.core.PaperStatus
import vn.gov.vneid.core.QrSetting
import vn.gov.vneid.core.TrustBundle
import vn.gov.vneid.core.Verdict
import vn.gov.vneid.presentation.officer.historyState
import vn.gov.vneid.presentation.platform.AesGcmSealer
import vn.gov.vneid.presentation.platform.FileByteStore
import vn.gov.vneid.presentation.platform.InMemoryEcKeySource
import vn.gov.vneid.presentation.platform.JcaDeviceKeystore
import vn.gov.vneid.presentation.platform.SealedSecretStorage
import vn.gov.vneid.presentation.session.AuthorityEndpoint
import vn.gov.vneid.presentation.session.LocalAuthorityEndpoint
import vn.gov.vneid.presentation.session.Platform
import vn.gov.vneid.presentation.session.Role
import vn.gov.vneid.presentation.session.SessionManager
import vn.gov.vneid.presentation.session.SignInForm
import vn.gov.vneid.presentation.session.SignInResult

class SessionTest {
    private val clock = ManualClock(START)
    private val aes = KeyGenerator.getInstance("AES").apply { init(256) }.generateKey()
    private val keys = InMemoryEcKeySource()

    private fun platform(dir: File) = Platform(
        keystore = JcaDeviceKeystore(keys),
        secrets = SealedSecretStorage(FileByteStore(File(dir, "secrets")), AesGcmSealer { aes }),
        clock = clock,
        dataDir = dir,
    )

    private fun form(level: AssuranceLevel = AssuranceLevel.LEVEL2, role: Role = Role.CITIZEN, id: String = "001090012345") =
        SignInForm("Nguyễn Văn An", "1990-01-02", id, level, role)

    @Test
    fun citizenSignsInEnrolsGetsPapersAndIsRestored() {
        val dir = tempDir("session")
        LocalAuthority(clock).use { authority ->
            val manager = SessionManager(platform(dir), LocalAuthorityEndpoint(authority))
            assertNull(manager.restore())
            val session = (manager.signIn(form()) as SignInResult.SignedIn).session
            assertEquals(Role.CITIZEN, session.role)
            assertTrue(session.citizen.isEnrolled())
            assertNull(session.officer)
            assertEquals(4u, session.wallet.paperCount())
            session.citizen.setQrVerification(true)
            manager.save(session.role, session.citizen)
            val qrBefore = session.citizen.makeIdentityQr().text
            session.close()

            val back = manager.restore()!!
            assertEquals(QrSetting.ON, back.citizen.qrSetting())
            assertEquals("Nguyễn Văn An", back.citizen.account().fullName)
            assertEquals(4u, back.wallet.paperCount())
            assertTrue(back.citizen.makeIdentityQr().text != qrBefore)
            manager.signOut(back)
            assertNull(manager.restore())
        }
    }

    @Test
    fun officerSignsInWithListsAndAScanLog() {
        val dir = tempDir("officer")
        LocalAuthority(clock).use { authority ->
            val manager = SessionManager(platform(dir), LocalAuthorityEndpoint(authority))
            val session = (manager.signIn(form(role = Role.OFFICER)) as SignInResult.SignedIn).session
            val officer = session.officer!!
            assertEquals(AuditIntegrity.Intact, session.auditIntegrity)
            assertNotNull(officer.trustSequences().trustList)
            session.citizen.setQrVerification(true)
            assertTrue(officer.verifyText(session.citizen.makeIdentityQr().text) is Verdict.Genuine)
            officer.verifyText("VN2:0000")
            val history = historyState(officer.auditEntries(), session.auditIntegrity, ZoneId.of("UTC"))
            assertEquals(2, history.rows.size)
            assertEquals(UiText.Key("reason.malformed"), history.rows[0].detail) // newest first
            assertEquals(UiText.Plain("***********5"), history.rows[1].detail)
            assertEquals(Palette.GENUINE, history.rows[1].color)
            manager.save(session.role, session.citizen)
            session.close()

            // Restored offline: the saved lists, the log and its repeat memory are back.
            val back = manager.restore()!!
            assertEquals(Role.OFFICER, back.role)
            assertEquals(2, back.officer!!.auditEntries().size)
            assertTrue(back.officer!!.verifyText(back.citizen.makeIdentityQr().text) is Verdict.Genuine)
            back.close()
        }
    }

    @Test
    fun theCoreRefusalsBecomeSignInMessages() {
        val dir = tempDir("refused")
        LocalAuthority(clock).use { authority ->
            val manager = SessionManager(platform(dir), LocalAuthorityEndpoint(authority))
            assertEquals(
                SignInResult.Refused(UiText.Key(Keys.LOGIN_ERROR_OFFICER_LEVEL)),
                manager.signIn(form(level = AssuranceLevel.LEVEL1, role = Role.OFFICER)),
            )
            assertEquals(SignInResult.Refused(UiText.Key(Keys.LOGIN_ERROR_INVALID)), manager.signIn(form(id = "12345")))
            assertEquals(SignInResult.Refused(UiText.Key(Keys.LOGIN_ERROR_MISSING)), manager.signIn(SignInForm()))
            assertNull(manager.restore())

            // A level-1 citizen signs in; the switch is then disabled.
            val l1 = (manager.signIn(form(level = AssuranceLevel.LEVEL1)) as SignInResult.SignedIn).session
            assertEquals(QrSetting.NEEDS_LEVEL2, l1.citizen.qrSetting())
            // Papers go to level-2 accounts only: level 1 signs in with an empty wallet.
            assertEquals(0u, l1.wallet.paperCount())
            l1.close()
        }
    }

    @Test
    fun aServerThatCannotBeReachedSaysSo() {
        val offline = object : AuthorityEndpoint {
            override val enrolment = object : EnrolmentService {
                override fun enrol(request: EnrolmentRequest): ByteArray = throw ApiException.Network("no connection")
            }
            override fun rootPublicKey(): ByteArray = throw ApiException.Network("no connection")
            override fun trustBundle(): TrustBundle = throw ApiException.Network("no connection")
            override fun papersFor(citizen: CitizenApp): List<ByteArray> = emptyList()
        }
        val manager = SessionManager(platform(tempDir("offline")), offline)
        assertEquals(SignInResult.Refused(UiText.Key(Keys.ERROR_NETWORK)), manager.signIn(form()))
        assertEquals("Không kết nối được với cơ quan cấp, hãy thử lại", UiText.Key(Keys.ERROR_NETWORK).vi())
    }

    /**
     * The same papers at every sign-in (those issued to the device enrolled at the first), so a
     * serial revoked in between is recognised.
     */
    private class FixedPapers(private val inner: AuthorityEndpoint) : AuthorityEndpoint by inner {
        var papers: List<ByteArray>? = null

        override fun papersFor(citizen: CitizenApp): List<ByteArray> =
            papers ?: inner.papersFor(citizen).also { papers = it }
    }

    @Test
    fun revokedPaperShowsAsRevokedAfterSignInAndRestore() {
        val dir = tempDir("revoked")
        LocalAuthority(clock).use { authority ->
            val endpoint = FixedPapers(LocalAuthorityEndpoint(authority))
            val manager = SessionManager(platform(dir), endpoint)
            val first = (manager.signIn(form()) as SignInResult.SignedIn).session
            assertEquals(4, endpoint.papers!!.size)
            val gplx = first.wallet.detail("gplx").summary
            assertEquals(PaperStatus.VALID, gplx.status)
            first.close()

            authority.revoke(gplx.serial)
            val second = (manager.signIn(form()) as SignInResult.SignedIn).session
            assertEquals(PaperStatus.REVOKED, second.wallet.detail("gplx").summary.status)
            assertEquals(1, second.wallet.list().count { it.status == PaperStatus.REVOKED })
            second.close()

            val restored = manager.restore()!!
            assertEquals(PaperStatus.REVOKED, restored.wallet.detail("gplx").summary.status)
            restored.close()
        }
    }
}
