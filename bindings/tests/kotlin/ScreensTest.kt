// What the screens show, decided in Rust and read through the generated Kotlin bindings as the
// apps read them: the QR screens (tab Trang chủ and a paper's presentation), the verdict
// screen, the wallet's list and detail, the field picker, tab Cá nhân, the scan history, the
// tones and the words for every error; and the server-facing objects that can be exercised
// without a server (the refusals before any connection, an unreachable server, restore with
// nothing saved).
package vn.gov.vneid.core.test

import java.io.File
import java.net.ServerSocket
import java.nio.file.Files
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.AssuranceLevel
import vn.gov.vneid.core.AttestationEvidence
import vn.gov.vneid.core.AuthorityServer
import vn.gov.vneid.core.CitizenApp
import vn.gov.vneid.core.Haptic
import vn.gov.vneid.core.Lang
import vn.gov.vneid.core.LocalAuthority
import vn.gov.vneid.core.OfficerApp
import vn.gov.vneid.core.PlatformAttestation
import vn.gov.vneid.core.QrScreenModel
import vn.gov.vneid.core.QrScreenState
import vn.gov.vneid.core.Restored
import vn.gov.vneid.core.ScreenLocale
import vn.gov.vneid.core.ServerTrust
import vn.gov.vneid.core.SessionManager
import vn.gov.vneid.core.Tone
import vn.gov.vneid.core.VerdictKind
import vn.gov.vneid.core.VerdictView
import vn.gov.vneid.core.Wallet
import vn.gov.vneid.core.appAttestClientDataHashes
import vn.gov.vneid.core.defaultPolicy
import vn.gov.vneid.core.encodeQr
import vn.gov.vneid.core.errorText
import vn.gov.vneid.core.fieldPicker
import vn.gov.vneid.core.fieldPickerToggle
import vn.gov.vneid.core.screenText
import vn.gov.vneid.core.toneArgb
import vn.gov.vneid.core.toneOnBackgroundArgb

/** Vietnamese, in Vietnam's UTC offset (+07:00), as the apps pass it. */
val VN = ScreenLocale(Lang.VI, 7 * 3600)
val EN = ScreenLocale(Lang.EN, 7 * 3600)

fun tempDir(prefix: String): File = Files.createTempDirectory(prefix).toFile().also { it.deleteOnExit() }

/** A wallet holding the four sample papers issued to the world's citizen. */
fun World.wallet(storage: MapStorage = MapStorage()): Wallet =
    Wallet.openOrCreate(File(tempDir("wallet"), "wallet.bin").path, storage, clock).also { w ->
        authority.issueSamplePapers(citizen).forEach { w.add(it) }
    }

fun VerdictView.value(label: String): String? = rows.firstOrNull { it.label == label }?.value

class QrScreenTest {
    private fun showing(state: QrScreenState): QrScreenState.Showing =
        state as? QrScreenState.Showing ?: throw AssertionError("not showing a QR: $state")

    @Test
    fun homeKeepsTheQrThenRemakesItAndFollowsTheSetting() {
        World().use { w ->
            w.citizen.setQrVerification(false)
            QrScreenModel.identity(w.citizen).use { home ->
                val off = home.tick(VN) as? QrScreenState.SettingOff ?: throw AssertionError("setting is off")
                assertEquals("Bật “Xác minh ứng dụng qua QR code” trong tab Cá nhân để tạo mã QR", off.message)
                assertEquals(0u, home.made())

                w.citizen.setQrVerification(true)
                val first = showing(home.tick(VN))
                assertTrue(first.fresh)
                assertTrue(first.text.startsWith("VN2:"))
                assertEquals(60L, first.countdown.secondsLeft)
                assertEquals("Còn 60 giây", first.countdown.label)
                assertEquals(Tone.ACCENT, first.countdown.tone)
                assertEquals(1.0f, first.countdown.fraction)
                // The matrix is the QR of the text.
                assertTrue(encodeQr(first.text).modules.contentEquals(first.matrix.modules))

                w.clock.advance(45)
                val kept = showing(home.tick(EN))
                assertFalse(kept.fresh)
                assertEquals(first.text, kept.text)
                assertEquals("15 seconds left", kept.countdown.label)
                assertEquals(Tone.ACCENT, kept.countdown.tone)
                // The last seconds warn.
                w.clock.advance(10)
                assertEquals(Tone.WARNING, showing(home.tick(VN)).countdown.tone)
                // Past 60 s a new one, and the officer finds the new one genuine.
                w.clock.advance(5)
                val next = showing(home.tick(VN))
                assertTrue(next.fresh)
                assertNotEquals(first.text, next.text)
                assertEquals(60L, next.countdown.secondsLeft)
                assertEquals(VerdictKind.GENUINE, w.officer.verifyTextForScreen(next.text, VN).view.kind)
                // A tap: a new one at once; leaving: dropped, a new one on return.
                assertTrue(showing(home.renew(VN)).fresh)
                home.forget()
                assertTrue(showing(home.tick(VN)).fresh)
                assertEquals(4u, home.made())
                // Turned off in Cá nhân (another tab: Trang chủ was left, its QR dropped).
                w.citizen.setQrVerification(false)
                home.forget()
                assertTrue(home.tick(VN) is QrScreenState.SettingOff)
            }
        }
    }

    @Test
    fun aPresentationDisclosesOnlyThePickedFields() {
        World().use { w ->
            w.wallet().use { wallet ->
                QrScreenModel.presentation(w.citizen, wallet, "gplx", listOf("full_name", "classes")).use { screen ->
                    val qr = showing(screen.tick(VN))
                    assertTrue(qr.text.startsWith("VP2:"))
                    assertEquals("Còn 60 giây", qr.countdown.label)
                    val view = w.officer.verifyTextForScreen(qr.text, VN).view
                    assertEquals(VerdictKind.GENUINE, view.kind)
                    val paper = view.paper ?: throw AssertionError("no paper on the screen")
                    assertEquals("Giấy phép lái xe", paper.name)
                    assertEquals(2, paper.fields.size)
                    assertEquals("Nguyễn Văn An", paper.fields[0].value)
                    // A presentation names no subject: no name row outside the paper.
                    assertNull(view.value("Họ và tên"))
                    // The same QR while valid; a new one after 60 s.
                    assertEquals(qr.text, showing(screen.tick(VN)).text)
                    w.clock.advance(60)
                    assertTrue(showing(screen.tick(VN)).fresh)
                    // The setting turned off: no new presentation either.
                    w.citizen.setQrVerification(false)
                    screen.forget()
                    assertTrue(screen.tick(VN) is QrScreenState.SettingOff)
                }
                QrScreenModel.presentation(w.citizen, wallet, "passport", emptyList()).use { missing ->
                    w.citizen.setQrVerification(true)
                    val failed = missing.tick(VN) as? QrScreenState.Failed ?: throw AssertionError("a paper it does not hold")
                    assertTrue(failed.error is ApiException.NotFound)
                    assertEquals("Không tìm thấy", failed.message)
                }
            }
        }
    }
}

class VerdictViewTest {
    @Test
    fun aGenuineScanShowsWhoseAppMaskedAndARepeatSaysSo() {
        World().use { w ->
            val text = w.citizen.makeIdentityQr().text
            val scan = w.officer.verifyTextForScreen(text, VN)
            assertTrue(scan.verdict is vn.gov.vneid.core.Verdict.Genuine)
            val v = scan.view
            assertEquals(VerdictKind.GENUINE, v.kind)
            assertEquals("Ứng dụng thật / GENUINE", v.headline)
            assertEquals(Tone.GENUINE, v.tone)
            assertEquals(Haptic.CONFIRM, v.haptic)
            assertNull(v.reason)
            assertNull(v.reasonCode)
            assertNull(v.repeat)
            assertEquals("Nguyễn Văn An", v.value("Họ và tên"))
            assertEquals("***********5", v.value("Số định danh cá nhân"))
            assertEquals("02/01/1990", v.value("Ngày sinh"))
            assertFalse("the full ID number is never on the officer's screen", v.rows.any { it.value.contains("001090012345") })
            assertTrue(v.announcement.isNotBlank())

            val again = w.officer.verifyTextForScreen(text, VN).view
            assertEquals(VerdictKind.GENUINE, again.kind)
            assertEquals("Mã này đã được quét trước đó", again.repeat)
            assertEquals(Haptic.WARN, again.haptic)
        }
    }

    @Test
    fun fakesSayWhyAndTheCameraPathGivesTheSameScreen() {
        World().use { w ->
            val qr = w.citizen.makeIdentityQr()
            // From a camera frame: nothing in a blank frame, the verdict screen from the QR's.
            val blank = ByteArray(320 * 240) { 128.toByte() }
            assertNull(w.officer.scanFrameForScreen(blank, 320u, 240u, 320u, VN))
            val frame = render(qr.matrix())
            val fromCamera = w.officer.scanFrameForScreen(frame.luma, frame.width.toUInt(), frame.height.toUInt(), frame.rowStride.toUInt(), VN)
            assertEquals(VerdictKind.GENUINE, fromCamera!!.view.kind)

            w.clock.advance(60)
            val expired = w.officer.verifyTextForScreen(qr.text, VN).view
            assertEquals(VerdictKind.FAKE, expired.kind)
            assertEquals("Ứng dụng giả / FAKE", expired.headline)
            assertEquals(Tone.FAKE, expired.tone)
            assertEquals(Haptic.REJECT, expired.haptic)
            assertEquals("token_expired", expired.reasonCode)
            assertEquals("Mã QR đã hết hạn — đề nghị công dân tạo mã mới", expired.reason)
            assertTrue(expired.rows.isEmpty())
            assertEquals("QR code expired — ask the citizen to create a new one",
                w.officer.verifyTextForScreen(qr.text, EN).view.reason)
        }
        // An app of another authority: fake, its issuer unknown.
        World().use { mine ->
            World(clock = mine.clock).use { theirs ->
                val v = mine.officer.verifyTextForScreen(theirs.citizen.makeIdentityQr().text, VN).view
                assertEquals(VerdictKind.FAKE, v.kind)
                assertNotNull(v.reasonCode)
            }
        }
    }

    @Test
    fun theHistoryIsNewestFirst() {
        World().use { w ->
            val dir = tempDir("audit")
            w.officer.openAuditLog(dir.path, MapStorage())
            val empty = w.officer.history(VN)
            assertTrue(empty.rows.isEmpty())
            assertEquals("Chưa có lượt quét nào", empty.empty)
            val qr = w.citizen.makeIdentityQr().text
            w.officer.verifyTextForScreen(qr, VN)
            w.officer.verifyTextForScreen(qr, VN)
            w.clock.advance(60)
            w.officer.verifyTextForScreen(qr, VN)
            val h = w.officer.history(VN)
            assertNull(h.empty)
            assertNull(h.broken)
            assertEquals(listOf(3uL, 2uL, 1uL), h.rows.map { it.seq })
            assertEquals(Tone.FAKE, h.rows[0].tone)
            assertEquals("Mã QR đã hết hạn — đề nghị công dân tạo mã mới", h.rows[0].detail)
            assertTrue(h.rows[1].repeat)
            assertEquals(Tone.WARNING, h.rows[1].tone)
            assertEquals(Tone.GENUINE, h.rows[2].tone)
            assertEquals("***********5", h.rows[2].detail)
            assertEquals("Ứng dụng thật", h.rows[2].headline)
        }
    }
}

class WalletViewsTest {
    @Test
    fun onlyValidPapersArePresentableAndARevokedOneSaysSo() {
        World().use { w ->
            w.wallet().use { wallet ->
                val rows = wallet.rows(VN)
                assertEquals(listOf("cccd", "gplx", "bhyt", "dkx"), rows.map { it.typeCode })
                assertTrue(rows.all { it.presentable && it.status == "Còn hiệu lực" && it.statusTone == Tone.GENUINE })
                assertTrue(rows.all { Regex("\\d{2}/\\d{2}/\\d{4}").matches(it.validUntil) })

                // The authority withdraws the licence: revoked on the list, no longer presentable.
                val gplx = rows.first { it.typeCode == "gplx" }
                val lists = w.authority.revoke(gplx.serial)
                wallet.updateRevocationList(w.authority.rootPublicKey(), lists.revocationList)
                val after = wallet.rows(VN).first { it.typeCode == "gplx" }
                assertEquals("Đã bị thu hồi", after.status)
                assertEquals(Tone.FAKE, after.statusTone)
                assertFalse(after.presentable)
                assertFalse(wallet.detailView("gplx", emptyList(), VN).presentable)

                // A paper past its validity: expired, not presentable.
                val expired = w.authority.issuePaper(
                    vn.gov.vneid.core.NewPaper("bhyt", START - 86_400 * 30L, START - 86_400L,
                        listOf(vn.gov.vneid.core.FieldEntry("full_name", "Nguyễn Văn An"))),
                    w.citizen,
                )
                wallet.addOrReplace(expired)
                val row = wallet.rows(EN).first { it.typeCode == "bhyt" }
                assertEquals("Expired", row.status)
                assertEquals(Tone.WARNING, row.statusTone)
                assertFalse(row.presentable)
            }
        }
    }

    @Test
    fun theIdNumberIsMaskedUntilTapped() {
        World().use { w ->
            w.wallet().use { wallet ->
                val masked = wallet.detailView("cccd", emptyList(), VN)
                assertEquals("Căn cước công dân", masked.title)
                assertEquals("Còn hiệu lực", masked.status)
                val number = masked.fields.first { it.key == "number" }
                assertEquals("***********5", number.value)
                assertTrue(number.maskable)
                assertFalse(number.revealed)
                assertEquals("Chạm để hiện", number.hint)
                assertFalse(masked.header.any { it.value.contains("001090012345") })
                assertTrue(masked.presentable)

                val shown = wallet.detailView("cccd", listOf("number"), VN).fields.first { it.key == "number" }
                assertEquals("001090012345", shown.value)
                assertTrue(shown.revealed)
                assertEquals("Chạm để ẩn", shown.hint)
                // A field that is not an ID number has no mask and no hint.
                val name = masked.fields.first { it.key == "full_name" }
                assertFalse(name.maskable)
                assertNull(name.hint)
                try {
                    wallet.detailView("passport", emptyList(), VN)
                    fail("a paper the wallet does not hold")
                } catch (e: ApiException.NotFound) {
                }
            }
        }
    }

    @Test
    fun theFieldPickerDisclosesNothingUntilAsked() {
        val none = fieldPicker("gplx", emptyList(), VN)
        assertTrue(none.selected.isEmpty())
        assertEquals("Chỉ xuất trình loại giấy tờ và thời hạn", none.hint)
        assertTrue(none.choices.none { it.checked })
        val keys = none.choices.map { it.key }
        assertTrue(keys.containsAll(listOf("full_name", "classes")))

        // Picked out of order: given back in the type's order; flipped again: gone.
        var chosen = fieldPickerToggle("gplx", emptyList(), "classes")
        chosen = fieldPickerToggle("gplx", chosen, "full_name")
        val picked = fieldPicker("gplx", chosen, VN)
        assertEquals(keys.filter { it == "full_name" || it == "classes" }, picked.selected)
        assertNull(picked.hint)
        assertEquals(setOf("full_name", "classes"), picked.choices.filter { it.checked }.map { it.key }.toSet())
        assertEquals(listOf("full_name"), fieldPickerToggle("gplx", chosen, "classes").let { fieldPicker("gplx", it, VN).selected })
        // A key the type lacks changes nothing.
        assertEquals(chosen, fieldPickerToggle("gplx", chosen, "no_such_field"))
        // The ID card's number is flagged as an ID number.
        assertTrue(fieldPicker("cccd", emptyList(), VN).choices.first { it.key == "number" }.personalId)
    }
}

class PersonalViewTest {
    @Test
    fun levelTwoShowsTheAccountMaskedAndAnEnabledSwitch() {
        World().use { w ->
            val v = w.citizen.personalView(VN)
            assertEquals("Xác minh ứng dụng qua QR code", v.qrSwitch.label)
            assertTrue(v.qrSwitch.enabled)
            assertTrue(v.qrSwitch.checked)
            assertNull(v.qrSwitch.reason)
            val values = v.rows.map { it.value }
            assertTrue(values.contains("Nguyễn Văn An"))
            assertTrue(values.contains("***********5"))
            assertFalse(values.contains("001090012345"))
            assertTrue(values.contains(w.citizen.certificateSerial()))
            w.citizen.setQrVerification(false)
            assertFalse(w.citizen.personalView(VN).qrSwitch.checked)
        }
    }

    @Test
    fun levelOneIsDisabledWithTheReasonAndBeforeEnrolmentToo() {
        val clock = FakeClock(START)
        LocalAuthority(clock).use { authority ->
            CitizenApp(citizenAccount.copy(level = AssuranceLevel.LEVEL1), JcaKeystore(), "k", clock).use { c ->
                val before = c.personalView(VN).qrSwitch
                assertFalse(before.enabled)
                assertNotNull(before.reason)
                c.enrol(authority)
                val s = c.personalView(VN).qrSwitch
                assertFalse(s.enabled)
                assertFalse(s.checked)
                assertEquals("Cần tài khoản định danh điện tử mức 2", s.reason)
            }
            CitizenApp(citizenAccount, JcaKeystore(), "k", clock).use { c ->
                assertEquals("Thiết bị cần được đăng ký trước", c.personalView(VN).qrSwitch.reason)
            }
        }
    }
}

class TextsAndTonesTest {
    private val everyError: List<ApiException> = listOf(
        ApiException.LevelTooLow(1u), ApiException.QrSettingOff(), ApiException.NotEnrolled(),
        ApiException.NoTrustList(), ApiException.StaleTrustList("x"), ApiException.UntrustedList("x"),
        ApiException.Keystore("x"), ApiException.Storage("x"), ApiException.Corrupt("x"),
        ApiException.InvalidInput("x"), ApiException.NotFound("x"), ApiException.Network("x"),
        ApiException.SignInFailed(null), ApiException.SignInFailed(900u), ApiException.SessionEnded(),
        ApiException.RateLimited(30u), ApiException.AttestationRefused("DeviceUnlocked"),
        ApiException.ServerRefused("challenge_expired"), ApiException.NotAnOfficer(), ApiException.Internal("x"),
    )

    @Test
    fun everyErrorHasWordsInBothLanguages() {
        // Every ApiException subclass is in the list (a new variant must get words too).
        val subclasses = ApiException::class.java.declaredClasses
            .filter { ApiException::class.java.isAssignableFrom(it) }.map { it.simpleName }.toSet()
        assertEquals(subclasses, everyError.map { it::class.simpleName }.toSet())
        for (lang in listOf(Lang.VI, Lang.EN)) {
            for (e in everyError) {
                val t = errorText(e, lang)
                assertTrue("$e: $t", t.contains(' ') && !t.contains("%d") && !t.contains("error."))
                // The words never carry the error's detail (which may name a file or a check).
                assertFalse("$e: $t", t.contains("DeviceUnlocked") || t.contains("challenge_expired"))
            }
        }
        assertEquals("Sai số định danh hoặc mật khẩu", errorText(ApiException.SignInFailed(null), Lang.VI))
        assertEquals("Account locked after too many failed sign-ins; try again in 15 minutes",
            errorText(ApiException.SignInFailed(900u), Lang.EN))
        assertEquals("Too many requests; try again in 30 seconds", errorText(ApiException.RateLimited(30u), Lang.EN))
        assertEquals("Cần tài khoản định danh điện tử mức 2", errorText(ApiException.LevelTooLow(1u), Lang.VI))
        assertEquals("Tài khoản này không phải tài khoản cán bộ", errorText(ApiException.NotAnOfficer(), Lang.VI))
    }

    @Test
    fun labelsTheAppsDrawThemselves() {
        assertEquals("Trang chủ", screenText("tab.home", Lang.VI, null))
        assertEquals("Ví giấy tờ", screenText("tab.wallet", Lang.VI, null))
        assertEquals("Cá nhân", screenText("tab.personal", Lang.VI, null))
        assertEquals("Số định danh cá nhân", screenText("login.personal_id", Lang.VI, null))
        assertEquals("Password", screenText("login.password", Lang.EN, null))
        assertEquals("Còn 42 giây", screenText("home.seconds_left", Lang.VI, 42))
    }

    /** WCAG contrast, to check what the apps paint. */
    private fun luminance(argb: UInt): Double {
        fun c(shift: Int): Double {
            val v = ((argb shr shift) and 0xFFu).toDouble() / 255
            return if (v <= 0.03928) v / 12.92 else Math.pow((v + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * c(16) + 0.7152 * c(8) + 0.0722 * c(0)
    }

    private fun contrast(a: UInt, b: UInt): Double {
        val (x, y) = luminance(a) to luminance(b)
        return (maxOf(x, y) + 0.05) / (minOf(x, y) + 0.05)
    }

    @Test
    fun tonesKeepTheirContrastInBothThemes() {
        assertEquals(0xFF1B873Fu, toneArgb(Tone.GENUINE))
        assertEquals(0xFFC62828u, toneArgb(Tone.FAKE))
        for (t in Tone.values()) {
            assertTrue("$t block", contrast(toneArgb(t), 0xFFFFFFFFu) >= 4.5)
            assertTrue("$t light", contrast(toneOnBackgroundArgb(t, false), 0xFFFFFFFFu) >= 4.5)
            assertTrue("$t dark", contrast(toneOnBackgroundArgb(t, true), 0xFF121212u) >= 4.5)
        }
    }
}

class PlatformFormsTest {
    @Test
    fun theKeystoreReturnsWhatJavaSecurityGivesAndTheCoreTakesIt() {
        val keystore = JcaKeystore()
        val spki = keystore.getOrCreateKey("k")
        assertEquals("an X.509 SubjectPublicKeyInfo, as Android's publicKey.encoded", 91, spki.size)
        val der = keystore.sign("k", "m".toByteArray())
        assertEquals("a DER ECDSA-Sig-Value", 0x30, der[0].toInt())
        // World enrols and scans with this keystore: every signature went through the core's
        // conversion and check.
        World(keystore = keystore).use { w ->
            repeat(20) {
                assertEquals(VerdictKind.GENUINE, w.officer.verifyTextForScreen(w.citizen.makeIdentityQr().text, VN).view.kind)
            }
        }
        // The App Attest hashes take the same key as SPKI or as its SEC1 point.
        val challenge = ByteArray(32) { it.toByte() }
        val sec1 = spki.copyOfRange(spki.size - 65, spki.size)
        val a = appAttestClientDataHashes(challenge, spki)
        val b = appAttestClientDataHashes(challenge, sec1)
        assertArrayEquals(a.attestation, b.attestation)
        assertArrayEquals(a.assertion, b.assertion)
        assertEquals(32, a.attestation.size)
    }
}

class ServerSideTest {
    private val none = object : PlatformAttestation {
        override fun attest(challenge: ByteArray, keyAlias: String): AttestationEvidence = AttestationEvidence.None
    }

    @Test
    fun theServerIsRefusedBeforeAnyConnectionWhenItCannotBeTrusted() {
        try {
            AuthorityServer("http://10.0.2.2:8443", ServerTrust.PublicCas)
            fail("plain HTTP accepted")
        } catch (e: ApiException.InvalidInput) {
        }
        try {
            AuthorityServer("https://10.0.2.2:8443", ServerTrust.PinnedKeys(listOf(ByteArray(31))))
            fail("a pin that is not a SHA-256 digest accepted")
        } catch (e: ApiException.InvalidInput) {
        }
    }

    @Test
    fun anUnreachableServerIsANetworkErrorAndNothingIsSaved() {
        // A port nobody listens on.
        val port = ServerSocket(0).use { it.localPort }
        val clock = FakeClock(START)
        LocalAuthority(clock).use { authority ->
            AuthorityServer("https://127.0.0.1:$port", ServerTrust.PinnedKeys(listOf(ByteArray(32)))).use { server ->
                val dir = tempDir("session")
                val manager = SessionManager(File(dir, "data").path, JcaKeystore(), MapStorage(), clock, none, server,
                    authority.rootPublicKey(), defaultPolicy())
                manager.use {
                    assertTrue(it.restore(Lang.VI) is Restored.SignedOut)
                    try {
                        it.signIn("001090012345", "password")
                        fail("signed in without a server")
                    } catch (e: ApiException.Network) {
                        assertEquals("Không kết nối được với cơ quan cấp, hãy thử lại", errorText(e, Lang.VI))
                    }
                    try {
                        it.signIn("12345", "password")
                        fail("a personal ID number that is not 12 digits")
                    } catch (e: ApiException.InvalidInput) {
                    }
                    assertTrue(it.restore(Lang.VI) is Restored.SignedOut)
                }
                // The root key the app pins must be a P-256 point.
                try {
                    SessionManager(File(dir, "x").path, JcaKeystore(), MapStorage(), clock, none, server, ByteArray(65), defaultPolicy())
                    fail("a root that is not a key")
                } catch (e: ApiException.InvalidInput) {
                }
            }
        }
    }
}
