// The 60-second countdown ring of a QR (identity or paper presentation): what is left, how
// much of the ring to draw, its colour and its words. Seconds come from the core.
package vn.gov.vneid.presentation.citizen

import vn.gov.vneid.core.IdentityQr
import vn.gov.vneid.core.PresentationQr
import vn.gov.vneid.core.identityQrValiditySeconds
import vn.gov.vneid.presentation.Keys
import vn.gov.vneid.presentation.Palette
import vn.gov.vneid.presentation.UiText

data class Countdown(
    /** Whole seconds left, 60 down to 0 (from the core). */
    val secondsLeft: Long,
    /** The QR's whole validity (60 s). */
    val totalSeconds: Long,
    /** The QR must be made again. */
    val expired: Boolean,
) {
    /** How much of the ring to draw, 1.0 (just made) to 0.0 (expired). */
    val fraction: Float get() = if (totalSeconds <= 0) 0f else (secondsLeft.toFloat() / totalSeconds).coerceIn(0f, 1f)

    /** "Còn 42 giây", or "Mã QR đã hết hạn, hãy tạo mã mới". */
    val label: UiText
        get() = if (expired) UiText.Key(Keys.HOME_EXPIRED) else UiText.Key(Keys.HOME_SECONDS_LEFT, listOf(secondsLeft.toInt()))

    /** The ring's colour: blue while there is time, amber in the last 10 seconds, red when over. */
    val ringColor: Long
        get() = when {
            expired -> Palette.FAKE
            secondsLeft <= LAST_SECONDS -> Palette.WARNING
            else -> Palette.RING
        }

    companion object {
        const val LAST_SECONDS = 10L

        fun of(qr: IdentityQr, now: Long) = Countdown(qr.secondsLeft(now), identityQrValiditySeconds(), qr.isExpired(now))

        fun of(qr: PresentationQr, now: Long) = Countdown(qr.secondsLeft(now), identityQrValiditySeconds(), qr.isExpired(now))
    }
}
