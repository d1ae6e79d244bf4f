// The officer's scanner on an emulator, fed camera frames made from the fixture vectors: the
// genuine token → GENUINE; the same token 60 s later (test clock) → FAKE, expired; a wallet
// presentation → the disclosed fields.
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
import vn.gov.vneid.core.ManualClock
import vn.gov.vneid.core.encodeQr
import vn.gov.vneid.presentation.officer.LumaFrame
import vn.gov.vneid.presentation.officer.SyntheticFrames
import vn.gov.vneid.presentation.session.Role

@RunWith(AndroidJUnit4::class)
class OfficerUiTest {
    @get:Rule
    val compose = createEmptyComposeRule()
    private var scenario: ActivityScenario<MainActivity>? = null

    @After
    fun tearDown() {
        scenario?.close()
        VneidApplication.override = null
    }

    /** Hands [frame] to the scanner as the camera would, once the scan screen is listening. */
    private fun TestApp.show(frame: LumaFrame) {
        compose.waitUntil(15_000) { frames.source.started && frames.source.push(frame) }
    }

    @Test
    fun fixtureTokenIsGenuineThenFakeExpiredSixtySecondsLater() {
        val clock = ManualClock(Fixtures.GENUINE_AT)
        val app = TestApp(clock, FixtureAuthority(clock))
        app.signIn(role = Role.OFFICER)
        scenario = app.launch()

        val frame = SyntheticFrames.render(encodeQr(Fixtures.text("token-genuine.txt")))
        app.show(frame)
        compose.waitForTag(Tags.VERDICT_HEADLINE)
        compose.onNodeWithTag(Tags.VERDICT_HEADLINE).assertTextEquals("Ứng dụng thật / GENUINE")
        compose.onNodeWithText("***********5").performScrollTo().assertIsDisplayed()

        // The same QR shown 60 seconds later: a screenshot, not the app.
        clock.advance(60)
        compose.onNodeWithTag(Tags.SCAN_AGAIN).performScrollTo().performClick()
        app.show(frame)
        compose.waitUntil(15_000) {
            runCatching { compose.onNodeWithTag(Tags.VERDICT_HEADLINE).assertTextEquals("Ứng dụng giả / FAKE") }.isSuccess
        }
        compose.onNodeWithTag(Tags.VERDICT_REASON).assertTextEquals(targetContext.getString(R.string.reason_token_expired))
    }

    @Test
    fun walletPresentationShowsTheDisclosedFields() {
        val app = TestApp(ManualClock(1_795_000_000L))
        lateinit var frame: LumaFrame
        // The officer is a citizen too: their own driving licence, presented with two fields.
        app.signIn(role = Role.OFFICER) { session ->
            val qr = session.wallet.present(session.citizen, "gplx", listOf("full_name", "classes"))
            frame = SyntheticFrames.render(qr.matrix(), scale = 2)
        }
        scenario = app.launch()
        app.show(frame)
        compose.waitForTag(Tags.VERDICT_HEADLINE)
        compose.onNodeWithTag(Tags.VERDICT_HEADLINE).assertTextEquals("Ứng dụng thật / GENUINE")
        compose.onNodeWithText("A1, B2").performScrollTo().assertIsDisplayed()
        compose.onNodeWithText(targetContext.getString(R.string.verdict_disclosed)).performScrollTo().assertIsDisplayed()
    }
}
