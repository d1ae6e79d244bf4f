package vn.gov.vneid.presentation

import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import vn.gov.vneid.core.Verdict
import vn.gov.vneid.presentation.citizen.Countdown
import vn.gov.vneid.presentation.citizen.HomeController
import vn.gov.vneid.presentation.citizen.HomeState
import vn.gov.vneid.presentation.navigation.Destination

class CountdownAndHomeTest {
    @Test
    fun countdownFromARealIdentityQr() {
        World().use { w ->
            val qr = w.citizen.makeIdentityQr()
            val fresh = Countdown.of(qr, w.citizen.now())
            assertEquals(60L, fresh.secondsLeft)
            assertEquals(60L, fresh.totalSeconds)
            assertEquals(1.0f, fresh.fraction, 0f)
            assertFalse(fresh.expired)
            assertEquals(UiText.Key(Keys.HOME_SECONDS_LEFT, listOf(60)), fresh.label)
            assertEquals("Còn 60 giây", fresh.label.vi())
            assertEquals("60 seconds left", fresh.label.en())
            assertEquals(Palette.RING, fresh.ringColor)

            w.clock.advance(50)
            val late = Countdown.of(qr, w.citizen.now())
            assertEquals(10L, late.secondsLeft)
            assertEquals(10f / 60f, late.fraction, 1e-6f)
            assertEquals(Palette.WARNING, late.ringColor)

            w.clock.advance(10)
            val over = Countdown.of(qr, w.citizen.now())
            assertTrue(over.expired)
            assertEquals(0L, over.secondsLeft)
            assertEquals(0f, over.fraction, 0f)
            assertEquals(UiText.Key(Keys.HOME_EXPIRED), over.label)
            assertEquals("Mã QR đã hết hạn, hãy tạo mã mới", over.label.vi())
            assertEquals(Palette.FAKE, over.ringColor)
        }
    }

    @Test
    fun homeShowsTheQrAndRemakesItWhenItExpires() {
        World().use { w ->
            val home = HomeController(w.citizen)
            val first = home.tick() as HomeState.ShowingQr
            assertTrue(first.secureScreen)
            assertTrue(first.fullBrightness)
            assertTrue(first.qr.text.startsWith("VN2:"))
            assertTrue("version ${first.matrix.version}", first.matrix.version.toInt() in 1..14)
            assertEquals(first.matrix.size.toInt() * first.matrix.size.toInt(), first.matrix.modules.size)
            assertEquals(1, home.made)

            w.clock.advance(30)
            val same = home.tick() as HomeState.ShowingQr
            assertEquals(first.qr, same.qr)
            assertEquals(30L, same.countdown.secondsLeft)
            assertEquals(1, home.made)

            // The 60 seconds are over: a new QR, made automatically.
            w.clock.advance(30)
            val second = home.tick() as HomeState.ShowingQr
            assertNotEquals(first.qr.text, second.qr.text)
            assertEquals(60L, second.countdown.secondsLeft)
            assertEquals(2, home.made)
            assertTrue(w.officer.verifyText(second.qr.text) is Verdict.Genuine)
            assertEquals(Verdict.Fake(vn.gov.vneid.core.Reason.TOKEN_EXPIRED), w.officer.verifyText(first.qr.text))

            // A tap remakes it at once.
            w.clock.advance(5)
            val tapped = home.renew() as HomeState.ShowingQr
            assertNotEquals(second.qr.text, tapped.qr.text)
            assertEquals(3, home.made)
        }
    }

    @Test
    fun homeWithTheSettingOffSendsToPersonalAndIsNotSecure() {
        World(settingOn = false).use { w ->
            val home = HomeController(w.citizen)
            val off = home.tick() as HomeState.SettingOff
            assertEquals(Destination.PERSONAL, off.goTo)
            assertEquals(UiText.Key(Keys.HOME_SETTING_OFF), off.message)
            assertFalse(off.secureScreen)
            assertFalse(off.fullBrightness)
            assertEquals(0, home.made)

            w.citizen.setQrVerification(true)
            assertTrue(home.tick() is HomeState.ShowingQr)
            // Turned off again: the QR goes away at the next tick.
            w.citizen.setQrVerification(false)
            assertTrue(home.tick() is HomeState.SettingOff)
        }
    }
}
