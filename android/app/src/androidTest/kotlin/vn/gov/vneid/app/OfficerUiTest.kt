// The officer's scanner on an emulator against the development authority, fed camera frames of
// another phone's QRs (a citizen signed in in the same process): its identity QR → GENUINE with
// the masked ID; the same QR 60 s later (test clock) → FAKE, expired; a driving-licence
// presentation → the disclosed fields; the scan history.
package vn.gov.vneid.app

import androidx.compose.ui.test.assertIsDisplayed
import androidx.compose.ui.test.assertTextEquals
import androidx.compose.ui.test.junit4.createEmptyComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.test.core.app.ActivityScenario
import androidx.test.ext.junit.runners.AndroidJUnit4
import org.junit.After
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith
import vn.gov.vneid.app.ui.Tags
import vn.gov.vneid.presentation.navigation.Destination
import vn.gov.vneid.presentation.officer.LumaFrame
import vn.gov.vneid.presentation.officer.SyntheticFrames

@RunWith(AndroidJUnit4::class)
class OfficerUiTest {
    @get:Rule
    val compose = createEmptyComposeRule()
    private var scenario: ActivityScenario<MainActivity>? = null
    private var other: OtherPhone? = null

    @After
    fun tearDown() {
        scenario?.close()
        other?.close()
        VneidApplication.override = null
    }

    /** Hands [frame] to the scanner as the camera would, once the scan screen is listening. */
    private fun TestApp.show(frame: LumaFrame) {
        compose.waitUntil(20_000) { frames.source.started && frames.source.push(frame) }
    }

    /** The officer signed in (the officer screens come from the account's certificate), then the app. */
    private fun officer(): TestApp = TestApp().also {
        it.signIn(DevAccounts.OFFICER, settingOn = false)
        scenario = it.launch()
    }

    @Test
    fun anotherPhonesQrIsGenuineThenFakeExpiredSixtySecondsLater() {
        val app = officer()
        val phone = OtherPhone(app.clock).also { other = it }
        val frame = SyntheticFrames.render(phone.identityQr())
        app.show(frame)
        compose.waitForTag(Tags.VERDICT_HEADLINE)
        compose.onNodeWithTag(Tags.VERDICT_HEADLINE).assertTextEquals("Ứng dụng thật / GENUINE")
        compose.onNodeWithText("***********5").performScrollTo().assertIsDisplayed()

        // The same QR shown 60 seconds later: a screenshot, not the app.
        app.clock.advance(60)
        compose.onNodeWithTag(Tags.SCAN_AGAIN).performScrollTo().performClick()
        app.show(frame)
        compose.waitUntil(20_000) {
            runCatching { compose.onNodeWithTag(Tags.VERDICT_HEADLINE).assertTextEquals("Ứng dụng giả / FAKE") }.isSuccess
        }
        compose.onNodeWithTag(Tags.VERDICT_REASON).assertTextEquals(targetContext.getString(R.string.reason_token_expired))

        // Both scans are in the scan log, newest first.
        compose.onNodeWithTag(Tags.tab(Destination.HISTORY)).performClick()
        compose.waitForTag(Tags.HISTORY_ROW + 2)
        compose.onNodeWithTag(Tags.HISTORY_ROW + 1).assertIsDisplayed()
    }

    @Test
    fun aWalletPresentationShowsTheDisclosedFields() {
        val app = officer()
        val phone = OtherPhone(app.clock).also { other = it }
        app.show(SyntheticFrames.render(phone.presentation("gplx", listOf("full_name", "classes")), scale = 2))
        compose.waitForTag(Tags.VERDICT_HEADLINE)
        compose.onNodeWithTag(Tags.VERDICT_HEADLINE).assertTextEquals("Ứng dụng thật / GENUINE")
        compose.onNodeWithText(targetContext.getString(R.string.verdict_disclosed)).performScrollTo().assertIsDisplayed()
        compose.onNodeWithText("Nguyễn Văn An").performScrollTo().assertIsDisplayed()
    }
}
