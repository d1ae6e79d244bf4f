// Sign-in, tab Cá nhân and Trang chủ on an emulator against the development authority: a level-2
// citizen signs in with the ID number and password, turns the setting on and gets the QR with its
// countdown; at level 1 the switch is disabled and says why; a wrong password says so.
package vn.gov.vneid.app

import android.view.WindowManager
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.test.SemanticsMatcher
import androidx.compose.ui.test.assert
import androidx.compose.ui.test.assertContentDescriptionEquals
import androidx.compose.ui.test.assertIsDisplayed
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.assertIsOff
import androidx.compose.ui.test.assertIsOn
import androidx.compose.ui.test.assertTextEquals
import androidx.compose.ui.test.junit4.createEmptyComposeRule
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import androidx.test.core.app.ActivityScenario
import androidx.test.ext.junit.runners.AndroidJUnit4
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith
import vn.gov.vneid.app.ui.Tags
import vn.gov.vneid.presentation.navigation.Destination

@RunWith(AndroidJUnit4::class)
class CitizenUiTest {
    @get:Rule
    val compose = createEmptyComposeRule()
    private var scenario: ActivityScenario<MainActivity>? = null

    @After
    fun tearDown() {
        scenario?.close()
        VneidApplication.override = null
    }

    private fun secondsLeft(n: Int) =
        SemanticsMatcher.expectValue(SemanticsProperties.StateDescription, targetContext.getString(R.string.home_seconds_left, n))

    private fun secure(): Boolean {
        var flags = 0
        scenario!!.onActivity { flags = it.window.attributes.flags }
        return flags and WindowManager.LayoutParams.FLAG_SECURE != 0
    }

    @Test
    fun level2CitizenSignsInTurnsTheSettingOnAndGetsTheQrWithCountdown() {
        val app = TestApp()
        scenario = app.launch()

        // Đăng nhập: the ID number and the password; the server says level 2, citizen, and
        // the phone enrols (Key Attestation) and gets its papers.
        compose.waitForTag(Tags.LOGIN_SUBMIT)
        compose.onNodeWithTag(Tags.LOGIN_ID).performTextInput(DevAccounts.CITIZEN)
        compose.onNodeWithTag(Tags.LOGIN_PASSWORD).performTextInput(DevAccounts.password)
        compose.onNodeWithTag(Tags.LOGIN_SUBMIT).performClick()

        // Trang chủ first: the setting is off (a new enrolment), so no QR.
        compose.waitForTag(Tags.HOME_SETTING_OFF, 60_000)
        assertFalse(secure())

        // Cá nhân: turn on "Xác minh ứng dụng qua QR code".
        compose.onNodeWithTag(Tags.tab(Destination.PERSONAL)).performClick()
        compose.waitForTag(Tags.QR_SWITCH)
        compose.onNodeWithTag(Tags.QR_SWITCH).assertIsEnabled().assertIsOff().performClick()
        compose.onNodeWithTag(Tags.QR_SWITCH).assertIsOn()

        // Trang chủ: the QR and its 60-second countdown, on a secure screen.
        compose.onNodeWithTag(Tags.tab(Destination.HOME)).performClick()
        compose.waitForTag(Tags.IDENTITY_QR)
        // TalkBack reads what it is and how long it is valid, from the string table.
        compose.onNodeWithTag(Tags.IDENTITY_QR).assertIsDisplayed()
            .assertContentDescriptionEquals(targetContext.getString(R.string.home_identity_qr))
            .assert(secondsLeft(60))
        compose.onNodeWithTag(Tags.COUNTDOWN).assertTextEquals(targetContext.getString(R.string.home_seconds_left, 60))
        assertTrue("FLAG_SECURE while the QR shows", secure())

        // 45 s later the ring shows 15 s; past 60 s a new QR replaces it by itself (the first
        // expired at 60 s, so 60 seconds left again is a new one).
        app.clock.advance(45)
        compose.waitUntil(5_000) {
            runCatching { compose.onNodeWithTag(Tags.COUNTDOWN).assertTextEquals(targetContext.getString(R.string.home_seconds_left, 15)) }.isSuccess
        }
        compose.onNodeWithTag(Tags.IDENTITY_QR).assert(secondsLeft(15))
        app.clock.advance(16)
        compose.waitUntil(5_000) { runCatching { compose.onNodeWithTag(Tags.IDENTITY_QR).assert(secondsLeft(60)) }.isSuccess }
        compose.onNodeWithTag(Tags.COUNTDOWN).assertTextEquals(targetContext.getString(R.string.home_seconds_left, 60))

        // Leaving Trang chủ lifts FLAG_SECURE.
        compose.onNodeWithTag(Tags.tab(Destination.WALLET)).performClick()
        compose.waitUntil(5_000) { !secure() }
    }

    @Test
    fun level1SwitchIsDisabledAndSaysWhy() {
        val app = TestApp()
        app.signIn(DevAccounts.CITIZEN_LEVEL1, settingOn = false)
        scenario = app.launch()
        compose.waitForTag(Tags.tab(Destination.PERSONAL))
        compose.onNodeWithTag(Tags.tab(Destination.PERSONAL)).performClick()
        compose.waitForTag(Tags.QR_SWITCH)
        compose.onNodeWithTag(Tags.QR_SWITCH).assertIsNotEnabled().assertIsOff()
        compose.onNodeWithTag(Tags.QR_SWITCH_REASON, useUnmergedTree = true)
            .assertTextEquals(targetContext.getString(R.string.setting_qr_verification_level1))
        // Trang chủ has no QR for a level-1 account.
        compose.onNodeWithTag(Tags.tab(Destination.HOME)).performClick()
        compose.waitForTag(Tags.HOME_SETTING_OFF)
        assertEquals(0, compose.onAllNodesWithTagCount(Tags.IDENTITY_QR))
    }

    @Test
    fun aWrongPasswordSaysSoAndSignsNobodyIn() {
        scenario = TestApp().launch()
        compose.waitForTag(Tags.LOGIN_SUBMIT)
        compose.onNodeWithTag(Tags.LOGIN_ID).performTextInput(DevAccounts.CITIZEN)
        compose.onNodeWithTag(Tags.LOGIN_PASSWORD).performTextInput("not-the-password")
        compose.onNodeWithTag(Tags.LOGIN_SUBMIT).performClick()
        compose.waitForTag(Tags.LOGIN_ERROR)
        compose.onNodeWithTag(Tags.LOGIN_ERROR).assertTextEquals(targetContext.getString(R.string.error_sign_in_failed))
        assertEquals(0, compose.onAllNodesWithTagCount(Tags.tab(Destination.HOME)))
    }
}

private fun androidx.compose.ui.test.junit4.ComposeTestRule.onAllNodesWithTagCount(tag: String) =
    onAllNodes(androidx.compose.ui.test.hasTestTag(tag)).fetchSemanticsNodes().size
