package vn.gov.vneid.presentation

import java.io.File
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import vn.gov.vneid.core.Lang
import vn.gov.vneid.core.PaperStatus
import vn.gov.vneid.core.Reason
import vn.gov.vneid.core.stringKeys
import vn.gov.vneid.core.text
import vn.gov.vneid.presentation.navigation.Destination
import vn.gov.vneid.presentation.navigation.Navigation
import vn.gov.vneid.presentation.officer.VerdictModel
import vn.gov.vneid.presentation.session.Role
import vn.gov.vneid.presentation.wallet.statusKey

class NavigationAndStringsTest {
    @Test
    fun officerScreensAppearOnlyForAnOfficer() {
        assertEquals(listOf(Destination.HOME, Destination.WALLET, Destination.PERSONAL), Navigation.tabs(Role.CITIZEN))
        assertEquals(
            listOf(Destination.HOME, Destination.WALLET, Destination.SCAN, Destination.HISTORY, Destination.PERSONAL),
            Navigation.tabs(Role.OFFICER),
        )
        assertTrue(Navigation.tabs(null).isEmpty())
        assertEquals(Destination.LOGIN, Navigation.start(null))
        assertEquals(Destination.HOME, Navigation.start(Role.CITIZEN))
        assertEquals(Destination.SCAN, Navigation.start(Role.OFFICER))
        for (d in listOf(Destination.SCAN, Destination.VERDICT, Destination.HISTORY)) {
            assertFalse(Navigation.allowed(Role.CITIZEN, d))
            assertTrue(Navigation.allowed(Role.OFFICER, d))
        }
        assertTrue(Navigation.allowed(Role.CITIZEN, Destination.WALLET))
        assertFalse(Navigation.allowed(null, Destination.HOME))
        assertFalse(Navigation.allowed(Role.CITIZEN, Destination.LOGIN))
        assertEquals(Destination.SCAN, Navigation.afterVerdict())
        assertEquals(setOf<String>(), Destination.values().map { it.route }.groupBy { it }.filter { it.value.size > 1 }.keys)
    }

    @Test
    fun theSeedWordsAreOnTheTabs() {
        assertEquals("Trang chủ", UiText.Key(Destination.HOME.titleKey).vi())
        assertEquals("Ví giấy tờ", UiText.Key(Destination.WALLET.titleKey).vi())
        assertEquals("Cá nhân", UiText.Key(Destination.PERSONAL.titleKey).vi())
    }

    /** Every key the presentation layer hands out has words in both languages, and an Android resource. */
    @Test
    fun everyKeyIsInTheTableAndTheAndroidResources() {
        val keys = Keys.ALL + Destination.values().map { it.titleKey } +
            Reason.values().map { VerdictModel.reasonKey(it) } + PaperStatus.values().map { statusKey(it) } +
            Role.values().map { it.key }
        assertTrue(keys.size > 60)
        val table = stringKeys().toSet()
        val missing = keys.filter { it !in table || text(it, Lang.VI) == it || text(it, Lang.EN) == it }
        assertEquals(emptyList<String>(), missing)

        val android = File(System.getProperty("vneid.android") ?: "..")
        for (dir in listOf("values", "values-en")) {
            val xml = File(android, "app/src/main/res/$dir/strings.xml").readText()
            val notGenerated = table.filter { "name=\"${it.replace('.', '_')}\"" !in xml }
            assertEquals("$dir/strings.xml is stale: run python3 scripts/gen-strings.py", emptyList<String>(), notGenerated)
        }
        val vi = File(android, "app/src/main/res/values/strings.xml").readText()
        assertTrue(vi.contains(">Xác minh ứng dụng qua QR code<"))
    }
}
