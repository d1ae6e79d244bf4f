package vn.gov.vneid.presentation

import kotlin.math.pow
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

/** The colours on screen keep their contrast in the light theme and in the dark one (WCAG AA, 4.5:1). */
class PaletteTest {
    private fun luminance(argb: Long): Double {
        fun channel(shift: Int): Double {
            val c = ((argb shr shift) and 0xFF) / 255.0
            return if (c <= 0.03928) c / 12.92 else ((c + 0.055) / 1.055).pow(2.4)
        }
        return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
    }

    private fun contrast(a: Long, b: Long): Double {
        val (hi, lo) = listOf(luminance(a), luminance(b)).sortedDescending()
        return (hi + 0.05) / (lo + 0.05)
    }

    // The backgrounds text sits on: Material 3 surfaces and containers (the app's colour
    // schemes), and iOS's system and grouped backgrounds.
    private val light = listOf(0xFFFFFFFF, 0xFFFEF7FF, 0xFFFFFBFE, 0xFFF3EDF7, 0xFFF2F2F7)
    private val dark = listOf(0xFF121316, 0xFF1C1B1F, 0xFF211F26, 0xFF2B2930, 0xFF000000, 0xFF1C1C1E, 0xFF2C2C2E)
    private val inks = mapOf(
        "GENUINE" to Palette.GENUINE, "FAKE" to Palette.FAKE, "WARNING" to Palette.WARNING,
        "NEUTRAL" to Palette.NEUTRAL, "RING" to Palette.RING,
    )

    @Test
    fun textColoursKeepTheirContrastInBothThemes() {
        for ((name, color) in inks) {
            for (bg in light) {
                val c = contrast(Palette.onBackground(color, dark = false), bg)
                assertTrue("$name on light %08X: %.2f".format(bg, c), c >= 4.5)
            }
            for (bg in dark) {
                val c = contrast(Palette.onBackground(color, dark = true), bg)
                assertTrue("$name on dark %08X: %.2f".format(bg, c), c >= 4.5)
            }
        }
    }

    @Test
    fun theVerdictBlockIsReadableAsItIsInBothThemes() {
        for (block in listOf(Palette.GENUINE, Palette.FAKE)) {
            assertTrue(contrast(Palette.ON_VERDICT, block) >= 4.5)
        }
    }

    @Test
    fun anotherColourIsLeftAsItIs() {
        assertEquals(0xFF123456, Palette.onBackground(0xFF123456, dark = true))
        assertEquals(0xFF123456, Palette.onBackground(0xFF123456, dark = false))
    }
}
