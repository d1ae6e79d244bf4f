package vn.gov.vneid.presentation

import java.time.ZoneId
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import vn.gov.vneid.core.FieldEntry
import vn.gov.vneid.core.NewPaper
import vn.gov.vneid.core.PaperStatus
import vn.gov.vneid.core.Verdict
import vn.gov.vneid.core.paperTypes
import vn.gov.vneid.presentation.officer.SyntheticFrames
import vn.gov.vneid.presentation.officer.VerdictModel
import vn.gov.vneid.presentation.officer.scan
import vn.gov.vneid.presentation.wallet.FieldPicker
import vn.gov.vneid.presentation.wallet.PaperDetailState
import vn.gov.vneid.presentation.wallet.PresentController
import vn.gov.vneid.presentation.wallet.PresentState
import vn.gov.vneid.presentation.wallet.statusColor
import vn.gov.vneid.presentation.wallet.statusKey
import vn.gov.vneid.presentation.wallet.walletState

class WalletModelsTest {
    private val zone = ZoneId.of("Asia/Ho_Chi_Minh")

    @Test
    fun listShowsStatusesAndAnExpiredPaper() {
        World().use { w ->
            val wallet = w.wallet
            wallet.add(
                w.authority.issuePaper(
                    // A second vehicle registration (a citizen may hold several), expired last month,
                    // issued to the citizen's enrolled device.
                    NewPaper("dkx", START - 400 * 86_400L, START - 30 * 86_400L, emptyList<FieldEntry>()),
                    w.citizen,
                ),
            )
            val state = walletState(wallet, zone)
            assertNull(state.empty)
            assertEquals(5, state.rows.size)
            val expired = state.rows.single { it.status == UiText.Key("paper.status.expired") }
            assertEquals(Palette.WARNING, expired.statusColor)
            assertFalse(expired.presentable)
            assertEquals("Hết hiệu lực", expired.status.vi())
            val valid = state.rows.filter { it.presentable }
            assertEquals(4, valid.size)
            assertTrue(valid.all { it.status.vi() == "Còn hiệu lực" && it.statusColor == Palette.GENUINE })
            assertTrue(state.rows.any { it.name == UiText.Bilingual("Giấy phép lái xe", "Driving licence") || it.typeCode == "gplx" })
            // Every status has words and a colour (revoked included).
            for (s in PaperStatus.values()) {
                assertTrue(UiText.Key(statusKey(s)).vi() != statusKey(s))
            }
            assertEquals(Palette.FAKE, statusColor(PaperStatus.REVOKED))
        }
    }

    @Test
    fun idNumberIsMaskedUntilTapped() {
        World().use { w ->
            val d0 = PaperDetailState(w.wallet.detail("cccd"), zone = zone)
            val number = d0.fields.single { it.key == "number" }
            assertTrue(number.maskable)
            assertFalse(number.revealed)
            assertEquals("***********5", number.value)
            assertEquals(UiText.Key(Keys.WALLET_TAP_TO_SHOW), number.hint)
            // A paper is bound to the device, not to an ID number: no holder row, and the full
            // number nowhere in the header.
            assertTrue(d0.header.none { it.label == UiText.Key(Keys.LABEL_HOLDER) })
            assertFalse(d0.header.any { it.value.vi().contains("001090012345") })

            val d1 = d0.toggle("number")
            val shown = d1.fields.single { it.key == "number" }
            assertTrue(shown.revealed)
            assertEquals("001090012345", shown.value)
            assertEquals(UiText.Key(Keys.WALLET_TAP_TO_HIDE), shown.hint)
            assertEquals("***********5", d1.toggle("number").fields.single { it.key == "number" }.value)

            // A field that is not an ID number has nothing to reveal.
            val name = d0.fields.single { it.key == "full_name" }
            assertFalse(name.maskable)
            assertNull(name.hint)
            assertEquals(d0, d0.toggle("full_name"))
            assertEquals(d0, d0.toggle("no_such_field"))
        }
    }

    @Test
    fun presentationDisclosesOnlyThePickedFields() {
        World().use { w ->
            val gplx = paperTypes().single { it.code == "gplx" }
            var picker = FieldPicker(gplx)
            assertTrue(picker.options.none { it.checked })
            assertEquals(UiText.Key(Keys.WALLET_NO_FIELDS), picker.hint)
            picker = picker.toggle("classes").toggle("full_name").toggle("nonsense")
            assertNull(picker.hint)
            val order = gplx.fields.map { it.key }
            assertEquals(listOf("full_name", "classes").sortedBy { order.indexOf(it) }, picker.selectedKeys)

            val present = PresentController(w.wallet, w.citizen, "gplx", picker.selectedKeys)
            val shown = present.tick() as PresentState.ShowingQr
            assertTrue(shown.secureScreen)
            assertTrue(shown.qr.text.startsWith("VP2:"))
            assertEquals(60L, shown.countdown.secondsLeft)

            val verdict = w.officer.scan(SyntheticFrames.render(shown.matrix, scale = 2))!!
            assertTrue(verdict is Verdict.Genuine)
            // A presentation carries no certificate: no subject, and no subject rows on the screen;
            // what it shows of the holder is the disclosed fields (below).
            assertNull((verdict as Verdict.Genuine).subject)
            val m = VerdictModel.of(verdict, zone)
            assertEquals(listOf(Keys.LABEL_SERIAL, Keys.LABEL_EXPIRES_AT), m.rows.map { (it.label as UiText.Key).key })
            assertEquals(UiText.Plain(w.citizen.certificateSerial()!!), m.rows[0].value)
            val paper = m.paper!!
            assertEquals(UiText.Bilingual("Giấy phép lái xe", "Driving licence"), paper.name)
            val labels = paper.fields.map { (it.label as UiText.Bilingual).en }
            val expected = gplx.fields.filter { it.key in picker.selectedKeys }.map { it.labelEn }
            assertEquals(expected, labels)
            assertTrue(paper.fields.any { it.value == UiText.Plain("Nguyễn Văn An") })

            // 60 seconds later the screen makes a new one by itself.
            w.clock.advance(60)
            val again = present.tick() as PresentState.ShowingQr
            assertTrue(again.qr.text != shown.qr.text)
        }
    }

    @Test
    fun presentingWithTheSettingOffSaysWhere() {
        World(settingOn = false).use { w ->
            val state = PresentController(w.wallet, w.citizen, "cccd", emptyList()).tick()
            assertEquals(PresentState.Failed(UiText.Key(Keys.HOME_SETTING_OFF)), state)
            assertFalse(state.secureScreen)
        }
    }
}
