package vn.gov.vneid.presentation

import java.time.ZoneId
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import vn.gov.vneid.core.Lang
import vn.gov.vneid.core.ManualClock
import vn.gov.vneid.core.Reason
import vn.gov.vneid.core.Verdict
import vn.gov.vneid.core.encodeQr
import vn.gov.vneid.core.reasonText
import vn.gov.vneid.presentation.officer.SyntheticFrames
import vn.gov.vneid.presentation.officer.VerdictModel
import vn.gov.vneid.presentation.officer.scan

class VerdictModelTest {
    private val zone = ZoneId.of("Asia/Ho_Chi_Minh")

    @Test
    fun genuineScanIsGreenWithNameAndMaskedId() {
        World().use { w ->
            val frame = SyntheticFrames.render(w.citizen.makeIdentityQr().matrix())
            val verdict = w.officer.scan(frame)!!
            val m = VerdictModel.of(verdict, zone)
            assertTrue(m.genuine)
            assertEquals(Palette.GENUINE, m.color)
            assertEquals("Ứng dụng thật / GENUINE", m.headline.vi())
            assertNull(m.reason)
            assertEquals(Haptic.CONFIRM, m.haptic)
            assertNull(m.repeat)
            assertNull(m.paper)
            val values = m.rows.associate { (it.label as UiText.Key).key to it.value }
            assertEquals(UiText.Plain("Nguyễn Văn An"), values[Keys.LABEL_FULL_NAME])
            assertEquals(UiText.Plain("***********5"), values[Keys.LABEL_PERSONAL_ID])
            assertEquals(UiText.Plain("02/01/1990"), values[Keys.LABEL_DATE_OF_BIRTH])
            assertEquals(UiText.Key(Keys.LEVEL_2), values[Keys.LABEL_LEVEL])
            assertEquals(UiText.Plain(w.citizen.certificateSerial()!!), values[Keys.LABEL_SERIAL])
            // Nothing on the screen shows the full number.
            assertFalse(m.rows.any { it.value.vi().contains("001090012345") })

            // The same QR again: a repeat, never a fresh scan.
            val again = VerdictModel.of(w.officer.scan(frame)!!, zone)
            assertTrue(again.genuine)
            assertEquals(UiText.Key(Keys.VERDICT_REPEAT), again.repeat)
            assertEquals(Haptic.WARN, again.haptic)
        }
    }

    @Test
    fun expiredScanIsRedWithTheReason() {
        World().use { w ->
            val frame = SyntheticFrames.render(w.citizen.makeIdentityQr().matrix())
            w.clock.advance(60)
            val m = VerdictModel.of(w.officer.scan(frame)!!, zone)
            assertFalse(m.genuine)
            assertEquals(Palette.FAKE, m.color)
            assertEquals("Ứng dụng giả / FAKE", m.headline.vi())
            assertEquals(UiText.Key("reason.token_expired"), m.reason)
            assertEquals("token_expired", m.reasonCode)
            assertEquals(reasonText(Reason.TOKEN_EXPIRED, Lang.EN), m.reason!!.en())
            assertEquals("QR code expired — ask the citizen to create a new one", m.reason!!.en())
            assertEquals(reasonText(Reason.TOKEN_EXPIRED, Lang.VI), m.reason!!.vi())
            assertEquals(Haptic.REJECT, m.haptic)
            assertTrue(m.rows.isEmpty())
        }
    }

    @Test
    fun appOfAnotherAuthorityIsFake() {
        World().use { w ->
            World(clock = w.clock).use { other ->
                val m = VerdictModel.of(w.officer.verifyText(other.citizen.makeIdentityQr().text), zone)
                assertFalse(m.genuine)
                assertEquals("unknown_issuer", m.reasonCode)
                assertEquals("Cơ quan cấp không có trong danh sách tin cậy", m.reason!!.vi())
            }
        }
    }

    @Test
    fun everyFixtureCaseMapsToItsColourAndReason() {
        val cases = Fixtures.cases
        assertTrue("cases read: ${cases.size}", cases.size >= 15)
        for (c in cases) {
            ManualClock(c.verifyAt).use { clock ->
                Fixtures.officer(clock).use { officer ->
                    // Through a camera frame where the text fits a QR, else as text.
                    val text = Fixtures.text(c.qrFile)
                    val verdict = runCatching { encodeQr(text) }.getOrNull()
                        ?.let { officer.scan(SyntheticFrames.render(it, scale = 2)) }
                        ?: officer.verifyText(text)
                    val m = VerdictModel.of(verdict, zone)
                    assertEquals(c.name, c.verdict == "genuine", m.genuine)
                    assertEquals(c.name, if (m.genuine) Palette.GENUINE else Palette.FAKE, m.color)
                    assertEquals(c.name, c.reason, m.reasonCode)
                    if (!m.genuine) {
                        val key = (m.reason as UiText.Key).key
                        assertTrue("$key has words", m.reason!!.vi() != key && m.reason!!.en() != key)
                    }
                }
            }
        }
    }

    @Test
    fun staleListsShowWarnings() {
        World().use { w ->
            w.clock.advance(8 * 24 * 3600)
            val m = VerdictModel.of(w.officer.verifyText(w.citizen.makeIdentityQr().text), zone)
            assertTrue(m.genuine)
            assertEquals(
                listOf(UiText.Key(Keys.VERDICT_STALE_TRUST), UiText.Key(Keys.VERDICT_STALE_REVOCATION)),
                m.warnings,
            )
            assertEquals(Haptic.WARN, m.haptic)
        }
    }

    @Test
    fun everyReasonHasAKeyWithWords() {
        for (r in Reason.values()) {
            val key = VerdictModel.reasonKey(r)
            val m = VerdictModel.of(Verdict.Fake(r), zone)
            assertEquals(UiText.Key(key), m.reason)
            assertNotNull(m.reasonCode)
            assertEquals(reasonText(r, Lang.VI), m.reason!!.vi())
        }
    }
}
