// Colours the presentation layer decides (ARGB), so that screens only paint them.
package vn.gov.vneid.presentation

object Palette {
    /** "Ứng dụng thật / GENUINE". */
    const val GENUINE: Long = 0xFF1B873F
    /** "Ứng dụng giả / FAKE". */
    const val FAKE: Long = 0xFFC62828
    /** Repeat scans, stale lists, a countdown in its last seconds. */
    const val WARNING: Long = 0xFFB26A00
    /** Text on a verdict colour. */
    const val ON_VERDICT: Long = 0xFFFFFFFF
    /** Neutral (a paper not valid yet). */
    const val NEUTRAL: Long = 0xFF5F6368
    /** The countdown ring while there is time. */
    const val RING: Long = 0xFF1565C0
}

/** Haptic feedback for a result: the Android layer maps it to a vibration pattern. */
enum class Haptic { CONFIRM, WARN, REJECT }
