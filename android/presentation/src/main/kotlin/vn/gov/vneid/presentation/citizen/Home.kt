// Tab Trang chủ: the identity QR, its countdown, remade when it expires.
package vn.gov.vneid.presentation.citizen

import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.CitizenAppInterface
import vn.gov.vneid.core.IdentityQr
import vn.gov.vneid.core.QrMatrix
import vn.gov.vneid.core.QrSetting
import vn.gov.vneid.presentation.Keys
import vn.gov.vneid.presentation.UiText
import vn.gov.vneid.presentation.errorText
import vn.gov.vneid.presentation.navigation.Destination

sealed interface HomeState {
    /** The setting is off (or cannot be on): say so and offer tab Cá nhân. */
    data class SettingOff(val message: UiText, val goTo: Destination = Destination.PERSONAL) : HomeState

    /** The QR on screen with its countdown. */
    data class ShowingQr(val qr: IdentityQr, val matrix: QrMatrix, val countdown: Countdown) : HomeState

    /** Making the QR failed (keystore, …). */
    data class Failed(val message: UiText) : HomeState

    /**
     * FLAG_SECURE and full brightness: only while a QR is on screen, so that it cannot be
     * screenshotted or recorded and scans well.
     */
    val secureScreen: Boolean get() = this is ShowingQr
    val fullBrightness: Boolean get() = this is ShowingQr
}

/**
 * Drives tab Trang chủ. Call [tick] about every quarter second (off the main thread: making a
 * QR signs with the device key) and [renew] when the user taps the QR.
 */
class HomeController(private val citizen: CitizenAppInterface) {
    private var qr: IdentityQr? = null
    private var matrix: QrMatrix? = null

    /** How many QRs this screen made (the first one included). */
    var made: Int = 0
        private set

    @Synchronized
    fun tick(): HomeState {
        if (citizen.qrSetting() != QrSetting.ON) {
            forget()
            return HomeState.SettingOff(UiText.Key(Keys.HOME_SETTING_OFF))
        }
        val now = citizen.now()
        val current = qr
        return if (current == null || current.isExpired(now)) make() else show(current, now)
    }

    /** A new QR now, whatever is left of the current one. */
    @Synchronized
    fun renew(): HomeState {
        forget()
        return tick()
    }

    /** The screen is left: the QR is dropped, and a new one is made on return. */
    @Synchronized
    fun forget() {
        qr = null
        matrix = null
    }

    private fun make(): HomeState = try {
        val fresh = citizen.makeIdentityQr()
        qr = fresh
        matrix = fresh.matrix()
        made++
        show(fresh, citizen.now())
    } catch (e: ApiException) {
        forget()
        if (e is ApiException.QrSettingOff) HomeState.SettingOff(UiText.Key(Keys.HOME_SETTING_OFF)) else HomeState.Failed(errorText(e))
    }

    private fun show(current: IdentityQr, now: Long) = HomeState.ShowingQr(current, matrix!!, Countdown.of(current, now))
}
