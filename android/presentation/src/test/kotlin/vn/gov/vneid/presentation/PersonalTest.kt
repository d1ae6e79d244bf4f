package vn.gov.vneid.presentation

import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import vn.gov.vneid.core.AssuranceLevel
import vn.gov.vneid.core.QrSetting
import vn.gov.vneid.core.Verdict
import vn.gov.vneid.presentation.citizen.PersonalController
import vn.gov.vneid.presentation.citizen.QrSwitchState
import vn.gov.vneid.presentation.citizen.maskPersonalId

class PersonalTest {
    @Test
    fun levelOneSwitchIsDisabledWithTheReason() {
        World(level = AssuranceLevel.LEVEL1).use { w ->
            var saved = 0
            val personal = PersonalController(w.citizen) { saved++ }
            val s = personal.state().qrSwitch
            assertFalse(s.checked)
            assertFalse(s.enabled)
            assertEquals(UiText.Key("setting.qr_verification.level1"), s.reason)
            assertEquals("Cần tài khoản định danh điện tử mức 2", s.reason!!.vi())
            assertEquals("Needs a level-2 electronic identity account", s.reason!!.en())
            assertEquals("Xác minh ứng dụng qua QR code", s.label.vi())

            // Even if the switch were flipped, the core refuses and says why.
            val after = personal.setQrVerification(true)
            assertFalse(after.qrSwitch.checked)
            assertEquals(UiText.Key(Keys.SETTING_QR_LEVEL1), after.error)
            assertEquals(0, saved)
            assertEquals(QrSetting.NEEDS_LEVEL2, w.citizen.qrSetting())
            assertEquals(UiText.Key(Keys.LEVEL_1), after.rows.first { it.label == UiText.Key(Keys.LABEL_LEVEL) }.value)
        }
    }

    @Test
    fun levelTwoTurnsTheSettingOnAndOff() {
        World(settingOn = false).use { w ->
            var saved = 0
            val personal = PersonalController(w.citizen) { saved++ }
            assertEquals(QrSwitchState(checked = false, enabled = true, reason = null), personal.state().qrSwitch)
            val on = personal.setQrVerification(true)
            assertEquals(QrSwitchState(checked = true, enabled = true, reason = null), on.qrSwitch)
            assertNull(on.error)
            assertEquals(1, saved)
            assertEquals(QrSwitchState(false, true, null), personal.setQrVerification(false).qrSwitch)
        }
    }

    @Test
    fun beforeEnrolmentTheSwitchSaysSo() {
        World(enrol = false).use { w ->
            val s = PersonalController(w.citizen).state().qrSwitch
            assertFalse(s.enabled)
            assertEquals(UiText.Key(Keys.SETTING_QR_NEEDS_ENROLMENT), s.reason)
        }
    }

    @Test
    fun theAccountShowsTheIdMaskedAsTheCoreMasksIt() {
        World().use { w ->
            val rows = PersonalController(w.citizen).state().rows
            val id = rows.first { it.label == UiText.Key(Keys.LABEL_PERSONAL_ID) }.value as UiText.Plain
            val core = (w.officer.verifyText(w.citizen.makeIdentityQr().text) as Verdict.Genuine).subject!!.maskedPersonalId
            assertEquals(core, id.text)
            // The ID card's number field, as the wallet masks it, is the same.
            assertEquals(w.wallet.detail("cccd").fields.single { it.key == "number" }.text, maskPersonalId(w.citizen.account().personalId))
            assertTrue(rows.any { it.value == UiText.Plain("02/01/1990") })
            assertEquals("************", maskPersonalId("not-an-id-xx"))
        }
    }
}
