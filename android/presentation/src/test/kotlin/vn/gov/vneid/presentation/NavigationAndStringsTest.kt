package vn.gov.vneid.presentation

import java.io.File
import java.util.Locale
import java.util.TimeZone
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import vn.gov.vneid.core.Lang
import vn.gov.vneid.core.Role
import vn.gov.vneid.core.stringKeys
import vn.gov.vneid.core.text
import vn.gov.vneid.presentation.navigation.Destination
import vn.gov.vneid.presentation.navigation.Navigation

class NavigationAndStringsTest {
    @Test
    fun officerScreensAppearOnlyForAnOfficer() {
        assertEquals(listOf(Destination.HOME, Destination.WALLET, Destination.PERSONAL), Navigation.tabs(Role.CITIZEN))
        assertEquals(
            listOf(Destination.HOME, Destination.WALLET, Destination.SCAN, Destination.HISTORY, Destination.PERSONAL),
            Navigation.tabs(Role.OFFICER),
        )
        assertEquals(Destination.HOME, Navigation.start(Role.CITIZEN))
        assertEquals(Destination.SCAN, Navigation.start(Role.OFFICER))
        assertEquals("Trang chủ", text(Destination.HOME.titleKey, Lang.VI))
        assertEquals("Ví giấy tờ", text(Destination.WALLET.titleKey, Lang.VI))
        assertEquals("Cá nhân", text(Destination.PERSONAL.titleKey, Lang.VI))
    }

    @Test
    fun screensAreMadeInThePhonesLanguageAndOffset() {
        val hcm = TimeZone.getTimeZone("Asia/Ho_Chi_Minh")
        assertEquals(vn.gov.vneid.core.ScreenLocale(Lang.VI, 25200), screenLocale(Locale("vi", "VN"), hcm, START * 1000))
        assertEquals(Lang.EN, screenLocale(Locale.UK, hcm, START * 1000).lang)
        assertEquals(Lang.VI, screenLocale(Locale.FRANCE, hcm, START * 1000).lang)
        // Summer time is in the offset of the moment.
        val paris = TimeZone.getTimeZone("Europe/Paris")
        assertEquals(7200, screenLocale(Locale.UK, paris, 1_750_000_000_000).utcOffsetSecs)
        assertEquals(3600, screenLocale(Locale.UK, paris, 1_735_000_000_000).utcOffsetSecs)
    }

    /**
     * Every string key the Android code names (tabs, buttons, hints: the few labels the apps draw
     * themselves) is a row of the one table with words in both languages, and has an Android
     * resource generated from it.
     */
    @Test
    fun everyKeyTheAppNamesIsInTheTableAndTheAndroidResources() {
        val android = File(System.getProperty("vneid.android") ?: "..")
        val sources = File(android, "app/src").walk().filter { it.extension == "kt" } +
            File(android, "presentation/src/main").walk().filter { it.extension == "kt" }
        val named = Regex("\"((?:tab|setting|home|officer|verdict|label|wallet|login|personal|common|app)\\.[a-z0-9_.]+)\"")
        val keys = sources.flatMap { f -> named.findAll(f.readText()).map { it.groupValues[1] } }.toSet()
        assertTrue("the app names its labels: $keys", keys.size > 20)
        val table = stringKeys().toSet()
        assertEquals(emptyList<String>(), keys.filter { it !in table || text(it, Lang.VI) == it || text(it, Lang.EN) == it })

        for (dir in listOf("values", "values-en")) {
            val xml = File(android, "app/src/main/res/$dir/strings.xml").readText()
            val notGenerated = table.filter { "name=\"${it.replace('.', '_')}\"" !in xml }
            assertEquals("$dir/strings.xml is stale: run python3 scripts/gen-strings.py", emptyList<String>(), notGenerated)
        }
        val vi = File(android, "app/src/main/res/values/strings.xml").readText()
        assertTrue(vi.contains(">Xác minh ứng dụng qua QR code<"))
    }
}
