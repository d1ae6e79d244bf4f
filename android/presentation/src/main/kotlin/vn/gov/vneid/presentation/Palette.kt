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

    /**
     * [color] (one of the colours above) as text or a stroke on the screen's own background, in
     * the light theme or the [dark] one: the same hue in a tone that keeps a contrast of at
     * least 4.5:1 (WCAG AA) on either theme's backgrounds. A verdict's block is painted as it is
     * in both themes (its colour under [ON_VERDICT] text), so it needs no such tone.
     */
    fun onBackground(color: Long, dark: Boolean): Long = when (color) {
        GENUINE -> if (dark) 0xFF6DD58C else 0xFF146C2E
        FAKE -> if (dark) 0xFFFFB4AB else FAKE
        WARNING -> if (dark) 0xFFFFB951 else 0xFF8A5100
        NEUTRAL -> if (dark) 0xFFC4C7C5 else NEUTRAL
        RING -> if (dark) 0xFFA8C7FA else RING
        else -> color
    }
}

/** Haptic feedback for a result: the Android layer maps it to a vibration pattern. */
enum class Haptic { CONFIRM, WARN, REJECT }
