// Ví giấy tờ on an emulator against the development authority (the papers come with the
// enrolment): the ID number masked until tapped; "present" with the field picker shows a
// presentation QR on a secure screen.
package vn.gov.vneid.app

import android.view.WindowManager
import androidx.compose.ui.test.assert
import androidx.compose.ui.test.assertContentDescriptionEquals
import androidx.compose.ui.test.assertIsDisplayed
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createEmptyComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.test.core.app.ActivityScenario
import androidx.test.ext.junit.runners.AndroidJUnit4
import org.junit.After
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith
import vn.gov.vneid.app.ui.Tags
import vn.gov.vneid.presentation.navigation.Destination

@RunWith(AndroidJUnit4::class)
class WalletUiTest {
    @get:Rule
    val compose = createEmptyComposeRule()
    private var scenario: ActivityScenario<MainActivity>? = null

    @After
    fun tearDown() {
        scenario?.close()
        VneidApplication.override = null
    }

    @Test
    fun idNumberMaskedUntilTappedAndPresentationQrShown() {
        val app = TestApp()
        app.signIn(DevAccounts.CITIZEN)
        scenario = app.launch()
        compose.waitForTag(Tags.tab(Destination.WALLET))
        compose.onNodeWithTag(Tags.tab(Destination.WALLET)).performClick()
        compose.waitForTag(Tags.PAPER_ROW + "cccd")
        compose.onNodeWithTag(Tags.PAPER_ROW + "cccd").performClick()

        val number = Tags.PAPER_FIELD + "number"
        compose.waitForTag(number)
        compose.onNodeWithTag(number).performScrollTo().assert(hasText("***********5"))
        compose.onNodeWithTag(number).performClick()
        compose.onNodeWithTag(number).assert(hasText("001090012345"))

        compose.onNodeWithTag(Tags.PRESENT_BUTTON).performScrollTo().performClick()
        compose.waitForTag(Tags.FIELD_OPTION + "full_name")
        compose.onNodeWithTag(Tags.FIELD_OPTION + "full_name").performClick()
        compose.onNodeWithTag(Tags.SHOW_PRESENTATION).performScrollTo().performClick()
        compose.waitForTag(Tags.PRESENTATION_QR)
        compose.onNodeWithTag(Tags.PRESENTATION_QR).assertIsDisplayed()
            .assertContentDescriptionEquals(targetContext.getString(R.string.wallet_present_qr))
        var flags = 0
        scenario!!.onActivity { flags = it.window.attributes.flags }
        assertTrue(flags and WindowManager.LayoutParams.FLAG_SECURE != 0)
    }
}
