// The whole procedure as the apps run it, through the generated Kotlin bindings: a citizen app
// with a java.security keystore enrols, turns the setting on and shows its QR; the officer app
// scans the camera frame and gets the verdict.
package vn.gov.vneid.core.test

import java.io.File
import java.nio.file.Files
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.AssuranceLevel
import vn.gov.vneid.core.AuditIntegrity
import vn.gov.vneid.core.CitizenAccount
import vn.gov.vneid.core.CitizenApp
import vn.gov.vneid.core.EnrolmentRequest
import vn.gov.vneid.core.EnrolmentService
import vn.gov.vneid.core.Lang
import vn.gov.vneid.core.LocalAuthority
import vn.gov.vneid.core.memorySecretStorage
import vn.gov.vneid.core.OfficerAccount
import vn.gov.vneid.core.OfficerApp
import vn.gov.vneid.core.QrSetting
import vn.gov.vneid.core.Reason
import vn.gov.vneid.core.Verdict
import vn.gov.vneid.core.defaultPolicy
import vn.gov.vneid.core.reasonText
import vn.gov.vneid.core.text

const val START = 1_795_000_000L // 2026-11-18

val citizenAccount = CitizenAccount(
    fullName = "Nguyễn Văn An",
    dateOfBirth = "1990-01-02",
    personalId = "001090012345",
    level = AssuranceLevel.LEVEL2,
)

val officerAccount = OfficerAccount(fullName = "Trần Thị Bình", level = AssuranceLevel.LEVEL2)

/** An authority, an enrolled citizen with the setting on, and an officer holding the lists. */
class World(val clock: FakeClock = FakeClock(START), val keystore: JcaKeystore = JcaKeystore()) : AutoCloseable {
    val authority = LocalAuthority(clock)
    val citizen = CitizenApp(citizenAccount, keystore, "vneid-device-key", clock)
    val officer = OfficerApp(officerAccount, authority.rootPublicKey(), clock)

    init {
        citizen.enrol(authority)
        citizen.setQrVerification(true)
        val lists = authority.publish()
        officer.updateTrust(lists.trustList, lists.revocationList)
    }

    override fun close() {
        officer.close()
        citizen.close()
        authority.close()
    }
}

fun OfficerApp.scan(frame: LumaFrame): Verdict? =
    scanFrame(frame.luma, frame.width.toUInt(), frame.height.toUInt(), frame.rowStride.toUInt())

class AppFlowTest {
    @Test
    fun citizenShowsQrAndOfficerScansGenuine() {
        val clock = FakeClock(START)
        val keystore = JcaKeystore()
        LocalAuthority(clock).use { authority ->
            CitizenApp(citizenAccount, keystore, "vneid-device-key", clock).use { citizen ->
                // Tab Cá nhân: the setting needs enrolment first.
                assertEquals(QrSetting.NEEDS_ENROLMENT, citizen.qrSetting())
                citizen.enrol(authority)
                assertTrue(citizen.isEnrolled())
                assertEquals(QrSetting.OFF, citizen.qrSetting())
                citizen.setQrVerification(true)
                assertEquals(QrSetting.ON, citizen.qrSetting())

                // Tab Trang chủ: the QR and its countdown.
                val qr = citizen.makeIdentityQr()
                assertTrue(qr.text.startsWith("VN2:"))
                assertEquals(60L, qr.secondsLeft(citizen.now()))
                val frame = render(qr.matrix())

                OfficerApp(officerAccount, authority.rootPublicKey(), clock).use { officer ->
                    val lists = authority.publish()
                    officer.updateTrust(lists.trustList, lists.revocationList)
                    val verdict = officer.scan(frame)
                    assertTrue("$verdict", verdict is Verdict.Genuine)
                    val genuine = verdict as Verdict.Genuine
                    // An identity QR names its subject (from the device certificate).
                    val subject = genuine.subject ?: throw AssertionError("no subject: $genuine")
                    assertEquals("Nguyễn Văn An", subject.fullName)
                    assertEquals("1990-01-02", subject.dateOfBirth)
                    assertEquals("***********5", subject.maskedPersonalId)
                    assertEquals(AssuranceLevel.LEVEL2, subject.level)
                    assertEquals(citizen.certificateSerial(), genuine.certificateSerial)
                    assertFalse(genuine.repeatScan)
                    assertNull(genuine.paper)
                    assertTrue(genuine.warnings.isEmpty())

                    // The same QR again is a repeat, never a fresh scan.
                    val again = officer.scan(frame) as Verdict.Genuine
                    assertTrue(again.repeatScan)

                    // A frame without a QR: keep scanning.
                    val blank = LumaFrame(ByteArray(320 * 240) { 128.toByte() }, 320, 240, 320)
                    assertNull(officer.scan(blank))
                }
            }
        }
        // The device key signed; it never left the keystore.
        assertTrue(keystore.signatures.get() >= 2)
    }

    @Test
    fun qrExpiresAfterSixtySecondsOnTheKotlinClock() {
        World().use { w ->
            val qr = w.citizen.makeIdentityQr()
            val frame = render(qr.matrix())
            w.clock.advance(59)
            assertEquals(1L, qr.secondsLeft(w.citizen.now()))
            assertTrue(w.officer.scan(frame) is Verdict.Genuine)
            w.clock.advance(2) // 61 s after it was made: a screenshot shown later
            assertTrue(qr.isExpired(w.citizen.now()))
            assertEquals(0L, qr.secondsLeft(w.citizen.now()))
            assertEquals(Verdict.Fake(Reason.TOKEN_EXPIRED), w.officer.scan(frame))
            assertEquals(
                "QR code expired — ask the citizen to create a new one",
                reasonText(Reason.TOKEN_EXPIRED, Lang.EN),
            )
            // A fresh QR is genuine again.
            assertTrue(w.officer.verifyText(w.citizen.makeIdentityQr().text) is Verdict.Genuine)
        }
    }

    @Test
    fun qrDatedInTheFutureIsRefusedBeyondTheTolerance() {
        World().use { w ->
            val tolerance = defaultPolicy().clockToleranceSecs
            w.clock.advance(tolerance + 1)
            val future = w.citizen.makeIdentityQr().text
            w.clock.advance(-(tolerance + 1))
            assertEquals(Verdict.Fake(Reason.NOT_YET_VALID), w.officer.verifyText(future))
        }
    }

    @Test
    fun forgedAndRevokedAppsAreFake() {
        World().use { w ->
            val qr = w.citizen.makeIdentityQr().text
            // One digit changed: the signature no longer holds (or the token no longer parses).
            val i = qr.length - 10
            val flipped = qr.substring(0, i) + (if (qr[i] == '1') '2' else '1') + qr.substring(i + 1)
            val v = w.officer.verifyText(flipped)
            assertTrue("$v", v is Verdict.Fake)

            // An app enrolled with another (attacker's) authority.
            World(w.clock).use { other ->
                val foreign = other.citizen.makeIdentityQr().text
                assertEquals(Verdict.Fake(Reason.UNKNOWN_ISSUER), w.officer.verifyText(foreign))
            }

            // The phone is reported stolen.
            val lists = w.authority.revoke(w.citizen.certificateSerial()!!)
            w.officer.updateTrust(lists.trustList, lists.revocationList)
            assertEquals(Verdict.Fake(Reason.REVOKED), w.officer.verifyText(w.citizen.makeIdentityQr().text))
            assertEquals(Verdict.Fake(Reason.MALFORMED), w.officer.verifyText("https://example.com"))
        }
    }

    @Test
    fun savedStateRestoresWithTheSameKey() {
        World().use { w ->
            val saved = w.citizen.savedState()
            CitizenApp.restore(saved, w.keystore, "vneid-device-key", w.clock).use { back ->
                assertTrue(back.isEnrolled())
                assertTrue(back.qrVerification())
                assertEquals(citizenAccount, back.account())
                assertTrue(w.officer.verifyText(back.makeIdentityQr().text) is Verdict.Genuine)
            }
        }
    }

    @Test
    fun auditLogKeepsScansWithoutPersonalData() {
        val dir = Files.createTempDirectory("vneid-audit").toFile()
        try {
            World().use { w ->
                val path = File(dir, "audit").path
                assertEquals(AuditIntegrity.Intact, w.officer.openAuditLog(path, memorySecretStorage()))
                w.officer.verifyText(w.citizen.makeIdentityQr().text)
                w.officer.verifyText("VN2:0000")
                val entries = w.officer.auditEntries()
                assertEquals(2, entries.size)
                assertTrue(entries[0].genuine)
                assertEquals("***********5", entries[0].maskedPersonalId)
                assertFalse(entries[1].genuine)
                assertNotNull(entries[1].reasonCode)
                val log = File(path, "audit-000001.log").readText()
                assertFalse(log.contains("001090012345") || log.contains("Nguyễn"))
            }
        } finally {
            dir.deleteRecursively()
        }
    }

    @Test
    fun wordsOnScreenComeFromTheOneTable() {
        assertEquals("Cá nhân", text("tab.personal", Lang.VI))
        assertEquals("Xác minh ứng dụng qua QR code", text("setting.qr_verification", Lang.VI))
        assertEquals("Ví giấy tờ", text("tab.wallet", Lang.VI))
        assertEquals("Trang chủ", text("tab.home", Lang.VI))
        for (r in Reason.values()) {
            assertFalse(reasonText(r, Lang.VI).startsWith("reason."))
        }
    }
}

class ErrorTest {
    private inline fun <reified E : ApiException> expect(block: () -> Unit): E {
        try {
            block()
        } catch (e: ApiException) {
            if (e is E) return e
            fail("expected ${E::class.simpleName}, got ${e::class.simpleName}: $e")
        }
        fail("expected ${E::class.simpleName}, nothing thrown")
        throw IllegalStateException()
    }

    @Test
    fun levelOneCannotTurnTheSettingOn() {
        val clock = FakeClock(START)
        LocalAuthority(clock).use { authority ->
            val account = citizenAccount.copy(level = AssuranceLevel.LEVEL1)
            CitizenApp(account, JcaKeystore(), "k", clock).use { citizen ->
                assertEquals(QrSetting.NEEDS_LEVEL2, citizen.qrSetting())
                citizen.enrol(authority)
                val e = expect<ApiException.LevelTooLow> { citizen.setQrVerification(true) }
                assertEquals(1.toUByte(), e.level)
                // The message names the rule, never the person.
                assertFalse(e.toString().contains("001090012345") || e.toString().contains("Nguyễn"))
                expect<ApiException.QrSettingOff> { citizen.makeIdentityQr() }
            }
            // A level-1 officer cannot sign in.
            expect<ApiException.LevelTooLow> {
                OfficerApp(officerAccount.copy(level = AssuranceLevel.LEVEL1), authority.rootPublicKey(), clock)
            }
        }
    }

    @Test
    fun appStateErrorsAreTyped() {
        val clock = FakeClock(START)
        LocalAuthority(clock).use { authority ->
            CitizenApp(citizenAccount, JcaKeystore(), "k", clock).use { citizen ->
                expect<ApiException.NotEnrolled> { citizen.setQrVerification(true) }
                expect<ApiException.QrSettingOff> { citizen.makeIdentityQr() }
            }
            OfficerApp(officerAccount, authority.rootPublicKey(), clock).use { officer ->
                expect<ApiException.NoTrustList> { officer.verifyText("VN2:0") }
                val old = authority.publish()
                val new = authority.publish()
                officer.updateTrust(new.trustList, new.revocationList)
                expect<ApiException.StaleTrustList> { officer.updateTrust(old.trustList, old.revocationList) }
                LocalAuthority(clock).use { rogue ->
                    val lists = rogue.publish()
                    expect<ApiException.UntrustedList> { officer.updateTrust(lists.trustList, lists.revocationList) }
                }
                expect<ApiException.InvalidInput> { officer.scanFrame(ByteArray(10), 64u, 64u, 64u) }
            }
        }
        expect<ApiException.InvalidInput> {
            CitizenApp(citizenAccount.copy(personalId = "12345"), JcaKeystore(), "k", clock)
        }
        expect<ApiException.InvalidInput> {
            CitizenApp(citizenAccount.copy(dateOfBirth = "02/01/1990"), JcaKeystore(), "k", clock)
        }
        expect<ApiException.Corrupt> { CitizenApp.restore("{not json", JcaKeystore(), "k", clock) }
    }

    @Test
    fun errorsThrownByTheAppReachTheCallerUnchanged() {
        val clock = FakeClock(START)
        // A server client that cannot reach the server.
        val offline = object : EnrolmentService {
            override fun enrol(request: EnrolmentRequest): ByteArray {
                assertEquals(65, request.devicePublicKey.size)
                assertEquals(64, request.proof.size)
                throw ApiException.Network("no connection")
            }
        }
        CitizenApp(citizenAccount, JcaKeystore(), "k", clock).use { citizen ->
            val e = expect<ApiException.Network> { citizen.enrol(offline) }
            assertEquals("no connection", e.detail)
            assertFalse(citizen.isEnrolled())
        }

        // A keystore whose key is gone (the user removed the screen lock) after sign-in.
        LocalAuthority(clock).use { authority ->
            val keystore = JcaKeystore()
            CitizenApp(citizenAccount, keystore, "k", clock).use { citizen ->
                keystore.delete("k")
                val e = expect<ApiException.Keystore> { citizen.enrol(authority) }
                assertEquals("no key under this alias", e.detail)
            }
        }

        // A keystore whose key is not a P-256 key in either platform form, and one whose
        // signatures are made by another key: both refused at enrolment, not in the field.
        val notAKey = object : vn.gov.vneid.core.DeviceKeystore {
            override fun getOrCreateKey(alias: String) = ByteArray(65) { 4 }
            override fun sign(alias: String, message: ByteArray): ByteArray = ByteArray(64)
        }
        val e1 = expect<ApiException.Keystore> { CitizenApp(citizenAccount, notAKey, "k", clock) }
        assertTrue(e1.detail, e1.detail.contains("SubjectPublicKeyInfo"))
        val otherSigner = object : vn.gov.vneid.core.DeviceKeystore {
            val shown = JcaKeystore()
            val signing = JcaKeystore()
            override fun getOrCreateKey(alias: String) = shown.getOrCreateKey(alias).also { signing.getOrCreateKey(alias) }
            override fun sign(alias: String, message: ByteArray) = signing.sign(alias, message)
        }
        LocalAuthority(clock).use { authority ->
            CitizenApp(citizenAccount, otherSigner, "k", clock).use { citizen ->
                val e = expect<ApiException.Keystore> { citizen.enrol(authority) }
                assertTrue(e.detail, e.detail.contains("does not verify"))
            }
        }

        // An unexpected exception in app code becomes Internal, not a crash.
        val broken = object : vn.gov.vneid.core.DeviceKeystore {
            override fun getOrCreateKey(alias: String): ByteArray = throw IllegalStateException("boom")

            override fun sign(alias: String, message: ByteArray): ByteArray = throw IllegalStateException()
        }
        expect<ApiException.Internal> { CitizenApp(citizenAccount, broken, "k", clock) }
    }
}

class ConcurrencyTest {
    @Test
    fun twoThreadsScanAtOnce() {
        World().use { w ->
            // A second citizen, enrolled with the same authority.
            val second = CitizenApp(
                citizenAccount.copy(fullName = "Lê Thị Cúc", personalId = "079195001234"),
                JcaKeystore(),
                "k2",
                w.clock,
            )
            second.use {
                second.enrol(w.authority)
                second.setQrVerification(true)
                val frames = listOf(render(w.citizen.makeIdentityQr().matrix()), render(second.makeIdentityQr().matrix()))
                val rounds = 15
                val pool = Executors.newFixedThreadPool(2)
                val start = CountDownLatch(1)
                try {
                    val results = frames.map { frame ->
                        pool.submit<List<Verdict?>> {
                            start.await()
                            List(rounds) { w.officer.scan(frame) }
                        }
                    }
                    start.countDown()
                    val verdicts = results.map { it.get(120, TimeUnit.SECONDS) }
                    val names = mutableSetOf<String>()
                    for (list in verdicts) {
                        assertEquals(rounds, list.size)
                        val genuine = list.map { it as Verdict.Genuine }
                        // Exactly one fresh scan per QR, the rest repeats.
                        assertEquals(1, genuine.count { !it.repeatScan })
                        names += genuine.map { it.subject!!.fullName }
                    }
                    assertEquals(setOf("Nguyễn Văn An", "Lê Thị Cúc"), names)
                } finally {
                    pool.shutdownNow()
                }
            }
        }
    }
}
